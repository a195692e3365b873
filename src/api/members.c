/* The members of a client's network and their rights; the clients I support. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/network.h"
#include "api/notify.h"
#include "util/timeutil.h"

/* Groups one row per right into one object per member (or per client, for "supporting"). */
struct grouping {
	json_t *list;
	json_t *current;
	int64_t current_id;
	int by_client;
};

static int group_row(const struct store_member *m, void *ctx)
{
	struct grouping *g = ctx;
	int64_t id = g->by_client ? m->client_id : m->member_id;

	if (!g->current || g->current_id != id) {
		char since[21];

		time_format_iso(m->created_at, since);
		g->current = json_pack("{s:I,s:s,s:s,s:s?,s:s,s:{},s:b,s:b}", "id", (json_int_t)id, "name", m->name, "role",
				       m->role, "discipline", m->discipline, "since", since, "rights", "receives_alerts", 0,
				       "acts_on_behalf", 0);
		if (!g->current || json_array_append_new(g->list, g->current))
			return -1;
		g->current_id = id;
	}
	if (!m->category)
		return 0;
	if (!strcmp(m->category, "receives_alerts") || !strcmp(m->category, "acts_on_behalf")) {
		json_object_set_new(g->current, m->category, json_true());
	} else {
		json_t *right = json_pack("{s:s}", "level", m->level >= 2 ? "change" : "see");

		if (m->until) {
			char until[21];

			time_format_iso(m->until, until);
			json_object_set_new(right, "until", json_string(until));
		}
		json_object_set_new(json_object_get(g->current, "rights"), m->category, right);
	}
	return 0;
}

int network_people_json(struct store_tx *tx, int64_t id, int by_client, json_t **out)
{
	struct grouping g = { json_array(), NULL, 0, by_client };
	int rc = by_client ? store_supporting_each(tx, id, time_now(), group_row, &g)
			   : store_members_each(tx, id, time_now(), group_row, &g);

	if (rc < 0) {
		json_decref(g.list);
		return -1;
	}
	*out = g.list;
	return 0;
}

static int reply_grouped(struct request *req, struct store_tx *tx, int by_client)
{
	json_t *list;

	if (network_people_json(tx, by_client ? req->session.user_id : req->ids[0], by_client, &list) < 0)
		return api_internal_error(req, tx, "cannot read the network");
	if (api_commit(req, tx)) {
		json_decref(list);
		return 0;
	}
	return reply_json(req, 200, list);
}

int api_members_get(struct request *req)
{
	struct store_tx *tx = api_begin_access(req, req->ids[0], ACCESS_READ, CATEGORY_NETWORK, "members");

	return tx ? reply_grouped(req, tx, 0) : 0;
}

int api_supporting_get(struct request *req)
{
	/*
	 * My own view of whom I support and what each shares with me: it reads
	 * no one's record, so, like notifications, it leaves no audit row (the
	 * pages ask for it at every load, which would bury the log in noise).
	 */
	struct store_tx *tx = store_begin(req->srv->store, STORE_TX_READ);

	return tx ? reply_grouped(req, tx, 1) : api_internal_error(req, NULL, "cannot begin");
}

/* The member object of `member` in client's network: 1 with *out (owned), 0 when not a member, -1 on error. */
static int find_member(struct store_tx *tx, int64_t client, int64_t member, json_t **out)
{
	struct grouping g = { json_array(), NULL, 0, 0 };
	size_t i;
	json_t *m;

	*out = NULL;
	if (store_members_each(tx, client, time_now(), group_row, &g) < 0) {
		json_decref(g.list);
		return -1;
	}
	json_array_foreach(g.list, i, m) {
		if (json_integer_value(json_object_get(m, "id")) == member)
			*out = json_incref(m);
	}
	json_decref(g.list);
	return *out != NULL;
}

static const struct field_spec member_fields[] = {
	{ "rights", FIELD_OBJECT, FIELD_REQUIRED, 0, 0, NULL, network_rights_fields },
	{ "until", FIELD_DATE, 0, 0, 0, NULL, NULL },
	{ "receives_alerts", FIELD_BOOL, 0, 0, 0, NULL, NULL },
	{ "acts_on_behalf", FIELD_BOOL, 0, 0, 0, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

/*
 * Replaces a member's rights with the ones the client confirms now. A
 * representation can be ended here, never started: that takes an
 * invitation for a representative.
 */
int api_member_patch(struct request *req)
{
	int64_t client = req->ids[0], member = req->ids[1], until = 0, now = time_now();
	json_t *clean, *rights, *level, *on_behalf, *found = NULL;
	struct field_error err;
	struct store_tx *tx;
	const char *category;
	char object[40];
	int lvl, was_on_behalf, rc;

	if (!(clean = fields_validate(member_fields, req->json, &err)))
		return reply_error(req, ERR_INVALID_INPUT, err.field, "%s", err.message);
	if (json_object_get(clean, "until") &&
	    (time_parse_iso(json_string_value(json_object_get(clean, "until")), &until) || until <= now)) {
		json_decref(clean);
		return reply_error(req, ERR_INVALID_INPUT, "until", "until: must be a date in the future");
	}
	snprintf(object, sizeof(object), "member/%lld", (long long)member);
	if (!(tx = api_begin_access(req, client, ACCESS_GRANT, CATEGORY_NETWORK, object))) {
		json_decref(clean);
		return 0;
	}
	rc = find_member(tx, client, member, &found);
	if (rc == 0) {
		json_decref(clean);
		store_rollback(tx);
		return reply_error(req, ERR_NOT_FOUND, NULL, "not a member of this network");
	}
	json_decref(found);
	if (rc > 0)
		rc = store_right_get(tx, client, member, "acts_on_behalf", now, &lvl, &was_on_behalf);
	on_behalf = json_object_get(clean, "acts_on_behalf");
	if (rc >= 0 && json_is_true(on_behalf) && !was_on_behalf) {
		json_decref(clean);
		store_rollback(tx);
		return reply_error(req, ERR_INVALID_INPUT, "acts_on_behalf",
				   "acts_on_behalf: a representative is invited as one");
	}
	rights = json_object_get(clean, "rights");
	/* A member who is not there has no rights to change: 404, and nothing is stored. */
	if (rc < 0 || (rc = store_rights_clear(tx, client, member)) < 0) {
		json_decref(clean);
		return api_internal_error(req, tx, "cannot change the rights");
	}
	json_object_foreach(rights, category, level) {
		if (store_right_set(tx, client, member, category, !strcmp(json_string_value(level), "change") ? 2 : 1,
				    until) < 0) {
			json_decref(clean);
			return api_internal_error(req, tx, "cannot change the rights");
		}
	}
	if ((json_is_true(json_object_get(clean, "receives_alerts")) &&
	     store_right_set(tx, client, member, "receives_alerts", 1, until) < 0) ||
	    (was_on_behalf && !json_is_false(on_behalf) &&
	     store_right_set(tx, client, member, "acts_on_behalf", 2, until) < 0)) {
		json_decref(clean);
		return api_internal_error(req, tx, "cannot change the rights");
	}
	json_decref(clean);
	if (find_member(tx, client, member, &found) != 1 ||
	    notify(tx, member, "rights_changed", client, req->session.user_id, object) < 0)
		return api_internal_error(req, tx, "cannot read the member back");
	if (api_commit(req, tx)) {
		json_decref(found);
		return 0;
	}
	return reply_json(req, 200, found);
}

int api_member_delete(struct request *req)
{
	char object[40];
	struct store_tx *tx;
	int rc;

	snprintf(object, sizeof(object), "member/%lld", (long long)req->ids[1]);
	if (!(tx = api_begin_access(req, req->ids[0], ACCESS_REVOKE, CATEGORY_NETWORK, object)))
		return 0;
	rc = store_member_remove(tx, req->ids[0], req->ids[1]);
	if (rc < 0)
		return api_internal_error(req, tx, "cannot remove the member");
	if (rc == STORE_NONE) {
		store_rollback(tx);
		return reply_error(req, ERR_NOT_FOUND, NULL, "not a member of this network");
	}
	if (notify(tx, req->ids[1], "removed", req->ids[0], req->session.user_id, object) < 0)
		return api_internal_error(req, tx, "cannot tell the member");
	if (api_commit(req, tx))
		return 0;
	return reply_no_content(req);
}
