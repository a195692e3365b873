#ifndef ROER_STORE_DAILY_LIFE_H
#define ROER_STORE_DAILY_LIFE_H

/*
 * Daily-life signals of home sensors and the client's own thresholds, in
 * the store (backend-neutral; SQLite in store/sqlite/daily_life.c). What
 * the signals mean is measure/daily_life.h's business, not the store's.
 */

#include <stdint.h>

#include "store/store.h"

struct store_daily_signal {
	int64_t id;
	int64_t client_id;
	int64_t at;                  /* milliseconds UTC */
	const char *type;            /* one of measure/daily_life.h's type names */
	const char *place;           /* the client's name for the room, 1 to 60 characters */
	int64_t device_id;           /* 0: sent by a person */
	int64_t created_at;          /* seconds */
};

/*
 * Stores a signal unless the same one (client, at, type, place) is there
 * already: STORE_ONE when it was new, STORE_NONE for a retry, or < 0.
 */
int store_daily_signal_put(struct store_tx *tx, const struct store_daily_signal *s);

/*
 * Calls fn for each of the client's signals with from_ms <= at < to_ms,
 * ordered by (at, id), starting after the row (after_at, after_id) when
 * after_id > 0 (a keyset page), at most `limit` rows (0: all). The
 * strings are borrowed for the call. fn returns < 0 to stop with a hard
 * error. Returns the number of rows given, or < 0.
 */
int store_daily_signals_each(struct store_tx *tx, int64_t client_id, int64_t from_ms, int64_t to_ms,
			     int64_t after_at, int64_t after_id, unsigned limit,
			     int (*fn)(const struct store_daily_signal *s, void *ctx), void *ctx);

/*
 * Calls fn with the id of each client who has any signal at or after
 * since_ms (the scheduler's list of clients worth checking). Returns the
 * number of clients, or < 0.
 */
int store_daily_clients_since(struct store_tx *tx, int64_t since_ms, int (*fn)(int64_t client_id, void *ctx),
			      void *ctx);

/* The client's own thresholds; -1 in a field means "learned" (NULL in the store). */
struct store_daily_settings {
	int64_t first_activity_by;   /* minutes after local midnight */
	int64_t kitchen_by;          /* minutes after local midnight */
	int64_t nights_out_max;      /* times out of bed in one night */
	int64_t night_minutes_max;   /* minutes of the longest time out of bed at night */
	int64_t silent_minutes;      /* minutes without any signal in the daytime */
	int64_t bathroom_minutes_max;/* minutes of one visit to the bathroom */
	int64_t changed_by, changed_at;
};

/* Reads the client's thresholds: STORE_ONE, or STORE_NONE with every field -1 (all learned), or < 0. */
int store_daily_settings_get(struct store_tx *tx, int64_t client_id, struct store_daily_settings *out);
/* Stores the client's thresholds (all of them, -1 for learned). Returns STORE_ONE or < 0. */
int store_daily_settings_put(struct store_tx *tx, int64_t client_id, const struct store_daily_settings *s);

#endif
