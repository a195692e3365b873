/*
 * Messages: per client a conversation (thread 0) of the client and everyone
 * with the messages right, and a one-to-one thread between the client and
 * each such member (thread = the member's id). Representatives take part in
 * every thread on behalf of the client. Who takes part is read from the
 * rights at every request, so taking the right back takes someone out.
 */
#include <stdio.h>
#include <string.h>

#include "access/vocabulary.h"
#include "api/api.h"
#include "api/common.h"
#include "api/run.h"
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
	int on_behalf = m->category && !strcmp(m->category, VOCABULARY_ACTS_ON_BEHALF);

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
	return store_members_each(tx, client_id, time_now(), 0, UINT32_MAX, collect_member, p->members) < 0 ? -1 : 0;
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

/* 1 when `user` takes part in `thread` (reads, or `writes`): the access module decides from who has which right. */
static int takes_part(const struct people *p, int64_t user, int64_t client_id, int64_t thread, int writes)
{
	return access_takes_part(user, thread, manages(p, user, client_id), has_messages(people_find(p, user)),
				 thread != 0 && has_messages(people_find(p, thread)), writes);
}

/* A one-to-one thread whose member no longer takes part. */
static int thread_ended(const struct people *p, int64_t thread)
{
	return thread != 0 && !has_messages(people_find(p, thread));
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

/* The person of an ended thread, as far as they still exist: {id, name (null once erased), role: null}. */
static json_t *former_person(struct store_tx *tx, int64_t id)
{
	struct store_user u = { 0 };
	json_t *o;

	if (store_user_by_id(tx, id, &u) < 0)
		return NULL;
	o = json_pack("{s:I,s:s?,s:n}", "id", (json_int_t)id, "name", u.name, "role");
	store_user_release(&u);
	return o;
}

static json_t *thread_json(struct store_tx *tx, const struct people *p, int64_t client_id, int64_t thread,
			   int64_t user)
{
	int64_t unread = 0, last_at = 0;
	int ended = thread_ended(p, thread);
	json_t *with;
	char at[21];

	if (store_thread_summary(tx, client_id, thread, user, &unread, &last_at) < 0)
		return NULL;
	time_format_iso(last_at, at);
	if (thread == 0)
		return json_pack("{s:i,s:n,s:o,s:I,s:s?,s:b}", "thread", 0, "with", "people", thread_people(p, 0),
				 "unread", (json_int_t)unread, "last_at", last_at ? at : NULL, "ended", 0);
	if (!(with = ended ? former_person(tx, thread) : short_person(people_find(p, thread))))
		return NULL;
	return json_pack("{s:I,s:o,s:o,s:I,s:s?,s:b}", "thread", (json_int_t)thread, "with", with, "people",
			 thread_people(p, thread), "unread", (json_int_t)unread, "last_at", last_at ? at : NULL, "ended",
			 ended);
}

/* Collects the threads of the client that hold messages but have ended (for those who manage). */
struct ended_threads {
	const struct people *p;
	json_t *ids;
};

static int collect_ended(int64_t thread, void *ctx)
{
	struct ended_threads *e = ctx;

	return thread_ended(e->p, thread) ? json_array_append_new(e->ids, json_integer(thread)) : 0;
}

static int threads_body(struct request *req, struct store_tx *tx)
{
	int64_t client_id = req->ids[0], me = req->session.user_id;
	struct people p = { NULL, NULL };
	json_t *out, *t, *m;
	size_t i;
	int rc;

	if ((rc = api_access(req, tx, client_id, ACCESS_READ, CATEGORY_MESSAGES, "threads")) != 1)
		return rc;
	out = json_array();
	if (people_read(tx, client_id, &p) < 0 || !(t = thread_json(tx, &p, client_id, 0, me)) ||
	    json_array_append_new(out, t))
		goto fail;
	json_array_foreach(p.members, i, m) {
		int64_t thread = json_integer_value(json_object_get(m, "id"));

		/* A representative without the messages right has no thread of their own. */
		if (thread_ended(&p, thread) || !takes_part(&p, me, client_id, thread, 0))
			continue;
		if (!(t = thread_json(tx, &p, client_id, thread, me)) || json_array_append_new(out, t))
			goto fail;
	}
	/* The threads with those who no longer take part stay the client's to read, marked as ended. */
	if (manages(&p, me, client_id)) {
		struct ended_threads e = { &p, json_array() };
		json_t *id;

		if (store_threads_each(tx, client_id, collect_ended, &e) < 0) {
			json_decref(e.ids);
			goto fail;
		}
		json_array_foreach(e.ids, i, id) {
			if (!(t = thread_json(tx, &p, client_id, json_integer_value(id), me)) ||
			    json_array_append_new(out, t)) {
				json_decref(e.ids);
				goto fail;
			}
		}
		json_decref(e.ids);
	}
	people_release(&p);
	reply_json(req, 200, out);
	return STORE_TX_KEEP;
fail:
	people_release(&p);
	json_decref(out);
	return api_failed(STORE_HARD_ERROR, "cannot read the threads");
}

int api_message_threads_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, threads_body);
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
 * Inside a body: the access to one thread: the messages right through the
 * access module, then whether the person takes part in this thread.
 * Returns 1 with *p read (release it), or the value for the body to return.
 */
static int access_thread(struct request *req, struct store_tx *tx, enum access_action action, int64_t thread,
			 struct people *p)
{
	int64_t client_id = req->ids[0];
	char object[40];
	int rc;

	p->client = p->members = NULL;
	snprintf(object, sizeof(object), "thread/%lld", (long long)thread);
	if ((rc = api_access(req, tx, client_id, action, CATEGORY_MESSAGES, object)) != 1)
		return rc;
	if (people_read(tx, client_id, p) < 0) {
		people_release(p);
		return api_failed(STORE_HARD_ERROR, "cannot read who takes part");
	}
	if (!takes_part(p, req->session.user_id, client_id, thread, action != ACCESS_READ)) {
		/* The client's own ended thread is there, only closed: say so rather than "not found". */
		int ended = manages(p, req->session.user_id, client_id) && thread_ended(p, thread);

		people_release(p);
		if (ended)
			return reply_error(req, ERR_CONFLICT, "thread",
					   "thread: this conversation has ended; the other person no longer takes part"),
			       STORE_TX_UNDO;
		return api_refuse(req, tx, client_id, action, CATEGORY_MESSAGES, object);
	}
	return 1;
}

struct messages_state {
	long long thread, limit, before;
	json_t *clean;               /* POST: the validated body (owned) */
};

static void messages_state_release(void *p)
{
	json_decref(((struct messages_state *)p)->clean);
}

static int messages_get_body(struct request *req, struct store_tx *tx)
{
	struct messages_state *st = req->state;
	struct people p;
	json_t *items, *last;
	int rc;

	if ((rc = access_thread(req, tx, ACCESS_READ, st->thread, &p)) != 1)
		return rc;
	people_release(&p);
	items = json_array();
	if ((rc = store_messages_each(tx, req->ids[0], st->thread, st->before, (unsigned)st->limit, collect_message,
				      items)) < 0) {
		json_decref(items);
		return api_failed(rc, "cannot read the messages");
	}
	last = json_array_size(items) == (size_t)st->limit ? json_array_get(items, st->limit - 1) : NULL;
	reply_json(req, 200,
		   json_pack("{s:o,s:o}", "items", items, "next_before",
			     last ? json_incref(json_object_get(last, "id")) : json_null()));
	return STORE_TX_KEEP;
}

/* Reading the newest page is reading the thread, and the notifications of it: a write. */
static int messages_read_body(struct request *req, struct store_tx *tx)
{
	struct messages_state *st = req->state;
	json_t *newest;
	char object[40];
	int rc;

	if ((rc = messages_get_body(req, tx)) != STORE_TX_KEEP || req->status != 200)
		return rc;
	newest = json_array_get(json_object_get(req->reply_body, "items"), 0);
	if (!newest)
		return STORE_TX_KEEP;
	snprintf(object, sizeof(object), "thread/%lld", st->thread);
	if ((rc = store_thread_mark_read(tx, req->ids[0], st->thread, req->session.user_id,
					 json_integer_value(json_object_get(newest, "id")))) < 0 ||
	    (rc = store_notifications_mark_seen(tx, req->session.user_id, "message", req->ids[0], object)) < 0)
		return api_failed(rc, "cannot mark the thread read");
	return STORE_TX_KEEP;
}

int api_messages_get(struct request *req)
{
	struct messages_state *st = request_state(req, sizeof(*st), messages_state_release);

	st->limit = MESSAGES_PAGE_DEFAULT;
	if (api_query_number(req, "thread", 0, 9007199254740992LL, &st->thread) ||
	    api_query_number(req, "limit", 1, MESSAGES_PAGE_MAX, &st->limit) ||
	    api_query_number(req, "before", 1, 9007199254740992LL, &st->before))
		return 0;
	/* An older page changes nothing; the newest one marks the thread read. */
	return api_run(req, st->before ? STORE_TX_READ : STORE_TX_WRITE,
		       st->before ? messages_get_body : messages_read_body);
}

int messages_export(struct store_tx *tx, int64_t client_id, json_t *list)
{
	return store_messages_each(tx, client_id, STORE_ALL_THREADS, 0, UINT32_MAX, collect_message, list) < 0 ? -1 : 0;
}

const struct field_spec message_fields[] = {
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

static int messages_post_body(struct request *req, struct store_tx *tx)
{
	struct messages_state *st = req->state;
	struct store_message m = { .client_id = req->ids[0], .author_id = req->session.user_id, .at = time_now() };
	struct people p;
	int64_t id;
	int rc;

	m.thread = json_integer_value(json_object_get(st->clean, "thread"));
	m.text = json_string_value(json_object_get(st->clean, "text"));
	if ((rc = access_thread(req, tx, ACCESS_CREATE, m.thread, &p)) != 1)
		return rc;
	m.on_behalf = m.author_id != m.client_id && manages(&p, m.author_id, m.client_id);
	if ((rc = store_message_insert(tx, &m, &id)) != STORE_ONE || notify_thread(tx, &p, &m) < 0) {
		people_release(&p);
		return api_failed(rc < 0 ? rc : STORE_HARD_ERROR, "cannot store the message");
	}
	m.id = id;
	m.author_name = json_string_value(json_object_get(
		m.author_id == m.client_id ? p.client : people_find(&p, m.author_id), "name"));
	reply_json(req, 201, message_json(&m));
	people_release(&p);
	return STORE_TX_KEEP;
}

int api_messages_post(struct request *req)
{
	struct messages_state *st = request_state(req, sizeof(*st), messages_state_release);
	struct field_error err;

	if (!(st->clean = fields_validate(message_fields, req->json, &err)))
		return api_reply_refusal(req, &err);
	return api_run(req, STORE_TX_WRITE, messages_post_body);
}
