#ifndef ROER_STORE_MEASUREMENTS_H
#define ROER_STORE_MEASUREMENTS_H

/*
 * Measuring at home, in the store: the catalogue of kinds, readings, the
 * client's own ranges and the devices that send readings. Backend-neutral
 * like store.h (the SQLite backend is store/sqlite/measurements.c). A value
 * that may be absent is a double that is NaN when it is.
 */

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* One kind of the catalogue (see migration 0016); strings live during the callback only. */
struct store_measurement_kind {
	const char *code;
	const char *unit;            /* the unit values are stored in */
	int decimals;
	double min, max;             /* plausible range of the value */
	const char *value2;          /* the second value's name ("diastolic"), or NULL */
	double min2, max2;
	int every_min, every_max;    /* minutes between readings of a continuous kind; 0: not continuous */
	double suggest_low, suggest_high, suggest_low2, suggest_high2;  /* NaN: no suggestion */
	const char *suggest_source;  /* NULL without a suggestion */
	const char *loinc, *loinc2;  /* NULL: no fitting code */
};

/* Calls fn for each kind in the pages' order. */
int store_measurement_kinds_each(struct store_tx *tx, int (*fn)(const struct store_measurement_kind *k, void *ctx),
				 void *ctx);
/* Calls fn for each unit a kind accepts on input, with the factor to its stored unit. */
int store_measurement_units_each(struct store_tx *tx,
				 int (*fn)(const char *kind, const char *unit, double factor, void *ctx), void *ctx);

struct store_measurement {
	int64_t id;
	int64_t client_id;
	const char *kind;
	int64_t taken_at;            /* milliseconds since 1970, UTC */
	const char *source;          /* "manual" or "device/<id>" */
	double value;
	double value2;               /* NaN: none */
	const char *unit;            /* as entered */
	int64_t entered_by;          /* the person, or whose device sent it */
	const char *via;             /* "client", "member" or "device" */
	int64_t device_id;           /* 0: none */
	const char *note;            /* NULL: none */
	const char *extra;           /* JSON object text, or NULL */
	int64_t created_at;          /* seconds */
};

/*
 * Stores a reading, or replaces the one with the same client, kind, time
 * and source (a retry stores nothing twice). *id gets its id (the same as
 * before when it replaced one); *previous, when not NULL, gets the value it
 * replaced (NaN: it is new). Returns STORE_ONE or < 0.
 */
int store_measurement_put(struct store_tx *tx, const struct store_measurement *m, int64_t *id, double *previous);

/*
 * Removes a reading: STORE_ONE, or STORE_NONE when the client has no
 * reading with that id. *kind (at most 32 bytes), *taken_at and *value get
 * what it was, for those who keep sums of the values.
 */
int store_measurement_remove(struct store_tx *tx, int64_t client_id, int64_t id, char kind[32], int64_t *taken_at,
			     double *value);

/*
 * A page of one kind's readings of one client, newest first: taken in
 * [from, to) (milliseconds; 0: no bound), and, when before_at is not 0,
 * after (before_at, before_source) in that order (keyset paging).
 */
struct store_measurement_query {
	int64_t client_id;
	const char *kind;
	int64_t from, to;
	int64_t before_at;
	const char *before_source;
	unsigned limit;
	bool oldest_first;           /* in time order instead, from `from` on (before_* unused) */
};

/* Calls fn for each reading of the page. Returns how many (>= 0) or < 0. */
int store_measurements_each(struct store_tx *tx, const struct store_measurement_query *q,
			    int (*fn)(const struct store_measurement *m, void *ctx), void *ctx);
/* One stretch of time of a series, summed up (for a chart that shows fewer points than there are readings). */
struct store_measurement_bucket {
	int64_t from, to;            /* milliseconds, [from, to) */
	int64_t count;
	double min, max, mean;
	double min2, max2, mean2;    /* NaN for a kind with one value */
};

/*
 * Calls fn, in time order, for each stretch of `width` milliseconds from
 * `from` up to `to` that holds readings of the client's kind (empty
 * stretches are left out). Returns how many (>= 0) or < 0.
 */
int store_measurement_buckets(struct store_tx *tx, int64_t client_id, const char *kind, int64_t from, int64_t to,
			      int64_t width, int (*fn)(const struct store_measurement_bucket *b, void *ctx), void *ctx);

/* Calls fn with the newest reading of each kind the client has, in the catalogue's order. */
int store_measurements_latest(struct store_tx *tx, int64_t client_id,
			      int (*fn)(const struct store_measurement *m, void *ctx), void *ctx);

/* The client's own range for a kind; NaN bounds are open. */
struct store_measurement_target {
	const char *kind;
	double low, high, low2, high2;
	int64_t set_by;
	const char *set_by_name;     /* filled by reads; NULL when the account is gone */
	int64_t set_at;
};

/* Sets (replaces) the client's range for t->kind. */
int store_measurement_target_set(struct store_tx *tx, int64_t client_id, const struct store_measurement_target *t);
/* Removes it: STORE_ONE or STORE_NONE. */
int store_measurement_target_remove(struct store_tx *tx, int64_t client_id, const char *kind);
/* Calls fn for each of the client's ranges (kind NULL), or the one of `kind`; returns STORE_ONE, STORE_NONE or < 0. */
int store_measurement_targets_each(struct store_tx *tx, int64_t client_id, const char *kind,
				   int (*fn)(const struct store_measurement_target *t, void *ctx), void *ctx);

/* A connected device. Its token is never stored, only hashes of it. */
struct store_device {
	int64_t id;
	int64_t client_id;
	const char *name;
	const char *kinds;           /* JSON array of kind codes */
	int64_t created_by;
	int64_t created_at;
	int64_t last_used_at;        /* 0: never */
	int64_t revoked_at;          /* 0: in use */
	const char *status;          /* JSON object text of its last status, or NULL */
	int64_t status_at;
};

/* The forms of a device's secret a request may carry, each stored as its own hash. */
enum store_device_secret { DEVICE_SECRET_TOKEN, DEVICE_SECRET_SHA1, DEVICE_SECRET_SHA512 };

int store_device_insert(struct store_tx *tx, const struct store_device *d, const unsigned char token_hash[32],
			const unsigned char sha1_hash[32], const unsigned char sha512_hash[32], int64_t *id);
/* Calls fn for the device (revoked or not) whose secret in form `form` has this hash: STORE_ONE or STORE_NONE. */
int store_device_by_hash(struct store_tx *tx, enum store_device_secret form, const unsigned char hash[32],
			 int (*fn)(const struct store_device *d, void *ctx), void *ctx);
/* Calls fn for each of the client's devices (id 0) or the one with that id: STORE_ONE, STORE_NONE or < 0. */
int store_devices_each(struct store_tx *tx, int64_t client_id, int64_t id,
		       int (*fn)(const struct store_device *d, void *ctx), void *ctx);
/* Revokes a device in use: STORE_ONE, or STORE_NONE when there is no such device in use. */
int store_device_revoke(struct store_tx *tx, int64_t client_id, int64_t id, int64_t now);
/* Notes that a device was used now. */
int store_device_used(struct store_tx *tx, int64_t id, int64_t now);
/* Keeps the device's latest status (JSON object text). */
int store_device_set_status(struct store_tx *tx, int64_t id, const char *status, int64_t now);

/* A day of a glucose sensor's readings summed up (the fields of struct glucose_day, measure/glucose_metrics.h). */
struct store_glucose_day {
	int64_t day;                 /* local day number (measure/local_time.h) */
	int64_t count, sum, sum_sq;
	int64_t band[5];             /* very low, low, in range, high, very high */
};

/* Reads one day (*out zeroed with its day set when there is none yet): STORE_ONE or STORE_NONE. */
int store_glucose_day_get(struct store_tx *tx, int64_t client_id, const char *kind, int64_t day,
			  struct store_glucose_day *out);
/* Writes one day (replacing it). */
int store_glucose_day_put(struct store_tx *tx, int64_t client_id, const char *kind, const struct store_glucose_day *d);
/* Calls fn for each stored day in [from_day, to_day], in order. Returns how many or < 0. */
int store_glucose_days_each(struct store_tx *tx, int64_t client_id, const char *kind, int64_t from_day, int64_t to_day,
			    int (*fn)(const struct store_glucose_day *d, void *ctx), void *ctx);
/* The first and last time (ms) of the client's readings of `kind` in [from, to): STORE_ONE, or STORE_NONE when none. */
int store_measurement_span(struct store_tx *tx, int64_t client_id, const char *kind, int64_t from, int64_t to,
			   int64_t *first, int64_t *last);

/* An event a device sent besides values (a Nightscout treatment). */
struct store_device_event {
	int64_t id;
	int64_t client_id;
	int64_t device_id;           /* 0: none */
	int64_t taken_at;            /* milliseconds */
	const char *event_type;
	const char *data;            /* JSON object text, as sent (cleaned) */
	int64_t created_at;
};

/* Stores an event, or replaces the one of the same client, type and time. *id gets its id. */
int store_device_event_put(struct store_tx *tx, const struct store_device_event *e, int64_t *id);
/* Calls fn for up to `limit` of the client's events taken in [from, to), newest first. Returns how many or < 0. */
int store_device_events_each(struct store_tx *tx, int64_t client_id, int64_t from, int64_t to, unsigned limit,
			     int (*fn)(const struct store_device_event *e, void *ctx), void *ctx);

#endif
