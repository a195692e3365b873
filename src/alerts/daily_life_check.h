#ifndef ROER_ALERTS_DAILY_LIFE_CHECK_H
#define ROER_ALERTS_DAILY_LIFE_CHECK_H

/*
 * Looking along at a distance, for the alert engine: reads a client's
 * daily-life signals and thresholds from the store and judges today as of
 * now (measure/daily_life.h says what each deviation means). It raises
 * nothing itself: the scheduler calls daily_life_check periodically for
 * the clients that have a daily-life alert rule, and raises each deviation
 * under its key (one per local day and code), so an alert comes once
 * however often it checks. Cheap by design: one indexed range read of 28
 * days and today, never the whole history.
 */

#include <stdint.h>

#include "measure/daily_life.h"
#include "store/store.h"

/*
 * Reads what judging local day `day` as of now_ms needs: the client's
 * signals from the start of day - DAILY_LIFE_HISTORY_DAYS up to the end of
 * `day` or now_ms, whichever is first, into *l (which must be empty;
 * the caller releases it), and their own thresholds into *s. Returns 0,
 * or a store status < 0 (logged; *l may hold some signals).
 */
int daily_life_load(struct store_tx *tx, int64_t client_id, int64_t day, int64_t now_ms,
		    struct daily_life_signals *l, struct daily_life_settings *s);

/*
 * Judges the client's local today as of now_ms (milliseconds UTC) and
 * calls raise(d, ctx) for each current deviation, in the order of enum
 * daily_life_code; *d is valid during the call only (copy what you keep).
 * A raise returning < 0 stops the check with that value. Nothing is
 * raised while Roer is still learning the usual day, unless the client
 * set a threshold. Returns the number of deviations raised (0 or more),
 * a store status < 0, or what raise returned.
 */
int daily_life_check(struct store_tx *tx, int64_t client_id, int64_t now_ms,
		     int (*raise)(const struct daily_life_deviation *d, void *ctx), void *ctx);

/*
 * Calls fn with each client that has any signal in the last 2 days before
 * now_ms: the ones worth checking (a silent house for longer than that is
 * a sensor that stopped, not a day to judge). fn returns < 0 to stop.
 * Returns the number of clients, or < 0.
 */
int daily_life_clients(struct store_tx *tx, int64_t now_ms, int (*fn)(int64_t client_id, void *ctx), void *ctx);

#endif
