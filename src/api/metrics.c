/*
 * GET /api/v1/clients/{client}/metrics?kind=K&days=7|14|30|90: what a
 * period of one kind's readings means, by the field's own measures.
 *  - cgm: the 2019 international consensus (mean, SD, CV, GMI, time in
 *    each range, time the sensor was active) from the stored daily sums,
 *    so 90 days cost about as much as 7; with profile=1 also the
 *    ambulatory glucose profile of the period's last 14 days, from the
 *    readings themselves.
 *  - inr: time in therapeutic range (Rosendaal) over the client's range.
 *  - blood_pressure: the mean of the home measurements.
 *  - weight: the change over 3 and 7 days.
 *  - any other kind: count, mean, lowest and highest.
 * The computations are in src/measure/ and unit-tested against
 * independent implementations (iglu, hqmf2js).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/glucose_days.h"
#include "api/measure.h"
#include "api/run.h"
#include "measure/glucose_agp.h"
#include "measure/glucose_metrics.h"
#include "measure/inr_ttr.h"
#include "measure/kinds.h"
#include "measure/local_time.h"
#include "measure/trend_metrics.h"
#include "util/timeutil.h"

/* The daily profile looks at two weeks, as the consensus report does. */
#define PROFILE_DAYS 14
/* Readings read for a metric that needs them one by one (not CGM): more than a home meter makes in 90 days. */
#define READINGS_MAX 20000

struct metrics_state {
	struct field_error err;
	int refused;
	char kind[32];
	int days;
	int profile;
};

struct period {
	int64_t first_day, last_day;   /* local days */
	int64_t from, to;              /* milliseconds, [from, to) */
};

/* Readings of the period, oldest first, into a growing array of (time, value, value2). */
struct series {
	struct store_measurement *list;   /* strings not kept */
	size_t n, size;
};

static int keep_reading(const struct store_measurement *m, void *ctx)
{
	struct series *s = ctx;

	if (s->n == s->size) {
		size_t size = s->size ? 2 * s->size : 256;
		struct store_measurement *grown = realloc(s->list, size * sizeof(*grown));

		if (!grown)
			return -1;
		s->list = grown;
		s->size = size;
	}
	s->list[s->n] = *m;
	s->list[s->n].kind = s->list[s->n].source = s->list[s->n].unit = s->list[s->n].via = NULL;
	s->list[s->n].note = s->list[s->n].extra = NULL;
	s->n++;
	return 0;
}

static int read_series(struct store_tx *tx, int64_t client, const char *kind, int64_t from, int64_t to,
		       struct series *s)
{
	struct store_measurement_query q = { client, kind, from, to, 0, NULL, READINGS_MAX, true };

	return store_measurements_each(tx, &q, keep_reading, s);
}

/* A percentage or a glucose value with one decimal, as the consensus reports them. */
static json_t *one_decimal(double v)
{
	return measure_number(v, 1);
}

/* ---- glucose sensor ---- */

static int add_day(const struct store_glucose_day *d, void *ctx)
{
	struct glucose_day *all = ctx;
	struct glucose_day day = { d->count, d->sum, d->sum_sq, { 0 } };

	memcpy(day.band, d->band, sizeof(day.band));
	return glucose_day_merge(all, &day);
}

/* The sensor's interval in minutes: the median gap between its latest readings, within the kind's bounds. */
static double sensor_interval(const struct series *latest, const struct measure_kind *k)
{
	double gaps[64], gap;
	size_t n = 0;

	for (size_t i = 1; i < latest->n && n < 64; i++)
		gaps[n++] = (double)(latest->list[i - 1].taken_at - latest->list[i].taken_at) / 60000.0;
	if (!n)
		return k->every_max ? 5 : 1;
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && gaps[j - 1] > gaps[j]; j--) {
			gap = gaps[j];
			gaps[j] = gaps[j - 1];
			gaps[j - 1] = gap;
		}
	gap = round(gaps[n / 2]);
	return gap < k->every_min ? k->every_min : gap > k->every_max ? k->every_max : gap;
}

static json_t *profile_json(const struct series *s)
{
	struct glucose_reading *r = calloc(s->n ? s->n : 1, sizeof(*r));
	struct glucose_agp agp;
	json_t *list;
	size_t n = 0;

	if (!r)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		r[n++] = (struct glucose_reading){ glucose_mmol_to_mgdl(s->list[i].value), local_minute(s->list[i].taken_at) };
	if (glucose_agp_from_readings(r, n, &agp)) {
		free(r);
		return NULL;
	}
	free(r);
	list = json_array();
	for (int i = 0; i < GLUCOSE_AGP_SLOTS; i++) {
		const struct glucose_agp_slot *slot = &agp.slot[i];
		int empty = slot->readings == 0;

		json_array_append_new(list, json_pack("{s:i,s:I,s:o,s:o,s:o,s:o,s:o}", "minute", slot->start_minute,
						      "readings", (json_int_t)slot->readings, "p5",
						      one_decimal(empty ? NAN : glucose_mgdl_to_mmol(slot->p5)), "p25",
						      one_decimal(empty ? NAN : glucose_mgdl_to_mmol(slot->p25)), "p50",
						      one_decimal(empty ? NAN : glucose_mgdl_to_mmol(slot->p50)), "p75",
						      one_decimal(empty ? NAN : glucose_mgdl_to_mmol(slot->p75)), "p95",
						      one_decimal(empty ? NAN : glucose_mgdl_to_mmol(slot->p95))));
	}
	return list;
}

static int cgm_metrics(struct request *req, struct store_tx *tx, const struct measure_kind *k, const struct period *p,
		       json_t *out)
{
	const struct metrics_state *st = req->state;
	struct glucose_day all;
	struct glucose_summary sum;
	struct series latest = { 0 }, recent = { 0 };
	struct store_measurement_query q = { req->ids[0], k->code, p->from, p->to, 0, NULL, 33, false };
	int64_t first, last;
	double interval;
	int rc;

	glucose_day_init(&all);
	if ((rc = store_glucose_days_each(tx, req->ids[0], k->code, p->first_day, p->last_day, add_day, &all)) < 0 ||
	    (rc = store_measurement_span(tx, req->ids[0], k->code, p->from, p->to, &first, &last)) < 0)
		return rc;
	if (rc == STORE_NONE || !all.count) {
		json_object_set_new(out, "readings", json_integer(0));
		return 0;
	}
	if ((rc = store_measurements_each(tx, &q, keep_reading, &latest)) < 0)
		goto out;
	interval = sensor_interval(&latest, k);
	/* The span the sensor could have been read in, as iglu counts it: first to last reading and one interval. */
	rc = glucose_summary_from_days(&all, 1, (double)(last - first) / 60000.0 + interval, interval, &sum);
	if (rc) {
		rc = STORE_HARD_ERROR;
		goto out;
	}
	json_object_set_new(out, "readings", json_integer(sum.readings));
	json_object_set_new(out, "interval_minutes", json_real(interval));
	json_object_set_new(out, "mean", one_decimal(sum.has_mean ? sum.mean_mmol : NAN));
	json_object_set_new(out, "sd", one_decimal(sum.has_sd ? glucose_mgdl_to_mmol(sum.sd_mgdl) : NAN));
	json_object_set_new(out, "cv", one_decimal(sum.has_sd ? sum.cv_percent : NAN));
	json_object_set_new(out, "gmi", one_decimal(sum.has_mean ? sum.gmi_percent : NAN));
	json_object_set_new(out, "gmi_mmol_mol", measure_number(sum.has_mean ? sum.gmi_mmol_mol : NAN, 0));
	json_object_set_new(out, "active_percent", one_decimal(sum.active_percent));
	json_object_set_new(out, "time_in",
			    json_pack("{s:o,s:o,s:o,s:o,s:o}", "very_low", one_decimal(sum.band_percent[GLUCOSE_VERY_LOW]),
				      "low", one_decimal(sum.band_percent[GLUCOSE_LOW]), "in_range",
				      one_decimal(sum.band_percent[GLUCOSE_IN_RANGE]), "high",
				      one_decimal(sum.band_percent[GLUCOSE_HIGH]), "very_high",
				      one_decimal(sum.band_percent[GLUCOSE_VERY_HIGH])));
	json_object_set_new(out, "range", json_pack("{s:f,s:f}", "low", 3.9, "high", 10.0));
	if (st->profile) {
		int64_t from = local_day_start(p->last_day - PROFILE_DAYS + 1);
		json_t *profile;

		if ((rc = read_series(tx, req->ids[0], k->code, from > p->from ? from : p->from, p->to, &recent)) < 0)
			goto out;
		if (!(profile = profile_json(&recent))) {
			rc = STORE_HARD_ERROR;
			goto out;
		}
		json_object_set_new(out, "profile", profile);
	}
	rc = 0;
out:
	free(latest.list);
	free(recent.list);
	return rc;
}

/* ---- INR ---- */

static int inr_metrics(struct request *req, struct store_tx *tx, const struct measure_kind *k, const struct period *p,
		       json_t *out)
{
	struct measure_targets targets = { NULL, 0 };
	const struct store_measurement_target *t;
	struct series s = { 0 };
	struct inr_result *results = NULL;
	struct inr_ttr ttr;
	double low = k->suggest_low, high = k->suggest_high;
	const char *source = "suggestion";
	int rc;

	if ((rc = measure_targets_read(tx, req->ids[0], &targets)) < 0 ||
	    (rc = read_series(tx, req->ids[0], k->code, p->from, p->to, &s)) < 0)
		goto out;
	if ((t = measure_target_of(&targets, k->code)) && !isnan(t->low) && !isnan(t->high)) {
		low = t->low;
		high = t->high;
		source = "client";
	}
	json_object_set_new(out, "readings", json_integer((json_int_t)s.n));
	json_object_set_new(out, "range", json_pack("{s:o,s:o,s:s}", "low", one_decimal(low), "high", one_decimal(high),
						    "source", source));
	if (!(results = calloc(s.n ? s.n : 1, sizeof(*results)))) {
		rc = STORE_HARD_ERROR;
		goto out;
	}
	for (size_t i = 0; i < s.n; i++)
		results[i] = (struct inr_result){ (int32_t)local_day(s.list[i].taken_at), s.list[i].value };
	if (s.n && !isnan(low) && !isnan(high) && !inr_ttr(results, s.n, low, high, &ttr)) {
		json_object_set_new(out, "ttr", one_decimal(ttr.has_percent ? ttr.percent : NAN));
		json_object_set_new(out, "days_in_range", one_decimal(ttr.days_in_range));
		json_object_set_new(out, "days_included", json_integer(ttr.days_included));
	} else {
		json_object_set_new(out, "ttr", json_null());
	}
	rc = 0;
out:
	free(results);
	free(s.list);
	measure_targets_release(&targets);
	return rc;
}

/* ---- blood pressure, weight, the rest ---- */

static int bp_metrics(struct request *req, struct store_tx *tx, const struct measure_kind *k, const struct period *p,
		      json_t *out)
{
	struct series s = { 0 };
	struct trend_bp_reading *r;
	struct trend_bp_mean mean;
	int rc;

	if ((rc = read_series(tx, req->ids[0], k->code, p->from, p->to, &s)) < 0)
		return rc;
	if (!(r = calloc(s.n ? s.n : 1, sizeof(*r)))) {
		free(s.list);
		return STORE_HARD_ERROR;
	}
	for (size_t i = 0; i < s.n; i++)
		r[i] = (struct trend_bp_reading){ s.list[i].value, s.list[i].value2, 0, false };
	json_object_set_new(out, "readings", json_integer((json_int_t)s.n));
	if (s.n && !trend_bp_mean(r, s.n, &mean))
		json_object_set_new(out, "mean", json_pack("{s:o,s:o}", "value", measure_number(mean.systolic, 0), "value2",
							   measure_number(mean.diastolic, 0)));
	else
		json_object_set_new(out, "mean", json_null());
	free(r);
	free(s.list);
	return 0;
}

static int weight_metrics(struct request *req, struct store_tx *tx, const struct measure_kind *k, const struct period *p,
			  json_t *out)
{
	static const int spans[] = { 3, 7 };
	struct series s = { 0 };
	struct trend_weight *w;
	int rc;

	if ((rc = read_series(tx, req->ids[0], k->code, p->from, p->to, &s)) < 0)
		return rc;
	if (!(w = calloc(s.n ? s.n : 1, sizeof(*w)))) {
		free(s.list);
		return STORE_HARD_ERROR;
	}
	for (size_t i = 0; i < s.n; i++)
		w[i] = (struct trend_weight){ s.list[i].taken_at / 1000, s.list[i].value };
	json_object_set_new(out, "readings", json_integer((json_int_t)s.n));
	for (size_t i = 0; i < 2; i++) {
		struct trend_weight_change c;
		char name[16];

		snprintf(name, sizeof(name), "change_%dd", spans[i]);
		json_object_set_new(out, name, s.n && !trend_weight_change(w, s.n, spans[i], &c) && c.found
						       ? measure_number(c.change_kg, 1)
						       : json_null());
	}
	free(w);
	free(s.list);
	return 0;
}

static int summed_up(const struct store_measurement_bucket *b, void *ctx)
{
	*(struct store_measurement_bucket *)ctx = *b;
	return 0;
}

static int plain_metrics(struct request *req, struct store_tx *tx, const struct measure_kind *k, const struct period *p,
			 json_t *out)
{
	struct store_measurement_bucket b = { 0 };
	int rc = store_measurement_buckets(tx, req->ids[0], k->code, p->from, p->to, p->to - p->from, summed_up, &b);

	if (rc < 0)
		return rc;
	json_object_set_new(out, "readings", json_integer(b.count));
	json_object_set_new(out, "mean", measure_number(b.count ? b.mean : NAN, k->decimals + 1));
	json_object_set_new(out, "min", measure_number(b.count ? b.min : NAN, k->decimals));
	json_object_set_new(out, "max", measure_number(b.count ? b.max : NAN, k->decimals));
	return 0;
}

static int metrics_body(struct request *req, struct store_tx *tx)
{
	struct metrics_state *st = req->state;
	const struct measure_kind *k = NULL;
	struct period p;
	char from[25], to[25];
	json_t *out;
	int rc;

	if ((rc = measure_kinds_load(tx)) < 0)
		return api_failed(rc, "cannot read the measurement kinds");
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_MEASUREMENTS, "metrics")) != 1)
		return rc;
	if (!st->refused && !(k = measure_kind_find(st->kind)))
		st->refused = refuse(&st->err, REFUSAL_INVALID, "kind", "kind: not a kind of GET /api/v1/measurement-kinds");
	if (st->refused)
		return api_reply_refusal(req, &st->err), STORE_TX_KEEP;
	/* The period: today and the days before it, in the client's days. */
	p.to = time_now() * 1000 + MEASURE_FUTURE_MS;
	p.last_day = local_day(p.to - MEASURE_FUTURE_MS);
	p.first_day = p.last_day - st->days + 1;
	p.from = local_day_start(p.first_day);
	time_format_iso_ms(p.from, from);
	time_format_iso_ms(p.to - MEASURE_FUTURE_MS, to);
	out = json_pack("{s:s,s:i,s:s,s:s}", "kind", k->code, "days", st->days, "from", from, "to", to);
	rc = !strcmp(k->code, GLUCOSE_DAYS_KIND) ? cgm_metrics(req, tx, k, &p, out)
	     : !strcmp(k->code, "inr")          ? inr_metrics(req, tx, k, &p, out)
	     : !strcmp(k->code, "blood_pressure") ? bp_metrics(req, tx, k, &p, out)
	     : !strcmp(k->code, "weight")       ? weight_metrics(req, tx, k, &p, out)
						: plain_metrics(req, tx, k, &p, out);
	if (rc < 0) {
		json_decref(out);
		return api_failed(rc, "cannot compute the metrics");
	}
	reply_json(req, 200, out);
	return STORE_TX_KEEP;
}

int api_metrics_get(struct request *req)
{
	struct metrics_state *st = request_state(req, sizeof(*st), NULL);
	const char *kind = request_query(req, "kind"), *days = request_query(req, "days"),
		   *profile = request_query(req, "profile");

	st->days = 14;
	if (!kind || !*kind || strlen(kind) >= sizeof(st->kind))
		st->refused = refuse(&st->err, REFUSAL_INVALID, "kind", "kind: required");
	else
		snprintf(st->kind, sizeof(st->kind), "%s", kind);
	if (days && strcmp(days, "7") && strcmp(days, "14") && strcmp(days, "30") && strcmp(days, "90") && !st->refused)
		st->refused = refuse(&st->err, REFUSAL_INVALID, "days", "days: 7, 14, 30 or 90");
	else if (days)
		st->days = atoi(days);
	st->profile = profile && !strcmp(profile, "1");
	return api_run(req, STORE_TX_READ, metrics_body);
}
