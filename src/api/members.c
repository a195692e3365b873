/* The members of a client's network and their rights; the clients I support. */
#include <stdio.h>
#include <string.h>

#include "access/vocabulary.h"
#include "api/api.h"
#include "api/common.h"
#include "api/run.h"
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
	if (!strcmp(m->category, VOCABULARY_RECEIVES_ALERTS) || !strcmp(m->category, VOCABULARY_ACTS_ON_BEHALF)) {
		json_object_set_new(g->current, m->category, json_true());
		/* A representative's mandate may end; what they give may not last longer (network_may_hand_on). */
		if (!strcmp(m->category, VOCABULARY_ACTS_ON_BEHALF) && m->until) {
			char until[21];

			time_format_iso(m->until, until);
			json_object_set_new(g->current, "acts_on_behalf_until", json_string(until));
		}
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

int network_people_json(struct store_tx *tx, int64_t id, int by_client, int64_t after, unsigned limit, json_t **out)
{
	struct grouping g = { json_array(), NULL, 0, by_client };
	int rc = by_client ? store_supporting_each(tx, id, time_now(), after, limit, group_row, &g)
			   : store_members_each(tx, id, time_now(), after, limit, group_row, &g);

	if (rc < 0) {
		json_decref(g.list);
		return -1;
	}
	*out = g.list;
	return 0;
}

/* Replies with a page of the people of a network (by_client 0) or of whom the signed-in person supports (1). */
static int reply_grouped(struct request *req, struct store_tx *tx, int by_client)
{
	const struct api_page *page = req->state;
	json_t *list;
	size_t n;

	if (network_people_json(tx, by_client ? req->session.user_id : req->ids[0], by_client, page->after, page->limit,
				&list) < 0)
		return api_failed(STORE_HARD_ERROR, "cannot read the network");
	if ((n = json_array_size(list)) == page->limit)
		reply_next_page(req, json_integer_value(json_object_get(json_array_get(list, n - 1), "id")), page->limit);
	reply_json(req, 200, list);
	return STORE_TX_KEEP;
}

static int members_body(struct request *req, struct store_tx *tx)
{
	int rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_NETWORK, "members");

	return rc != 1 ? rc : reply_grouped(req, tx, 0);
}

int api_members_get(struct request *req)
{
	return api_run_page(req, members_body);
}

/*
 * My own view of whom I support and what each shares with me: it reads
 * no one's record, so, like notifications, it leaves no audit row (the
 * pages ask for it at every load, which would bury the log in noise).
 */
static int supporting_body(struct request *req, struct store_tx *tx)
{
	return reply_grouped(req, tx, 1);
}

int api_supporting_get(struct request *req)
{
	return api_run_page(req, supporting_body);
}

/* The member object of `member` in client's network: 1 with *out (owned), 0 when not a member, -1 on error. */
static int find_member(struct store_tx *tx, int64_t client, int64_t member, json_t **out)
{
	struct grouping g = { json_array(), NULL, 0, 0 };
	size_t i;
	json_t *m;

	*out = NULL;
	if (store_members_each(tx, client, time_now(), member - 1, 1, group_row, &g) < 0) {
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

const struct field_spec member_fields[] = {
	{ "rights", FIELD_OBJECT, FIELD_REQUIRED, 0, 0, NULL, network_rights_fields },
	{ "until", FIELD_DATE, 0, 0, 0, NULL, NULL },
	{ "receives_alerts", FIELD_BOOL, 0, 0, 0, NULL, NULL },
	{ "acts_on_behalf", FIELD_BOOL, 0, 0, 0, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

struct member_state {
	json_t *clean;        /* the validated body (owned) */
	int64_t until;
};

static void member_state_release(void *p)
{
	json_decref(((struct member_state *)p)->clean);
}

static int member_patch_body(struct request *req, struct store_tx *tx)
{
	struct member_state *st = req->state;
	int64_t client = req->ids[0], member = req->ids[1], now = time_now();
	json_t *rights, *level, *on_behalf, *found = NULL;
	const char *category;
	char object[40];
	int lvl, was_on_behalf = 0, rc;

	snprintf(object, sizeof(object), "member/%lld", (long long)member);
	if ((rc = api_access(req, tx, client, ACCESS_GRANT, CATEGORY_NETWORK, object)) != 1)
		return rc;
	rc = find_member(tx, client, member, &found);
	json_decref(found);
	if (rc < 0)
		return api_failed(STORE_HARD_ERROR, "cannot read the member");
	/* A member who is not there has no rights to change: 404, and nothing is stored. */
	if (rc == 0)
		return reply_error(req, ERR_NOT_FOUND, NULL, "not a member of this network"), STORE_TX_UNDO;
	if ((rc = store_right_get(tx, client, member, VOCABULARY_ACTS_ON_BEHALF, now, &lvl, &was_on_behalf)) < 0)
		return api_failed(rc, "cannot read the rights");
	if ((rc = network_may_hand_on(req, tx, client, member, was_on_behalf, 0, st->until, ACCESS_GRANT, object)) != 1)
		return rc;
	on_behalf = json_object_get(st->clean, "acts_on_behalf");
	if (json_is_true(on_behalf) && !was_on_behalf)
		return reply_error(req, ERR_INVALID_INPUT, "acts_on_behalf",
				   "acts_on_behalf: a representative is invited as one"),
		       STORE_TX_UNDO;
	rights = json_object_get(st->clean, "rights");
	if ((rc = store_rights_clear(tx, client, member)) < 0)
		return api_failed(rc, "cannot change the rights");
	json_object_foreach(rights, category, level) {
		if ((rc = store_right_set(tx, client, member, category,
					  !strcmp(json_string_value(level), "change") ? 2 : 1, st->until)) < 0)
			return api_failed(rc, "cannot change the rights");
	}
	if ((json_is_true(json_object_get(st->clean, "receives_alerts")) &&
	     (rc = store_right_set(tx, client, member, VOCABULARY_RECEIVES_ALERTS, 1, st->until)) < 0) ||
	    (was_on_behalf && !json_is_false(on_behalf) &&
	     (rc = store_right_set(tx, client, member, VOCABULARY_ACTS_ON_BEHALF, 2, st->until)) < 0))
		return api_failed(rc, "cannot change the rights");
	if (find_member(tx, client, member, &found) != 1 ||
	    notify(tx, member, "rights_changed", client, req->session.user_id, object) < 0) {
		json_decref(found);
		return api_failed(STORE_HARD_ERROR, "cannot read the member back");
	}
	reply_json(req, 200, found);
	return STORE_TX_KEEP;
}

/*
 * Replaces a member's rights with the ones the client confirms now. A
 * representation can be ended here, never started: that takes an
 * invitation for a representative.
 */
int api_member_patch(struct request *req)
{
	struct member_state *st = request_state(req, sizeof(*st), member_state_release);
	struct field_error err;

	if (!(st->clean = fields_validate(member_fields, req->json, &err)))
		return api_reply_refusal(req, &err);
	if (json_object_get(st->clean, "until") &&
	    (time_parse_iso(json_string_value(json_object_get(st->clean, "until")), &st->until) ||
	     st->until <= time_now()))
		return reply_error(req, ERR_INVALID_INPUT, "until", "until: must be a date in the future");
	return api_run(req, STORE_TX_WRITE, member_patch_body);
}

static int member_delete_body(struct request *req, struct store_tx *tx)
{
	char object[40];
	int rc;

	snprintf(object, sizeof(object), "member/%lld", (long long)req->ids[1]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_REVOKE, CATEGORY_NETWORK, object)) != 1)
		return rc;
	/* A representative may leave, but not remove another: the client chooses their representatives. */
	if (req->ids[1] != req->session.user_id) {
		int level, represents;

		if ((rc = store_right_get(tx, req->ids[0], req->ids[1], VOCABULARY_ACTS_ON_BEHALF, time_now(), &level,
					  &represents)) < 0)
			return api_failed(rc, "cannot read the rights");
		if ((rc = network_may_hand_on(req, tx, req->ids[0], req->ids[1], represents, 0, 0, ACCESS_REVOKE,
					      object)) != 1)
			return rc;
	}
	rc = store_member_remove(tx, req->ids[0], req->ids[1]);
	if (rc < 0)
		return api_failed(rc, "cannot remove the member");
	if (rc == STORE_NONE)
		return reply_error(req, ERR_NOT_FOUND, NULL, "not a member of this network"), STORE_TX_UNDO;
	if (notify(tx, req->ids[1], "removed", req->ids[0], req->session.user_id, object) < 0)
		return api_failed(STORE_HARD_ERROR, "cannot tell the member");
	reply_no_content(req);
	return STORE_TX_KEEP;
}

int api_member_delete(struct request *req)
{
	return api_run(req, STORE_TX_WRITE, member_delete_body);
}
