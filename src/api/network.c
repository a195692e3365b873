/* The client's network: invitations with a role and confirmed rights, and accepting them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/vocabulary.h"
#include "api/api.h"
#include "api/common.h"
#include "api/run.h"
#include "api/fields.h"
#include "api/network.h"
#include "api/notify.h"
#include "auth/token.h"
#include "util/buf.h"
#include "util/log.h"
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

const struct field_spec invitation_fields[] = {
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

struct invitation_state {
	struct store_invitation inv;
	char code[TOKEN_CHARS + 1];
	unsigned char hash[TOKEN_HASH_BYTES];
	char role[24];
	char *offer;                  /* owned */
	int makes_representative;
	int64_t until;                /* 0: no end */
};

static void invitation_state_release(void *p)
{
	free(((struct invitation_state *)p)->offer);
}

/* The end of a representative's own mandate, from their acts_on_behalf right. */
static int keep_mandate_end(const struct store_member *m, void *ctx)
{
	if (m->category && !strcmp(m->category, VOCABULARY_ACTS_ON_BEHALF))
		*(int64_t *)ctx = m->until;
	return 0;
}

int network_may_hand_on(struct request *req, struct store_tx *tx, int64_t client, int64_t member,
			int member_represents, int makes_representative, int64_t until, enum access_action action,
			const char *object)
{
	int64_t actor = req->session.user_id, actor_until = 0;
	char end[21], message[80];
	int rc;

	if (actor != client &&
	    (rc = store_members_each(tx, client, time_now(), actor - 1, 1, keep_mandate_end, &actor_until)) < 0)
		return api_failed(rc, "cannot read the mandate");
	switch (access_may_hand_on(actor, client, member, member_represents, makes_representative, actor_until, until)) {
	case HANDING_ALLOWED:
		return 1;
	case HANDING_CLIENT_ONLY:
		return api_refuse_as(req, tx, client, action, CATEGORY_NETWORK, object, ERR_CLIENT_ONLY, NULL, NULL);
	case HANDING_LATER_END:
		time_format_iso(actor_until, end);
		snprintf(message, sizeof(message), "until: at most the end of your own mandate, %.10s", end);
		return api_refuse_as(req, tx, client, action, CATEGORY_NETWORK, object, ERR_INVALID_INPUT, "until",
				     message);
	}
	BUG("unknown handing");
}

static int invitation_post_body(struct request *req, struct store_tx *tx)
{
	struct invitation_state *st = req->state;
	struct store_invitation inv = st->inv;
	json_t *out;
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_CREATE, CATEGORY_NETWORK, "invitation")) != 1 ||
	    (rc = network_may_hand_on(req, tx, req->ids[0], 0, 0, st->makes_representative, st->until, ACCESS_CREATE,
				      "invitation")) != 1)
		return rc;
	/* The code's hash is unique in the store: a clash (never in practice) is a 409, not a second owner. */
	if ((rc = store_invitation_insert(tx, &inv, st->hash, &inv.id)) != STORE_ONE)
		return api_failed(rc, "cannot store the invitation");
	if (!(out = invitation_json(&inv)))
		return api_failed(STORE_HARD_ERROR, "cannot show the invitation");
	/* The code is shown this once; only its hash is kept. */
	json_object_set_new(out, "code", json_string(st->code));
	reply_json(req, 201, out);
	return STORE_TX_KEEP;
}

int api_invitations_post(struct request *req)
{
	struct invitation_state *st = request_state(req, sizeof(*st), invitation_state_release);
	struct field_error err;
	json_t *offer;
	int64_t until = 0;
	int professional;

	if (!(offer = fields_validate(invitation_fields, req->json, &err)))
		return api_reply_refusal(req, &err);
	/* A copy: the offer that holds the role is freed before the role is stored. */
	snprintf(st->role, sizeof(st->role), "%s", json_string_value(json_object_get(offer, "role")));
	professional = !strcmp(st->role, "professional");
	if (professional != (json_object_get(offer, "discipline") != NULL)) {
		json_decref(offer);
		return reply_error(req, ERR_INVALID_INPUT, "discipline",
				   "discipline: needed for a professional, and only for one");
	}
	/* Only a representative acts on the client's behalf; a right to act is never a side effect. */
	if (json_is_true(json_object_get(offer, "acts_on_behalf")) && strcmp(st->role, "vertegenwoordiger")) {
		json_decref(offer);
		return reply_error(req, ERR_INVALID_INPUT, "acts_on_behalf", "acts_on_behalf: only for a vertegenwoordiger");
	}
	if (json_object_get(offer, "until") &&
	    (time_parse_iso(json_string_value(json_object_get(offer, "until")), &until) || until <= time_now())) {
		json_decref(offer);
		return reply_error(req, ERR_INVALID_INPUT, "until", "until: must be a date in the future");
	}
	st->makes_representative = !strcmp(st->role, "vertegenwoordiger");
	st->until = until;
	st->inv.client_id = req->ids[0];
	st->inv.created_by = req->session.user_id;
	st->inv.created_at = time_now();
	st->inv.expires_at = st->inv.created_at + json_integer_value(json_object_get(offer, "valid_days")) * DAY;
	json_object_del(offer, "valid_days");
	json_object_del(offer, "role");
	st->offer = json_dumps(offer, JSON_COMPACT);
	json_decref(offer);
	if (!st->offer)
		return api_internal_error(req, "cannot encode the offer");
	st->inv.role = st->role;
	st->inv.offer = st->offer;
	token_new(st->code);
	token_hash(st->code, st->hash);
	return api_run(req, STORE_TX_WRITE, invitation_post_body);
}

static int collect_invitation(const struct store_invitation *inv, void *ctx)
{
	json_t *o = invitation_json(inv);

	return o ? json_array_append_new(ctx, o) : -1;
}

static int invitations_get_body(struct request *req, struct store_tx *tx)
{
	const struct api_page *page = req->state;
	json_t *list;
	size_t n;
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_NETWORK, "invitations")) != 1)
		return rc;
	list = json_array();
	if ((rc = store_invitation_each(tx, req->ids[0], page->after, page->limit, collect_invitation, list)) < 0) {
		json_decref(list);
		return api_failed(rc, "cannot read the invitations");
	}
	/* Newest first: the next page holds the ids below the last one here. */
	if ((n = json_array_size(list)) == page->limit)
		reply_next_page(req, json_integer_value(json_object_get(json_array_get(list, n - 1), "id")), page->limit);
	reply_json(req, 200, list);
	return STORE_TX_KEEP;
}

int api_invitations_get(struct request *req)
{
	return api_run_page(req, invitations_get_body);
}

static int invitation_delete_body(struct request *req, struct store_tx *tx)
{
	char object[40];
	int rc;

	snprintf(object, sizeof(object), "invitation/%lld", (long long)req->ids[1]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_REVOKE, CATEGORY_NETWORK, object)) != 1)
		return rc;
	rc = store_invitation_withdraw(tx, req->ids[0], req->ids[1], time_now());
	if (rc < 0)
		return api_failed(rc, "cannot withdraw the invitation");
	if (rc == STORE_NONE)
		return reply_error(req, ERR_NOT_FOUND, NULL, "no open invitation with this id"), STORE_TX_UNDO;
	reply_no_content(req);
	return STORE_TX_KEEP;
}

int api_invitation_delete(struct request *req)
{
	return api_run(req, STORE_TX_WRITE, invitation_delete_body);
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

/* Gives the member the rights of the offer. Returns 0 or < 0 (STORE_CONFLICT: a member already). */
static int grant_offer(struct store_tx *tx, const struct store_invitation *inv, int64_t member, json_t *offer,
		       int64_t now)
{
	json_t *rights = json_object_get(offer, "rights"), *level;
	const char *category;
	int64_t until = 0;
	int rc;

	if (json_object_get(offer, "until"))
		time_parse_iso(json_string_value(json_object_get(offer, "until")), &until);
	rc = store_member_add(tx, inv->client_id, member, inv->role, json_string_value(json_object_get(offer, "discipline")),
			      now);
	if (rc < 0)
		return rc;
	json_object_foreach(rights, category, level) {
		if (store_right_set(tx, inv->client_id, member, category,
				    !strcmp(json_string_value(level), "change") ? 2 : 1, until) < 0)
			return STORE_HARD_ERROR;
	}
	if (json_is_true(json_object_get(offer, "receives_alerts")) &&
	    store_right_set(tx, inv->client_id, member, VOCABULARY_RECEIVES_ALERTS, 1, until) < 0)
		return STORE_HARD_ERROR;
	if (json_is_true(json_object_get(offer, "acts_on_behalf")) &&
	    store_right_set(tx, inv->client_id, member, VOCABULARY_ACTS_ON_BEHALF, 2, until) < 0)
		return STORE_HARD_ERROR;
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

/* The invitation a code opens: its hash, and what was found with it (in the body). */
struct open_state {
	unsigned char hash[32];
	int accept;
	struct found_invitation f;
};

static void open_state_release(void *p)
{
	struct open_state *st = p;

	buf_release(&st->f.role);
	buf_release(&st->f.offer);
}

/*
 * Inside a body: finds the open invitation with the code, not the signed-in
 * person's own. Returns 1 with st->f filled, or the value for the body to
 * return (the clear errors for a used, withdrawn or expired invitation).
 */
static int find_open_invitation(struct request *req, struct store_tx *tx, struct open_state *st, int64_t now)
{
	struct found_invitation *f = &st->f;
	int rc;

	buf_reset(&f->role);
	buf_reset(&f->offer);
	f->found = 0;
	if ((rc = store_invitation_by_hash(tx, st->hash, keep_invitation, f)) < 0)
		return api_failed(rc, "cannot read the invitation");
	if (!f->found)
		return reply_error(req, ERR_NOT_FOUND, "code", "no invitation with this code"), STORE_TX_UNDO;
	if (f->inv.client_id == req->session.user_id)
		return reply_error(req, ERR_CONFLICT, "code", "this is your own invitation; give it to someone else"),
		       STORE_TX_UNDO;
	/* An invitation a representative made holds only while they represent the client. */
	if (!f->inv.accepted_by && !f->inv.withdrawn_at && f->inv.created_by != f->inv.client_id) {
		int level, on_behalf;

		if ((rc = store_right_get(tx, f->inv.client_id, f->inv.created_by, VOCABULARY_ACTS_ON_BEHALF, now, &level,
					  &on_behalf)) < 0)
			return api_failed(rc, "cannot read who made the invitation");
		if (!on_behalf)
			return reply_error(req, ERR_INVITATION_WITHDRAWN, "code",
					   "whoever made this invitation no longer represents the client"),
			       STORE_TX_UNDO;
	}
	if (f->inv.accepted_by || f->inv.withdrawn_at || f->inv.expires_at <= now)
		return reply_error(req,
				   f->inv.accepted_by    ? ERR_INVITATION_USED
				   : f->inv.withdrawn_at ? ERR_INVITATION_WITHDRAWN
							 : ERR_INVITATION_EXPIRED,
				   "code", NULL),
		       STORE_TX_UNDO;
	return 1;
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
 * The signed-in person's membership of the client's network as the members
 * list shows it: 1 with *out (owned), 0 when not a member, or < 0.
 */
static int own_membership(struct store_tx *tx, int64_t client, int64_t me, json_t **out)
{
	json_t *list;

	*out = NULL;
	if (network_people_json(tx, client, 0, me - 1, 1, &list) < 0)
		return STORE_HARD_ERROR;
	if (json_integer_value(json_object_get(json_array_get(list, 0), "id")) == me)
		*out = json_incref(json_array_get(list, 0));
	json_decref(list);
	return *out != NULL;
}

/*
 * Replies with what the invitation of the body's code offers: only looking
 * (accept 0, the look is on the client's log) or taking it (accept 1: the
 * signed-in person becomes a member with its rights, and the client hears).
 */
static int open_body(struct request *req, struct store_tx *tx)
{
	struct open_state *st = req->state;
	struct access_actor actor = api_actor(req);
	int64_t now = time_now();
	json_t *offer, *current;
	char object[40];
	int rc;

	if ((rc = find_open_invitation(req, tx, st, now)) != 1)
		return rc;
	snprintf(object, sizeof(object), "invitation/%lld", (long long)st->f.inv.id);
	if (!(offer = offer_json(tx, &st->f.inv)))
		return api_failed(STORE_HARD_ERROR, "cannot read the invitation");
	/*
	 * One membership per person: someone in the network already keeps what
	 * they hold, and is told so when they look (with what they hold), and
	 * when they try (409, and the client hears of it: the invitation changed nothing).
	 */
	if ((rc = own_membership(tx, st->f.inv.client_id, req->session.user_id, &current)) < 0) {
		json_decref(offer);
		return api_failed(rc, "cannot read the network");
	}
	if (current && st->accept) {
		json_decref(offer);
		json_decref(current);
		if ((rc = notify(tx, st->f.inv.client_id, "invitation_already_member", st->f.inv.client_id,
				 req->session.user_id, object)) < 0)
			return api_failed(STORE_HARD_ERROR, "cannot tell the client");
		reply_error(req, ERR_ALREADY_MEMBER, "code", NULL);
		return STORE_TX_KEEP;
	}
	if (current)
		json_object_set_new(offer, "already_member", current);
	if (st->accept) {
		rc = store_invitation_accept(tx, st->f.inv.id, req->session.user_id, now);
		if (rc == STORE_NONE) {
			/* Taken at the same moment by someone else. */
			json_decref(offer);
			return reply_error(req, ERR_INVITATION_USED, "code", NULL), STORE_TX_UNDO;
		}
		if (rc == STORE_ONE && (rc = grant_offer(tx, &st->f.inv, req->session.user_id, offer, now)) == STORE_CONFLICT) {
			/* One membership per person, the store's rule: someone who joined at this very moment. */
			json_decref(offer);
			return reply_error(req, ERR_ALREADY_MEMBER, "code", NULL), STORE_TX_UNDO;
		}
		/* notify() reports a failure as -1, which is not a store status. */
		if (rc < 0 || tell_accepted(tx, &st->f.inv, req->session.user_id) < 0) {
			json_decref(offer);
			return api_failed(rc < 0 ? rc : STORE_HARD_ERROR, "cannot accept the invitation");
		}
	}
	if ((rc = access_record(tx, &actor, st->f.inv.client_id, st->accept ? ACCESS_GRANT : ACCESS_READ,
				CATEGORY_NETWORK, object, OUTCOME_SUCCESS)) < 0) {
		json_decref(offer);
		return api_failed(rc, "cannot write the audit row");
	}
	reply_json(req, 200, offer);
	return STORE_TX_KEEP;
}

static int open_invitation(struct request *req, int accept)
{
	struct open_state *st = request_state(req, sizeof(*st), open_state_release);
	const char *code;

	buf_init(&st->f.role, 0);
	buf_init(&st->f.offer, 0);
	st->accept = accept;
	if (input_string(req, "code", 1, 100, INPUT_REQUIRED | INPUT_SINGLE_LINE, &code))
		return 0;
	if (!token_is_wellformed(code))
		return reply_error(req, ERR_NOT_FOUND, "code", "no invitation with this code");
	token_hash(code, st->hash);
	/* Looking writes only its audit row: a read transaction, whose row the group commit writes. */
	return api_run(req, accept ? STORE_TX_WRITE : STORE_TX_READ, open_body);
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
