/* The client's network: invitations with a role and confirmed rights, and accepting them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/vocabulary.h"
#include "api/api.h"
#include "api/common.h"
#include "api/fields.h"
#include "api/network.h"
#include "api/notify.h"
#include "auth/token.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define DAY 86400

static const char *const roles[] = { "naaste", "mantelzorger", "vertegenwoordiger", "buur", "vrijwilliger",
				     "professional", NULL };
static const char *const levels[] = { "see", "change", NULL };

/* The categories a client can share (access/vocabulary.h), by the names rights and the audit log use. */
#define RIGHT(id, name, record) { name, FIELD_ENUM, 0, 0, 0, levels, NULL },
const struct field_spec network_rights_fields[] = {
	VOCABULARY_SHARED_CATEGORIES(RIGHT)
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static const struct field_spec invitation_fields[] = {
	{ "role", FIELD_ENUM, FIELD_REQUIRED, 0, 0, roles, NULL },
	{ "discipline", FIELD_ENUM, 0, 0, 0, vocabulary_disciplines, NULL },
	{ "valid_days", FIELD_INT, FIELD_REQUIRED, 1, 30, NULL, NULL },
	{ "rights", FIELD_OBJECT, FIELD_REQUIRED, 0, 0, NULL, network_rights_fields },
	{ "until", FIELD_DATE, 0, 0, 0, NULL, NULL },
	{ "receives_alerts", FIELD_BOOL, 0, 0, 0, NULL, NULL },
	{ "acts_on_behalf", FIELD_BOOL, 0, 0, 0, NULL, NULL },
	{ "name", FIELD_TEXT, 0, 0, 200, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static const char *status_of(const struct store_invitation *inv, int64_t now)
{
	if (inv->accepted_by)
		return "accepted";
	if (inv->withdrawn_at)
		return "withdrawn";
	if (inv->expires_at <= now)
		return "expired";
	return "open";
}

/* An invitation as the API shows it (never with its code). */
static json_t *invitation_json(const struct store_invitation *inv)
{
	json_t *o = json_loads(inv->offer, 0, NULL);
	char created[21], expires[21];

	if (!json_is_object(o)) {
		json_decref(o);
		return NULL;
	}
	time_format_iso(inv->created_at, created);
	time_format_iso(inv->expires_at, expires);
	json_object_set_new(o, "id", json_integer(inv->id));
	json_object_set_new(o, "role", json_string(inv->role));
	json_object_set_new(o, "created_at", json_string(created));
	json_object_set_new(o, "expires_at", json_string(expires));
	json_object_set_new(o, "status", json_string(status_of(inv, time_now())));
	if (inv->accepted_by)
		json_object_set_new(o, "accepted_by", json_integer(inv->accepted_by));
	return o;
}

int api_invitations_post(struct request *req)
{
	struct store_invitation inv = { 0 };
	unsigned char hash[TOKEN_HASH_BYTES];
	char code[TOKEN_CHARS + 1], role[24];
	struct field_error err;
	struct store_tx *tx;
	json_t *offer, *out;
	char *text;
	int64_t id, until = 0;
	int professional;

	if (!(offer = fields_validate(invitation_fields, req->json, &err)))
		return reply_error(req, ERR_INVALID_INPUT, err.field, "%s", err.message);
	/* A copy: the offer that holds the role is freed before the role is stored. */
	snprintf(role, sizeof(role), "%s", json_string_value(json_object_get(offer, "role")));
	professional = !strcmp(role, "professional");
	if (professional != (json_object_get(offer, "discipline") != NULL)) {
		json_decref(offer);
		return reply_error(req, ERR_INVALID_INPUT, "discipline",
				   "discipline: needed for a professional, and only for one");
	}
	/* Only a representative acts on the client's behalf; a right to act is never a side effect. */
	if (json_is_true(json_object_get(offer, "acts_on_behalf")) && strcmp(role, "vertegenwoordiger")) {
		json_decref(offer);
		return reply_error(req, ERR_INVALID_INPUT, "acts_on_behalf", "acts_on_behalf: only for a vertegenwoordiger");
	}
	if (json_object_get(offer, "until") &&
	    (time_parse_iso(json_string_value(json_object_get(offer, "until")), &until) || until <= time_now())) {
		json_decref(offer);
		return reply_error(req, ERR_INVALID_INPUT, "until", "until: must be a date in the future");
	}
	inv.client_id = req->ids[0];
	inv.created_by = req->session.user_id;
	inv.created_at = time_now();
	inv.expires_at = inv.created_at + json_integer_value(json_object_get(offer, "valid_days")) * DAY;
	json_object_del(offer, "valid_days");
	json_object_del(offer, "role");
	text = json_dumps(offer, JSON_COMPACT);
	json_decref(offer);
	inv.role = role;
	inv.offer = text;
	token_new(code);
	token_hash(code, hash);
	if (!(tx = api_begin_access(req, req->ids[0], ACCESS_CREATE, CATEGORY_NETWORK, "invitation"))) {
		free(text);
		return 0;
	}
	if (store_invitation_insert(tx, &inv, hash, &id) != STORE_ONE) {
		free(text);
		return api_internal_error(req, tx, "cannot store the invitation");
	}
	inv.id = id;
	out = invitation_json(&inv);
	free(text);
	if (api_commit(req, tx)) {
		json_decref(out);
		return 0;
	}
	/* The code is shown this once; only its hash is kept. */
	json_object_set_new(out, "code", json_string(code));
	return reply_json(req, 201, out);
}

static int collect_invitation(const struct store_invitation *inv, void *ctx)
{
	json_t *o = invitation_json(inv);

	return o ? json_array_append_new(ctx, o) : -1;
}

int api_invitations_get(struct request *req)
{
	struct store_tx *tx = api_begin_access(req, req->ids[0], ACCESS_READ, CATEGORY_NETWORK, "invitations");
	json_t *list;

	if (!tx)
		return 0;
	list = json_array();
	if (store_invitation_each(tx, req->ids[0], collect_invitation, list) < 0) {
		json_decref(list);
		return api_internal_error(req, tx, "cannot read the invitations");
	}
	if (api_commit(req, tx)) {
		json_decref(list);
		return 0;
	}
	return reply_json(req, 200, list);
}

int api_invitation_delete(struct request *req)
{
	char object[40];
	struct store_tx *tx;
	int rc;

	snprintf(object, sizeof(object), "invitation/%lld", (long long)req->ids[1]);
	if (!(tx = api_begin_access(req, req->ids[0], ACCESS_REVOKE, CATEGORY_NETWORK, object)))
		return 0;
	rc = store_invitation_withdraw(tx, req->ids[0], req->ids[1], time_now());
	if (rc < 0)
		return api_internal_error(req, tx, "cannot withdraw the invitation");
	if (rc == STORE_NONE) {
		store_rollback(tx);
		return reply_error(req, ERR_NOT_FOUND, NULL, "no open invitation with this id");
	}
	if (api_commit(req, tx))
		return 0;
	return reply_no_content(req);
}

struct found_invitation {
	struct store_invitation inv;
	struct buf role, offer;
	int found;
};

static int keep_invitation(const struct store_invitation *inv, void *ctx)
{
	struct found_invitation *f = ctx;

	f->inv = *inv;
	buf_adds(&f->role, inv->role);
	buf_adds(&f->offer, inv->offer);
	f->inv.role = f->role.data;
	f->inv.offer = f->offer.data;
	f->found = 1;
	return 0;
}

/* Gives the member the rights of the offer. Returns 0 or < 0. */
static int grant_offer(struct store_tx *tx, const struct store_invitation *inv, int64_t member, json_t *offer,
		       int64_t now)
{
	json_t *rights = json_object_get(offer, "rights"), *level;
	const char *category;
	int64_t until = 0;

	if (json_object_get(offer, "until"))
		time_parse_iso(json_string_value(json_object_get(offer, "until")), &until);
	if (store_member_add(tx, inv->client_id, member, inv->role, json_string_value(json_object_get(offer, "discipline")),
			     now) < 0)
		return -1;
	json_object_foreach(rights, category, level) {
		if (store_right_set(tx, inv->client_id, member, category,
				    !strcmp(json_string_value(level), "change") ? 2 : 1, until) < 0)
			return -1;
	}
	if (json_is_true(json_object_get(offer, "receives_alerts")) &&
	    store_right_set(tx, inv->client_id, member, "receives_alerts", 1, until) < 0)
		return -1;
	if (json_is_true(json_object_get(offer, "acts_on_behalf")) &&
	    store_right_set(tx, inv->client_id, member, "acts_on_behalf", 2, until) < 0)
		return -1;
	return 0;
}

/* Tells the client, and whoever sent the invitation on their behalf, who joined. */
static int tell_accepted(struct store_tx *tx, const struct store_invitation *inv, int64_t member)
{
	char object[40];

	snprintf(object, sizeof(object), "member/%lld", (long long)member);
	if (notify(tx, inv->client_id, "invitation_accepted", inv->client_id, member, object) < 0)
		return -1;
	if (inv->created_by != inv->client_id)
		return notify(tx, inv->created_by, "invitation_accepted", inv->client_id, member, object);
	return 0;
}

/*
 * Reads the code of the body and begins a write transaction holding the
 * open invitation with that code, not the signed-in person's own. Returns
 * the transaction with *f filled, or NULL after replying (the clear errors
 * for a used, withdrawn or expired invitation).
 */
static struct store_tx *begin_open_invitation(struct request *req, struct found_invitation *f, int64_t now)
{
	unsigned char hash[32];
	struct store_tx *tx;
	const char *code;

	if (input_string(req, "code", 1, 100, INPUT_REQUIRED | INPUT_SINGLE_LINE, &code))
		return NULL;
	if (!token_is_wellformed(code)) {
		reply_error(req, ERR_NOT_FOUND, "code", "no invitation with this code");
		return NULL;
	}
	token_hash(code, hash);
	if (!(tx = store_begin(req->srv->store, STORE_TX_WRITE))) {
		api_internal_error(req, NULL, "cannot begin");
		return NULL;
	}
	if (store_invitation_by_hash(tx, hash, keep_invitation, f) < 0) {
		api_internal_error(req, tx, "cannot read the invitation");
		return NULL;
	}
	if (!f->found || f->inv.client_id == req->session.user_id) {
		store_rollback(tx);
		if (!f->found)
			reply_error(req, ERR_NOT_FOUND, "code", "no invitation with this code");
		else
			reply_error(req, ERR_CONFLICT, "code", "this is your own invitation; give it to someone else");
		return NULL;
	}
	if (f->inv.accepted_by || f->inv.withdrawn_at || f->inv.expires_at <= now) {
		store_rollback(tx);
		reply_error(req, f->inv.accepted_by ? ERR_INVITATION_USED
				  : f->inv.withdrawn_at ? ERR_INVITATION_WITHDRAWN
							: ERR_INVITATION_EXPIRED,
			    "code", NULL);
		return NULL;
	}
	return tx;
}

/* The offer of an invitation as the invitee reads it: whose network, which role, what is shared. */
static json_t *offer_json(struct store_tx *tx, const struct store_invitation *inv)
{
	json_t *offer = json_loads(inv->offer, 0, NULL);
	struct store_user client = { 0 };
	char expires[21];

	if (!json_is_object(offer) || store_user_by_id(tx, inv->client_id, &client) != STORE_ONE) {
		json_decref(offer);
		store_user_release(&client);
		return NULL;
	}
	time_format_iso(inv->expires_at, expires);
	json_object_set_new(offer, "client", json_pack("{s:I,s:s}", "id", (json_int_t)client.id, "name", client.name));
	json_object_set_new(offer, "role", json_string(inv->role));
	json_object_set_new(offer, "expires_at", json_string(expires));
	/* The name the client gave the invitation is for the client's own list. */
	json_object_del(offer, "name");
	store_user_release(&client);
	return offer;
}

/*
 * Replies with what the invitation of the body's code offers: only looking
 * (accept 0, the look is on the client's log) or taking it (accept 1: the
 * signed-in person becomes a member with its rights, and the client hears).
 */
static int open_invitation(struct request *req, int accept)
{
	struct found_invitation f = { .role = BUF_INIT, .offer = BUF_INIT };
	struct access_actor actor = api_actor(req);
	int64_t now = time_now();
	struct store_tx *tx = begin_open_invitation(req, &f, now);
	json_t *offer = NULL;
	char object[40];

	if (!tx)
		goto out;
	snprintf(object, sizeof(object), "invitation/%lld", (long long)f.inv.id);
	if (!(offer = offer_json(tx, &f.inv)) ||
	    (accept && (store_invitation_accept(tx, f.inv.id, req->session.user_id, now) != STORE_ONE ||
			grant_offer(tx, &f.inv, req->session.user_id, offer, now) < 0 ||
			tell_accepted(tx, &f.inv, req->session.user_id) < 0)) ||
	    access_record(tx, &actor, f.inv.client_id, accept ? ACCESS_GRANT : ACCESS_READ, CATEGORY_NETWORK, object,
			  OUTCOME_SUCCESS) < 0) {
		api_internal_error(req, tx, accept ? "cannot accept the invitation" : "cannot read the invitation");
		goto out;
	}
	if (api_commit(req, tx))
		goto out;
	reply_json(req, 200, offer);
	offer = NULL;
out:
	json_decref(offer);
	buf_release(&f.role);
	buf_release(&f.offer);
	return 0;
}

/* The invitee reads whose network, which role and what is shared, before taking it. */
int api_invitations_preview_post(struct request *req)
{
	return open_invitation(req, 0);
}

int api_invitations_accept_post(struct request *req)
{
	return open_invitation(req, 1);
}
