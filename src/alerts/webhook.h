#ifndef ROER_ALERTS_WEBHOOK_H
#define ROER_ALERTS_WEBHOOK_H

/*
 * The installation's optional outgoing webhook: every event (an alert
 * raised about a client) becomes one signed HTTP POST to --webhook-url,
 * for the care organisation's own SMS, e-mail or alarm service.
 *
 * Durable by the outbox pattern: webhook_enqueue writes the event into the
 * caller's write transaction, so it is sent if and only if what it tells
 * of was committed, and it stays in the store until delivered or given up,
 * across restarts. One delivery thread sends pending deliveries one at a
 * time (the due one with the lowest id first), retries failures with
 * exponential back-off and logs every attempt. Delivery is at least once:
 * a receiver de-duplicates by the delivery id. docs/api.md ("Webhook")
 * describes what a receiver gets and how it checks the signature.
 *
 * Lifetime: webhook_start() once the store is open, before requests are
 * served; webhook_stop() after the last request finished and before the
 * store is closed. Without a --webhook-url, webhook_start starts nothing
 * and webhook_enqueue stores nothing.
 */

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct config;
struct store;
struct store_tx;

/* The shortest shared secret accepted, in bytes (that of the HMAC-SHA256 key it becomes). */
#define WEBHOOK_SECRET_MIN 32
/* The longest wait between two attempts, however many failed. */
#define WEBHOOK_BACKOFF_MAX 3600

/*
 * Adds an event to the outbox inside the caller's write transaction `tx`
 * (call it from a store body; run it again with the body when the body is
 * run again). `event` names it ("alert.raised"); `payload` (borrowed) must
 * be a JSON object and becomes the body's "data": keep it minimal (see
 * docs/security.md), it leaves the installation. `now` is the event's time
 * (time_now()). The delivery thread is woken after the commit (see
 * webhook_kick).
 * Returns 0 (also when no webhook is configured: then nothing is stored),
 * or a negative enum store_status for the body to return.
 */
int webhook_enqueue(struct store_tx *tx, const char *event, const json_t *payload, int64_t now);

/*
 * Tells the delivery thread that a delivery was committed, so that it is
 * sent now instead of at the next poll (within a second). Safe from any
 * thread, at any time, with or without a webhook configured. The store's
 * commit hook (store_on_commit, added by webhook_start) already calls it
 * after every commit that followed a webhook_enqueue, so callers in a
 * store body need not; it is for anything that adds deliveries otherwise.
 */
void webhook_kick(void);

/*
 * Reads the secret file of cfg (at least WEBHOOK_SECRET_MIN bytes once a
 * final line break is taken off) and starts the delivery thread for
 * cfg->webhook_url over store s; does nothing and returns 0 when no URL is
 * set. s and cfg are borrowed until webhook_stop(). Returns 0, or -1 after
 * printing why (never the secret).
 */
int webhook_start(struct store *s, const struct config *cfg);

/*
 * Stops the delivery thread: an attempt in flight is abandoned within about
 * a second (logged as a failed attempt, so it is retried after a restart);
 * what is pending stays in the outbox. Forgets the secret. Harmless when
 * nothing was started. webhook_enqueue goes on storing events after it
 * (with a URL configured), to be sent after the next start: an event
 * raised during shutdown is kept, not lost.
 */
void webhook_stop(void);

/* ---- the parts below are pure, for the loop and the unit tests ---- */

/* Seconds to wait after failed attempt number n (1 for the first): retry * 2^(n-1), at most WEBHOOK_BACKOFF_MAX. */
int64_t webhook_backoff(unsigned retry_seconds, int64_t n);

/* "sha256=" and 64 hex digits and a NUL. */
#define WEBHOOK_SIGNATURE_SIZE (7 + 64 + 1)

/*
 * The X-Roer-Signature value of a body sent at `timestamp`:
 * "sha256=" and the lowercase hex HMAC-SHA256 under the secret of
 * "<timestamp>.<body>" (the timestamp in decimal). Everything is borrowed.
 */
void webhook_signature(const void *secret, size_t secret_len, int64_t timestamp, const char *body, size_t body_len,
		       char out[WEBHOOK_SIGNATURE_SIZE]);

/*
 * Builds the body sent for a delivery: {"id", "event", "created_at" (ISO
 * 8601 UTC), "data": the payload}. Returns a malloc'ed string the caller
 * frees, or NULL after printing why (a payload that is not a JSON object).
 */
char *webhook_body(int64_t id, const char *event, int64_t created_at, const char *payload);

/*
 * `roer webhooks`: prints the last `limit` deliveries of store s, newest
 * first, each with its attempts, for an operator. Returns 0 or -1.
 */
int webhook_report(struct store *s, unsigned limit, FILE *out);

#endif
