/* Live events to open pages: the dispatcher and the streams (see events.h). */
#include "alerts/events.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/alerts.h"
#include "store/store.h"
#include "util/log.h"

/* A comment line now and then keeps proxies and the idle timeout from closing a quiet stream. */
#define HEARTBEAT_SECONDS 15
/* Rows read per pass: a burst is read in passes, never all at once. */
#define READ_BATCH 500
/* A stream that falls this far behind (a page that stopped reading) is ended; it reconnects from its last id. */
#define STREAM_BUFFER_MAX (256 * 1024)

struct event_stream {
	int64_t user;
	int64_t last_id;             /* the newest event given to this stream */
	int64_t catch_up_after;      /* > 0: still to send the stored events after this id */
	struct MHD_Connection *conn;
	char *buf;                   /* what is still to send: buf[pos..len) */
	size_t len, pos, cap;
	time_t opened_at;
	bool suspended;
	bool closing;
	struct event_stream *next;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool started;
	bool stopping;
	bool kicked;
	bool ended;                  /* the server stops: no new streams */
	struct store *store;
	struct event_stream *streams;
	unsigned count;
	unsigned max_streams, max_per_person;
	int64_t last_id;             /* the newest event dispatched */
} hub = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

static atomic_bool written;

void events_written(void)
{
	atomic_store(&written, true);
}

void events_kick(void *unused)
{
	(void)unused;
	if (!atomic_exchange(&written, false))
		return;
	pthread_mutex_lock(&hub.lock);
	hub.kicked = true;
	pthread_cond_signal(&hub.wake);
	pthread_mutex_unlock(&hub.lock);
}

/* Appends text to the stream's buffer (under hub.lock). Returns 0, or -1 when it is too far behind. */
static int stream_append(struct event_stream *s, const char *text, size_t n)
{
	if (s->pos && s->pos == s->len)
		s->pos = s->len = 0;
	if (s->len + n > STREAM_BUFFER_MAX)
		return -1;
	if (s->len + n > s->cap) {
		size_t cap = s->cap ? s->cap : 1024;
		char *grown;

		while (cap < s->len + n)
			cap *= 2;
		if (!(grown = realloc(s->buf, cap)))
			return -1;
		s->buf = grown;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, text, n);
	s->len += n;
	return 0;
}

/* Lets a suspended stream's connection go on (under hub.lock). */
static void stream_wake(struct event_stream *s)
{
	if (s->suspended) {
		s->suspended = false;
		MHD_resume_connection(s->conn);
	}
}

static void stream_end(struct event_stream *s)
{
	s->closing = true;
	stream_wake(s);
}

static int last_body(struct store_tx *tx, void *ctx)
{
	return store_events_last(tx, ctx) < 0 ? STORE_HARD_ERROR : STORE_TX_KEEP;
}

/* Gives one event to a stream (under hub.lock), in the Server-Sent Events format. */
static void stream_give(struct event_stream *s, const struct store_event *e)
{
	char head[96];
	int n;

	if (e->id <= s->last_id || s->closing)
		return;
	n = snprintf(head, sizeof(head), "id: %lld\nevent: %s\ndata: ", (long long)e->id, e->name);
	/* The data is compact JSON: one line, so it needs no splitting into data lines. */
	if (stream_append(s, head, (size_t)n) || stream_append(s, e->data, strlen(e->data)) ||
	    stream_append(s, "\n\n", 2)) {
		info("events: a stream of person %lld fell behind and is ended", (long long)s->user);
		stream_end(s);
		return;
	}
	s->last_id = e->id;
	stream_wake(s);
}

/* The events read in one pass, copied, for handing out under the lock. */
struct batch {
	struct store_event *list;
	size_t n, cap;
};

static int keep_event(const struct store_event *e, void *ctx)
{
	struct batch *b = ctx;

	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		struct store_event *grown = realloc(b->list, cap * sizeof(*grown));

		if (!grown)
			return -1;
		b->list = grown;
		b->cap = cap;
	}
	b->list[b->n] = *e;
	b->list[b->n].name = strdup(e->name);
	b->list[b->n].data = strdup(e->data);
	if (!b->list[b->n].name || !b->list[b->n].data) {
		free((char *)b->list[b->n].name);
		free((char *)b->list[b->n].data);
		return -1;
	}
	b->n++;
	return 0;
}

static void batch_clear(struct batch *b)
{
	for (size_t i = 0; i < b->n; i++) {
		free((char *)b->list[i].name);
		free((char *)b->list[i].data);
	}
	b->n = 0;
}

struct read_args {
	int64_t user, after;
	struct batch *batch;
};

static int read_body(struct store_tx *tx, void *ctx)
{
	struct read_args *a = ctx;

	batch_clear(a->batch);
	return store_events_each(tx, a->user, a->after, READ_BATCH, keep_event, a->batch) < 0 ? STORE_HARD_ERROR
											     : STORE_TX_KEEP;
}

/* Sends the stored events a reconnecting stream missed. Called with hub.lock held; drops it while reading. */
static void catch_up(struct event_stream *s, struct batch *b)
{
	struct read_args a = { s->user, s->catch_up_after, b };
	int64_t user = s->user;

	s->catch_up_after = 0;
	pthread_mutex_unlock(&hub.lock);
	if (store_run(hub.store, STORE_TX_READ, read_body, &a) < 0)
		batch_clear(b);
	pthread_mutex_lock(&hub.lock);
	/* The stream may have gone while the lock was dropped: look it up again. */
	for (struct event_stream *t = hub.streams; t; t = t->next)
		if (t == s && t->user == user)
			for (size_t i = 0; i < b->n; i++)
				stream_give(t, &b->list[i]);
	batch_clear(b);
}

/*
 * A stream lives at most this long: the page reconnects at once (and gets
 * what it missed), and its session is checked again, so a stream does not
 * outlive the session or a right it was opened with.
 */
#define STREAM_MAX_SECONDS (10 * 60)

static void heartbeat(void)
{
	time_t now = time(NULL);

	for (struct event_stream *s = hub.streams; s; s = s->next) {
		if (s->closing)
			continue;
		if (now - s->opened_at > STREAM_MAX_SECONDS)
			stream_end(s);
		else if (stream_append(s, ":\n\n", 3) == 0)
			stream_wake(s);
	}
}

static void *dispatcher_main(void *arg)
{
	struct batch b = { NULL, 0, 0 };
	time_t next_beat = time(NULL) + HEARTBEAT_SECONDS;

	(void)arg;
	pthread_mutex_lock(&hub.lock);
	while (!hub.stopping) {
		struct event_stream *behind = NULL;

		for (struct event_stream *s = hub.streams; s; s = s->next)
			if (s->catch_up_after)
				behind = s;
		if (behind) {
			catch_up(behind, &b);
			continue;
		}
		if (!hub.kicked) {
			struct timespec until = { next_beat, 0 };

			pthread_cond_timedwait(&hub.wake, &hub.lock, &until);
		}
		if (hub.stopping)
			break;
		if (time(NULL) >= next_beat) {
			heartbeat();
			next_beat = time(NULL) + HEARTBEAT_SECONDS;
		}
		if (!hub.kicked)
			continue;
		hub.kicked = false;
		/* Read everything new, in passes; hand each event to its person's streams. */
		for (;;) {
			struct read_args a = { 0, hub.last_id, &b };

			pthread_mutex_unlock(&hub.lock);
			if (store_run(hub.store, STORE_TX_READ, read_body, &a) < 0) {
				error("events: cannot read new events");
				batch_clear(&b);
			}
			pthread_mutex_lock(&hub.lock);
			for (size_t i = 0; i < b.n; i++) {
				for (struct event_stream *s = hub.streams; s; s = s->next)
					if (s->user == b.list[i].user_id && !s->catch_up_after)
						stream_give(s, &b.list[i]);
				hub.last_id = b.list[i].id;
			}
			if (b.n < READ_BATCH) {
				batch_clear(&b);
				break;
			}
			batch_clear(&b);
		}
	}
	pthread_mutex_unlock(&hub.lock);
	free(b.list);
	return NULL;
}


int events_start(struct store *s, unsigned max_streams, unsigned max_per_person)
{
	int64_t last = 0;

	if (store_run(s, STORE_TX_READ, last_body, &last) < 0)
		return error("events: cannot read the newest event");
	hub.store = s;
	hub.last_id = last;
	hub.max_streams = max_streams;
	hub.max_per_person = max_per_person;
	hub.stopping = false;
	hub.ended = false;
	store_on_commit(s, events_kick, NULL);
	if (pthread_create(&hub.thread, NULL, dispatcher_main, NULL))
		return error("events: cannot start the dispatcher");
	hub.started = true;
	return 0;
}

void events_end_streams(void)
{
	pthread_mutex_lock(&hub.lock);
	hub.ended = true;
	for (struct event_stream *s = hub.streams; s; s = s->next)
		stream_end(s);
	pthread_mutex_unlock(&hub.lock);
}

void events_stop(void)
{
	if (!hub.started)
		return;
	events_end_streams();
	pthread_mutex_lock(&hub.lock);
	hub.stopping = true;
	pthread_cond_signal(&hub.wake);
	pthread_mutex_unlock(&hub.lock);
	pthread_join(hub.thread, NULL);
	hub.started = false;
}

struct event_stream *events_stream_open(int64_t user, int64_t after, struct MHD_Connection *conn)
{
	int resume = after > 0;
	int64_t newest = 0;
	struct event_stream *s;
	unsigned mine = 0;

	if (!resume && (!hub.store || store_run(hub.store, STORE_TX_READ, last_body, &newest) < 0))
		return NULL;

	pthread_mutex_lock(&hub.lock);
	for (s = hub.streams; s; s = s->next)
		mine += s->user == user && !s->closing;
	if (!hub.started || hub.ended || hub.count >= hub.max_streams || mine >= hub.max_per_person) {
		pthread_mutex_unlock(&hub.lock);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		pthread_mutex_unlock(&hub.lock);
		return NULL;
	}
	s->user = user;
	s->conn = conn;
	s->opened_at = time(NULL);
	/*
	 * A page that reconnects gets what it missed; a new one only what is
	 * committed from now on: it starts after the newest stored event (the
	 * dispatcher may not have handed that far yet).
	 */
	if (resume) {
		s->last_id = after < hub.last_id ? after : hub.last_id;
		s->catch_up_after = after < hub.last_id ? after : 0;
	} else {
		s->last_id = newest > hub.last_id ? newest : hub.last_id;
	}
	/* Tells the browser how soon to reconnect, and gets the headers out at once. */
	if (stream_append(s, "retry: 3000\n:\n\n", 15)) {
		pthread_mutex_unlock(&hub.lock);
		free(s);
		return NULL;
	}
	s->next = hub.streams;
	hub.streams = s;
	hub.count++;
	if (s->catch_up_after)
		pthread_cond_signal(&hub.wake);
	pthread_mutex_unlock(&hub.lock);
	return s;
}

ssize_t events_stream_reader(void *cls, uint64_t pos, char *out, size_t max)
{
	struct event_stream *s = cls;
	size_t n;

	(void)pos;
	pthread_mutex_lock(&hub.lock);
	if (s->len > s->pos) {
		n = s->len - s->pos < max ? s->len - s->pos : max;
		memcpy(out, s->buf + s->pos, n);
		s->pos += n;
		pthread_mutex_unlock(&hub.lock);
		return (ssize_t)n;
	}
	if (s->closing) {
		pthread_mutex_unlock(&hub.lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	/* Nothing to send: the connection waits, holding no thread, until the dispatcher resumes it. */
	MHD_suspend_connection(s->conn);
	s->suspended = true;
	pthread_mutex_unlock(&hub.lock);
	return 0;
}

void events_stream_free(void *cls)
{
	struct event_stream *s = cls, **p;

	pthread_mutex_lock(&hub.lock);
	for (p = &hub.streams; *p; p = &(*p)->next)
		if (*p == s) {
			*p = s->next;
			hub.count--;
			break;
		}
	pthread_mutex_unlock(&hub.lock);
	free(s->buf);
	free(s);
}
