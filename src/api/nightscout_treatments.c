/*
 * Nightscout treatments and device status. A treatment is kept as an event
 * the client can read (a meal, a bolus, a sensor change, a note); its
 * carbohydrates and insulin are also stored as readings of those kinds. A
 * device status (the uploader's battery, the pump's) is kept as the latest
 * one on the device's card.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/measure.h"
#include "api/nightscout.h"
#include "api/run.h"
#include "measure/kinds.h"
#include "util/timeutil.h"

#define TREATMENTS_COUNT_MAX 1000
/* A device's status is shown, not read by Roer: kept as sent, up to this size. */
#define STATUS_MAX_BYTES 8192

/* The fields of a treatment that are kept, with the JSON type each must have (strings up to 500 characters). */
static const struct {
	const char *name;
	json_type type;
} treatment_fields[] = {
	{ "eventType", JSON_STRING }, { "notes", JSON_STRING }, { "enteredBy", JSON_STRING },
	{ "carbs", JSON_REAL }, { "insulin", JSON_REAL }, { "duration", JSON_REAL }, { "absolute", JSON_REAL },
	{ "rate", JSON_REAL }, { "percent", JSON_REAL }, { "glucose", JSON_REAL }, { "glucoseType", JSON_STRING },
	{ "units", JSON_STRING }, { "reason", JSON_STRING }, { "targetTop", JSON_REAL },
	{ "targetBottom", JSON_REAL }, { "protein", JSON_REAL }, { "fat", JSON_REAL },
};

struct treatment {
	int64_t at;                    /* milliseconds */
	char event_type[64];
	double carbs, insulin;         /* NaN: none */
	json_t *clean;                 /* owned */
};

struct post_state {
	struct treatment *list;
	size_t n;
	char error[160];
};

static void post_state_release(void *p)
{
	struct post_state *st = p;

	for (size_t i = 0; i < st->n; i++)
		json_decref(st->list[i].clean);
	free(st->list);
}

/* The time of a treatment: created_at (ISO), else date or mills (milliseconds). Returns 0 or -1. */
static int treatment_time(json_t *in, int64_t *at)
{
	const char *created = json_string_value(json_object_get(in, "created_at"));
	json_t *ms = json_object_get(in, "date") ? json_object_get(in, "date") : json_object_get(in, "mills");

	if (created)
		return time_parse_iso_ms(created, at);
	if (json_is_number(ms) && json_number_value(ms) > 0 && json_number_value(ms) < 1e15) {
		*at = (int64_t)json_number_value(ms);
		return 0;
	}
	return -1;
}

/* Checks a value that must lie within its kind's plausible range. Returns 0 or -1. */
static int plausible(const char *kind, double v)
{
	const struct measure_kind *k = measure_kind_find(kind);

	return k && v >= k->min && v <= k->max ? 0 : -1;
}

static int parse_treatment(json_t *in, size_t i, struct treatment *t, char *error, size_t size)
{
	json_t *v;

	t->carbs = t->insulin = NAN;
	if (!json_is_object(in))
		return snprintf(error, size, "treatment %zu: not an object", i), -1;
	if (treatment_time(in, &t->at))
		return snprintf(error, size, "treatment %zu: created_at (ISO 8601 with a zone) is required", i), -1;
	if (t->at > time_now() * 1000 + MEASURE_FUTURE_MS)
		return snprintf(error, size, "treatment %zu: created_at lies in the future", i), -1;
	t->clean = json_object();
	for (size_t f = 0; f < sizeof(treatment_fields) / sizeof(treatment_fields[0]); f++) {
		if (!(v = json_object_get(in, treatment_fields[f].name)) || json_is_null(v))
			continue;
		if (treatment_fields[f].type == JSON_STRING ? !json_is_string(v) || json_string_length(v) > 500
							    : !json_is_number(v) || !isfinite(json_number_value(v)))
			return snprintf(error, size, "treatment %zu: %s has the wrong type", i, treatment_fields[f].name), -1;
		json_object_set(t->clean, treatment_fields[f].name, v);
	}
	snprintf(t->event_type, sizeof(t->event_type), "%s",
		 json_is_string(json_object_get(t->clean, "eventType")) ? json_string_value(json_object_get(t->clean, "eventType"))
									 : "Note");
	if ((v = json_object_get(t->clean, "carbs")) && json_number_value(v) > 0) {
		if (plausible("carbohydrates", json_number_value(v)))
			return snprintf(error, size, "treatment %zu: carbs cannot be right", i), -1;
		t->carbs = json_number_value(v);
	}
	if ((v = json_object_get(t->clean, "insulin")) && json_number_value(v) > 0) {
		if (plausible("insulin", json_number_value(v)))
			return snprintf(error, size, "treatment %zu: insulin cannot be right", i), -1;
		t->insulin = json_number_value(v);
	}
	return 0;
}

static int parse_treatments(json_t *body, struct post_state *st)
{
	size_t n = json_is_array(body) ? json_array_size(body) : 1;

	if (json_is_array(body) && (!n || n > MEASURE_BATCH_MAX))
		return snprintf(st->error, sizeof(st->error), "send 1 to %d treatments at a time", MEASURE_BATCH_MAX), -1;
	if (!(st->list = calloc(n, sizeof(*st->list))))
		return snprintf(st->error, sizeof(st->error), "out of memory"), -1;
	for (size_t i = 0; i < n; i++, st->n++)
		if (parse_treatment(json_is_array(body) ? json_array_get(body, i) : body, i, &st->list[i], st->error,
				    sizeof(st->error)))
			return st->n++, -1;
	return 0;
}

/* Stores a value of a treatment as a reading of `kind`. */
static int store_value(struct request *req, struct store_tx *tx, const struct treatment *t, const char *kind,
		       double value, const char *unit)
{
	int64_t id;
	struct store_measurement m = {
		.client_id = req->device.client_id, .kind = kind, .taken_at = t->at, .source = "nightscout",
		.value = value, .value2 = NAN, .unit = unit, .entered_by = req->session.user_id, .via = "device",
		.device_id = req->device.id, .note = t->event_type, .created_at = time_now(),
	};

	return store_measurement_put(tx, &m, &id, NULL);
}

/* A treatment as Nightscout gives it back: its fields (o, owned) with _id, eventType, created_at and mills. */
static json_t *treatment_shown(json_t *o, int64_t id, int64_t at, const char *event_type)
{
	char _id[25], when[25];

	if (!json_is_object(o)) {
		json_decref(o);
		o = json_object();
	}
	nightscout_id(id, _id);
	time_format_iso_ms(at, when);
	json_object_set_new(o, "_id", json_string(_id));
	json_object_set_new(o, "eventType", json_string(event_type));
	json_object_set_new(o, "created_at", json_string(when));
	json_object_set_new(o, "mills", json_integer(at));
	return o;
}

static int post_body(struct request *req, struct store_tx *tx)
{
	struct post_state *st = req->state;
	const char *kinds[2];
	size_t n_kinds = 0;
	int carbs = 0, insulin = 0, rc;
	json_t *reply;

	if ((rc = measure_kinds_load(tx)) < 0)
		return api_failed(rc, "cannot read the measurement kinds");
	if (!st->list && !st->error[0])
		parse_treatments(req->json, st);
	for (size_t i = 0; i < st->n; i++) {
		carbs |= !isnan(st->list[i].carbs);
		insulin |= !isnan(st->list[i].insulin);
	}
	if (carbs)
		kinds[n_kinds++] = "carbohydrates";
	if (insulin)
		kinds[n_kinds++] = "insulin";
	if ((rc = nightscout_access(req, tx, ACCESS_CREATE, kinds, n_kinds, "nightscout/treatments")) != 1)
		return rc;
	if (st->error[0])
		return nightscout_error(req, 400, st->error), STORE_TX_UNDO;
	reply = json_array();
	for (size_t i = 0; i < st->n; i++) {
		const struct treatment *t = &st->list[i];
		char *data = json_dumps(t->clean, JSON_COMPACT);
		struct store_device_event e = { 0, req->device.client_id, req->device.id, t->at, t->event_type, data,
						time_now() };

		rc = data ? store_device_event_put(tx, &e, &e.id) : STORE_HARD_ERROR;
		free(data);
		if (rc >= 0 && !isnan(t->carbs))
			rc = store_value(req, tx, t, "carbohydrates", t->carbs, "g");
		if (rc >= 0 && !isnan(t->insulin))
			rc = store_value(req, tx, t, "insulin", t->insulin, "U");
		if (rc < 0) {
			json_decref(reply);
			return api_failed(rc, "cannot store the treatments");
		}
		json_array_append_new(reply, treatment_shown(json_deep_copy(t->clean), e.id, t->at, t->event_type));
	}
	if ((rc = store_device_used(tx, req->device.id, time_now())) < 0) {
		json_decref(reply);
		return api_failed(rc, "cannot note the device's use");
	}
	reply_json(req, 200, reply);
	return STORE_TX_KEEP;
}

int nightscout_treatments_post(struct request *req)
{
	request_state(req, sizeof(struct post_state), post_state_release);
	return api_run(req, STORE_TX_WRITE, post_body);
}

/* ---- GET treatments: newest first, `count` (default 10) ---- */

static int collect_event(const struct store_device_event *e, void *ctx)
{
	return json_array_append_new(ctx, treatment_shown(json_loads(e->data, 0, NULL), e->id, e->taken_at, e->event_type));
}

static unsigned count_of(struct request *req, unsigned max)
{
	const char *v = request_query(req, "count");
	long n = v ? strtol(v, NULL, 10) : 10;

	return n < 1 ? 10 : n > (long)max ? max : (unsigned)n;
}

static int treatments_get_body(struct request *req, struct store_tx *tx)
{
	json_t *list;
	int rc;

	if ((rc = nightscout_access(req, tx, ACCESS_READ, NULL, 0, "nightscout/treatments")) != 1)
		return rc;
	list = json_array();
	if ((rc = store_device_events_each(tx, req->device.client_id, 0, INT64_MAX, count_of(req, TREATMENTS_COUNT_MAX),
					   collect_event, list)) < 0) {
		json_decref(list);
		return api_failed(rc, "cannot read the treatments");
	}
	reply_json(req, 200, list);
	return STORE_TX_KEEP;
}

int nightscout_treatments_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, treatments_get_body);
}

/* ---- device status: the latest of what an uploader says of itself ---- */

static int status_post_body(struct request *req, struct store_tx *tx)
{
	json_t *body = req->json, *latest = NULL, *item, *reply;
	int64_t latest_at = 0;
	char *text;
	size_t i;
	int rc;

	if ((rc = nightscout_access(req, tx, ACCESS_CREATE, NULL, 0, "nightscout/devicestatus")) != 1)
		return rc;
	if (json_is_object(body)) {
		latest = body;
	} else {
		json_array_foreach(body, i, item) {
			int64_t at = 0;

			if (!json_is_object(item))
				return nightscout_error(req, 400, "each device status must be an object"), STORE_TX_UNDO;
			treatment_time(item, &at);
			if (!latest || at >= latest_at) {
				latest = item;
				latest_at = at;
			}
		}
	}
	if (!latest)
		return nightscout_error(req, 400, "no device status in the body"), STORE_TX_UNDO;
	if (!(text = json_dumps(latest, JSON_COMPACT)))
		return api_failed(STORE_HARD_ERROR, "cannot encode the status");
	if (strlen(text) > STATUS_MAX_BYTES) {
		free(text);
		return nightscout_error(req, 400, "a device status may be at most 8 KB"), STORE_TX_UNDO;
	}
	rc = store_device_set_status(tx, req->device.id, text, time_now());
	free(text);
	if (rc < 0 || (rc = store_device_used(tx, req->device.id, time_now())) < 0)
		return api_failed(rc, "cannot keep the device's status");
	reply = json_is_array(body) ? json_deep_copy(body) : json_pack("[O]", body);
	json_array_foreach(reply, i, item) {
		char _id[25];

		nightscout_id(req->device.id, _id);
		json_object_set_new(item, "_id", json_string(_id));
	}
	reply_json(req, 200, reply);
	return STORE_TX_KEEP;
}

int nightscout_devicestatus_post(struct request *req)
{
	return api_run(req, STORE_TX_WRITE, status_post_body);
}

static int collect_status(const struct store_device *d, void *ctx)
{
	json_t *o;
	char _id[25], when[25];

	if (!d->status || d->revoked_at)
		return 0;
	/* Loaded before the test: json_is_object() is a macro that reads its argument twice. */
	o = json_loads(d->status, 0, NULL);
	if (!json_is_object(o)) {
		json_decref(o);
		return 0;
	}
	nightscout_id(d->id, _id);
	json_object_set_new(o, "_id", json_string(_id));
	if (!json_object_get(o, "created_at")) {
		time_format_iso_ms(d->status_at * 1000, when);
		json_object_set_new(o, "created_at", json_string(when));
	}
	return json_array_append_new(ctx, o);
}

static int status_get_body(struct request *req, struct store_tx *tx)
{
	json_t *list;
	int rc;

	if ((rc = nightscout_access(req, tx, ACCESS_READ, NULL, 0, "nightscout/devicestatus")) != 1)
		return rc;
	list = json_array();
	if ((rc = store_devices_each(tx, req->device.client_id, 0, collect_status, list)) < 0) {
		json_decref(list);
		return api_failed(rc, "cannot read the device status");
	}
	reply_json(req, 200, list);
	return STORE_TX_KEEP;
}

int nightscout_devicestatus_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, status_get_body);
}
