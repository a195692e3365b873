#ifndef ROER_AUTH_SESSION_H
#define ROER_AUTH_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "auth/token.h"

struct store;
struct store_tx;

/* A live session: the token comes from the cookie and is never stored. */
struct session_info {
	int64_t id;
	int64_t user_id;              /* 0: no session */
	unsigned roles;
	bool totp_enabled;
	char token[TOKEN_CHARS + 1];
	char csrf[TOKEN_CHARS + 1];   /* derived from the token */
};

struct session_limits {
	unsigned idle_seconds;
	unsigned absolute_seconds;
};

/* Starts a session for user_id in tx with a new random token. Returns STORE_ONE or < 0. */
int session_start(struct store_tx *tx, int64_t user_id, int64_t now, const struct session_limits *lim,
		  struct session_info *out);

/*
 * Looks up the session of `token`. Returns 1 and fills *out when it is live
 * (noting activity at most every few seconds), 0 when it is unknown, idle
 * too long or past its end (an expired one is removed), < 0 on a store error.
 */
int session_resolve(struct store *store, const char *token, int64_t now, const struct session_limits *lim,
		    struct session_info *out);

/* 1 when a session idle since last_seen, started at created (absolute end expires_at), is over. */
int session_is_expired(int64_t now, int64_t last_seen, int64_t expires_at, const struct session_limits *lim);

#endif
