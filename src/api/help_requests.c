/* Help requests: the client asks, a member offers to do it, the client closes it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/fields.h"
#include "api/network.h"
#include "api/notify.h"
#include "util/timeutil.h"

static const struct field_spec help_fields[] = {
	{ "text", FIELD_TEXT, FIELD_REQUIRED | FIELD_MULTILINE, 1, 500, NULL, NULL },
	{ "day", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL },
	{ "until", FIELD_DATE, 0, 0, 0, NULL, NULL },
	{ "time", FIELD_TEXT, 0, 0, 50, NULL, NULL },
	{ "for", FIELD_ID_LIST, 0, 1, 50, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static const char *const closings[] = { "done", "cancelled", NULL };

static const struct field_spec close_fields[] = {
	{ "status", FIELD_ENUM, FIELD_REQUIRED, 0, 0, closings, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

/* 1 when the request is meant for `member`: for everyone with the right, or naming them. */
static int meant_for(json_t *data, int64_t member)
{
	json_t *list = json_object_get(data, "for"), *id;
	size_t i;

	if (!json_is_array(list))
		return 1;
	json_array_foreach(list, i, id) {
		if (json_integer_value(id) == member)
			return 1;
	}
	return 0;
}

struct help_list {
	json_t *list;
	int64_t viewer;      /* only requests meant for this member; 0: all */
	int pending_only;    /* only open ones and the ones the viewer took and did not close */
	json_t *client;      /* added to each item when set (borrowed) */
};

static int collect_help(const struct store_help_request *h, void *ctx)
{
	struct help_list *l = ctx;
	json_t *o = json_loads(h->data, 0, NULL);
	char created[21], updated[21];

	if (!json_is_object(o)) {
		json_decref(o);
		return -1;
	}
	if ((l->viewer && !meant_for(o, l->viewer)) ||
	    (l->pending_only && strcmp(h->status, "open") &&
	     !(!strcmp(h->status, "taken") && h->taken_by == l->viewer))) {
		json_decref(o);
		return 0;
	}
	time_format_iso(h->created_at, created);
	time_format_iso(h->updated_at, updated);
	/* Whom else a request was meant for is for those who manage the requests to know. */
	if (l->viewer)
		json_object_del(o, "for");
	json_object_set_new(o, "id", json_integer(h->id));
	json_object_set_new(o, "status", json_string(h->status));
	json_object_set_new(o, "taken_by", h->taken_by ? json_integer(h->taken_by) : json_null());
	json_object_set_new(o, "created_by", json_integer(h->created_by));
	json_object_set_new(o, "created_at", json_string(created));
	json_object_set_new(o, "updated_at", json_string(updated));
	if (l->client)
		json_object_set(o, "client", l->client);
	return json_array_append_new(l->list, o);
}

int help_requests_export(struct store_tx *tx, int64_t client_id, json_t *list)
{
	struct help_list l = { list, 0, 0, NULL };

	return store_help_each(tx, client_id, 0, collect_help, &l) < 0 ? -1 : 0;
}

/*
 * Whose view a list is: *viewer gets 0 for those who manage the requests
 * (all, with whom each is for), else the member. Returns 0 or < 0.
 */
static int viewer_of(struct request *req, struct store_tx *tx, int64_t *viewer)
{
	struct access_grant g;

	if (access_grant_of(tx, req->session.user_id, req->ids[0], CATEGORY_HELP_REQUESTS, &g) < 0)
		return -1;
	*viewer = g.on_behalf || g.level >= 2 ? 0 : req->session.user_id;
	return 0;
}

int api_help_requests_get(struct request *req)
{
	struct help_list l = { json_array(), 0, 0, NULL };
	struct store_tx *tx = api_begin_access(req, req->ids[0], ACCESS_READ, CATEGORY_HELP_REQUESTS, "help_requests");

	if (!tx) {
		json_decref(l.list);
		return 0;
	}
	/* A member who may only see gets the requests meant for them; those who manage them see all. */
	if (viewer_of(req, tx, &l.viewer) < 0 || store_help_each(tx, req->ids[0], 0, collect_help, &l) < 0) {
		json_decref(l.list);
		return api_internal_error(req, tx, "cannot read the help requests");
	}
	if (api_commit(req, tx)) {
		json_decref(l.list);
		return 0;
	}
	return reply_json(req, 200, l.list);
}

/* Replies with one request (after a change), committing tx. */
static int reply_one(struct request *req, struct store_tx *tx, int64_t id, unsigned status, int64_t viewer)
{
	struct help_list l = { json_array(), viewer, 0, NULL };
	json_t *item;

	if (store_help_each(tx, req->ids[0], id, collect_help, &l) != STORE_ONE) {
		json_decref(l.list);
		return api_internal_error(req, tx, "cannot read the help request back");
	}
	item = json_incref(json_array_get(l.list, 0));
	json_decref(l.list);
	if (api_commit(req, tx)) {
		json_decref(item);
		return 0;
	}
	return reply_json(req, status, item);
}

/* Tells each member who sees help requests and for whom this one is meant. */
struct telling {
	struct store_tx *tx;
	int64_t client, actor;
	json_t *meant;       /* the request's "for" (borrowed), or NULL: everyone */
	const char *object;
	int failed;
};

static int tell_member(const struct store_member *m, void *ctx)
{
	struct telling *t = ctx;
	json_t *one = json_pack("{s:O?}", "for", t->meant);

	if (m->category && !strcmp(m->category, "help_requests") && meant_for(one, m->member_id) &&
	    notify(t->tx, m->member_id, "help_requested", t->client, t->actor, t->object) < 0)
		t->failed = 1;
	json_decref(one);
	return t->failed ? -1 : 0;
}

static int tell_members(struct store_tx *tx, int64_t client, int64_t actor, int64_t id, json_t *meant)
{
	char object[40];
	struct telling t = { tx, client, actor, meant, object, 0 };

	snprintf(object, sizeof(object), "help_request/%lld", (long long)id);
	return store_members_each(tx, client, time_now(), tell_member, &t) < 0 || t.failed ? -1 : 0;
}

int api_help_requests_post(struct request *req)
{
	struct field_error err;
	struct store_tx *tx;
	json_t *clean, *id;
	int64_t day, until, new_id;
	size_t i;
	char *text;

	if (!(tx = api_begin_access(req, req->ids[0], ACCESS_CREATE, CATEGORY_HELP_REQUESTS, "help_request")))
		return 0;
	if (!(clean = fields_validate(help_fields, req->json, &err))) {
		store_rollback(tx);
		return reply_error(req, ERR_INVALID_INPUT, err.field, "%s", err.message);
	}
	time_parse_iso(json_string_value(json_object_get(clean, "day")), &day);
	if (json_object_get(clean, "until") &&
	    (time_parse_iso(json_string_value(json_object_get(clean, "until")), &until) || until < day)) {
		json_decref(clean);
		store_rollback(tx);
		return reply_error(req, ERR_INVALID_INPUT, "until", "until: must be on or after the day");
	}
	/* Only members who may see help requests can be asked. */
	json_array_foreach(json_object_get(clean, "for"), i, id) {
		struct access_grant g;

		if (access_grant_of(tx, json_integer_value(id), req->ids[0], CATEGORY_HELP_REQUESTS, &g) < 0 ||
		    json_integer_value(id) == req->ids[0] || (!g.level && !g.on_behalf)) {
			json_decref(clean);
			store_rollback(tx);
			return reply_error(req, ERR_INVALID_INPUT, "for",
					   "for: %lld is not a member who sees help requests",
					   (long long)json_integer_value(id));
		}
	}
	text = json_dumps(clean, JSON_COMPACT);
	json_decref(clean);
	if (!text || store_help_insert(tx, req->ids[0], req->session.user_id, time_now(), text, &new_id) != STORE_ONE) {
		free(text);
		return api_internal_error(req, tx, "cannot store the help request");
	}
	free(text);
	if (tell_members(tx, req->ids[0], req->session.user_id, new_id, json_object_get(req->json, "for")) < 0)
		return api_internal_error(req, tx, "cannot tell the members");
	return reply_one(req, tx, new_id, 201, 0);
}

/* One request's fields (owned) and status, as read by keep_help. */
struct one_help {
	json_t *data;
	char status[16];
	int64_t created_by, taken_by;
};

static int keep_help(const struct store_help_request *h, void *ctx)
{
	struct one_help *o = ctx;

	o->data = json_loads(h->data, 0, NULL);
	snprintf(o->status, sizeof(o->status), "%s", h->status);
	o->created_by = h->created_by;
	o->taken_by = h->taken_by;
	return o->data ? 0 : -1;
}

int api_help_request_offer_post(struct request *req)
{
	struct one_help one = { NULL, "", 0, 0 };
	int64_t viewer;
	struct store_tx *tx;
	char object[40];
	int rc;

	snprintf(object, sizeof(object), "help_request/%lld", (long long)req->ids[1]);
	if (!(tx = api_begin_access(req, req->ids[0], ACCESS_UPDATE, CATEGORY_HELP_REQUESTS, object)))
		return 0;
	rc = store_help_each(tx, req->ids[0], req->ids[1], keep_help, &one);
	if (rc < 0)
		return api_internal_error(req, tx, "cannot read the help request");
	/* A request not meant for this member is, for them, not there. */
	if (rc == STORE_NONE || !meant_for(one.data, req->session.user_id)) {
		json_decref(one.data);
		return api_refuse(req, tx, req->ids[0], ACCESS_UPDATE, CATEGORY_HELP_REQUESTS, object);
	}
	json_decref(one.data);
	if (req->session.user_id == req->ids[0]) {
		store_rollback(tx);
		return reply_error(req, ERR_CONFLICT, NULL, "you asked for this help yourself");
	}
	rc = store_help_take(tx, req->ids[0], req->ids[1], req->session.user_id, time_now());
	if (rc < 0)
		return api_internal_error(req, tx, "cannot take the help request");
	if (rc == STORE_NONE) {
		store_rollback(tx);
		return reply_error(req, ERR_CONFLICT, NULL, "this request is not open any more");
	}
	if (notify(tx, req->ids[0], "help_offered", req->ids[0], req->session.user_id, object) < 0 ||
	    (one.created_by != req->ids[0] &&
	     notify(tx, one.created_by, "help_offered", req->ids[0], req->session.user_id, object) < 0))
		return api_internal_error(req, tx, "cannot tell the client");
	if (viewer_of(req, tx, &viewer) < 0)
		return api_internal_error(req, tx, "cannot read the rights");
	return reply_one(req, tx, req->ids[1], 200, viewer);
}

int api_help_request_patch(struct request *req)
{
	struct one_help one = { NULL, "", 0, 0 };
	struct field_error err;
	struct store_tx *tx;
	char object[40];
	json_t *clean;
	int rc;

	snprintf(object, sizeof(object), "help_request/%lld", (long long)req->ids[1]);
	if (!(tx = api_begin_access(req, req->ids[0], ACCESS_DELETE, CATEGORY_HELP_REQUESTS, object)))
		return 0;
	if (!(clean = fields_validate(close_fields, req->json, &err))) {
		store_rollback(tx);
		return reply_error(req, ERR_INVALID_INPUT, err.field, "%s", err.message);
	}
	/* Not there at all is not found; closed already is a clash. */
	rc = store_help_each(tx, req->ids[0], req->ids[1], keep_help, &one);
	json_decref(one.data);
	if (rc == STORE_ONE)
		rc = store_help_close(tx, req->ids[0], req->ids[1],
				      json_string_value(json_object_get(clean, "status")), time_now());
	else if (rc == STORE_NONE) {
		json_decref(clean);
		store_rollback(tx);
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL);
	}
	json_decref(clean);
	if (rc < 0)
		return api_internal_error(req, tx, "cannot close the help request");
	if (rc == STORE_NONE) {
		store_rollback(tx);
		return reply_error(req, ERR_CONFLICT, NULL, "this request is closed already");
	}
	/* Whoever took it hears that it is closed. */
	if (notify(tx, one.taken_by, "help_closed", req->ids[0], req->session.user_id, object) < 0)
		return api_internal_error(req, tx, "cannot tell who took it");
	return reply_one(req, tx, req->ids[1], 200, 0);
}

/* The open requests meant for me and the ones I took, from every client who shares help requests with me. */
struct my_requests {
	json_t *list;
	int failed;
};

static int from_client(const struct store_member *m, void *ctx)
{
	struct my_requests *my = ctx;

	if (my->failed || !m->category || strcmp(m->category, "help_requests"))
		return 0;
	if (!json_array_append_new(my->list, json_pack("{s:I,s:s}", "id", (json_int_t)m->client_id, "name", m->name)))
		return 0;
	my->failed = 1;
	return -1;
}

int api_my_help_requests_get(struct request *req)
{
	struct my_requests my = { json_array(), 0 };
	struct store_tx *tx = store_begin(req->srv->store, STORE_TX_WRITE);
	struct access_actor actor = api_actor(req);
	json_t *out = json_array(), *client;
	size_t i;

	if (!tx) {
		json_decref(my.list);
		json_decref(out);
		return api_internal_error(req, NULL, "cannot begin");
	}
	if (store_supporting_each(tx, req->session.user_id, time_now(), from_client, &my) < 0)
		goto fail;
	/* Each client's requests are read through the access module, on that client's log. */
	json_array_foreach(my.list, i, client) {
		struct help_list l = { out, req->session.user_id, 1, client };
		int64_t cid = json_integer_value(json_object_get(client, "id"));
		int rc = access_check(tx, &actor, cid, ACCESS_READ, CATEGORY_HELP_REQUESTS, "help_requests");

		if (rc < 0 || (rc == 1 && store_help_each(tx, cid, 0, collect_help, &l) < 0))
			goto fail;
	}
	json_decref(my.list);
	if (api_commit(req, tx)) {
		json_decref(out);
		return 0;
	}
	return reply_json(req, 200, out);
fail:
	json_decref(my.list);
	json_decref(out);
	return api_internal_error(req, tx, "cannot read the help requests");
}
