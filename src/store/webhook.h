#ifndef ROER_STORE_WEBHOOK_H
#define ROER_STORE_WEBHOOK_H

/*
 * The outgoing webhook's outbox and its attempts log in the store
 * (backend-neutral; SQLite in store/sqlite/webhook.c). The delivery loop
 * and its rules are in alerts/webhook.c; this only keeps the rows.
 *
 * A delivery is pending while it is neither delivered nor given up; it is
 * due once next_at has come. Times are seconds since the epoch.
 */

#include <stdint.h>

#include "store/store.h"

struct store_webhook {
	int64_t id;
	const char *event;          /* "alert.raised" */
	const char *payload;        /* a JSON object, as text */
	int64_t created_at;
	int64_t attempts;           /* made so far */
	int64_t next_at;            /* due from then on (while pending) */
	int64_t delivered_at;       /* 0: not delivered */
	int64_t gave_up_at;         /* 0: not given up */
};

struct store_webhook_attempt {
	int64_t outbox_id;
	int64_t at;
	int64_t attempt;            /* 1 for the first */
	int status;                 /* the reply's HTTP status; 0 when no reply came */
	const char *error;          /* why no reply came (NULL when one came) */
	int64_t duration_ms;
};

/* Callbacks get rows whose strings live only during the call; a negative return stops with an error. */
typedef int (*store_webhook_fn)(const struct store_webhook *w, void *ctx);
typedef int (*store_webhook_attempt_fn)(const struct store_webhook_attempt *a, void *ctx);

/* Adds a pending delivery, due at once (next_at = now); *id gets its id. STORE_ONE or < 0. */
int store_webhook_insert(struct store_tx *tx, const char *event, const char *payload, int64_t now, int64_t *id);

/*
 * Calls fn for the pending delivery due at `now` with the lowest id:
 * STORE_ONE, or STORE_NONE when none is due. *next_at gets when the
 * earliest pending delivery is due (whether due now or later; 0 when none
 * is pending), so that one read tells the loop both what to send and how
 * long it may sleep.
 */
int store_webhook_next_due(struct store_tx *tx, int64_t now, store_webhook_fn fn, void *ctx, int64_t *next_at);

/*
 * Records an attempt at a pending delivery and the delivery's new state:
 * attempts becomes a->attempt, and exactly one of delivered_at, gave_up_at
 * (the time) or next_at (the next due time) is set; the other two are 0.
 * STORE_ONE, STORE_NONE when the delivery is not pending (any more), or < 0.
 */
int store_webhook_record(struct store_tx *tx, const struct store_webhook_attempt *a, int64_t delivered_at,
			 int64_t gave_up_at, int64_t next_at);

/* Calls fn for up to `limit` deliveries, newest first. STORE_ONE, STORE_NONE when there are none, or < 0. */
int store_webhooks_each(struct store_tx *tx, unsigned limit, store_webhook_fn fn, void *ctx);

/* Calls fn for each attempt at one delivery, first first. STORE_ONE, STORE_NONE or < 0. */
int store_webhook_attempts_each(struct store_tx *tx, int64_t outbox_id, store_webhook_attempt_fn fn, void *ctx);

#endif
