/*
 * The day view of daily life and the client's own thresholds: what Roer
 * learned of the client's usual day, what it judges of one day, and every
 * signal it judged on, so that nothing is inferred the client cannot see.
 * Codes and numbers only; the words are in web/i18n (dailyLife).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/daily_life_check.h"
#include "api/api.h"
#include "api/common.h"
#include "api/daily_life.h"
#include "api/run.h"
#include "measure/daily_life.h"
#include "measure/local_time.h"
#include "store/daily_life.h"
#include "util/timeutil.h"

/* The days shown side by side, the judged day the last of them. */
#define DAYS_SHOWN 14

/* A minute of the day as "07:30", or null. */
static json_t *clock_json(int minute)
{
	char s[8];

	if (minute == DAILY_LIFE_NONE)
		return json_null();
	snprintf(s, sizeof(s), "%02d:%02d", (minute / 60) % 100, minute % 60);
	return json_string(s);
}

static json_t *number_or_null(int v)
{
	return v == DAILY_LIFE_NONE ? json_null() : json_integer(v);
}

/* A learned figure: {median, spread, p90, days} (times of day as "HH:MM"), or null when nothing was learned. */
static json_t *stat_json(const struct daily_life_stat *st, int is_time)
{
	if (!st->n)
		return json_null();
	if (is_time)
		return json_pack("{s:o,s:i,s:o,s:i}", "median", clock_json((int)lround(st->median)), "spread",
				 (int)lround(st->spread), "p90", clock_json((int)lround(st->p90)), "days", st->n);
	return json_pack("{s:f,s:f,s:f,s:i}", "median", st->median, "spread", st->spread, "p90", st->p90, "days", st->n);
}

static json_t *parts_json(const int *counts, const struct daily_life_stat *stats)
{
	json_t *o = json_object();

	for (int p = 0; p < DAILY_LIFE_PARTS; p++)
		json_object_set_new(o, daily_life_part_names[p],
				    counts ? json_integer(counts[p]) : json_real(round(stats[p].median * 10) / 10));
	return o;
}

static json_t *features_json(const struct daily_life_signals *l, const struct daily_life_features *f)
{
	char day[11];
	json_t *places = json_object();

	daily_life_day_name(f->day, day);
	for (size_t p = 0; p < l->n_places && p < DAILY_LIFE_PLACES; p++)
		if (f->place_first[p] != DAILY_LIFE_NONE)
			json_object_set_new(places, l->places[p], clock_json(f->place_first[p]));
	return json_pack("{s:s,s:b,s:i,s:o,s:o,s:i,s:i,s:i,s:i,s:o,s:i,s:i,s:o}", "day", day, "complete", f->complete,
			 "signals", f->signals, "first_activity", clock_json(f->first_activity), "parts",
			 parts_json(f->parts, NULL), "nights_out_of_bed", f->nights_out, "night_longest_minutes",
			 f->night_longest, "bathroom_minutes", f->bathroom_minutes, "bathroom_longest_minutes",
			 f->bathroom_longest, "kitchen_first", clock_json(f->kitchen_first), "daytime_signals",
			 f->daytime_signals, "silent_longest_minutes", f->silent_longest, "places", places);
}

static json_t *usual_json(const struct daily_life_signals *l, const struct daily_life_usual *u)
{
	json_t *places = json_object();

	for (size_t p = 0; p < l->n_places && p < DAILY_LIFE_PLACES; p++)
		if (u->place_first[p].n)
			json_object_set_new(places, l->places[p], stat_json(&u->place_first[p], 1));
	return json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:o,s:o,s:o}", "first_activity",
			 stat_json(&u->first_activity, 1), "parts", parts_json(NULL, u->parts), "nights_out_of_bed",
			 stat_json(&u->nights_out, 0), "night_longest_minutes", stat_json(&u->night_longest, 0),
			 "bathroom_minutes", stat_json(&u->bathroom_minutes, 0), "bathroom_longest_minutes",
			 stat_json(&u->bathroom_longest, 0), "kitchen_first", stat_json(&u->kitchen_first, 1),
			 "daytime_per_hour",
			 u->daytime_signals.n ? json_real(round(u->daytime_signals.median / 12 * 10) / 10) : json_null(),
			 "silent_longest_minutes", stat_json(&u->silent_longest, 0), "bed_sensor", u->bed_sensor,
			 "kitchen_place", u->kitchen_place == DAILY_LIFE_NONE ? json_null() : json_string(l->places[u->kitchen_place]),
			 "bathroom_place",
			 u->bathroom_place == DAILY_LIFE_NONE ? json_null() : json_string(l->places[u->bathroom_place]),
			 "places", places);
}

static json_t *thresholds_json(const struct daily_life_threshold_value *t)
{
	json_t *o = json_object();

	for (int i = 0; i < DAILY_LIFE_THRESHOLDS; i++) {
		const char *unit = daily_life_threshold_is_time(i) ? "minute_of_day" : i == DAILY_LIFE_NIGHTS_OUT_MAX ? "times"
														  : "minutes";

		json_object_set_new(o, daily_life_threshold_names[i],
				    json_pack("{s:o,s:o,s:b,s:s}", "value", number_or_null(t[i].value), "learned",
					      number_or_null(t[i].learned), "set_by_client", t[i].set_by_client, "unit", unit));
	}
	return o;
}

/* A deviation's code, key and the parameters of its words; only those that apply. */
static json_t *deviation_json(const struct daily_life_deviation *d)
{
	int times = d->code == DAILY_LIFE_LATE_MORNING;
	json_t *o = json_pack("{s:s,s:s,s:s,s:b}", "code", d->name, "key", d->key, "day", d->day, "ongoing", d->ongoing);

	if (d->variant)
		json_object_set_new(o, "variant", json_string(d->variant));
	if (*d->place)
		json_object_set_new(o, "place", json_string(d->place));
	if (d->threshold != DAILY_LIFE_NONE)
		json_object_set_new(o, "threshold", times ? clock_json(d->threshold) : json_integer(d->threshold));
	if (d->usual != DAILY_LIFE_NONE)
		json_object_set_new(o, "usual", times ? clock_json(d->usual) : json_integer(d->usual));
	if (d->usual_before != DAILY_LIFE_NONE)
		json_object_set_new(o, "usual_before", clock_json(d->usual_before));
	if (d->count != DAILY_LIFE_NONE)
		json_object_set_new(o, "count", json_integer(d->count));
	if (d->minutes != DAILY_LIFE_NONE)
		json_object_set_new(o, "minutes", json_integer(d->minutes));
	if (d->from != DAILY_LIFE_NONE)
		json_object_set_new(o, "from", clock_json(d->from));
	if (d->to != DAILY_LIFE_NONE)
		json_object_set_new(o, "to", clock_json(d->to));
	return o;
}

static json_t *timeline_json(const struct daily_life_signals *l, int64_t day)
{
	json_t *list = json_array();

	for (size_t i = 0; i < l->n; i++) {
		const struct daily_life_signal *s = &l->v[i];
		char at[25];

		if (s->day != day)
			continue;
		time_format_iso_ms(s->at, at);
		json_array_append_new(list, json_pack("{s:s,s:o,s:s,s:s}", "at", at, "time", clock_json(s->minute), "type",
						      daily_life_type_names[s->type], "place", l->places[s->place]));
	}
	return list;
}

/* The whole day view of `day` as of now_ms (the list holds the days it needs). */
static json_t *view_json(struct daily_life_signals *l, const struct daily_life_result *r, int64_t now_ms)
{
	json_t *devs = json_array(), *days = json_array();
	char day[11], as_of[25];

	for (size_t i = 0; i < r->n_deviations; i++)
		json_array_append_new(devs, deviation_json(&r->deviations[i]));
	for (int64_t d = r->day - DAYS_SHOWN + 1; d <= r->day; d++) {
		struct daily_life_features f;

		daily_life_features_of(l, d, now_ms, r->usual.bed_sensor, &f);
		json_array_append_new(days, features_json(l, &f));
	}
	daily_life_day_name(r->day, day);
	time_format_iso_ms(now_ms < local_day_start(r->day + 1) ? now_ms : local_day_start(r->day + 1), as_of);
	return json_pack("{s:s,s:s,s:b,s:i,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "day", day, "as_of", as_of, "learning",
			 r->usual.learning, "days_with_data", r->usual.days_with_data, "status",
			 daily_life_status_names[r->status], "deviations", devs, "features", features_json(l, &r->features),
			 "usual", usual_json(l, &r->usual), "thresholds", thresholds_json(r->thresholds), "timeline",
			 timeline_json(l, r->day), "days", days);
}

/*
 * Reads and judges `day` as of now_ms and sets the reply: the whole view,
 * or only its thresholds. Returns the value for the body to return.
 */
static int reply_view(struct request *req, struct store_tx *tx, int64_t day, int64_t now_ms, int thresholds_only,
		      unsigned status)
{
	struct daily_life_signals l = DAILY_LIFE_SIGNALS_INIT;
	struct daily_life_settings own;
	struct daily_life_result *r = malloc(sizeof(*r));
	json_t *out;
	int rc;

	if (!r)
		return api_failed(STORE_HARD_ERROR, "out of memory");
	if ((rc = daily_life_load(tx, req->ids[0], day, now_ms, &l, &own)) < 0) {
		daily_life_signals_release(&l);
		free(r);
		return api_failed(rc, "cannot read the daily-life signals");
	}
	daily_life_analyse(&l, day, now_ms, &own, r);
	out = thresholds_only ? json_pack("{s:o}", "thresholds", thresholds_json(r->thresholds)) : view_json(&l, r, now_ms);
	daily_life_signals_release(&l);
	free(r);
	if (!out)
		return api_failed(STORE_HARD_ERROR, "cannot make the day view");
	reply_json(req, status, out);
	return STORE_TX_KEEP;
}

/* ---- GET /daily-life?day= ---- */

struct view_state {
	struct field_error err;
	int refused;
	int64_t day, now_ms;
};

static int view_body(struct request *req, struct store_tx *tx)
{
	struct view_state *st = req->state;
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_DAILY_LIFE, "daily-life")) != 1)
		return rc;
	if (st->refused)
		return api_reply_refusal(req, &st->err), STORE_TX_KEEP;
	return reply_view(req, tx, st->day, st->now_ms, 0, 200);
}

int api_daily_life_get(struct request *req)
{
	struct view_state *st = request_state(req, sizeof(*st), NULL);
	const char *day = request_query(req, "day");

	st->now_ms = time_now() * 1000;
	st->day = local_day(st->now_ms);
	if (day) {
		int64_t want;

		if (daily_life_day_parse(day, &want))
			st->refused = refuse(&st->err, REFUSAL_INVALID, "day", "day: a date, YYYY-MM-DD");
		else if (want > st->day)
			st->refused = refuse(&st->err, REFUSAL_INVALID, "day", "day: lies in the future");
		else
			st->day = want;
	}
	return api_run(req, STORE_TX_READ, view_body);
}

/* ---- PUT /daily-life/settings ---- */

/* The same bounds as the store's CHECKs (migration 0021). */
static const struct field_spec settings_fields[] = {
	{ "first_activity_by", FIELD_INT, 0, 0, 1439, NULL, NULL },
	{ "kitchen_by", FIELD_INT, 0, 0, 1439, NULL, NULL },
	{ "nights_out_max", FIELD_INT, 0, 0, 50, NULL, NULL },
	{ "night_minutes_max", FIELD_INT, 0, 5, 360, NULL, NULL },
	{ "silent_minutes", FIELD_INT, 0, 60, 720, NULL, NULL },
	{ "bathroom_minutes_max", FIELD_INT, 0, 5, 240, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

struct settings_state {
	json_t *body;                 /* the request's JSON (a reference): null clears a threshold */
	json_t *clean;                /* the values set, checked */
	struct field_error err;
	int refused;
};

static void settings_state_release(void *p)
{
	struct settings_state *st = p;

	json_decref(st->body);
	json_decref(st->clean);
}

/* What the body says of one threshold: keeps *v (absent), -1 (null: learned again) or the value. */
static void apply(const struct settings_state *st, const char *name, int64_t *v)
{
	json_t *in = json_object_get(st->body, name), *clean = json_object_get(st->clean, name);

	if (clean)
		*v = json_integer_value(clean);
	else if (json_is_null(in))
		*v = -1;
}

static int settings_body(struct request *req, struct store_tx *tx)
{
	struct settings_state *st = req->state;
	struct store_daily_settings own;
	int64_t now = time_now() * 1000;
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_UPDATE, CATEGORY_DAILY_LIFE, "daily-life/settings")) != 1)
		return rc;
	if (st->refused)
		return api_reply_refusal(req, &st->err), STORE_TX_UNDO;
	if ((rc = store_daily_settings_get(tx, req->ids[0], &own)) < 0)
		return api_failed(rc, "cannot read the daily-life settings");
	apply(st, "first_activity_by", &own.first_activity_by);
	apply(st, "kitchen_by", &own.kitchen_by);
	apply(st, "nights_out_max", &own.nights_out_max);
	apply(st, "night_minutes_max", &own.night_minutes_max);
	apply(st, "silent_minutes", &own.silent_minutes);
	apply(st, "bathroom_minutes_max", &own.bathroom_minutes_max);
	own.changed_by = req->session.user_id;
	own.changed_at = time_now();
	if ((rc = store_daily_settings_put(tx, req->ids[0], &own)) < 0)
		return api_failed(rc, "cannot store the daily-life settings");
	return reply_view(req, tx, local_day(now), now, 1, 200);
}

int api_daily_life_settings_put(struct request *req)
{
	struct settings_state *st = request_state(req, sizeof(*st), settings_state_release);
	json_t *values = json_object(), *v;
	const char *key;

	st->body = json_incref(req->json);
	/* Every name must be a threshold (a typo would otherwise be dropped without a word); null clears it. */
	if (!json_is_object(req->json))
		st->refused = refuse(&st->err, REFUSAL_INVALID, "body", "body: an object of thresholds");
	else
		json_object_foreach(req->json, key, v) {
			if (!fields_in(daily_life_threshold_names, key)) {
				st->refused = refuse(&st->err, REFUSAL_INVALID, key, "%.80s: not a threshold", key);
				break;
			}
			if (!json_is_null(v))
				json_object_set(values, key, v);
		}
	if (!st->refused && !(st->clean = fields_validate(settings_fields, values, &st->err)))
		st->refused = 1;
	json_decref(values);
	return api_run(req, STORE_TX_WRITE, settings_body);
}
