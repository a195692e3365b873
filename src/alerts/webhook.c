/*
 * The outgoing webhook: the outbox writer (webhook_enqueue) and the one
 * delivery thread that empties it (see webhook.h for the contract).
 *
 * The thread reads the due delivery with the lowest id, POSTs it
 * (webhook_send.c), and records the attempt and the delivery's new state in
 * one write transaction; then it looks again. With nothing due it sleeps
 * until kicked, until the earliest delivery is due, or for a second,
 * whichever comes first: the second bounds how long a delivery waits when
 * the clock moved (the test clock does) or a kick was missed.
 *
 * The state is one static struct: webhook_enqueue is called from store
 * bodies that know nothing of the server, and there is one webhook per
 * installation.
 */
#include "alerts/webhook.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alerts/webhook_send.h"
#include "auth/hmac.h"
#include "config.h"
#include "store/store.h"
#include "store/webhook.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"

/* A secret file longer than this is a mistake (a wrong path), not a secret. */
#define SECRET_FILE_MAX 4096

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;      /* on CLOCK_MONOTONIC; made by webhook_start */
	bool started;             /* the thread runs (under lock) */
	bool kicked;              /* a delivery was committed since the thread last looked (under lock) */
	atomic_bool enabled;      /* a URL is configured: webhook_enqueue stores events */
	atomic_bool enqueued;     /* an event was stored by a body since the last commit */
	atomic_bool stopping;
	pthread_t thread;
	/* Set by webhook_start before the thread starts, read-only while it runs. */
	struct store *store;
	char *url;
	unsigned char *secret;
	size_t secret_len;
	unsigned retry_seconds;
	unsigned max_attempts;
} hook = { .lock = PTHREAD_MUTEX_INITIALIZER };

int64_t webhook_backoff(unsigned retry_seconds, int64_t n)
{
	int64_t wait = retry_seconds ? retry_seconds : 1;

	/* Doubling stops at the cap, so no attempt count can overflow it. */
	for (int64_t i = 1; i < n && wait < WEBHOOK_BACKOFF_MAX; i++)
		wait *= 2;
	return wait < WEBHOOK_BACKOFF_MAX ? wait : WEBHOOK_BACKOFF_MAX;
}

void webhook_signature(const void *secret, size_t secret_len, int64_t timestamp, const char *body, size_t body_len,
		       char out[WEBHOOK_SIGNATURE_SIZE])
{
	char stamp[32];
	int stamp_len = snprintf(stamp, sizeof(stamp), "%" PRId64 ".", timestamp);
	struct hmac_part parts[] = { { stamp, (size_t)stamp_len }, { body, body_len } };

	memcpy(out, "sha256=", 7);
	hmac_sha256_hex(secret, secret_len, parts, 2, out + 7);
}

char *webhook_body(int64_t id, const char *event, int64_t created_at, const char *payload)
{
	json_error_t jerr;
	json_t *data = json_loads(payload, 0, &jerr), *body;
	char created[21], *text;

	if (!json_is_object(data)) {
		json_decref(data);
		error("webhook delivery %" PRId64 ": its stored payload is not a JSON object", id);
		return NULL;
	}
	time_format_iso(created_at, created);
	/* "o" hands data to the body. */
	body = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)id, "event", event, "created_at", created, "data",
			 data);
	if (!body) {
		error("webhook delivery %" PRId64 ": cannot build its body", id);
		return NULL;
	}
	text = json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(body);
	if (!text)
		error("webhook delivery %" PRId64 ": cannot write its body", id);
	return text;
}

/* ---- the outbox writer ---- */

int webhook_enqueue(struct store_tx *tx, const char *event, const json_t *payload, int64_t now)
{
	char *text;
	int64_t id;
	int rc;

	if (!atomic_load(&hook.enabled))
		return 0;
	if (!event || !*event || !json_is_object(payload)) {
		error("webhook event '%s': needs a name and a JSON object as its payload", event ? event : "");
		return STORE_HARD_ERROR;
	}
	text = json_dumps(payload, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!text) {
		error("webhook event '%s': cannot write its payload", event);
		return STORE_HARD_ERROR;
	}
	rc = store_webhook_insert(tx, event, text, now, &id);
	free(text);
	if (rc < 0)
		return rc;
	/* Told after the commit (on_commit); a body undone later only costs the thread one look. */
	atomic_store(&hook.enqueued, true);
	return 0;
}

void webhook_kick(void)
{
	pthread_mutex_lock(&hook.lock);
	if (hook.started) {
		hook.kicked = true;
		pthread_cond_signal(&hook.wake);
	}
	pthread_mutex_unlock(&hook.lock);
}

/* The store's commit hook: wakes the thread when a committed transaction may have stored an event. */
static void on_commit(void *unused)
{
	(void)unused;
	if (atomic_exchange(&hook.enqueued, false))
		webhook_kick();
}

/* ---- the delivery thread ---- */

/* A delivery read from the outbox, owned by the thread while it is sent. */
struct delivery {
	int64_t id;
	char *event;
	char *payload;
	int64_t created_at;
	int64_t attempts;
};

struct next_read {
	int64_t now;
	int64_t next_at;          /* out: when the earliest pending one is due (0: none) */
	struct delivery d;        /* out: the due one, when found */
	bool found;
};

static int copy_delivery(const struct store_webhook *w, void *ctx)
{
	struct next_read *r = ctx;

	r->d.id = w->id;
	r->d.event = xstrdup(w->event);
	r->d.payload = xstrdup(w->payload);
	r->d.created_at = w->created_at;
	r->d.attempts = w->attempts;
	r->found = true;
	return 0;
}

static void delivery_release(struct delivery *d)
{
	free(d->event);
	free(d->payload);
	memset(d, 0, sizeof(*d));
}

static int read_next(struct store_tx *tx, void *ctx)
{
	struct next_read *r = ctx;

	/* The body may run again: forget what an earlier run copied. */
	delivery_release(&r->d);
	r->found = false;
	return store_webhook_next_due(tx, r->now, copy_delivery, r, &r->next_at);
}

struct record {
	struct store_webhook_attempt a;
	int64_t delivered_at, gave_up_at, next_at;
};

static int write_record(struct store_tx *tx, void *ctx)
{
	const struct record *r = ctx;

	return store_webhook_record(tx, &r->a, r->delivered_at, r->gave_up_at, r->next_at);
}

/* Sleeps until kicked, stopped or `ms` passed. */
static void sleep_for(int64_t ms)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += ms / 1000;
	until.tv_nsec += (ms % 1000) * 1000000;
	if (until.tv_nsec >= 1000000000) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&hook.lock);
	while (!hook.kicked && !atomic_load(&hook.stopping))
		if (pthread_cond_timedwait(&hook.wake, &hook.lock, &until) == ETIMEDOUT)
			break;
	hook.kicked = false;
	pthread_mutex_unlock(&hook.lock);
}

/* Makes one attempt at d and records it. Returns 0, or -1 when the outcome could not be recorded. */
static int attempt(const struct delivery *d)
{
	struct record rec = { .a = { .outbox_id = d->id, .attempt = d->attempts + 1 } };
	struct webhook_outcome out = { 0 };
	char signature[WEBHOOK_SIGNATURE_SIZE], outcome[sizeof(out.error) + 16];
	char *body = webhook_body(d->id, d->event, d->created_at, d->payload);
	int64_t done_at;
	int rc;

	rec.a.at = time_now();
	if (body) {
		struct webhook_request rq = {
			.url = hook.url, .event = d->event, .id = d->id, .timestamp = rec.a.at,
			.signature = signature, .body = body, .body_len = strlen(body),
		};

		webhook_signature(hook.secret, hook.secret_len, rq.timestamp, body, rq.body_len, signature);
		webhook_post(&rq, &hook.stopping, &out);
	} else {
		snprintf(out.error, sizeof(out.error), "the stored payload is not a JSON object");
	}
	done_at = time_now();
	rec.a.status = out.status;
	rec.a.error = out.status ? NULL : out.error;
	rec.a.duration_ms = out.duration_ms;
	if (out.status)
		snprintf(outcome, sizeof(outcome), "HTTP %d", out.status);
	else
		snprintf(outcome, sizeof(outcome), "%s", out.error);
	if (out.status >= 200 && out.status < 300) {
		rec.delivered_at = done_at;
		info("webhook: delivery %" PRId64 " delivered (%s, attempt %" PRId64 ", %" PRId64 " ms)", d->id, outcome,
		     rec.a.attempt, out.duration_ms);
	} else if (!body || rec.a.attempt >= hook.max_attempts) {
		/* A payload that cannot be sent will not become sendable by waiting. */
		rec.gave_up_at = done_at;
		warning("webhook: delivery %" PRId64 " given up after %" PRId64 " attempt(s); the last: %s", d->id,
			rec.a.attempt, outcome);
	} else {
		rec.next_at = done_at + webhook_backoff(hook.retry_seconds, rec.a.attempt);
		info("webhook: delivery %" PRId64 " attempt %" PRId64 " of %u failed (%s); next in %" PRId64 " s", d->id,
		     rec.a.attempt, hook.max_attempts, outcome, rec.next_at - done_at);
	}
	free(body);
	rc = store_run(hook.store, STORE_TX_WRITE, write_record, &rec);
	if (rc < 0)
		return error("webhook: cannot record attempt %" PRId64 " at delivery %" PRId64
			     " (it will be sent again)", rec.a.attempt, d->id);
	return 0;
}

static void *deliver_main(void *arg)
{
	(void)arg;
	while (!atomic_load(&hook.stopping)) {
		struct next_read r = { .now = time_now() };
		int rc = store_run(hook.store, STORE_TX_READ, read_next, &r);
		int64_t wait_ms = 1000;

		if (rc < 0) {
			error("webhook: cannot read the outbox; trying again in a second");
		} else if (r.found) {
			rc = attempt(&r.d);
			/* At once to the next one; after a failure to record, a pause rather than a tight loop. */
			wait_ms = rc == 0 ? 0 : 1000;
		} else if (r.next_at && (r.next_at - r.now) * 1000 < wait_ms) {
			wait_ms = (r.next_at - r.now) * 1000;
		}
		delivery_release(&r.d);
		if (wait_ms > 0)
			sleep_for(wait_ms);
	}
	return NULL;
}

/* Reads the shared secret from path into hook.secret. Returns 0 or -1 after printing why (never the secret). */
static int load_secret(const char *path)
{
	unsigned char *data = xmalloc(SECRET_FILE_MAX + 1);
	size_t len = 0;
	struct stat st;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st)) {
		error("--webhook-secret-file: cannot open '%s': %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		error("--webhook-secret-file: '%s' is not a file", path);
		goto fail;
	}
	while (len <= SECRET_FILE_MAX && (n = read(fd, data + len, SECRET_FILE_MAX + 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			error("--webhook-secret-file: cannot read '%s': %s", path, strerror(errno));
			goto fail;
		}
		len += (size_t)n;
	}
	if (len > SECRET_FILE_MAX) {
		error("--webhook-secret-file: '%s' is longer than %d bytes: not a secret file?", path, SECRET_FILE_MAX);
		goto fail;
	}
	/* A file written by an editor or `echo` ends in a line break that is no part of the secret. */
	while (len && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		len--;
	if (len < WEBHOOK_SECRET_MIN) {
		error("--webhook-secret-file: the secret in '%s' is %zu bytes; it needs at least %d "
		      "(for instance: openssl rand -hex 32 > FILE)", path, len, WEBHOOK_SECRET_MIN);
		goto fail;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO))
		warning("--webhook-secret-file: '%s' can be read by other users of this machine: chmod 600 it", path);
	close(fd);
	hook.secret = data;
	hook.secret_len = len;
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	explicit_bzero(data, SECRET_FILE_MAX + 1);
	free(data);
	return -1;
}

static void forget_settings(void)
{
	if (hook.secret)
		explicit_bzero(hook.secret, hook.secret_len);
	free(hook.secret);
	free(hook.url);
	hook.secret = NULL;
	hook.secret_len = 0;
	hook.url = NULL;
	hook.store = NULL;
}

int webhook_start(struct store *s, const struct config *cfg)
{
	pthread_condattr_t attr;
	int rc;

	atomic_store(&hook.enabled, cfg->webhook_url != NULL);
	if (!cfg->webhook_url)
		return 0;
	if (hook.started)
		BUG("webhook_start called twice");
	if (!cfg->webhook_secret_file)
		return error("--webhook-url needs --webhook-secret-file");
	if (load_secret(cfg->webhook_secret_file))
		return -1;
	if (webhook_send_init()) {
		forget_settings();
		return -1;
	}
	hook.store = s;
	/* So that callers need not call webhook_kick themselves: every commit that stored an event kicks. */
	store_on_commit(s, on_commit, NULL);
	hook.url = xstrdup(cfg->webhook_url);
	hook.retry_seconds = cfg->webhook_retry_seconds;
	hook.max_attempts = cfg->webhook_attempts ? cfg->webhook_attempts : 1;
	atomic_store(&hook.stopping, false);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&hook.wake, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_lock(&hook.lock);
	hook.kicked = true; /* look at once: deliveries may be pending from before a restart */
	rc = pthread_create(&hook.thread, NULL, deliver_main, NULL);
	hook.started = rc == 0;
	pthread_mutex_unlock(&hook.lock);
	if (rc) {
		pthread_cond_destroy(&hook.wake);
		webhook_send_shutdown();
		forget_settings();
		return error("cannot start the webhook delivery thread: %s", strerror(rc));
	}
	info("webhook: delivering events, signed, with %u attempt(s) each", hook.max_attempts);
	return 0;
}

void webhook_stop(void)
{
	pthread_mutex_lock(&hook.lock);
	if (!hook.started) {
		pthread_mutex_unlock(&hook.lock);
		return;
	}
	atomic_store(&hook.stopping, true);
	pthread_cond_signal(&hook.wake);
	pthread_mutex_unlock(&hook.lock);
	pthread_join(hook.thread, NULL);
	pthread_mutex_lock(&hook.lock);
	hook.started = false;
	hook.kicked = false;
	pthread_mutex_unlock(&hook.lock);
	pthread_cond_destroy(&hook.wake);
	webhook_send_shutdown();
	forget_settings();
}
