/*
 * GET /api/v1/triage: every client whose network the signed-in person is
 * in, ranked by need (docs/api.md, "Triage"): alerts nobody took up first
 * (by severity, then age), then worsening trends, unanswered help
 * requests, a balance that tipped towards burden, a low check-in, a missing
 * measurement; then the others, by client id. Only what the client shares with this person counts: a
 * reason in a category they may not see is left out before ranking, so the
 * order tells nothing it may not. Ranked from the per-client summaries
 * (store/triage.h), never by reading each client's data.
 *
 * The audit log: a client's row shown with reasons is a read of what the
 * client shares, logged once per client shown (the page, not the whole
 * list); a row without reasons shows only the name the person knows from
 * the network.
 */
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/run.h"
#include "store/triage.h"
#include "util/timeutil.h"

#define TRIAGE_PAGE_DEFAULT 50
#define TRIAGE_PAGE_MAX 500

/* The reasons, in the order they rank; the index is the tier. */
enum reason { R_ALERT, R_TREND, R_HELP, R_BALANCE, R_CHECKIN, R_MISSING, R_COUNT };
static const char *const reason_names[] = { "alert", "trend", "help", "balance", "checkin", "missing", NULL };
/* What a person must be able to see for each reason to count. */
static const unsigned reason_rights[] = { TRIAGE_ALERTS, TRIAGE_ALERTS, TRIAGE_HELP, TRIAGE_BALANCE, TRIAGE_CHECKINS,
					  TRIAGE_ALERTS };
static const enum access_category reason_categories[] = { CATEGORY_ALERTS, CATEGORY_ALERTS, CATEGORY_HELP_REQUESTS,
							  CATEGORY_BALANCE, CATEGORY_CHECKINS, CATEGORY_ALERTS };

struct row {
	int64_t client_id;
	unsigned reasons;            /* bits of enum reason that count */
	int tier;                    /* the first reason, R_COUNT: none */
	int severity, alerts, trends, missing, help;
	int64_t since[R_COUNT];      /* when each reason began (0: not known) */
};

struct triage_state {
	long long limit, offset;
	const char *reason;          /* borrowed from the query; NULL: all */
	const char *discipline;
	struct row *rows;
	size_t n, cap;
};

static void rows_free(struct triage_state *st)
{
	free(st->rows);
	st->rows = NULL;
	st->n = st->cap = 0;
}

static void triage_state_release(void *p)
{
	rows_free(p);
}

static int add_row(const struct store_triage_row *t, void *ctx)
{
	struct triage_state *st = ctx;
	unsigned may = t->rights & TRIAGE_ALL ? ~0u : t->rights;
	struct row *r;

	if (st->discipline && (!t->discipline || strcmp(st->discipline, t->discipline)))
		return 0;
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 256;
		struct row *grown = realloc(st->rows, cap * sizeof(*grown));

		if (!grown)
			return -1;
		st->rows = grown;
		st->cap = cap;
	}
	r = &st->rows[st->n];
	memset(r, 0, sizeof(*r));
	r->client_id = t->client_id;
	if (t->has_summary) {
		if (t->open_alerts)
			r->reasons |= 1u << R_ALERT, r->since[R_ALERT] = t->oldest_alert_at;
		if (t->trend_alerts)
			r->reasons |= 1u << R_TREND, r->since[R_TREND] = t->trend_at;
		if (t->open_help)
			r->reasons |= 1u << R_HELP, r->since[R_HELP] = t->oldest_help_at;
		if (t->balance_burden)
			r->reasons |= 1u << R_BALANCE;
		if (t->low_checkin_at)
			r->reasons |= 1u << R_CHECKIN, r->since[R_CHECKIN] = t->low_checkin_at;
		if (t->missing_alerts)
			r->reasons |= 1u << R_MISSING, r->since[R_MISSING] = t->missing_at;
		/* What this person may not see does not count, not even towards the order. */
		for (int i = 0; i < R_COUNT; i++)
			if (!(may & reason_rights[i]))
				r->reasons &= ~(1u << i);
	}
	r->tier = R_COUNT;
	for (int i = R_COUNT - 1; i >= 0; i--)
		if (r->reasons & (1u << i))
			r->tier = i;
	r->severity = r->reasons & (1u << R_ALERT) ? t->worst_severity : 0;
	r->alerts = r->reasons & (1u << R_ALERT) ? t->open_alerts : 0;
	r->trends = r->reasons & (1u << R_TREND) ? t->trend_alerts : 0;
	r->missing = r->reasons & (1u << R_MISSING) ? t->missing_alerts : 0;
	r->help = r->reasons & (1u << R_HELP) ? t->open_help : 0;
	st->n++;
	return 0;
}

/*
 * Need first; within a reason, urgent before warning, then who waits
 * longest; then by client id (the order in which they joined Roer): a
 * stable order that needs no names, so that ranking reads none.
 */
static int by_need(const void *pa, const void *pb)
{
	const struct row *a = pa, *b = pb;

	if (a->tier != b->tier)
		return a->tier - b->tier;
	if (a->tier == R_ALERT && a->severity != b->severity)
		return b->severity - a->severity;
	/* Waiting longer comes first. */
	if (a->tier < R_COUNT && a->since[a->tier] != b->since[b->tier])
		return a->since[a->tier] < b->since[b->tier] ? -1 : 1;
	return (a->client_id > b->client_id) - (a->client_id < b->client_id);
}

/* A row shown: the client's name and the person's role and discipline in their network. */
static int fill_names(const char *name, const char *role, const char *discipline, void *ctx)
{
	json_t *o = ctx;

	json_object_set_new(json_object_get(o, "client"), "name", json_string(name ? name : ""));
	json_object_set_new(o, "role", json_string(role ? role : ""));
	json_object_set_new(o, "discipline", discipline ? json_string(discipline) : json_null());
	return 0;
}

static json_t *reasons_json(const struct row *r)
{
	json_t *list = json_array();

	for (int i = 0; i < R_COUNT; i++) {
		json_t *o;

		if (!(r->reasons & (1u << i)))
			continue;
		o = json_pack("{s:s,s:o}", "code", reason_names[i], "since", json_time_or_null(r->since[i]));
		if (i == R_ALERT) {
			json_object_set_new(o, "count", json_integer(r->alerts));
			json_object_set_new(o, "severity", json_string(r->severity == 2 ? "urgent" : "warning"));
		} else if (i == R_TREND) {
			json_object_set_new(o, "count", json_integer(r->trends));
		} else if (i == R_HELP) {
			json_object_set_new(o, "count", json_integer(r->help));
		} else if (i == R_MISSING) {
			json_object_set_new(o, "count", json_integer(r->missing));
		}
		json_array_append_new(list, o);
	}
	return list;
}

static int triage_body(struct request *req, struct store_tx *tx)
{
	struct triage_state *st = req->state;
	struct access_actor actor = api_actor(req);
	json_t *items, *counts;
	int want = -1, rc;
	size_t shown = 0;

	rows_free(st);
	if (st->reason)
		for (int i = 0; i < R_COUNT; i++)
			if (!strcmp(st->reason, reason_names[i]))
				want = i;
	if ((rc = store_triage_each(tx, req->session.user_id, time_now(), add_row, st)) < 0)
		return api_failed(rc, "cannot read the triage list");
	if (st->n)
		qsort(st->rows, st->n, sizeof(st->rows[0]), by_need);
	counts = json_object();
	for (int i = 0; i < R_COUNT; i++) {
		size_t n = 0;

		for (size_t j = 0; j < st->n; j++)
			n += (st->rows[j].reasons >> i) & 1u;
		json_object_set_new(counts, reason_names[i], json_integer((json_int_t)n));
	}
	items = json_array();
	for (size_t j = 0, seen = 0; j < st->n && shown < (size_t)st->limit; j++) {
		struct row *r = &st->rows[j];
		json_t *o;

		if (want >= 0 && !(r->reasons & (1u << want)))
			continue;
		if (seen++ < (size_t)st->offset)
			continue;
		/* Showing why is reading what the client shares: on the client's log, once per client shown. */
		if (r->reasons) {
			rc = access_check(tx, &actor, r->client_id, ACCESS_READ, reason_categories[r->tier], "triage");
			if (rc < 0) {
				json_decref(items);
				json_decref(counts);
				return api_failed(rc, "cannot log the triage read");
			}
			if (!rc)
				r->reasons = 0;
		}
		o = json_pack("{s:{s:I},s:o}", "client", "id", (json_int_t)r->client_id, "reasons", reasons_json(r));
		if (!o || (rc = store_triage_names(tx, req->session.user_id, r->client_id, fill_names, o)) < 0) {
			json_decref(o);
			json_decref(items);
			json_decref(counts);
			return api_failed(o ? rc : STORE_HARD_ERROR, "cannot read the triage list");
		}
		json_array_append_new(items, o);
		shown++;
	}
	reply_json(req, 200,
		   json_pack("{s:o,s:I,s:o}", "items", items, "total",
			     (json_int_t)(want >= 0 ? json_integer_value(json_object_get(counts, reason_names[want]))
						   : (json_int_t)st->n),
			     "counts", counts));
	return STORE_TX_KEEP;
}

int api_triage_get(struct request *req)
{
	struct triage_state *st = request_state(req, sizeof(*st), triage_state_release);

	st->limit = TRIAGE_PAGE_DEFAULT;
	if (api_query_number(req, "limit", 1, TRIAGE_PAGE_MAX, &st->limit) ||
	    api_query_number(req, "offset", 0, 1000000, &st->offset))
		return 0;
	st->reason = request_query(req, "reason");
	st->discipline = request_query(req, "discipline");
	if (st->reason && !fields_in(reason_names, st->reason))
		return reply_error(req, ERR_INVALID_INPUT, "reason",
				   "reason: one of alert, trend, help, balance, checkin, missing");
	if (st->discipline && !fields_in(vocabulary_disciplines, st->discipline))
		return reply_error(req, ERR_INVALID_INPUT, "discipline", "discipline: one of GET /api/v1/vocabulary");
	return api_run(req, STORE_TX_READ, triage_body);
}
