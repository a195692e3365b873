/* Help requests: the client asks, a member offers to do it, the client closes it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/run.h"
#include "api/fields.h"
#include "api/network.h"
#include "api/notify.h"
#include "store/triage.h"
#include "util/timeutil.h"

const struct field_spec help_request_fields[] = {
	{ "text", FIELD_TEXT, FIELD_REQUIRED | FIELD_MULTILINE, 1, 500, NULL, NULL },
	{ "day", FIELD_DATE, FIELD_REQUIRED, 0, 0, NULL, NULL },
	{ "until", FIELD_DATE, 0, 0, 0, NULL, NULL },
	{ "time", FIELD_TEXT, 0, 0, 50, NULL, NULL },
	{ "for", FIELD_ID_LIST, 0, 1, 50, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static const char *const closings[] = { "done", "cancelled", NULL };

const struct field_spec help_request_close_fields[] = {
	{ "status", FIELD_ENUM, FIELD_REQUIRED, 0, 0, closings, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

/* 1 when the request is meant for `member`: the access module decides from its "for" list. */
static int meant_for(json_t *data, int64_t member)
{
	json_t *list = json_object_get(data, "for");
	int64_t ids[64];
	size_t n = 0;

	if (!json_is_array(list))
		return access_help_meant_for(NULL, 0, member);
	/* The field specification allows at most 50 ids. */
	for (; n < json_array_size(list) && n < sizeof(ids) / sizeof(ids[0]); n++)
		ids[n] = json_integer_value(json_array_get(list, n));
	return access_help_meant_for(ids, n, member);
}

struct help_list {
	json_t *list;
	int64_t last_id;     /* the last request read, shown or not (where the next page starts) */
	unsigned read;       /* how many were read */
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
	l->last_id = h->id;
	l->read++;
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
	struct help_list l = { list, 0, 0, 0, 0, NULL };
	struct store_help_page all = { 0, UINT32_MAX, 0 };

	return store_help_each(tx, client_id, 0, &all, collect_help, &l) < 0 ? -1 : 0;
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

static int help_get_body(struct request *req, struct store_tx *tx)
{
	const struct api_page *page = req->state;
	struct store_help_page p = { page->after, page->limit, 0 };
	struct help_list l = { json_array(), 0, 0, 0, 0, NULL };
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_HELP_REQUESTS, "help_requests")) != 1) {
		json_decref(l.list);
		return rc;
	}
	/* A member who may only see gets the requests meant for them; those who manage them see all. */
	if (viewer_of(req, tx, &l.viewer) < 0 ||
	    (rc = store_help_each(tx, req->ids[0], 0, &p, collect_help, &l)) < 0) {
		json_decref(l.list);
		return api_failed(STORE_HARD_ERROR, "cannot read the help requests");
	}
	/* A full page read (whether all of it was meant for this viewer or not) may have a next one. */
	if (l.read == page->limit)
		reply_next_page(req, l.last_id, page->limit);
	reply_json(req, 200, l.list);
	return STORE_TX_KEEP;
}

int api_help_requests_get(struct request *req)
{
	return api_run_page(req, help_get_body);
}

/* Replies with one request (after a change). Returns the value for the body to return. */
static int reply_one(struct request *req, struct store_tx *tx, int64_t id, unsigned status, int64_t viewer)
{
	struct help_list l = { json_array(), 0, 0, viewer, 0, NULL };
	int rc;

	if ((rc = store_help_each(tx, req->ids[0], id, NULL, collect_help, &l)) != STORE_ONE) {
		json_decref(l.list);
		return api_failed(rc, "cannot read the help request back");
	}
	reply_json(req, status, json_incref(json_array_get(l.list, 0)));
	json_decref(l.list);
	return STORE_TX_KEEP;
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
	return store_members_each(tx, client, time_now(), 0, UINT32_MAX, tell_member, &t) < 0 || t.failed ? -1 : 0;
}

/* What a handler validated before its transaction: the clean body, or why there is none. */
struct help_state {
	json_t *clean;
	struct field_error err;
	char message[128];        /* a refusal found before the transaction, for after the access check */
	const char *field;
};

static void help_state_release(void *p)
{
	json_decref(((struct help_state *)p)->clean);
}

static int help_post_body(struct request *req, struct store_tx *tx)
{
	struct help_state *st = req->state;
	json_t *id;
	int64_t new_id;
	size_t i;
	char *text;
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_CREATE, CATEGORY_HELP_REQUESTS, "help_request")) != 1)
		return rc;
	/* Checked after access: a stranger learns nothing of the fields. */
	if (!st->clean)
		return api_reply_refusal(req, &st->err), STORE_TX_UNDO;
	if (st->field)
		return reply_error(req, ERR_INVALID_INPUT, st->field, "%s", st->message), STORE_TX_UNDO;
	/* Only members who may see help requests can be asked. */
	json_array_foreach(json_object_get(st->clean, "for"), i, id) {
		struct access_grant g;

		if ((rc = access_grant_of(tx, json_integer_value(id), req->ids[0], CATEGORY_HELP_REQUESTS, &g)) < 0)
			return api_failed(rc, "cannot read the rights");
		if (json_integer_value(id) == req->ids[0] || (!g.level && !g.on_behalf))
			return reply_error(req, ERR_INVALID_INPUT, "for", "for: %lld is not a member who sees help requests",
					   (long long)json_integer_value(id)),
			       STORE_TX_UNDO;
	}
	if (!(text = json_dumps(st->clean, JSON_COMPACT)))
		return api_failed(STORE_HARD_ERROR, "cannot encode the help request");
	rc = store_help_insert(tx, req->ids[0], req->session.user_id, time_now(), text, &new_id);
	free(text);
	if (rc != STORE_ONE)
		return api_failed(rc, "cannot store the help request");
	if (tell_members(tx, req->ids[0], req->session.user_id, new_id, json_object_get(st->clean, "for")) < 0)
		return api_failed(STORE_HARD_ERROR, "cannot tell the members");
	if ((rc = store_summary_refresh(tx, req->ids[0], SUMMARY_HELP, time_now())) < 0)
		return api_failed(rc, "cannot sum up the help requests");
	return reply_one(req, tx, new_id, 201, 0);
}

int api_help_requests_post(struct request *req)
{
	struct help_state *st = request_state(req, sizeof(*st), help_state_release);
	int64_t day, until;

	if ((st->clean = fields_validate(help_request_fields, req->json, &st->err))) {
		time_parse_iso(json_string_value(json_object_get(st->clean, "day")), &day);
		if (json_object_get(st->clean, "until") &&
		    (time_parse_iso(json_string_value(json_object_get(st->clean, "until")), &until) || until < day)) {
			st->field = "until";
			snprintf(st->message, sizeof(st->message), "until: must be on or after the day");
		}
	}
	return api_run(req, STORE_TX_WRITE, help_post_body);
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

static int offer_body(struct request *req, struct store_tx *tx)
{
	struct one_help one = { NULL, "", 0, 0 };
	int64_t viewer;
	char object[40];
	int rc;

	snprintf(object, sizeof(object), "help_request/%lld", (long long)req->ids[1]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_UPDATE, CATEGORY_HELP_REQUESTS, object)) != 1)
		return rc;
	rc = store_help_each(tx, req->ids[0], req->ids[1], NULL, keep_help, &one);
	if (rc < 0)
		return api_failed(rc, "cannot read the help request");
	/* A request not meant for this member is, for them, not there. */
	if (rc == STORE_NONE || !meant_for(one.data, req->session.user_id)) {
		json_decref(one.data);
		return api_refuse(req, tx, req->ids[0], ACCESS_UPDATE, CATEGORY_HELP_REQUESTS, object);
	}
	json_decref(one.data);
	if (req->session.user_id == req->ids[0])
		return reply_error(req, ERR_CONFLICT, NULL, "you asked for this help yourself"), STORE_TX_UNDO;
	rc = store_help_take(tx, req->ids[0], req->ids[1], req->session.user_id, time_now());
	if (rc < 0)
		return api_failed(rc, "cannot take the help request");
	if (rc == STORE_NONE)
		return reply_error(req, ERR_CONFLICT, NULL, "this request is not open any more"), STORE_TX_UNDO;
	if ((rc = store_summary_refresh(tx, req->ids[0], SUMMARY_HELP, time_now())) < 0)
		return api_failed(rc, "cannot sum up the help requests");
	if (notify(tx, req->ids[0], "help_offered", req->ids[0], req->session.user_id, object) < 0 ||
	    (one.created_by != req->ids[0] &&
	     notify(tx, one.created_by, "help_offered", req->ids[0], req->session.user_id, object) < 0))
		return api_failed(STORE_HARD_ERROR, "cannot tell the client");
	if (viewer_of(req, tx, &viewer) < 0)
		return api_failed(STORE_HARD_ERROR, "cannot read the rights");
	return reply_one(req, tx, req->ids[1], 200, viewer);
}

int api_help_request_offer_post(struct request *req)
{
	return api_run(req, STORE_TX_WRITE, offer_body);
}

static int help_patch_body(struct request *req, struct store_tx *tx)
{
	struct help_state *st = req->state;
	struct one_help one = { NULL, "", 0, 0 };
	char object[40];
	int rc;

	snprintf(object, sizeof(object), "help_request/%lld", (long long)req->ids[1]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_DELETE, CATEGORY_HELP_REQUESTS, object)) != 1)
		return rc;
	if (!st->clean)
		return api_reply_refusal(req, &st->err), STORE_TX_UNDO;
	/* Not there at all is not found; closed already is a clash. */
	rc = store_help_each(tx, req->ids[0], req->ids[1], NULL, keep_help, &one);
	json_decref(one.data);
	if (rc == STORE_NONE)
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL), STORE_TX_UNDO;
	if (rc == STORE_ONE)
		rc = store_help_close(tx, req->ids[0], req->ids[1],
				      json_string_value(json_object_get(st->clean, "status")), time_now());
	if (rc < 0)
		return api_failed(rc, "cannot close the help request");
	if (rc == STORE_NONE)
		return reply_error(req, ERR_CONFLICT, NULL, "this request is closed already"), STORE_TX_UNDO;
	if ((rc = store_summary_refresh(tx, req->ids[0], SUMMARY_HELP, time_now())) < 0)
		return api_failed(rc, "cannot sum up the help requests");
	/* Whoever took it hears that it is closed. */
	if (notify(tx, one.taken_by, "help_closed", req->ids[0], req->session.user_id, object) < 0)
		return api_failed(STORE_HARD_ERROR, "cannot tell who took it");
	return reply_one(req, tx, req->ids[1], 200, 0);
}

int api_help_request_patch(struct request *req)
{
	struct help_state *st = request_state(req, sizeof(*st), help_state_release);

	st->clean = fields_validate(help_request_close_fields, req->json, &st->err);
	return api_run(req, STORE_TX_WRITE, help_patch_body);
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

static int my_help_body(struct request *req, struct store_tx *tx)
{
	struct my_requests my = { json_array(), 0 };
	struct access_actor actor = api_actor(req);
	json_t *out = json_array(), *client;
	size_t i;
	int rc;

	if ((rc = store_supporting_each(tx, req->session.user_id, time_now(), 0, UINT32_MAX, from_client, &my)) < 0)
		goto fail;
	/* Each client's requests are read through the access module, on that client's log. */
	json_array_foreach(my.list, i, client) {
		struct help_list l = { out, 0, 0, req->session.user_id, 1, client };
		struct store_help_page pending = { 0, API_PAGE_MAX, req->session.user_id };
		int64_t cid = json_integer_value(json_object_get(client, "id"));

		if ((rc = access_check(tx, &actor, cid, ACCESS_READ, CATEGORY_HELP_REQUESTS, "help_requests")) < 0)
			goto fail;
		if (rc == 1 && (rc = store_help_each(tx, cid, 0, &pending, collect_help, &l)) < 0)
			goto fail;
	}
	json_decref(my.list);
	reply_json(req, 200, out);
	return STORE_TX_KEEP;
fail:
	json_decref(my.list);
	json_decref(out);
	return api_failed(rc, "cannot read the help requests");
}

int api_my_help_requests_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, my_help_body);
}
