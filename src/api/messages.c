/*
 * Messages: per client a conversation (thread 0) of the client and everyone
 * with the messages right, and a one-to-one thread between the client and
 * each such member (thread = the member's id). Representatives take part in
 * every thread on behalf of the client. Who takes part is read from the
 * rights at every request, so taking the right back takes someone out.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/fields.h"
#include "api/network.h"
#include "api/notify.h"
#include "util/timeutil.h"

#define MESSAGES_PAGE_DEFAULT 50
#define MESSAGES_PAGE_MAX 200

/* Who takes part in a client's messages, as the rights are now. */
struct people {
	json_t *client;       /* {id, name, role: null} */
	json_t *members;      /* [{id, name, role, messages, on_behalf}] with the messages right or representing */
};

static int collect_member(const struct store_member *m, void *ctx)
{
	json_t *list = ctx, *last = json_array_get(list, json_array_size(list) - 1);
	int messages = m->category && !strcmp(m->category, "messages");
	int on_behalf = m->category && !strcmp(m->category, "acts_on_behalf");

	if (!messages && !on_behalf)
		return 0;
	if (!last || json_integer_value(json_object_get(last, "id")) != m->member_id) {
		last = json_pack("{s:I,s:s,s:s,s:b,s:b}", "id", (json_int_t)m->member_id, "name", m->name, "role",
				 m->role, "messages", 0, "on_behalf", 0);
		if (!last || json_array_append_new(list, last))
			return -1;
	}
	json_object_set_new(last, messages ? "messages" : "on_behalf", json_true());
	return 0;
}

static void people_release(struct people *p)
{
	json_decref(p->client);
	json_decref(p->members);
}

static int people_read(struct store_tx *tx, int64_t client_id, struct people *p)
{
	struct store_user u;

	p->client = NULL;
	p->members = json_array();
	if (store_user_by_id(tx, client_id, &u) != STORE_ONE)
		return -1;
	p->client = json_pack("{s:I,s:s,s:n}", "id", (json_int_t)client_id, "name", u.name, "role");
	store_user_release(&u);
	return store_members_each(tx, client_id, time_now(), collect_member, p->members) < 0 ? -1 : 0;
}

/* The member's entry, or NULL when they neither have the messages right nor represent the client. */
static json_t *people_find(const struct people *p, int64_t id)
{
	json_t *m;
	size_t i;

	json_array_foreach(p->members, i, m) {
		if (json_integer_value(json_object_get(m, "id")) == id)
			return m;
	}
	return NULL;
}

static int has_messages(const json_t *m)
{
	return m && json_is_true(json_object_get(m, "messages"));
}

/* The client and each representative: they take part in every thread. */
static int manages(const struct people *p, int64_t user, int64_t client_id)
{
	return user == client_id || json_is_true(json_object_get(people_find(p, user), "on_behalf"));
}

/* 1 when `user` takes part in `thread`. */
static int takes_part(const struct people *p, int64_t user, int64_t client_id, int64_t thread)
{
	if (thread == 0)
		return manages(p, user, client_id) || has_messages(people_find(p, user));
	if (!has_messages(people_find(p, thread)))
		return 0;
	return thread == user || manages(p, user, client_id);
}

static json_t *short_person(const json_t *m)
{
	return json_pack("{s:O,s:O,s:O}", "id", json_object_get(m, "id"), "name", json_object_get(m, "name"), "role",
			 json_object_get(m, "role"));
}

/* Everyone who takes part in `thread`, the client first. */
static json_t *thread_people(const struct people *p, int64_t thread)
{
	json_t *out = json_pack("[O]", p->client), *m;
	size_t i;

	json_array_foreach(p->members, i, m) {
		int64_t id = json_integer_value(json_object_get(m, "id"));

		if ((thread == 0 && has_messages(m)) || id == thread || json_is_true(json_object_get(m, "on_behalf")))
			json_array_append_new(out, short_person(m));
	}
	return out;
}

static json_t *thread_json(struct store_tx *tx, const struct people *p, int64_t client_id, int64_t thread,
			   int64_t user)
{
	int64_t unread = 0, last_at = 0;
	char at[21];

	if (store_thread_summary(tx, client_id, thread, user, &unread, &last_at) < 0)
		return NULL;
	time_format_iso(last_at, at);
	if (thread == 0)
		return json_pack("{s:i,s:n,s:o,s:I,s:s?}", "thread", 0, "with", "people", thread_people(p, 0), "unread",
				 (json_int_t)unread, "last_at", last_at ? at : NULL);
	return json_pack("{s:I,s:o,s:o,s:I,s:s?}", "thread", (json_int_t)thread, "with",
			 short_person(people_find(p, thread)), "people", thread_people(p, thread), "unread",
			 (json_int_t)unread, "last_at", last_at ? at : NULL);
}

int api_message_threads_get(struct request *req)
{
	int64_t client_id = req->ids[0], me = req->session.user_id;
	struct store_tx *tx = api_begin_access(req, client_id, ACCESS_READ, CATEGORY_MESSAGES, "threads");
	struct people p;
	json_t *out, *t, *m;
	size_t i;

	if (!tx)
		return 0;
	out = json_array();
	if (people_read(tx, client_id, &p) < 0 || !(t = thread_json(tx, &p, client_id, 0, me)) ||
	    json_array_append_new(out, t))
		goto fail;
	json_array_foreach(p.members, i, m) {
		int64_t thread = json_integer_value(json_object_get(m, "id"));

		if (!takes_part(&p, me, client_id, thread))
			continue;
		if (!(t = thread_json(tx, &p, client_id, thread, me)) || json_array_append_new(out, t))
			goto fail;
	}
	people_release(&p);
	if (api_commit(req, tx)) {
		json_decref(out);
		return 0;
	}
	return reply_json(req, 200, out);
fail:
	people_release(&p);
	json_decref(out);
	return api_internal_error(req, tx, "cannot read the threads");
}

static json_t *message_json(const struct store_message *m)
{
	char at[21];

	time_format_iso(m->at, at);
	return json_pack("{s:I,s:I,s:{s:I,s:s?},s:b,s:s,s:s}", "id", (json_int_t)m->id, "thread", (json_int_t)m->thread,
			 "from", "id", (json_int_t)m->author_id, "name", m->author_name, "on_behalf", m->on_behalf,
			 "text", m->text, "at", at);
}

static int collect_message(const struct store_message *m, void *ctx)
{
	json_t *o = message_json(m);

	return o ? json_array_append_new(ctx, o) : -1;
}

/*
 * Begins the access to one thread: the messages right through the access
 * module, then whether the person takes part in this thread. Returns the
 * transaction with *p read, or NULL after replying.
 */
static struct store_tx *begin_thread(struct request *req, enum access_action action, int64_t thread,
				     struct people *p)
{
	int64_t client_id = req->ids[0];
	struct store_tx *tx;
	char object[40];

	snprintf(object, sizeof(object), "thread/%lld", (long long)thread);
	if (!(tx = api_begin_access(req, client_id, action, CATEGORY_MESSAGES, object)))
		return NULL;
	if (people_read(tx, client_id, p) < 0) {
		people_release(p);
		api_internal_error(req, tx, "cannot read who takes part");
		return NULL;
	}
	if (!takes_part(p, req->session.user_id, client_id, thread)) {
		people_release(p);
		api_refuse(req, tx, client_id, action, CATEGORY_MESSAGES, object);
		return NULL;
	}
	return tx;
}

int api_messages_get(struct request *req)
{
	long long thread = 0, limit = MESSAGES_PAGE_DEFAULT, before = 0;
	char object[40];
	struct store_tx *tx;
	struct people p;
	json_t *items, *last;

	if (api_query_number(req, "thread", 0, 9007199254740992LL, &thread) ||
	    api_query_number(req, "limit", 1, MESSAGES_PAGE_MAX, &limit) ||
	    api_query_number(req, "before", 1, 9007199254740992LL, &before))
		return 0;
	if (!(tx = begin_thread(req, ACCESS_READ, thread, &p)))
		return 0;
	people_release(&p);
	items = json_array();
	if (store_messages_each(tx, req->ids[0], thread, before, (unsigned)limit, collect_message, items) < 0)
		goto fail;
	/* Reading the newest page is reading the thread, and the notifications of it. */
	snprintf(object, sizeof(object), "thread/%lld", thread);
	if (!before && json_array_size(items) &&
	    (store_thread_mark_read(tx, req->ids[0], thread, req->session.user_id,
				    json_integer_value(json_object_get(json_array_get(items, 0), "id"))) < 0 ||
	     store_notifications_mark_seen(tx, req->session.user_id, "message", req->ids[0], object) < 0))
		goto fail;
	if (api_commit(req, tx)) {
		json_decref(items);
		return 0;
	}
	last = json_array_size(items) == (size_t)limit ? json_array_get(items, limit - 1) : NULL;
	return reply_json(req, 200,
			  json_pack("{s:o,s:o}", "items", items, "next_before",
				    last ? json_incref(json_object_get(last, "id")) : json_null()));
fail:
	json_decref(items);
	return api_internal_error(req, tx, "cannot read the messages");
}

int messages_export(struct store_tx *tx, int64_t client_id, json_t *list)
{
	return store_messages_each(tx, client_id, STORE_ALL_THREADS, 0, UINT32_MAX, collect_message, list) < 0 ? -1 : 0;
}

static const struct field_spec message_fields[] = {
	{ "thread", FIELD_INT, FIELD_REQUIRED, 0, 9007199254740992LL, NULL, NULL },
	{ "text", FIELD_TEXT, FIELD_REQUIRED | FIELD_MULTILINE, 1, 2000, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

/* Tells everyone else in the thread. */
static int notify_thread(struct store_tx *tx, const struct people *p, const struct store_message *m)
{
	json_t *people = thread_people(p, m->thread), *person;
	char object[40];
	size_t i;
	int rc = 0;

	snprintf(object, sizeof(object), "thread/%lld", (long long)m->thread);
	json_array_foreach(people, i, person) {
		if (rc == 0)
			rc = notify(tx, json_integer_value(json_object_get(person, "id")), "message", m->client_id,
				    m->author_id, object);
	}
	json_decref(people);
	return rc;
}

int api_messages_post(struct request *req)
{
	struct store_message m = { .client_id = req->ids[0], .author_id = req->session.user_id, .at = time_now() };
	struct field_error err;
	struct store_tx *tx;
	struct people p;
	json_t *clean, *out;
	int64_t id;

	if (!(clean = fields_validate(message_fields, req->json, &err)))
		return reply_error(req, ERR_INVALID_INPUT, err.field, "%s", err.message);
	m.thread = json_integer_value(json_object_get(clean, "thread"));
	m.text = json_string_value(json_object_get(clean, "text"));
	if (!(tx = begin_thread(req, ACCESS_CREATE, m.thread, &p))) {
		json_decref(clean);
		return 0;
	}
	m.on_behalf = m.author_id != m.client_id && manages(&p, m.author_id, m.client_id);
	if (store_message_insert(tx, &m, &id) != STORE_ONE || notify_thread(tx, &p, &m) < 0) {
		people_release(&p);
		json_decref(clean);
		return api_internal_error(req, tx, "cannot store the message");
	}
	m.id = id;
	m.author_name = json_string_value(json_object_get(
		m.author_id == m.client_id ? p.client : people_find(&p, m.author_id), "name"));
	out = message_json(&m);
	people_release(&p);
	json_decref(clean);
	if (api_commit(req, tx)) {
		json_decref(out);
		return 0;
	}
	return reply_json(req, 201, out);
}
