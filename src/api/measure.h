#ifndef ROER_API_MEASURE_H
#define ROER_API_MEASURE_H

/*
 * Measuring at home in the API: what a reading sent in may hold, how a
 * reading and a range are shown, and the handlers of the routes under
 * /api/v1/measurement-kinds and /api/v1/clients/{client}/measurements,
 * targets and devices (docs/api.md).
 */

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "api/fields.h"
#include "store/measurements.h"

struct measure_kind;
struct request;
struct store_tx;

/* At most this many readings in one request: stored in one transaction, all or nothing. */
#define MEASURE_BATCH_MAX 1000
/* A reading may be taken at most this far in the future (clocks of phones and meters drift). */
#define MEASURE_FUTURE_MS (10 * 60 * 1000)

/* A reading sent in, checked and in the kind's stored unit. */
struct reading_input {
	const struct measure_kind *kind;
	int64_t taken_at;             /* milliseconds */
	double value, value2;         /* value2 NaN when the kind has none */
	char unit[16];                /* as entered */
	char *note;                   /* owned; NULL: none */
	double pulse;                 /* blood pressure meters give the pulse too; NaN: none */
};

/*
 * Checks reading object `in` (fields kind, taken_at, value, value2, unit,
 * note, pulse; see docs/api.md) at time now_ms. Field paths in *err start
 * with `prefix` ("" or "readings[3]."). Returns 0 with *out filled
 * (release it), or 1 with *err filled. The catalogue must be loaded.
 */
int reading_parse(json_t *in, int64_t now_ms, const char *prefix, struct reading_input *out, struct field_error *err);
void reading_input_release(struct reading_input *r);

/* The client's ranges, read once per request to show each reading against them. */
struct measure_targets {
	struct store_measurement_target *list;   /* kinds owned (copied) */
	size_t n;
};
int measure_targets_read(struct store_tx *tx, int64_t client_id, struct measure_targets *out);
void measure_targets_release(struct measure_targets *t);
const struct store_measurement_target *measure_target_of(const struct measure_targets *t, const char *kind);

/* "low", "high" or "in_range" against the range (NULL: there is no range for it). */
const char *measure_flag(const struct store_measurement_target *t, double value, double value2);

/* A reading as the API shows it (docs/api.md), with its flag against `t` (may be NULL). */
json_t *reading_json(const struct store_measurement *m, const struct store_measurement_target *t);

/* A number in JSON rounded to `decimals` (NaN: null). */
json_t *measure_number(double v, int decimals);

/* *out gets the client's readings, ranges and devices for their export (owned). Returns 0 or < 0. */
int measurements_export(struct store_tx *tx, int64_t client_id, json_t **out);
/*
 * The client's wounds for their export, each with its photos' facts and the
 * address to fetch each photo at (the photos themselves are not in the JSON:
 * a year of phone photos would not fit one reply). *out is the caller's.
 */
int wounds_export(struct store_tx *tx, int64_t client_id, json_t **out);

int api_measurement_kinds_get(struct request *req);
int api_measurements_get(struct request *req);
int api_measurements_post(struct request *req);
int api_measurement_delete(struct request *req);
int api_measurements_latest_get(struct request *req);
int api_measurement_series_get(struct request *req);
int api_metrics_get(struct request *req);
int api_targets_get(struct request *req);
int api_targets_put(struct request *req);
int api_devices_get(struct request *req);
int api_devices_post(struct request *req);
int api_device_delete(struct request *req);

#endif
