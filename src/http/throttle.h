#ifndef ROER_HTTP_THROTTLE_H
#define ROER_HTTP_THROTTLE_H

#include <stdint.h>

/*
 * In-memory counters keyed by a string (an account's email, an address, a
 * session), safe to use from several threads. Time is passed in (monotonic
 * milliseconds) so the rules can be unit-tested.
 *
 * The table holds at most `capacity` keys; when it is full the entry used
 * longest ago is dropped, so memory stays bounded whatever is sprayed at it.
 * Counters do not survive a restart: a restart also ends every lock.
 */
struct throttle;

struct throttle *throttle_new(unsigned capacity);
void throttle_free(struct throttle *t);

struct failure_rule {
	unsigned slow_after;    /* from this many failures on, each try waits 2^(n - slow_after) s (max 60) */
	unsigned lock_after;    /* from this many failures on, refused until lock_seconds after the last */
	unsigned lock_seconds;  /* also how long failures are remembered */
};

/* Seconds `key` must still wait before its next try; 0 when it may try now. */
unsigned throttle_failure_wait(struct throttle *t, const char *key, int64_t now_ms,
			       const struct failure_rule *rule);
/* Counts a failure for `key`. */
void throttle_failure_add(struct throttle *t, const char *key, int64_t now_ms,
			  const struct failure_rule *rule);
/* Forgets `key`'s failures (after a successful login). */
void throttle_failure_clear(struct throttle *t, const char *key);

/*
 * Fixed-window rate limit: takes one of `limit` uses per `window_seconds`
 * for `key`. Returns 0 when taken, otherwise the seconds until the window
 * opens again (nothing taken).
 */
unsigned throttle_take(struct throttle *t, const char *key, int64_t now_ms, unsigned limit,
		       unsigned window_seconds);

#endif
