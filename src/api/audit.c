/* GET /api/v1/me/audit: every access to my own record, newest first. */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/audit.h"
#include "api/common.h"
#include "api/run.h"
#include "util/timeutil.h"

#define AUDIT_PAGE_DEFAULT 100
#define AUDIT_PAGE_MAX 500

static json_t *person_ref(int64_t id, const char *name)
{
	if (!id)
		return json_null();
	return json_pack("{s:I,s:s?}", "id", (json_int_t)id, "name", name);
}

/* The actor as they were then: name, and role and discipline in the client's network. */
static json_t *actor_ref(const struct store_audit *a)
{
	if (!a->actor_id)
		return json_null();
	return json_pack("{s:I,s:s?,s:s?,s:s?}", "id", (json_int_t)a->actor_id, "name", a->actor_name, "role",
			 a->actor_role, "discipline", a->actor_discipline);
}

json_t *audit_item_json(const struct store_audit *a)
{
	char at[21];

	time_format_iso(a->at, at);
	return json_pack("{s:I,s:s,s:o,s:o,s:b,s:s,s:s,s:s,s:s?,s:o,s:s,s:s}", "id", (json_int_t)a->id, "at", at,
			 "actor", actor_ref(a), "on_behalf_of", person_ref(a->client_id, a->client_name), "on_behalf",
			 a->on_behalf, "client", a->software, "action", a->action, "category", a->category, "object",
			 a->object, "subject", person_ref(a->subject_id, a->subject_name), "outcome", a->outcome,
			 "address", a->address);
}

static int collect_one(const struct store_audit *a, void *ctx)
{
	json_t *item = audit_item_json(a);

	return item ? json_array_append_new(ctx, item) : -1;
}

int audit_collect(struct store_tx *tx, const struct store_audit_query *q, json_t *items)
{
	return store_audit_each(tx, q, collect_one, items);
}

static int query_time(struct request *req, const char *name, int64_t *out)
{
	const char *v = request_query(req, name);

	if (!v)
		return 0;
	if (time_parse_iso(v, out))
		return reply_error(req, ERR_INVALID_INPUT, name, "%s: must be a UTC time like 2026-11-23T10:12:00Z",
				   name), -1;
	return 0;
}

struct audit_state {
	struct store_audit_query q;
};

static int audit_body(struct request *req, struct store_tx *tx)
{
	struct audit_state *st = req->state;
	json_t *items, *last;
	int rc;

	if ((rc = api_access(req, tx, st->q.client_id, ACCESS_READ, CATEGORY_AUDIT, NULL)) != 1)
		return rc;
	items = json_array();
	if ((rc = audit_collect(tx, &st->q, items)) < 0) {
		json_decref(items);
		return api_failed(rc, "cannot read the audit log");
	}
	last = json_array_size(items) == st->q.limit ? json_array_get(items, st->q.limit - 1) : NULL;
	reply_json(req, 200,
		   json_pack("{s:o,s:o}", "items", items, "next_before",
			     last ? json_incref(json_object_get(last, "id")) : json_null()));
	return STORE_TX_KEEP;
}

/* Replies with client_id's audit rows, by the query arguments, when the actor may read them. */
static int reply_audit(struct request *req, int64_t client_id)
{
	struct audit_state *st = request_state(req, sizeof(*st), NULL);
	long long limit = AUDIT_PAGE_DEFAULT, before = 0, actor = 0, others = 0;

	st->q.client_id = client_id;
	if (query_time(req, "from", &st->q.from) || query_time(req, "to", &st->q.to) ||
	    api_query_number(req, "limit", 1, AUDIT_PAGE_MAX, &limit) ||
	    api_query_number(req, "before", 1, 9007199254740992LL, &before) ||
	    api_query_number(req, "actor", 1, 9007199254740992LL, &actor) || api_query_number(req, "others", 0, 1, &others))
		return 0;
	st->q.limit = (unsigned)limit;
	st->q.before_id = before;
	st->q.actor_id = actor;
	st->q.not_actor_id = others ? client_id : 0;
	return api_run(req, STORE_TX_READ, audit_body);
}

int api_me_audit_get(struct request *req)
{
	return reply_audit(req, req->session.user_id);
}

int api_client_audit_get(struct request *req)
{
	return reply_audit(req, req->ids[0]);
}
