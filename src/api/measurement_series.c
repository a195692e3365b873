/*
 * GET /api/v1/clients/{client}/measurements/series?kind=&from=&to=&buckets=N:
 * a kind's readings over a period summed up in N equal stretches of time
 * (count, lowest, highest, mean), for a chart of a period that holds more
 * readings than it can show (three months of a glucose sensor: 26,000).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/measure.h"
#include "api/run.h"
#include "measure/kinds.h"
#include "util/timeutil.h"

#define SERIES_BUCKETS_DEFAULT 300
#define SERIES_BUCKETS_MAX 2000
#define SERIES_DEFAULT_MS (14LL * 24 * 3600 * 1000)

struct series_state {
	struct field_error err;       /* a bad query, told only after the access check */
	int refused;
	char kind[32];
	int64_t from, to, width;
};

struct series_out {
	json_t *list;
	int decimals;
};

static int collect_bucket(const struct store_measurement_bucket *b, void *ctx)
{
	struct series_out *out = ctx;
	int d = out->decimals;
	char from[25], to[25];

	time_format_iso_ms(b->from, from);
	time_format_iso_ms(b->to, to);
	return json_array_append_new(out->list,
				     json_pack("{s:s,s:s,s:I,s:o,s:o,s:o,s:o,s:o,s:o}", "from", from, "to", to, "count",
					       (json_int_t)b->count, "min", measure_number(b->min, d), "max",
					       measure_number(b->max, d), "mean", measure_number(b->mean, d + 1), "min2",
					       measure_number(b->min2, d), "max2", measure_number(b->max2, d), "mean2",
					       measure_number(b->mean2, d + 1)));
}

static int series_body(struct request *req, struct store_tx *tx)
{
	struct series_state *st = req->state;
	struct series_out out = { NULL, 1 };
	const struct measure_kind *k = NULL;
	int rc;

	if ((rc = measure_kinds_load(tx)) < 0)
		return api_failed(rc, "cannot read the measurement kinds");
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_MEASUREMENTS, "measurements")) != 1)
		return rc;
	if (!st->refused && !(k = measure_kind_find(st->kind)))
		st->refused = refuse(&st->err, REFUSAL_INVALID, "kind", "kind: not a kind of GET /api/v1/measurement-kinds");
	if (st->refused)
		return api_reply_refusal(req, &st->err), STORE_TX_KEEP;
	out.decimals = k->decimals;
	out.list = json_array();
	if ((rc = store_measurement_buckets(tx, req->ids[0], k->code, st->from, st->to, st->width, collect_bucket,
					    &out)) < 0) {
		json_decref(out.list);
		return api_failed(rc, "cannot sum up the readings");
	}
	reply_json(req, 200, out.list);
	return STORE_TX_KEEP;
}

/* Reads the query into st. Returns 0, or 1 with st->err filled. */
static int read_query(struct request *req, struct series_state *st)
{
	const char *kind = request_query(req, "kind"), *from = request_query(req, "from"),
		   *to = request_query(req, "to"), *buckets = request_query(req, "buckets");
	long n = SERIES_BUCKETS_DEFAULT;
	char *end;

	if (!kind || !*kind || strlen(kind) >= sizeof(st->kind))
		return refuse(&st->err, REFUSAL_INVALID, "kind", "kind: required, one of GET /api/v1/measurement-kinds");
	snprintf(st->kind, sizeof(st->kind), "%s", kind);
	st->to = time_now() * 1000 + MEASURE_FUTURE_MS;
	if (to && time_parse_iso_ms(to, &st->to))
		return refuse(&st->err, REFUSAL_INVALID, "to", "to: not an ISO 8601 time with a zone");
	st->from = st->to - SERIES_DEFAULT_MS;
	if (from && time_parse_iso_ms(from, &st->from))
		return refuse(&st->err, REFUSAL_INVALID, "from", "from: not an ISO 8601 time with a zone");
	if (st->from >= st->to)
		return refuse(&st->err, REFUSAL_INVALID, "to", "to: must be after from");
	if (buckets) {
		n = strtol(buckets, &end, 10);
		if (!*buckets || *end || n < 1 || n > SERIES_BUCKETS_MAX)
			return refuse(&st->err, REFUSAL_INVALID, "buckets", "buckets: a whole number from 1 to %d",
				      SERIES_BUCKETS_MAX);
	}
	/* Equal stretches, rounded up to whole seconds so their edges read well. */
	st->width = ((st->to - st->from + n - 1) / n + 999) / 1000 * 1000;
	return 0;
}

int api_measurement_series_get(struct request *req)
{
	struct series_state *st = request_state(req, sizeof(*st), NULL);

	st->refused = read_query(req, st);
	return api_run(req, STORE_TX_READ, series_body);
}
