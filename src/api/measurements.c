/*
 * Readings: list one kind's (newest first, by time), the latest of each
 * kind, send one or a batch (all or nothing, in one transaction), remove
 * one. The client, their representatives, members with the measurements
 * right and the client's devices (each only for its kinds).
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
#include "api/run.h"
#include "measure/kinds.h"
#include "util/buf.h"
#include "util/timeutil.h"

/* A list's page: at most this many readings (two weeks of 5-minute CGM readings fit in one). */
#define READINGS_PAGE_DEFAULT 288
#define READINGS_PAGE_MAX 5000
/* How many refused readings of a batch the reply names (the first ones). */
#define REFUSALS_SHOWN 20

/* Loads the catalogue in the body's transaction. Returns 1, or the value for the body to return. */
static int catalogue(struct store_tx *tx)
{
	int rc = measure_kinds_load(tx);

	return rc < 0 ? api_failed(rc, "cannot read the measurement kinds") : 1;
}

/* 1 when the request's device (if any) may send or read `kind`. */
static int device_may(const struct request *req, const char *kind)
{
	char quoted[40];

	if (!req->device.id)
		return 1;
	snprintf(quoted, sizeof(quoted), "\"%s\"", kind);
	return strstr(req->device.kinds, quoted) != NULL;
}

/* ---- GET /measurements?kind=&from=&to=&before=&limit= ---- */

struct list_state {
	struct field_error err;       /* a bad query, told only after the access check */
	int refused;
	char kind[32];
	int64_t from, to, before_at;
	char before_source[64];
	unsigned limit;
};

struct list_out {
	json_t *list;
	const struct measure_targets *targets;
	int64_t last_at;
	char last_source[64];
};

static int collect_reading(const struct store_measurement *m, void *ctx)
{
	struct list_out *out = ctx;
	json_t *o = reading_json(m, measure_target_of(out->targets, m->kind));

	out->last_at = m->taken_at;
	snprintf(out->last_source, sizeof(out->last_source), "%s", m->source);
	return o ? json_array_append_new(out->list, o) : -1;
}

/* The next page's link: the same filter, before the last reading shown (its time and source). */
static void next_link(struct request *req, const struct list_state *st, const struct list_out *out)
{
	struct buf link = BUF_INIT;

	buf_addf(&link, "<%s?kind=%s&before=%lld~%s&limit=%u", req->path, st->kind, (long long)out->last_at,
		 out->last_source, st->limit);
	if (st->from) {
		char from[25];

		time_format_iso_ms(st->from, from);
		buf_addf(&link, "&from=%s", from);
	}
	buf_addf(&link, ">; rel=\"next\"");
	free(req->link);
	req->link = buf_detach(&link, NULL);
}

static int list_body(struct request *req, struct store_tx *tx)
{
	struct list_state *st = req->state;
	struct measure_targets targets = { NULL, 0 };
	struct list_out out = { json_array(), &targets, 0, "" };
	struct store_measurement_query q = { req->ids[0], st->kind, st->from, st->to, st->before_at,
					     st->before_source, st->limit, false };
	int rc;

	if ((rc = catalogue(tx)) != 1 ||
	    (rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_MEASUREMENTS, "measurements")) != 1)
		goto out;
	if (st->refused) {
		rc = api_reply_refusal(req, &st->err);
		goto out;
	}
	if (!measure_kind_find(st->kind) || !device_may(req, st->kind)) {
		rc = reply_error(req, ERR_INVALID_INPUT, "kind", "kind: not a kind %s",
				 req->device.id ? "this device may read" : "of GET /api/v1/measurement-kinds");
		goto out;
	}
	if ((rc = measure_targets_read(tx, req->ids[0], &targets)) < 0 ||
	    (rc = store_measurements_each(tx, &q, collect_reading, &out)) < 0) {
		rc = api_failed(rc, "cannot read the readings");
		goto out;
	}
	if ((unsigned)rc == st->limit)
		next_link(req, st, &out);
	reply_json(req, 200, out.list);
	out.list = NULL;
	rc = STORE_TX_KEEP;
out:
	json_decref(out.list);
	measure_targets_release(&targets);
	return rc;
}

/* Reads an ISO time query argument into *ms (absent: leaves it). Returns 0, or 1 with *err filled. */
static int query_time(struct request *req, const char *name, int64_t *ms, struct field_error *err)
{
	const char *v = request_query(req, name);

	if (v && time_parse_iso_ms(v, ms))
		return refuse(err, REFUSAL_INVALID, name, "%s: not an ISO 8601 time with a zone", name);
	return 0;
}

/* Reads the list's query into st. Returns 0, or 1 with st->err filled. */
static int read_list_query(struct request *req, struct list_state *st)
{
	const char *kind = request_query(req, "kind"), *before = request_query(req, "before"),
		   *limit = request_query(req, "limit");
	char *end;
	long n;

	if (!kind || !*kind || strlen(kind) >= sizeof(st->kind))
		return refuse(&st->err, REFUSAL_INVALID, "kind", "kind: required, one of GET /api/v1/measurement-kinds");
	snprintf(st->kind, sizeof(st->kind), "%s", kind);
	if (query_time(req, "from", &st->from, &st->err) || query_time(req, "to", &st->to, &st->err))
		return 1;
	st->limit = READINGS_PAGE_DEFAULT;
	if (limit) {
		n = strtol(limit, &end, 10);
		if (!*limit || *end || n < 1 || n > READINGS_PAGE_MAX)
			return refuse(&st->err, REFUSAL_INVALID, "limit", "limit: must be a whole number from 1 to %d",
				      READINGS_PAGE_MAX);
		st->limit = (unsigned)n;
	}
	/* The cursor of a next page: "<milliseconds>~<source>", as the Link header gives it. */
	if (before) {
		st->before_at = strtoll(before, &end, 10);
		if (end == before || *end != '~' || st->before_at <= 0 || strlen(end + 1) >= sizeof(st->before_source))
			return refuse(&st->err, REFUSAL_INVALID, "before", "before: use the Link header's value");
		snprintf(st->before_source, sizeof(st->before_source), "%s", end + 1);
	}
	return 0;
}

int api_measurements_get(struct request *req)
{
	struct list_state *st = request_state(req, sizeof(*st), NULL);

	st->refused = read_list_query(req, st);
	return api_run(req, STORE_TX_READ, list_body);
}

/* ---- GET /measurements/latest ---- */

static int latest_body(struct request *req, struct store_tx *tx)
{
	struct measure_targets targets = { NULL, 0 };
	struct list_out out = { json_array(), &targets, 0, "" };
	int rc;

	if ((rc = catalogue(tx)) != 1 ||
	    (rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_MEASUREMENTS, "measurements")) != 1)
		goto out;
	if ((rc = measure_targets_read(tx, req->ids[0], &targets)) < 0 ||
	    (rc = store_measurements_latest(tx, req->ids[0], collect_reading, &out)) < 0) {
		rc = api_failed(rc, "cannot read the latest readings");
		goto out;
	}
	reply_json(req, 200, out.list);
	out.list = NULL;
	rc = STORE_TX_KEEP;
out:
	json_decref(out.list);
	measure_targets_release(&targets);
	return rc;
}

int api_measurements_latest_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, latest_body);
}

/* ---- POST /measurements: one reading, or {"readings": [...]} ---- */

struct post_state {
	json_t *body;                 /* the request's JSON (a reference), checked in the body */
	int batch;
	struct reading_input *in;
	size_t n;
	json_t *refusals;             /* per reading: [{index, field, message}], or NULL when all were good */
	struct field_error first;
};

static void post_state_release(void *p)
{
	struct post_state *st = p;

	for (size_t i = 0; i < st->n; i++)
		reading_input_release(&st->in[i]);
	free(st->in);
	json_decref(st->refusals);
	json_decref(st->body);
}

/*
 * Checks every reading (the catalogue is loaded by now). Returns 0 when all
 * are good, 1 when some are not (st->refusals and st->first say which), or
 * -1 when out of memory.
 */
static int check_readings(struct post_state *st, int64_t now_ms)
{
	json_t *list = st->batch ? json_object_get(st->body, "readings") : NULL;
	size_t n = st->batch ? json_array_size(list) : 1;

	if (!(st->in = calloc(n, sizeof(*st->in))))
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct field_error err;
		char prefix[32] = "";

		if (st->batch)
			snprintf(prefix, sizeof(prefix), "readings[%zu].", i);
		if (!reading_parse(st->batch ? json_array_get(list, i) : st->body, now_ms, prefix, &st->in[st->n], &err)) {
			st->n++;
			continue;
		}
		reading_input_release(&st->in[st->n]);
		if (!st->refusals) {
			st->refusals = json_array();
			st->first = err;
		}
		if (json_array_size(st->refusals) < REFUSALS_SHOWN)
			json_array_append_new(st->refusals, json_pack("{s:I,s:s,s:s}", "index", (json_int_t)i,
								      "field", err.field, "message", err.message));
	}
	return st->refusals ? 1 : 0;
}

/* Stores one reading (and a blood pressure's pulse as a heart rate); appends it, as shown, to `shown`. */
static int store_one(struct request *req, struct store_tx *tx, const struct reading_input *r,
		     const struct measure_targets *targets, json_t *shown, int *created, struct glucose_days_change *days,
		     struct alert_news *news)
{
	char source[32];
	int64_t now = time_now();
	struct store_measurement m = {
		.client_id = req->ids[0], .kind = r->kind->code, .taken_at = r->taken_at, .source = source,
		.value = r->value, .value2 = r->value2, .unit = r->unit,
		.entered_by = req->session.user_id,
		.via = req->device.id ? "device" : req->session.user_id == req->ids[0] ? "client" : "member",
		.device_id = req->device.id, .note = r->note, .extra = NULL, .created_at = now,
	};
	double previous;
	int rc;

	if (req->device.id)
		snprintf(source, sizeof(source), "device/%lld", (long long)req->device.id);
	else
		snprintf(source, sizeof(source), "manual");
	if ((rc = store_measurement_put(tx, &m, &m.id, &previous)) < 0)
		return rc;
	*created |= isnan(previous);
	if (isnan(previous) && alert_news_add(news, m.kind, m.taken_at, m.value, m.value2))
		return STORE_HARD_ERROR;
	if (!strcmp(m.kind, GLUCOSE_DAYS_KIND) && glucose_days_note(days, m.taken_at, m.value, previous))
		return STORE_HARD_ERROR;
	if (json_array_append_new(shown, reading_json(&m, measure_target_of(targets, m.kind))))
		return STORE_HARD_ERROR;
	if (!isnan(r->pulse)) {
		struct store_measurement pulse = m;

		pulse.kind = "heart_rate";
		pulse.value = r->pulse;
		pulse.value2 = NAN;
		pulse.unit = "/min";
		pulse.note = NULL;
		if ((rc = store_measurement_put(tx, &pulse, &pulse.id, &previous)) < 0)
			return rc;
		*created |= isnan(previous);
		if (isnan(previous) && alert_news_add(news, pulse.kind, pulse.taken_at, pulse.value, NAN))
			return STORE_HARD_ERROR;
		if (json_array_append_new(shown, reading_json(&pulse, measure_target_of(targets, pulse.kind))))
			return STORE_HARD_ERROR;
	}
	return STORE_ONE;
}

static int post_body(struct request *req, struct store_tx *tx)
{
	struct post_state *st = req->state;
	struct measure_targets targets = { NULL, 0 };
	struct glucose_days_change days = { 0 };
	struct alert_news news = { NULL, 0, 0 };
	json_t *shown = NULL;
	int rc, created = 0;

	if ((rc = catalogue(tx)) != 1 ||
	    (rc = api_access(req, tx, req->ids[0], ACCESS_CREATE, CATEGORY_MEASUREMENTS, "measurements")) != 1)
		return rc;
	/* Checked after access: a stranger learns nothing of the fields. Checked once: the body may run again. */
	if (!st->in && check_readings(st, time_now() * 1000) < 0)
		return api_failed(STORE_HARD_ERROR, "out of memory");
	if (st->refusals) {
		api_reply_refusal(req, &st->first);
		json_object_set(json_object_get(req->reply_body, "error"), "readings", st->refusals);
		return STORE_TX_UNDO;
	}
	for (size_t i = 0; i < st->n; i++)
		if (!device_may(req, st->in[i].kind->code) || (!isnan(st->in[i].pulse) && !device_may(req, "heart_rate"))) {
			char field[40];

			snprintf(field, sizeof(field), st->batch ? "readings[%zu].kind" : "kind", i);
			return api_refuse_as(req, tx, req->ids[0], ACCESS_CREATE, CATEGORY_MEASUREMENTS, "measurements",
					     ERR_FORBIDDEN, field, "this device was not given this kind");
		}
	shown = json_array();
	if ((rc = measure_targets_read(tx, req->ids[0], &targets)) < 0)
		goto failed;
	for (size_t i = 0; i < st->n; i++)
		if ((rc = store_one(req, tx, &st->in[i], &targets, shown, &created, &days, &news)) < 0)
			goto failed;
	if ((rc = glucose_days_apply(tx, req->ids[0], &days)) < 0 ||
	    (rc = alerts_evaluate_news(tx, req->ids[0], &news, time_now())) < 0 ||
	    (req->device.id && (rc = store_device_used(tx, req->device.id, time_now())) < 0))
		goto failed;
	measure_targets_release(&targets);
	glucose_days_change_release(&days);
	alert_news_release(&news);
	/* 201 when something new was stored; 200 when every reading was there already (a retry). */
	if (st->batch)
		reply_json(req, created ? 201 : 200,
			   json_pack("{s:I,s:o}", "count", (json_int_t)json_array_size(shown), "readings", shown));
	else
		reply_json(req, created ? 201 : 200, json_incref(json_array_get(shown, 0))), json_decref(shown);
	return STORE_TX_KEEP;
failed:
	measure_targets_release(&targets);
	glucose_days_change_release(&days);
	alert_news_release(&news);
	json_decref(shown);
	return api_failed(rc, "cannot store the readings");
}

int api_measurements_post(struct request *req)
{
	struct post_state *st = request_state(req, sizeof(*st), post_state_release);
	json_t *list = json_object_get(req->json, "readings");

	st->body = json_incref(req->json);
	st->batch = list != NULL;
	if (st->batch && (!json_is_array(list) || !json_array_size(list) || json_array_size(list) > MEASURE_BATCH_MAX))
		return reply_error(req, ERR_INVALID_INPUT, "readings", "readings: a list of 1 to %d readings",
				   MEASURE_BATCH_MAX);
	return api_run(req, STORE_TX_WRITE, post_body);
}

/* ---- DELETE /measurements/{id} ---- */

static int delete_body(struct request *req, struct store_tx *tx)
{
	struct glucose_days_change days = { 0 };
	char object[48], kind[32];
	int64_t taken_at;
	double value;
	int rc;

	snprintf(object, sizeof(object), "measurement/%lld", (long long)req->ids[1]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_DELETE, CATEGORY_MEASUREMENTS, object)) != 1)
		return rc;
	rc = store_measurement_remove(tx, req->ids[0], req->ids[1], kind, &taken_at, &value);
	if (rc < 0)
		return api_failed(rc, "cannot remove the reading");
	if (rc == STORE_NONE)
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL), STORE_TX_UNDO;
	if (!strcmp(kind, GLUCOSE_DAYS_KIND)) {
		rc = glucose_days_note(&days, taken_at, NAN, value) ? STORE_HARD_ERROR
								      : glucose_days_apply(tx, req->ids[0], &days);
		glucose_days_change_release(&days);
		if (rc < 0)
			return api_failed(rc, "cannot update the daily sums");
	}
	reply_no_content(req);
	return STORE_TX_KEEP;
}

int api_measurement_delete(struct request *req)
{
	return api_run(req, STORE_TX_WRITE, delete_body);
}
