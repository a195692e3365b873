/* A person's own notifications: the list, the unread count, marking them read. */
#include <stdio.h>

#include "api/api.h"
#include "api/common.h"
#include "api/run.h"
#include "api/fields.h"
#include "api/network.h"
#include "api/notify.h"
#include "util/timeutil.h"

#define NOTIFICATIONS_PAGE_DEFAULT 30
#define NOTIFICATIONS_PAGE_MAX 100

int notify(struct store_tx *tx, int64_t user, const char *kind, int64_t client, int64_t actor, const char *object)
{
	struct store_notification n = {
		.user_id = user, .kind = kind, .client_id = client, .actor_id = actor, .object = object, .at = time_now(),
	};

	if (user <= 0 || user == actor)
		return 0;
	return store_notification_insert(tx, &n) < 0 ? -1 : 0;
}

static json_t *person_ref(int64_t id, const char *name)
{
	return id ? json_pack("{s:I,s:s?}", "id", (json_int_t)id, "name", name) : json_null();
}

static int collect(const struct store_notification *n, void *ctx)
{
	char at[21];

	time_format_iso(n->at, at);
	return json_array_append_new(ctx, json_pack("{s:I,s:s,s:s,s:b,s:o,s:o,s:s?}", "id", (json_int_t)n->id, "kind",
						    n->kind, "at", at, "read", n->read, "client",
						    person_ref(n->client_id, n->client_name), "actor",
						    person_ref(n->actor_id, n->actor_name), "object", n->object));
}

int notifications_export(struct store_tx *tx, int64_t user, json_t *list)
{
	return store_notifications_each(tx, user, 0, UINT32_MAX, collect, list) < 0 ? -1 : 0;
}

struct notifications_state {
	long long limit, before;
	json_t *ids;                 /* POST read: the clean body (owned) */
};

static void notifications_state_release(void *p)
{
	json_decref(((struct notifications_state *)p)->ids);
}

static int list_body(struct request *req, struct store_tx *tx)
{
	struct notifications_state *st = req->state;
	int64_t unread = 0;
	json_t *items, *last;
	int rc;

	items = json_array();
	if ((rc = store_notifications_each(tx, req->session.user_id, st->before, (unsigned)st->limit, collect, items)) <
		    0 ||
	    (rc = store_notifications_unread(tx, req->session.user_id, &unread)) < 0) {
		json_decref(items);
		return api_failed(rc, "cannot read the notifications");
	}
	last = json_array_size(items) == (size_t)st->limit ? json_array_get(items, st->limit - 1) : NULL;
	reply_json(req, 200,
		   json_pack("{s:o,s:I,s:o}", "items", items, "unread", (json_int_t)unread, "next_before",
			     last ? json_incref(json_object_get(last, "id")) : json_null()));
	return STORE_TX_KEEP;
}

/*
 * Notifications are the person's own and carry no record content, so they
 * are read without the access module and leave no audit row (the page asks
 * for the count every half minute).
 */
int api_notifications_get(struct request *req)
{
	struct notifications_state *st = request_state(req, sizeof(*st), notifications_state_release);

	st->limit = NOTIFICATIONS_PAGE_DEFAULT;
	if (api_query_number(req, "limit", 1, NOTIFICATIONS_PAGE_MAX, &st->limit) ||
	    api_query_number(req, "before", 1, 9007199254740992LL, &st->before))
		return 0;
	return api_run(req, STORE_TX_READ, list_body);
}

static int unread_body(struct request *req, struct store_tx *tx)
{
	int64_t unread = 0;
	int rc;

	if ((rc = store_notifications_unread(tx, req->session.user_id, &unread)) < 0)
		return api_failed(rc, "cannot count the notifications");
	reply_json(req, 200, json_pack("{s:I}", "unread", (json_int_t)unread));
	return STORE_TX_KEEP;
}

int api_notifications_unread_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, unread_body);
}

const struct field_spec notification_read_fields[] = {
	{ "ids", FIELD_ID_LIST, 0, 1, NOTIFICATIONS_PAGE_MAX, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static int mark_read_body(struct request *req, struct store_tx *tx)
{
	struct notifications_state *st = req->state;
	json_t *ids = json_object_get(st->ids, "ids"), *id;
	size_t i;
	int rc;

	if (!ids && (rc = store_notifications_mark_read(tx, req->session.user_id, 0)) < 0)
		return api_failed(rc, "cannot mark the notifications read");
	/* Ids that are not this person's change nothing. */
	json_array_foreach(ids, i, id) {
		if ((rc = store_notifications_mark_read(tx, req->session.user_id, json_integer_value(id))) < 0)
			return api_failed(rc, "cannot mark the notifications read");
	}
	reply_no_content(req);
	return STORE_TX_KEEP;
}

int api_notifications_read_post(struct request *req)
{
	struct notifications_state *st = request_state(req, sizeof(*st), notifications_state_release);
	struct field_error err;

	if (!(st->ids = fields_validate(notification_read_fields, req->json, &err)))
		return api_reply_refusal(req, &err);
	return api_run(req, STORE_TX_WRITE, mark_read_body);
}
