/*
 * The client's own ranges per kind: GET lists them, PUT sets one (or
 * removes it when every bound is null). Set by the client, a
 * representative or a member who may change measurements; who set it and
 * when is kept. A suggestion from published guidance is in the catalogue;
 * the client's range is what counts.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/measure.h"
#include "api/run.h"
#include "measure/kinds.h"
#include "util/timeutil.h"

static json_t *target_json(const struct store_measurement_target *t)
{
	const struct measure_kind *k = measure_kind_find(t->kind);
	int d = k ? k->decimals : 1;
	char at[21];

	time_format_iso(t->set_at, at);
	return json_pack("{s:s,s:o,s:o,s:o,s:o,s:{s:I,s:s?},s:s}", "kind", t->kind, "low", measure_number(t->low, d),
			 "high", measure_number(t->high, d), "low2", measure_number(t->low2, d), "high2",
			 measure_number(t->high2, d), "set_by", "id", (json_int_t)t->set_by, "name", t->set_by_name,
			 "set_at", at);
}

static int collect_target(const struct store_measurement_target *t, void *ctx)
{
	return json_array_append_new(ctx, target_json(t));
}

static int targets_body(struct request *req, struct store_tx *tx)
{
	json_t *list = json_array();
	int rc;

	if ((rc = measure_kinds_load(tx)) < 0)
		rc = api_failed(rc, "cannot read the measurement kinds");
	else if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_MEASUREMENTS, "targets")) == 1 &&
		 (rc = store_measurement_targets_each(tx, req->ids[0], NULL, collect_target, list)) >= 0)
		return reply_json(req, 200, list), STORE_TX_KEEP;
	else if (rc < 0)
		rc = api_failed(rc, "cannot read the ranges");
	json_decref(list);
	return rc;
}

int api_targets_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, targets_body);
}

/* Reads bound `name` of the body: a number or null/absent (NaN). Returns 0, or 1 with *err filled. */
static int bound(json_t *body, const char *name, double *out, struct field_error *err)
{
	json_t *v = json_object_get(body, name);

	*out = NAN;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v) || !isfinite(json_number_value(v)))
		return refuse(err, REFUSAL_INVALID, name, "%s: a number or null", name);
	*out = json_number_value(v);
	return 0;
}

/* Checks a range against its kind: both bounds plausible, low below high, value2 bounds only where it has one. */
static int check_range(const struct measure_kind *k, struct store_measurement_target *t, struct field_error *err)
{
	const double *lo[2] = { &t->low, &t->low2 }, *hi[2] = { &t->high, &t->high2 };
	const char *lo_name[2] = { "low", "low2" }, *hi_name[2] = { "high", "high2" };

	if (!k->value2[0] && (!isnan(t->low2) || !isnan(t->high2)))
		return refuse(err, REFUSAL_INVALID, isnan(t->low2) ? "high2" : "low2", "%s: this kind has one value",
			      isnan(t->low2) ? "high2" : "low2");
	for (int i = 0; i < 2; i++) {
		double min = i ? k->min2 : k->min, max = i ? k->max2 : k->max;

		if (!isnan(*lo[i]) && (*lo[i] < min || *lo[i] > max))
			return refuse(err, REFUSAL_INVALID, lo_name[i], "%s: outside what %s can be (%g to %g)",
				      lo_name[i], k->code, min, max);
		if (!isnan(*hi[i]) && (*hi[i] < min || *hi[i] > max))
			return refuse(err, REFUSAL_INVALID, hi_name[i], "%s: outside what %s can be (%g to %g)",
				      hi_name[i], k->code, min, max);
		if (!isnan(*lo[i]) && !isnan(*hi[i]) && *lo[i] >= *hi[i])
			return refuse(err, REFUSAL_INVALID, hi_name[i], "%s: must be above %s", hi_name[i], lo_name[i]);
	}
	return 0;
}

struct put_state {
	char kind[32];
	struct store_measurement_target t;
	struct field_error err;
	int refused;
};

static int put_body(struct request *req, struct store_tx *tx)
{
	struct put_state *st = req->state;
	const struct measure_kind *k = NULL;
	int rc;

	if ((rc = measure_kinds_load(tx)) < 0)
		return api_failed(rc, "cannot read the measurement kinds");
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_UPDATE, CATEGORY_MEASUREMENTS, "targets")) != 1)
		return rc;
	if (!st->refused && !(k = measure_kind_find(st->kind)))
		st->refused = refuse(&st->err, REFUSAL_INVALID, "kind", "kind: unknown kind");
	if (!st->refused)
		st->refused = check_range(k, &st->t, &st->err);
	if (st->refused)
		return api_reply_refusal(req, &st->err), STORE_TX_UNDO;
	st->t.kind = k->code;
	st->t.set_by = req->session.user_id;
	st->t.set_at = time_now();
	if (isnan(st->t.low) && isnan(st->t.high) && isnan(st->t.low2) && isnan(st->t.high2)) {
		if ((rc = store_measurement_target_remove(tx, req->ids[0], k->code)) < 0)
			return api_failed(rc, "cannot remove the range");
		return reply_no_content(req), STORE_TX_KEEP;
	}
	if ((rc = store_measurement_target_set(tx, req->ids[0], &st->t)) < 0)
		return api_failed(rc, "cannot set the range");
	{
		json_t *one = json_array();

		if ((rc = store_measurement_targets_each(tx, req->ids[0], k->code, collect_target, one)) != STORE_ONE) {
			json_decref(one);
			return api_failed(rc < 0 ? rc : STORE_HARD_ERROR, "cannot read the range back");
		}
		reply_json(req, 200, json_incref(json_array_get(one, 0)));
		json_decref(one);
	}
	return STORE_TX_KEEP;
}

int api_targets_put(struct request *req)
{
	struct put_state *st = request_state(req, sizeof(*st), NULL);
	const char *kind = json_string_value(json_object_get(req->json, "kind"));

	if (!kind || strlen(kind) >= sizeof(st->kind))
		st->refused = refuse(&st->err, REFUSAL_INVALID, "kind", "kind: required, one of the measurement kinds");
	else
		snprintf(st->kind, sizeof(st->kind), "%s", kind);
	if (!st->refused)
		st->refused = bound(req->json, "low", &st->t.low, &st->err) || bound(req->json, "high", &st->t.high, &st->err) ||
			      bound(req->json, "low2", &st->t.low2, &st->err) ||
			      bound(req->json, "high2", &st->t.high2, &st->err);
	return api_run(req, STORE_TX_WRITE, put_body);
}
