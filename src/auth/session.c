#include "auth/session.h"

#include <string.h>

#include "store/store.h"
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

int session_resolve(struct store *store, const char *token, int64_t now, const struct session_limits *lim,
		    struct session_info *out)
{
	struct store_session s;
	struct store_user u;
	struct store_tx *tx;
	unsigned char hash[TOKEN_HASH_BYTES];
	int rc;

	memset(out, 0, sizeof(*out));
	if (!token || !token_is_wellformed(token))
		return 0;
	token_hash(token, hash);
	if (!(tx = store_begin(store, STORE_TX_READ)))
		return -1;
	rc = store_session_by_hash(tx, hash, &s);
	if (rc == STORE_ONE)
		rc = store_user_by_id(tx, s.user_id, &u);
	store_rollback(tx);
	if (rc < 0)
		return rc;
	if (rc == STORE_NONE)
		return 0;

	out->id = s.id;
	out->user_id = s.user_id;
	out->roles = u.roles;
	out->totp_enabled = u.totp_secret != NULL;
	store_user_release(&u);
	memcpy(out->token, token, TOKEN_CHARS + 1);
	token_csrf(token, out->csrf);

	if (session_is_expired(now, s.last_seen_at, s.expires_at, lim) ||
	    now - s.last_seen_at >= touch_interval(lim)) {
		int expired = session_is_expired(now, s.last_seen_at, s.expires_at, lim);

		if (!(tx = store_begin(store, STORE_TX_WRITE)))
			return -1;
		rc = expired ? store_session_delete(tx, s.id) : store_session_touch(tx, s.id, now);
		if (rc < 0) {
			store_rollback(tx);
			return rc;
		}
		if (store_commit(tx) < 0)
			return -1;
		if (expired) {
			memset(out, 0, sizeof(*out));
			return 0;
		}
	}
	return 1;
}
