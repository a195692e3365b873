#include "auth/session.h"

#include <stdlib.h>
#include <string.h>

#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"

int session_is_expired(int64_t now, int64_t last_seen, int64_t expires_at, const struct session_limits *lim)
{
	return now >= expires_at || now - last_seen >= (int64_t)lim->idle_seconds;
}

int session_start(struct store_tx *tx, int64_t user_id, int64_t now, const struct session_limits *lim,
		  struct session_info *out)
{
	struct store_session s = { 0 };
	int rc;

	memset(out, 0, sizeof(*out));
	token_new(out->token);
	token_hash(out->token, s.token_hash);
	token_csrf(out->token, out->csrf);
	s.user_id = user_id;
	s.created_at = now;
	s.last_seen_at = now;
	s.expires_at = now + lim->absolute_seconds;
	rc = store_session_insert(tx, &s);
	if (rc < 0)
		return rc;
	out->id = s.id;
	out->user_id = user_id;
	return STORE_ONE;
}

/* How stale last_seen may get before it is written again: fewer writes, bounded error. */
static int64_t touch_interval(const struct session_limits *lim)
{
	int64_t i = lim->idle_seconds / 30;

	return i < 1 ? 1 : i > 60 ? 60 : i;
}

struct session_read {
	const unsigned char *hash;
	struct store_session s;
	struct store_user u;
};

static int read_session(struct store_tx *tx, void *ctx)
{
	struct session_read *r = ctx;
	int rc = store_session_by_hash(tx, r->hash, &r->s);

	store_user_release(&r->u);
	if (rc == STORE_ONE)
		rc = store_user_by_id(tx, r->s.user_id, &r->u);
	return rc;
}

/* Recording that a session was used (or ended) is not waited for: the request goes on meanwhile. */
struct touch_job {
	struct store_job job;     /* first: the job is the allocation */
	int64_t id, now;
	int expired;
};

static int touch_body(struct store_tx *tx, void *ctx)
{
	struct touch_job *t = ctx;
	int rc = t->expired ? store_session_delete(tx, t->id) : store_session_touch(tx, t->id, t->now);

	return rc < 0 ? rc : STORE_TX_KEEP;
}

static void touch_done(struct store_job *job, int status)
{
	if (status < 0)
		error("cannot record the use of session %lld", (long long)((struct touch_job *)job)->id);
	free(job);
}

int session_resolve(struct store *store, const char *token, int64_t now, const struct session_limits *lim,
		    struct session_info *out)
{
	unsigned char hash[TOKEN_HASH_BYTES];
	struct session_read r = { .hash = hash };
	int rc, expired;

	memset(out, 0, sizeof(*out));
	if (!token || !token_is_wellformed(token))
		return 0;
	token_hash(token, hash);
	rc = store_run(store, STORE_TX_READ, read_session, &r);
	if (rc < 0 || rc == STORE_NONE) {
		store_user_release(&r.u);
		return rc < 0 ? rc : 0;
	}
	out->id = r.s.id;
	out->user_id = r.s.user_id;
	out->roles = r.u.roles;
	out->totp_enabled = r.u.totp_secret != NULL;
	store_user_release(&r.u);
	memcpy(out->token, token, TOKEN_CHARS + 1);
	token_csrf(token, out->csrf);

	expired = session_is_expired(now, r.s.last_seen_at, r.s.expires_at, lim);
	if (expired || now - r.s.last_seen_at >= touch_interval(lim)) {
		struct touch_job *t = xcalloc(1, sizeof(*t));

		t->id = r.s.id;
		t->now = now;
		t->expired = expired;
		t->job = (struct store_job){ .kind = STORE_TX_WRITE, .run = touch_body, .done = touch_done, .ctx = t };
		store_submit(store, &t->job);
		if (expired) {
			memset(out, 0, sizeof(*out));
			return 0;
		}
	}
	return 1;
}
