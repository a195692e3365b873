/*
 * Nightscout entries: glucose from a sensor (`sgv`) and from a meter
 * (`mbg`), in mg/dL as uploaders send them, stored as readings of `cgm` and
 * `glucose` in mmol/L. Upserted per client on (type, date): an uploader's
 * retry stores nothing twice, and neither do two uploaders of one sensor.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/engine.h"
#include "api/api.h"
#include "api/common.h"
#include "api/glucose_days.h"
#include "api/measure.h"
#include "api/nightscout.h"
#include "api/run.h"
#include "measure/kinds.h"
#include "util/timeutil.h"

/* The unit of Nightscout's numbers, and ours. */
#define MG_DL_PER_MMOL 18.0
/* Below this a Dexcom `sgv` is a status code of the sensor, not a glucose value. */
#define SGV_STATUS_BELOW 40
/* Readings are stored under this source, whichever uploader sent them, so (type, date) is one reading. */
#define NIGHTSCOUT_SOURCE "nightscout"
/* The most entries one GET returns. */
#define ENTRIES_COUNT_MAX 10000

/* Fields of an entry kept with the reading (and given back), with the JSON type each must have. */
static const struct {
	const char *name;
	json_type type;
} kept_fields[] = {
	{ "direction", JSON_STRING }, { "device", JSON_STRING }, { "noise", JSON_INTEGER },
	{ "filtered", JSON_REAL }, { "unfiltered", JSON_REAL }, { "rssi", JSON_INTEGER },
	{ "utcOffset", JSON_INTEGER }, { "trend", JSON_INTEGER },
};

enum entry_type { ENTRY_SGV, ENTRY_MBG, ENTRY_CAL };

struct entry {
	enum entry_type type;
	int64_t date;                  /* milliseconds */
	double mg_dl;                  /* NaN: nothing to store (a calibration, a status code) */
	json_t *sent;                  /* what was sent, cleaned (owned): given back with its _id */
	char *extra;                   /* the kept fields as JSON text (owned), or NULL */
};

struct post_state {
	struct entry *entries;
	size_t n;
	char error[160];               /* why the body was refused, told after the access check */
};

static void post_state_release(void *p)
{
	struct post_state *st = p;

	for (size_t i = 0; i < st->n; i++) {
		json_decref(st->entries[i].sent);
		free(st->entries[i].extra);
	}
	free(st->entries);
}

/* A number, or a string holding one (old bridges send "sgv": "120"). Returns 0 or -1. */
static int number_of(json_t *v, double *out)
{
	char *end;

	if (json_is_number(v)) {
		*out = json_number_value(v);
		return isfinite(*out) ? 0 : -1;
	}
	if (!json_is_string(v))
		return -1;
	*out = strtod(json_string_value(v), &end);
	return end != json_string_value(v) && !*end && isfinite(*out) ? 0 : -1;
}

/* Reads entry `in` into *e. Returns 0, or -1 with why in `error`. */
static int parse_entry(json_t *in, size_t i, struct entry *e, char *error, size_t size)
{
	const char *type = json_string_value(json_object_get(in, "type"));
	json_t *date = json_object_get(in, "date"), *extra;
	const char *value_name;
	double d;

	if (!json_is_object(in))
		return snprintf(error, size, "entry %zu: not an object", i), -1;
	if (!type && json_object_get(in, "sgv"))
		type = "sgv";
	if (!type || (strcmp(type, "sgv") && strcmp(type, "mbg") && strcmp(type, "cal")))
		return snprintf(error, size, "entry %zu: type must be sgv, mbg or cal", i), -1;
	e->type = !strcmp(type, "sgv") ? ENTRY_SGV : !strcmp(type, "mbg") ? ENTRY_MBG : ENTRY_CAL;
	if (date && !number_of(date, &d) && d > 0 && d < 1e15) {
		e->date = (int64_t)d;
	} else if (!json_is_string(json_object_get(in, "dateString")) ||
		   time_parse_iso_ms(json_string_value(json_object_get(in, "dateString")), &e->date)) {
		return snprintf(error, size, "entry %zu: date (milliseconds) or dateString (ISO 8601 with a zone) is required",
				i), -1;
	}
	if (e->date > time_now() * 1000 + MEASURE_FUTURE_MS)
		return snprintf(error, size, "entry %zu: date lies in the future", i), -1;
	e->mg_dl = NAN;
	value_name = e->type == ENTRY_SGV ? "sgv" : e->type == ENTRY_MBG ? "mbg" : NULL;
	if (value_name) {
		const struct measure_kind *k = measure_kind_find(e->type == ENTRY_SGV ? "cgm" : "glucose");

		if (number_of(json_object_get(in, value_name), &d))
			return snprintf(error, size, "entry %zu: %s must be a number (mg/dL)", i, value_name), -1;
		/* A sensor's status code is acknowledged and not stored as glucose (docs/nightscout.md). */
		if (!(e->type == ENTRY_SGV && d < SGV_STATUS_BELOW)) {
			if (!k || d / MG_DL_PER_MMOL < k->min || d / MG_DL_PER_MMOL > k->max)
				return snprintf(error, size, "entry %zu: %s %g mg/dL cannot be right", i, value_name, d), -1;
			e->mg_dl = d;
		}
	}
	extra = json_object();
	for (size_t f = 0; f < sizeof(kept_fields) / sizeof(kept_fields[0]); f++) {
		json_t *v = json_object_get(in, kept_fields[f].name);

		if (!v || json_is_null(v))
			continue;
		if (kept_fields[f].type == JSON_STRING ? !json_is_string(v) || json_string_length(v) > 100
						       : !json_is_number(v)) {
			json_decref(extra);
			return snprintf(error, size, "entry %zu: %s has the wrong type", i, kept_fields[f].name), -1;
		}
		json_object_set(extra, kept_fields[f].name, v);
	}
	e->extra = json_object_size(extra) ? json_dumps(extra, JSON_COMPACT) : NULL;
	e->sent = extra;
	json_object_set_new(e->sent, "type", json_string(type));
	if (value_name)
		json_object_set(e->sent, value_name, json_object_get(in, value_name));
	return 0;
}

/* Checks every entry sent. Returns 0, or -1 with st->error set. */
static int parse_entries(json_t *body, struct post_state *st)
{
	size_t n = json_is_array(body) ? json_array_size(body) : 1;

	if (json_is_array(body) && (!n || n > MEASURE_BATCH_MAX))
		return snprintf(st->error, sizeof(st->error), "send 1 to %d entries at a time", MEASURE_BATCH_MAX), -1;
	if (!(st->entries = calloc(n, sizeof(*st->entries))))
		return snprintf(st->error, sizeof(st->error), "out of memory"), -1;
	for (size_t i = 0; i < n; i++, st->n++)
		if (parse_entry(json_is_array(body) ? json_array_get(body, i) : body, i, &st->entries[i], st->error,
				sizeof(st->error)))
			return st->n++, -1;
	return 0;
}

/* An entry as given back: what was sent, with its _id, date and dateString. */
static json_t *entry_reply(const struct entry *e, int64_t id)
{
	json_t *o = json_deep_copy(e->sent);
	char _id[25], when[25];

	/* An entry not stored (a calibration, a status code) gets an id outside the readings' ids. */
	nightscout_id(id ? id : (int64_t)(((uint64_t)1 << 62) | (uint64_t)e->date), _id);
	time_format_iso_ms(e->date, when);
	json_object_set_new(o, "_id", json_string(_id));
	json_object_set_new(o, "date", json_integer(e->date));
	json_object_set_new(o, "dateString", json_string(when));
	return o;
}

static int post_body(struct request *req, struct store_tx *tx)
{
	struct post_state *st = req->state;
	const char *kinds[2];
	size_t n_kinds = 0;
	int has_sgv = 0, has_mbg = 0, rc;
	struct glucose_days_change days = { 0 };
	struct alert_news news = { NULL, 0, 0 };
	json_t *reply;

	if ((rc = measure_kinds_load(tx)) < 0)
		return api_failed(rc, "cannot read the measurement kinds");
	if (!st->entries && !st->error[0])
		parse_entries(req->json, st);
	for (size_t i = 0; i < st->n; i++) {
		has_sgv |= st->entries[i].type == ENTRY_SGV;
		has_mbg |= st->entries[i].type == ENTRY_MBG;
	}
	if (has_sgv)
		kinds[n_kinds++] = "cgm";
	if (has_mbg)
		kinds[n_kinds++] = "glucose";
	if ((rc = nightscout_access(req, tx, ACCESS_CREATE, kinds, n_kinds, "nightscout/entries")) != 1)
		return rc;
	if (st->error[0])
		return nightscout_error(req, 400, st->error), STORE_TX_UNDO;
	reply = json_array();
	for (size_t i = 0; i < st->n; i++) {
		const struct entry *e = &st->entries[i];
		struct store_measurement m = {
			.client_id = req->device.client_id, .kind = e->type == ENTRY_SGV ? "cgm" : "glucose",
			.taken_at = e->date, .source = NIGHTSCOUT_SOURCE, .value = e->mg_dl / MG_DL_PER_MMOL,
			.value2 = NAN, .unit = "mg/dL", .entered_by = req->session.user_id, .via = "device",
			.device_id = req->device.id, .extra = e->extra, .created_at = time_now(),
		};

		double previous = NAN;

		m.id = 0;
		if (!isnan(e->mg_dl) &&
		    ((rc = store_measurement_put(tx, &m, &m.id, &previous)) < 0 ||
		     (isnan(previous) && alert_news_add(&news, m.kind, m.taken_at, m.value, NAN) && (rc = STORE_HARD_ERROR)) ||
		     (!strcmp(m.kind, GLUCOSE_DAYS_KIND) && glucose_days_note(&days, m.taken_at, m.value, previous) &&
		      (rc = STORE_HARD_ERROR)))) {
			json_decref(reply);
			glucose_days_change_release(&days);
			alert_news_release(&news);
			return api_failed(rc, "cannot store the entries");
		}
		json_array_append_new(reply, entry_reply(e, m.id));
	}
	rc = glucose_days_apply(tx, req->device.client_id, &days);
	glucose_days_change_release(&days);
	if (rc >= 0)
		rc = alerts_evaluate_news(tx, req->device.client_id, &news, time_now());
	alert_news_release(&news);
	if (rc < 0 || (rc = store_device_used(tx, req->device.id, time_now())) < 0) {
		json_decref(reply);
		return api_failed(rc, "cannot note the device's use");
	}
	/* Exactly 200 with the stored entries, one per entry sent, in order: what uploaders check. */
	reply_json(req, 200, reply);
	return STORE_TX_KEEP;
}

int nightscout_entries_post(struct request *req)
{
	request_state(req, sizeof(struct post_state), post_state_release);
	return api_run(req, STORE_TX_WRITE, post_body);
}

/* ---- GET entries: newest first, `count` of them, filtered by find[date] or find[dateString] ---- */

struct get_state {
	int sgv, mbg;                  /* which types */
	int64_t from, to;              /* [from, to) in milliseconds */
	unsigned count;
	char error[160];
};

/* Applies one find[...][$op] bound to [from, to). Returns 0 or -1 (a bad value). */
static int bound(struct get_state *st, const char *field, const char *op, const char *v)
{
	int64_t t;
	char *end;

	if (!v)
		return 0;
	if (!strcmp(field, "date")) {
		t = strtoll(v, &end, 10);
		if (end == v || *end)
			return -1;
	} else if (time_parse_iso_ms(v, &t)) {
		/* A date alone ("2015-08-27", as Nightscout's own examples use): its start, UTC. */
		if (time_parse_iso(v, &t))
			return -1;
		t *= 1000;
	}
	if (!strcmp(op, "$gt") && t + 1 > st->from)
		st->from = t + 1;
	else if (!strcmp(op, "$gte") && t > st->from)
		st->from = t;
	else if (!strcmp(op, "$lt") && t < st->to)
		st->to = t;
	else if (!strcmp(op, "$lte") && t + 1 < st->to)
		st->to = t + 1;
	return 0;
}

static int read_find(struct request *req, struct get_state *st)
{
	static const char *const fields[] = { "date", "dateString" }, *const ops[] = { "$gt", "$gte", "$lt", "$lte" };
	const char *count = request_query(req, "count"), *type = request_query(req, "find[type]");
	char name[48];
	char *end;

	st->from = 0;
	st->to = INT64_MAX;
	st->count = 10;
	if (count) {
		long n = strtol(count, &end, 10);

		if (end == count || *end || n < 1)
			return snprintf(st->error, sizeof(st->error), "count must be a positive whole number"), -1;
		st->count = n > ENTRIES_COUNT_MAX ? ENTRIES_COUNT_MAX : (unsigned)n;
	}
	if (type) {
		st->sgv &= !strcmp(type, "sgv");
		st->mbg &= !strcmp(type, "mbg");
	}
	for (size_t f = 0; f < 2; f++)
		for (size_t o = 0; o < 4; o++) {
			snprintf(name, sizeof(name), "find[%s][%s]", fields[f], ops[o]);
			if (bound(st, fields[f], ops[o], request_query(req, name)))
				return snprintf(st->error, sizeof(st->error), "%s: not a time", name), -1;
		}
	return 0;
}

struct collected {
	json_t *list;
	const char *type;
};

static int collect_entry(const struct store_measurement *m, void *ctx)
{
	struct collected *c = ctx;
	json_t *o = m->extra ? json_loads(m->extra, 0, NULL) : json_object();
	char _id[25], when[25];

	if (!json_is_object(o)) {
		json_decref(o);
		o = json_object();
	}
	nightscout_id(m->id, _id);
	time_format_iso_ms(m->taken_at, when);
	json_object_set_new(o, "_id", json_string(_id));
	json_object_set_new(o, "type", json_string(c->type));
	/* Whole mg/dL, as Nightscout shows them. */
	json_object_set_new(o, c->type, json_integer((json_int_t)lround(m->value * MG_DL_PER_MMOL)));
	json_object_set_new(o, "date", json_integer(m->taken_at));
	json_object_set_new(o, "dateString", json_string(when));
	return json_array_append_new(c->list, o);
}

static int newest_first(const void *a, const void *b)
{
	json_int_t x = json_integer_value(json_object_get(*(json_t *const *)a, "date"));
	json_int_t y = json_integer_value(json_object_get(*(json_t *const *)b, "date"));

	return x < y ? 1 : x > y ? -1 : 0;
}

static int get_body(struct request *req, struct store_tx *tx)
{
	struct get_state *st = req->state;
	const char *kinds[2];
	size_t n_kinds = 0;
	struct collected sgv = { json_array(), "sgv" }, mbg = { json_array(), "mbg" };
	json_t *out;
	int rc;

	if (st->sgv)
		kinds[n_kinds++] = "cgm";
	if (st->mbg)
		kinds[n_kinds++] = "glucose";
	if ((rc = nightscout_access(req, tx, ACCESS_READ, kinds, n_kinds, "nightscout/entries")) != 1)
		goto out;
	if (st->error[0]) {
		rc = nightscout_error(req, 400, st->error);
		goto out;
	}
	{
		struct store_measurement_query q = { req->device.client_id, "cgm", st->from, st->to, 0, NULL,
						     st->count, false };

		if ((st->sgv && (rc = store_measurements_each(tx, &q, collect_entry, &sgv)) < 0) ||
		    (st->mbg && (q.kind = "glucose", rc = store_measurements_each(tx, &q, collect_entry, &mbg)) < 0)) {
			rc = api_failed(rc, "cannot read the entries");
			goto out;
		}
	}
	/* Both types merged newest first, `count` of them. */
	{
		size_t n = json_array_size(sgv.list) + json_array_size(mbg.list), k = 0;
		json_t **all = calloc(n ? n : 1, sizeof(*all));
		json_t *v;
		size_t i;

		if (!all) {
			rc = api_failed(STORE_HARD_ERROR, "out of memory");
			goto out;
		}
		json_array_foreach(sgv.list, i, v) all[k++] = v;
		json_array_foreach(mbg.list, i, v) all[k++] = v;
		qsort(all, n, sizeof(*all), newest_first);
		out = json_array();
		for (i = 0; i < n && i < st->count; i++)
			json_array_append(out, all[i]);
		free(all);
	}
	reply_json(req, 200, out);
	rc = STORE_TX_KEEP;
out:
	json_decref(sgv.list);
	json_decref(mbg.list);
	return rc;
}

static int entries_get(struct request *req, int sgv, int mbg, unsigned count)
{
	struct get_state *st = request_state(req, sizeof(*st), NULL);

	st->sgv = sgv;
	st->mbg = mbg;
	read_find(req, st);
	if (count)
		st->count = count;
	return api_run(req, STORE_TX_READ, get_body);
}

int nightscout_entries_get(struct request *req)
{
	return entries_get(req, 1, 1, 0);
}

int nightscout_entries_sgv_get(struct request *req)
{
	return entries_get(req, 1, 0, 0);
}

int nightscout_entries_current_get(struct request *req)
{
	return entries_get(req, 1, 0, 1);
}
