#ifndef ROER_ALERTS_ENGINE_H
#define ROER_ALERTS_ENGINE_H

/*
 * The alert engine: the client's rules meet the client's data, inside the
 * transaction that stores the data (or the scheduler's), so an alert
 * commits with the reading that raised it or not at all.
 *
 * Rules are evaluated as data arrives, from what each rule remembers (a
 * streak of readings out of range, whether it is armed, the newest reading
 * it saw), never by rescanning history. A rule fires once: it is disarmed
 * when it fires and armed again when a reading is back to normal, and it
 * raises nothing while an alert of its own is not closed. Alerts the
 * scheduler raises (a missing value, a day that goes differently) carry a
 * key that makes each one once.
 *
 * Raising tells the first person of the chain at once: whoever is on duty,
 * then the rule's receivers in their order, only those who hold the alerts
 * right now. The scheduler tells the next one when nobody took it up in
 * the rule's minutes; the last step can be everyone. Telling is a receipt,
 * a notification and a live event, all in the same transaction.
 */

#include <jansson.h>
#include <stdint.h>

#include "store/alerts.h"
#include "store/store.h"

struct store_measurement_target;

/* Readings just stored (not retries of ones already there), gathered while a request stores them. */
struct alert_news {
	struct alert_reading {
		char kind[32];
		int64_t taken_at_ms;
		double value, value2;
	} *list;
	size_t n, cap;
};

/* Notes a new reading. Returns 0 or -1 (out of memory). */
int alert_news_add(struct alert_news *news, const char *kind, int64_t taken_at_ms, double value, double value2);
void alert_news_release(struct alert_news *news);

/*
 * Evaluates the client's rules against the new readings, oldest first, and
 * raises what fires; saves what the rules remember. One read of the
 * client's rules when there is news, nothing more when there are no rules.
 * Returns 0 or < 0 (a store status).
 */
int alerts_evaluate_news(struct store_tx *tx, int64_t client_id, struct alert_news *news, int64_t now);

/*
 * Raises an alert of rule `rule` with `details` (a JSON object: "code" and
 * the figures of its words; borrowed) and `dedupe_key` (NULL: only the
 * open-alert guard), by `actor` (0: Roer itself). *id gets the alert's id,
 * or 0 when nothing was raised (snoozed, already raised, or open). Returns
 * 0 or < 0.
 */
int alerts_raise(struct store_tx *tx, const struct store_alert_rule *rule, json_t *details, const char *dedupe_key,
		 int64_t actor, int64_t now, int64_t *id);

/* The next escalation step of a due alert. Returns 0 or < 0. */
int alerts_escalate(struct store_tx *tx, const struct store_alert *a, int64_t now);

/* A missing rule whose time has come: raises its alert and clears its due time. Returns 0 or < 0. */
int alerts_missing_due(struct store_tx *tx, const struct store_alert_rule *rule, int64_t now);

/*
 * Tells everyone told of alert `a` and the client that it changed (event
 * `name`: "alert.acknowledged", "alert.closed"), as a live event and, to
 * those who were told, a notification. Returns 0 or < 0.
 */
int alerts_tell_change(struct store_tx *tx, int64_t client_id, int64_t alert_id, const char *name, int64_t actor,
		       int64_t now);

/* An alert as the API shows it (docs/api.md), with who was told (read in tx). NULL when the store failed. */
json_t *alert_json(struct store_tx *tx, const struct store_alert *a);

#endif
