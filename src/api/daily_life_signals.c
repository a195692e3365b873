/*
 * Daily-life signals: sent one at a time or in a batch (all or nothing) by
 * a device given the daily_life kind or by someone who may change the
 * client's daily life, and listed by anyone who may see it. A signal sent
 * again stores nothing (the store's unique key), so an uploader may retry.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/daily_life.h"
#include "api/measure.h"
#include "api/run.h"
#include "measure/daily_life.h"
#include "store/daily_life.h"
#include "store/measurements.h"
#include "util/buf.h"
#include "util/timeutil.h"

/* A signal may lie this far in the future (clocks of hubs drift), and no further back than this. */
#define SIGNAL_FUTURE_MS (5 * 60 * 1000LL)
#define SIGNAL_PAST_MS (30 * 86400000LL)
/* How many refused signals of a batch the reply names (the first ones). */
#define REFUSALS_SHOWN 20
#define SIGNALS_PAGE_DEFAULT 500
#define SIGNALS_PAGE_MAX 5000
/* The device kind that may send signals (a device's kinds are measurement kinds and this one). */
#define DAILY_LIFE_KIND "\"daily_life\""

static const struct field_spec signal_fields[] = {
	{ "at", FIELD_TEXT, FIELD_REQUIRED, 1, 40, NULL, NULL },
	{ "type", FIELD_ENUM, FIELD_REQUIRED, 0, 0, daily_life_type_names, NULL },
	{ "place", FIELD_TEXT, FIELD_REQUIRED, 1, 60, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static json_t *signal_json(const struct store_daily_signal *s)
{
	char at[25];

	time_format_iso_ms(s->at, at);
	return json_pack("{s:I,s:s,s:s,s:s,s:o}", "id", (json_int_t)s->id, "at", at, "type", s->type, "place", s->place,
			 "device", s->device_id ? json_integer(s->device_id) : json_null());
}

/* ---- POST /signals: one signal, or {"signals": [...]} ---- */

struct signal_input {
	int64_t at;
	const char *type;             /* static (daily_life_type_names) */
	char *place;                  /* owned */
};

struct post_state {
	json_t *body;                 /* the request's JSON (a reference), checked in the body */
	int batch;
	struct signal_input *in;
	size_t n;
	int checked;
	json_t *refusals;             /* per signal: [{index, field, message}], or NULL when all were good */
	struct field_error first;
};

static void post_state_release(void *p)
{
	struct post_state *st = p;

	for (size_t i = 0; i < st->n; i++)
		free(st->in[i].place);
	free(st->in);
	json_decref(st->refusals);
	json_decref(st->body);
}

/* Checks one signal object. Field paths start with prefix ("" or "signals[3]."). Returns 0, or 1 with *err filled. */
static int signal_parse(json_t *in, int64_t now_ms, const char *prefix, struct signal_input *out, struct field_error *err)
{
	json_t *clean = fields_validate(signal_fields, in, err);
	char field[96];
	int type;

	if (!clean) {
		/* The validator names "body" for what is not an object at all: here it is the signal. */
		snprintf(field, sizeof(field), "%.31s%.60s", prefix, strcmp(err->field, "body") ? err->field : "");
		if (*field && field[strlen(field) - 1] == '.')
			field[strlen(field) - 1] = '\0';
		snprintf(err->field, sizeof(err->field), "%s", *field ? field : "body");
		return 1;
	}
	snprintf(field, sizeof(field), "%sat", prefix);
	if (time_parse_iso_ms(json_string_value(json_object_get(clean, "at")), &out->at)) {
		json_decref(clean);
		return refuse(err, REFUSAL_INVALID, field, "%s: an ISO 8601 time with a zone", field);
	}
	if (out->at > now_ms + SIGNAL_FUTURE_MS || out->at < now_ms - SIGNAL_PAST_MS) {
		json_decref(clean);
		return refuse(err, REFUSAL_INVALID, field, "%s: %s", field,
			      out->at > now_ms ? "lies in the future" : "is more than 30 days ago");
	}
	type = daily_life_type_parse(json_string_value(json_object_get(clean, "type")));
	out->type = daily_life_type_names[type];
	out->place = strdup(json_string_value(json_object_get(clean, "place")));
	json_decref(clean);
	if (!out->place)
		return refuse(err, REFUSAL_INVALID, "", "out of memory");
	return 0;
}

/* Checks every signal once. Returns 0 when all are good, 1 when some are not, -1 when out of memory. */
static int check_signals(struct post_state *st, int64_t now_ms)
{
	json_t *list = st->batch ? json_object_get(st->body, "signals") : NULL;
	size_t n = st->batch ? json_array_size(list) : 1;

	if (!(st->in = calloc(n, sizeof(*st->in))))
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct field_error err;
		char prefix[32] = "";

		if (st->batch)
			snprintf(prefix, sizeof(prefix), "signals[%zu].", i);
		if (!signal_parse(st->batch ? json_array_get(list, i) : st->body, now_ms, prefix, &st->in[st->n], &err)) {
			st->n++;
			continue;
		}
		if (!st->refusals) {
			st->refusals = json_array();
			st->first = err;
		}
		if (json_array_size(st->refusals) < REFUSALS_SHOWN)
			json_array_append_new(st->refusals, json_pack("{s:I,s:s,s:s}", "index", (json_int_t)i, "field",
								      err.field, "message", err.message));
	}
	return st->refusals ? 1 : 0;
}

static int post_body(struct request *req, struct store_tx *tx)
{
	struct post_state *st = req->state;
	size_t stored = 0;
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_CREATE, CATEGORY_DAILY_LIFE, "signals")) != 1)
		return rc;
	if (req->device.id && !strstr(req->device.kinds, DAILY_LIFE_KIND))
		return api_refuse_as(req, tx, req->ids[0], ACCESS_CREATE, CATEGORY_DAILY_LIFE, "signals", ERR_FORBIDDEN,
				     "type", "this device was not given the daily_life kind");
	/* Checked after access (a stranger learns nothing of the fields), and once: the body may run again. */
	if (!st->checked) {
		st->checked = 1;
		if (check_signals(st, time_now() * 1000) < 0)
			return api_failed(STORE_HARD_ERROR, "out of memory");
	}
	if (st->refusals) {
		api_reply_refusal(req, &st->first);
		json_object_set(json_object_get(req->reply_body, "error"), "signals", st->refusals);
		return STORE_TX_UNDO;
	}
	for (size_t i = 0; i < st->n; i++) {
		struct store_daily_signal s = {
			.client_id = req->ids[0], .at = st->in[i].at, .type = st->in[i].type, .place = st->in[i].place,
			.device_id = req->device.id, .created_at = time_now(),
		};

		if ((rc = store_daily_signal_put(tx, &s)) < 0)
			return api_failed(rc, "cannot store the signals");
		stored += rc == STORE_ONE;
	}
	if (req->device.id && (rc = store_device_used(tx, req->device.id, time_now())) < 0)
		return api_failed(rc, "cannot note the device's use");
	/* 201 when something new was stored; 200 when every signal was there already (a retry). */
	if (st->batch) {
		reply_json(req, stored ? 201 : 200,
			   json_pack("{s:I,s:I}", "count", (json_int_t)st->n, "stored", (json_int_t)stored));
	} else {
		struct store_daily_signal s = { 0, req->ids[0], st->in[0].at, st->in[0].type, st->in[0].place,
						req->device.id, 0 };
		json_t *one = signal_json(&s);

		json_object_del(one, "id");
		json_object_set_new(one, "stored", json_boolean(stored));
		reply_json(req, stored ? 201 : 200, one);
	}
	return STORE_TX_KEEP;
}

int api_signals_post(struct request *req)
{
	struct post_state *st = request_state(req, sizeof(*st), post_state_release);
	json_t *list = json_object_get(req->json, "signals");

	st->body = json_incref(req->json);
	st->batch = list != NULL;
	if (st->batch && (!json_is_array(list) || !json_array_size(list) || json_array_size(list) > MEASURE_BATCH_MAX))
		return reply_error(req, ERR_INVALID_INPUT, "signals", "signals: a list of 1 to %d signals",
				   MEASURE_BATCH_MAX);
	return api_run(req, STORE_TX_WRITE, post_body);
}

/* ---- GET /signals?from=&to=&after=&limit= ---- */

struct list_state {
	struct field_error err;       /* a bad query, told only after the access check */
	int refused;
	int64_t from, to, after_at, after_id;
	unsigned limit;
};

struct list_out {
	json_t *list;
	int64_t last_at, last_id;
};

static int collect_signal(const struct store_daily_signal *s, void *ctx)
{
	struct list_out *out = ctx;

	out->last_at = s->at;
	out->last_id = s->id;
	return json_array_append_new(out->list, signal_json(s));
}

static int list_body(struct request *req, struct store_tx *tx)
{
	struct list_state *st = req->state;
	struct list_out out = { json_array(), 0, 0 };
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_DAILY_LIFE, "signals")) != 1) {
		json_decref(out.list);
		return rc;
	}
	if (st->refused) {
		json_decref(out.list);
		return api_reply_refusal(req, &st->err), STORE_TX_KEEP;
	}
	if ((rc = store_daily_signals_each(tx, req->ids[0], st->from, st->to, st->after_at, st->after_id, st->limit,
					   collect_signal, &out)) < 0) {
		json_decref(out.list);
		return api_failed(rc, "cannot read the signals");
	}
	if ((unsigned)rc == st->limit) {
		struct buf link = BUF_INIT;
		char from[25], to[25];

		time_format_iso_ms(st->from, from);
		time_format_iso_ms(st->to, to);
		buf_addf(&link, "<%s?from=%s&to=%s&after=%lld~%lld&limit=%u>; rel=\"next\"", req->path, from, to,
			 (long long)out.last_at, (long long)out.last_id, st->limit);
		free(req->link);
		req->link = buf_detach(&link, NULL);
	}
	reply_json(req, 200, out.list);
	return STORE_TX_KEEP;
}

/* Reads the list's query into st. Returns 0, or 1 with st->err filled. */
static int read_list_query(struct request *req, struct list_state *st)
{
	const char *from = request_query(req, "from"), *to = request_query(req, "to"),
		   *after = request_query(req, "after"), *limit = request_query(req, "limit");
	int64_t now = time_now() * 1000;
	char *end;
	long n;

	/* By default the last week, up to a little past now (the future a signal may lie in). */
	st->from = now - 7 * 86400000LL;
	st->to = now + SIGNAL_FUTURE_MS + 1;
	if (from && time_parse_iso_ms(from, &st->from))
		return refuse(&st->err, REFUSAL_INVALID, "from", "from: not an ISO 8601 time with a zone");
	if (to && time_parse_iso_ms(to, &st->to))
		return refuse(&st->err, REFUSAL_INVALID, "to", "to: not an ISO 8601 time with a zone");
	if (st->to <= st->from)
		return refuse(&st->err, REFUSAL_INVALID, "to", "to: must come after from");
	st->limit = SIGNALS_PAGE_DEFAULT;
	if (limit) {
		n = strtol(limit, &end, 10);
		if (!*limit || *end || n < 1 || n > SIGNALS_PAGE_MAX)
			return refuse(&st->err, REFUSAL_INVALID, "limit", "limit: a whole number from 1 to %d",
				      SIGNALS_PAGE_MAX);
		st->limit = (unsigned)n;
	}
	/* The cursor of a next page: "<milliseconds>~<id>", as the Link header gives it. */
	if (after) {
		st->after_at = strtoll(after, &end, 10);
		if (end == after || *end != '~')
			return refuse(&st->err, REFUSAL_INVALID, "after", "after: use the Link header's value");
		st->after_id = strtoll(end + 1, &end, 10);
		if (*end || st->after_id <= 0)
			return refuse(&st->err, REFUSAL_INVALID, "after", "after: use the Link header's value");
	}
	return 0;
}

int api_signals_get(struct request *req)
{
	struct list_state *st = request_state(req, sizeof(*st), NULL);

	st->refused = read_list_query(req, st);
	return api_run(req, STORE_TX_READ, list_body);
}

/* ---- the export ---- */

static int export_signal(const struct store_daily_signal *s, void *ctx)
{
	return json_array_append_new(ctx, signal_json(s));
}

int daily_life_export(struct store_tx *tx, int64_t client_id, json_t **out)
{
	struct store_daily_settings own;
	json_t *signals = json_array(), *settings;
	int rc;

	*out = NULL;
	if ((rc = store_daily_signals_each(tx, client_id, INT64_MIN, INT64_MAX, 0, 0, 0, export_signal, signals)) < 0 ||
	    (rc = store_daily_settings_get(tx, client_id, &own)) < 0) {
		json_decref(signals);
		return rc;
	}
	settings = json_object();
#define OWN(name) json_object_set_new(settings, #name, own.name >= 0 ? json_integer(own.name) : json_null())
	OWN(first_activity_by);
	OWN(kitchen_by);
	OWN(nights_out_max);
	OWN(night_minutes_max);
	OWN(silent_minutes);
	OWN(bathroom_minutes_max);
#undef OWN
	*out = json_pack("{s:o,s:o}", "signals", signals, "settings", settings);
	return *out ? 0 : STORE_HARD_ERROR;
}
