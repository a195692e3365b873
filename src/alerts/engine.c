/* The alert engine: rules evaluated as data arrives, alerts raised, people told (see engine.h). */
#include "alerts/engine.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "alerts/events.h"
#include "alerts/webhook.h"
#include "api/common.h"
#include "api/measure.h"
#include "api/notify.h"
#include "store/measurements.h"
#include "store/triage.h"
#include "util/log.h"
#include "util/timeutil.h"

/* A reading older than this raises nothing: a device catching up on last week is history, not news. */
#define ALERT_FRESH_MS (3 * 3600 * 1000LL)

/* ---- the rules of a request ---- */

/* A rule as the engine keeps it while a request runs (strings owned). */
struct alert_rule {
	struct store_alert_rule r;   /* the strings are owned copies */
	json_t *params;
	int dirty;                   /* its state changed: save it at the end */
};

struct alert_rules {
	struct alert_rule *list;
	size_t n;
};

static void alert_rules_release(struct alert_rules *rules);

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void rule_free_strings(struct alert_rule *ar)
{
	free((char *)ar->r.kind);
	free((char *)ar->r.measure_kind);
	free((char *)ar->r.params);
	free((char *)ar->r.receivers);
	free((char *)ar->r.severity);
	free((char *)ar->r.snooze_reason);
	json_decref(ar->params);
}

/* Parses a JSON array of ids into ids[] (at most max). Returns how many. */
static size_t ids_of(const char *text, int64_t *ids, size_t max)
{
	json_t *a = json_loads(text, 0, NULL), *v;
	size_t i, n = 0;

	json_array_foreach(a, i, v) {
		if (n < max && json_is_integer(v))
			ids[n++] = json_integer_value(v);
	}
	json_decref(a);
	return n;
}

static int copy_rule(const struct store_alert_rule *r, void *ctx)
{
	struct alert_rules *rules = ctx;
	struct alert_rule *grown = realloc(rules->list, (rules->n + 1) * sizeof(*grown)), *ar;

	if (!grown)
		return -1;
	rules->list = grown;
	ar = &rules->list[rules->n];
	memset(ar, 0, sizeof(*ar));
	ar->r = *r;
	ar->r.kind = dup_or_null(r->kind);
	ar->r.measure_kind = dup_or_null(r->measure_kind);
	ar->r.params = dup_or_null(r->params);
	ar->r.receivers = dup_or_null(r->receivers);
	ar->r.severity = dup_or_null(r->severity);
	ar->r.snooze_reason = dup_or_null(r->snooze_reason);
	ar->params = json_loads(r->params, 0, NULL);
	rules->n++;
	if (!ar->r.kind || !ar->r.params || !ar->r.receivers || !ar->r.severity || !json_is_object(ar->params))
		return -1;
	return 0;
}

static int alert_rules_load(struct store_tx *tx, int64_t client_id, struct alert_rules *rules)
{
	int rc = store_alert_rules_each(tx, client_id, 0, NULL, copy_rule, rules);

	return rc < 0 ? rc : 0;
}

static void alert_rules_release(struct alert_rules *rules)
{
	for (size_t i = 0; i < rules->n; i++)
		rule_free_strings(&rules->list[i]);
	free(rules->list);
	memset(rules, 0, sizeof(*rules));
}

static int alert_rules_save(struct store_tx *tx, struct alert_rules *rules)
{
	for (size_t i = 0; i < rules->n; i++) {
		int rc;

		if (rules->list[i].dirty && (rc = store_alert_rule_save_state(tx, &rules->list[i].r)) < 0)
			return rc;
		rules->list[i].dirty = 0;
	}
	return 0;
}

/* ---- telling people ---- */

static json_t *event_data(int64_t id, int64_t client_id, const char *kind, const char *severity, const char *status,
			  json_t *details)
{
	return json_pack("{s:I,s:I,s:s,s:s,s:s,s:O?}", "id", (json_int_t)id, "client_id", (json_int_t)client_id, "kind",
			 kind, "severity", severity, "status", status, "details", details);
}

static int put_event(struct store_tx *tx, int64_t user, const char *name, json_t *data, int64_t now)
{
	char *text = json_dumps(data, JSON_COMPACT | JSON_REAL_PRECISION(15));
	int rc;

	if (!text)
		return STORE_HARD_ERROR;
	rc = store_event_insert(tx, user, name, text, now);
	free(text);
	if (rc >= 0)
		events_written();
	return rc < 0 ? rc : 0;
}

/* Tells `user` of the alert: a receipt, a notification and a live event. */
static int tell(struct store_tx *tx, int64_t alert_id, int64_t client_id, int64_t user, int64_t actor, json_t *data,
		int64_t now)
{
	char object[40];
	int rc;

	snprintf(object, sizeof(object), "alert/%lld", (long long)alert_id);
	if ((rc = store_alert_receipt_add(tx, alert_id, user, now)) < 0 ||
	    (rc = notify(tx, user, "alert", client_id, actor, object)) < 0 ||
	    (rc = put_event(tx, user, "alert", data, now)) < 0)
		return rc < 0 ? rc : STORE_HARD_ERROR;
	return 0;
}

/* 1 when `member` may receive the client's alerts now (the alerts right, at least "see"). */
static int may_receive(struct store_tx *tx, int64_t client_id, int64_t member, int64_t now)
{
	int level = 0, on_behalf = 0;

	if (store_right_get(tx, client_id, member, vocabulary_categories[CATEGORY_ALERTS].name, now, &level,
			    &on_behalf) < 0)
		return -1;
	return level >= 1;
}

struct chain {
	int64_t ids[64];
	size_t n;
	int64_t now;
};

static void chain_add(struct chain *c, int64_t id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->ids[i] == id)
			return;
	if (c->n < sizeof(c->ids) / sizeof(c->ids[0]))
		c->ids[c->n++] = id;
}

static int add_on_duty(const struct store_duty *d, void *ctx)
{
	struct chain *c = ctx;

	if (d->starts_at <= c->now)
		chain_add(c, d->member_id);
	return 0;
}

static int add_marked(const struct store_member *m, void *ctx)
{
	/* Those the client marked "receives alerts", in the order they joined. */
	if (m->category && !strcmp(m->category, VOCABULARY_RECEIVES_ALERTS))
		chain_add(ctx, m->member_id);
	return 0;
}

/*
 * Whoever is on duty, then the receivers in order (none chosen: whoever the
 * client marked "receives alerts"); only those who may receive alerts now.
 */
static int build_chain(struct store_tx *tx, const struct store_alert_rule *rule, int64_t now, struct chain *out)
{
	struct chain all = { .now = now };
	int64_t receivers[32];
	size_t n = ids_of(rule->receivers, receivers, sizeof(receivers) / sizeof(receivers[0]));
	int rc;

	if ((rc = store_duty_each(tx, rule->client_id, now, add_on_duty, &all)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		chain_add(&all, receivers[i]);
	if (!n && (rc = store_members_each(tx, rule->client_id, now, 0, UINT32_MAX, add_marked, &all)) < 0)
		return rc;
	out->n = 0;
	for (size_t i = 0; i < all.n; i++) {
		int may = may_receive(tx, rule->client_id, all.ids[i], now);

		if (may < 0)
			return STORE_HARD_ERROR;
		if (may)
			out->ids[out->n++] = all.ids[i];
	}
	return 0;
}

static json_t *chain_json(const struct chain *c)
{
	json_t *a = json_array();

	for (size_t i = 0; i < c->n; i++)
		json_array_append_new(a, json_integer(c->ids[i]));
	return a;
}

/*
 * The alert's event for the installation's webhook (nothing without one),
 * in the alert's transaction. Ids, kind and severity only: no details, no
 * figures, no text the client typed leave the installation (docs/security.md).
 */
static int webhook_alert_raised(struct store_tx *tx, int64_t id, const struct store_alert_rule *rule, int64_t now)
{
	json_t *payload = json_pack("{s:I, s:I, s:s, s:s}", "alert_id", (json_int_t)id, "client_id",
				    (json_int_t)rule->client_id, "kind", rule->kind, "severity", rule->severity);
	int rc;

	if (!payload)
		return STORE_HARD_ERROR;
	rc = webhook_enqueue(tx, "alert.raised", payload, now);
	json_decref(payload);
	return rc;
}

int alerts_raise(struct store_tx *tx, const struct store_alert_rule *rule, json_t *details, const char *dedupe_key,
		 int64_t actor, int64_t now, int64_t *id)
{
	struct chain chain = { .now = now };
	struct store_alert a = { 0 };
	char *details_text = NULL, *chain_text = NULL;
	json_t *data = NULL;
	int open = 0, rc;

	*id = 0;
	/* The client's own call for help is never held back; anything else waits out a snooze. */
	if (strcmp(rule->kind, "help") && rule->snoozed_until > now)
		return 0;
	if (!dedupe_key && (rc = store_alert_open_for_rule(tx, rule->id, &open)) < 0)
		return rc;
	if (open)
		return 0;
	if ((rc = build_chain(tx, rule, now, &chain)) < 0)
		return rc;
	{
		json_t *cj = chain_json(&chain);

		chain_text = json_dumps(cj, JSON_COMPACT);
		json_decref(cj);
	}
	details_text = json_dumps(details, JSON_COMPACT | JSON_REAL_PRECISION(15));
	if (!chain_text || !details_text) {
		rc = STORE_HARD_ERROR;
		goto out;
	}
	a = (struct store_alert){
		.client_id = rule->client_id, .rule_id = rule->id, .kind = rule->kind, .severity = rule->severity,
		.details = details_text, .dedupe_key = dedupe_key, .raised_at = now, .chain = chain_text,
		.step_minutes = rule->step_minutes, .then_everyone = rule->then_everyone,
	};
	rc = store_alert_insert(tx, &a, id);
	if (rc == STORE_CONFLICT) {
		/* This rule raised this one already (its key): once is enough. */
		*id = 0;
		rc = 0;
		goto out;
	}
	if (rc < 0)
		goto out;
	if ((rc = webhook_alert_raised(tx, *id, rule, now)) < 0)
		goto out;
	data = event_data(*id, rule->client_id, rule->kind, rule->severity, "open", details);
	if (!data) {
		rc = STORE_HARD_ERROR;
		goto out;
	}
	/* The client sees every alert about themself. */
	if ((rc = put_event(tx, rule->client_id, "alert", data, now)) < 0)
		goto out;
	if (chain.n && (rc = tell(tx, *id, rule->client_id, chain.ids[0], actor, data, now)) < 0)
		goto out;
	a.id = *id;
	if ((rc = store_summary_refresh(tx, rule->client_id, SUMMARY_ALERTS, now)) < 0)
		goto out;
	rc = store_alert_set_step(tx, *id, chain.n ? 1 : 0,
				  chain.n > 1 ? now + (int64_t)rule->step_minutes * 60 : 0);
	rc = rc < 0 ? rc : 0;
out:
	json_decref(data);
	free(details_text);
	free(chain_text);
	return rc;
}

int alerts_escalate(struct store_tx *tx, const struct store_alert *a, int64_t now)
{
	struct chain chain = { .now = now };
	json_t *details = json_loads(a->details, 0, NULL), *data;
	int step = a->step, rc = 0;

	chain.n = ids_of(a->chain, chain.ids, sizeof(chain.ids) / sizeof(chain.ids[0]));
	data = event_data(a->id, a->client_id, a->kind, a->severity, a->status, details);
	json_decref(details);
	if (!data)
		return STORE_HARD_ERROR;
	if (a->then_everyone && step == (int)chain.n - 1) {
		/* The last step: everyone chosen, also those told before and still silent. */
		for (size_t i = 0; i < chain.n && rc >= 0; i++)
			rc = tell(tx, a->id, a->client_id, chain.ids[i], 0, data, now);
		step = (int)chain.n;
	} else if (step < (int)chain.n) {
		rc = tell(tx, a->id, a->client_id, chain.ids[step], 0, data, now);
		step++;
	}
	json_decref(data);
	if (rc < 0)
		return rc;
	rc = store_alert_set_step(tx, a->id, step, step < (int)chain.n ? now + (int64_t)a->step_minutes * 60 : 0);
	return rc < 0 ? rc : 0;
}

struct told_list {
	int64_t ids[64];
	size_t n;
};

static int collect_told(int64_t user, const char *name, int64_t at, void *ctx)
{
	struct told_list *l = ctx;

	(void)name;
	(void)at;
	if (l->n < sizeof(l->ids) / sizeof(l->ids[0]))
		l->ids[l->n++] = user;
	return 0;
}

struct one_alert {
	json_t *data;
};

static int keep_alert(const struct store_alert *a, void *ctx)
{
	json_t *details = json_loads(a->details, 0, NULL);

	((struct one_alert *)ctx)->data = event_data(a->id, a->client_id, a->kind, a->severity, a->status, details);
	json_decref(details);
	return 0;
}

int alerts_tell_change(struct store_tx *tx, int64_t client_id, int64_t alert_id, const char *name, int64_t actor,
		       int64_t now)
{
	struct store_alert_query q = { .client_id = client_id, .id = alert_id, .limit = 1 };
	struct told_list told = { .n = 0 };
	struct one_alert one = { NULL };
	char object[40];
	int rc;

	if ((rc = store_alerts_each(tx, &q, keep_alert, &one)) < 0 || !one.data) {
		json_decref(one.data);
		return rc < 0 ? rc : STORE_HARD_ERROR;
	}
	json_object_set_new(one.data, "by", json_integer(actor));
	snprintf(object, sizeof(object), "alert/%lld", (long long)alert_id);
	rc = store_alert_receipts_each(tx, alert_id, collect_told, &told);
	for (size_t i = 0; rc >= 0 && i < told.n; i++) {
		if ((rc = put_event(tx, told.ids[i], name, one.data, now)) >= 0 && told.ids[i] != actor)
			rc = notify(tx, told.ids[i], !strcmp(name, "alert.closed") ? "alert_closed" : "alert_taken",
				    client_id, actor, object);
	}
	if (rc >= 0)
		rc = put_event(tx, client_id, name, one.data, now);
	json_decref(one.data);
	if (rc >= 0) {
		/* The care organisation's service hears it too, so that it stops calling: ids only. */
		json_t *payload = json_pack("{s:I,s:I,s:I}", "alert_id", (json_int_t)alert_id, "client_id",
					    (json_int_t)client_id, "by", (json_int_t)actor);

		rc = payload ? webhook_enqueue(tx, name, payload, now) : STORE_HARD_ERROR;
		json_decref(payload);
	}
	return rc < 0 ? rc : 0;
}

/* ---- evaluating a reading ---- */

static double param(const struct alert_rule *ar, const char *name)
{
	json_t *v = json_object_get(ar->params, name);

	return json_is_number(v) ? json_number_value(v) : NAN;
}

static json_t *reading_details(const char *code, const char *kind, int64_t taken_at_ms, double value, double value2)
{
	char at[25];

	time_format_iso_ms(taken_at_ms, at);
	return json_pack("{s:s,s:s,s:s,s:f,s:o}", "code", code, "measure_kind", kind, "taken_at", at, "value", value,
			 "value2", isnan(value2) ? json_null() : json_real(value2));
}

/* Fires `ar` with details (stolen) when it is armed; disarms it. */
static int fire(struct store_tx *tx, struct alert_rule *ar, json_t *details, int64_t now)
{
	int64_t id;
	int rc;

	if (!details)
		return STORE_HARD_ERROR;
	rc = alerts_raise(tx, &ar->r, details, NULL, 0, now, &id);
	json_decref(details);
	if (rc < 0)
		return rc;
	ar->r.armed = 0;
	ar->dirty = 1;
	return 0;
}

/* The figures of a trend: the lowest and highest reading in the window before this one. */
struct window {
	double min, max;
	int n;
};

static int window_bucket(const struct store_measurement_bucket *b, void *ctx)
{
	struct window *w = ctx;

	if (!w->n || b->min < w->min)
		w->min = b->min;
	if (!w->n || b->max > w->max)
		w->max = b->max;
	w->n += (int)b->count;
	return 0;
}

static int evaluate(struct store_tx *tx, struct alert_rule *ar, const char *kind, int64_t taken_at_ms, double value,
		    double value2, const struct store_measurement_target *target, int64_t now)
{
	const char *k = ar->r.kind;
	int fresh = taken_at_ms >= now * 1000 - ALERT_FRESH_MS;

	if (!strcmp(k, "missing")) {
		double hours = param(ar, "hours");

		/* The silence starts again with every reading newer than the last. */
		ar->r.last_taken_at = taken_at_ms;
		ar->r.due_at = taken_at_ms / 1000 + (int64_t)(hours * 3600);
		if (ar->r.due_at <= now)
			ar->r.due_at = now + 1;
		ar->dirty = 1;
		return 0;
	}
	ar->r.last_taken_at = taken_at_ms;
	ar->dirty = 1;
	if (!strcmp(k, "out_of_range") || !strcmp(k, "inr")) {
		const char *flag = target ? measure_flag(target, value, value2) : NULL;
		int out = flag && strcmp(flag, "in_range");
		double count = param(ar, "count");

		if (!out) {
			ar->r.streak = 0;
			ar->r.armed = 1;
			return 0;
		}
		ar->r.streak++;
		if (ar->r.armed && fresh && ar->r.streak >= (isnan(count) ? 1 : (int)count)) {
			json_t *d = reading_details(!strcmp(k, "inr") ? "inr_out_of_range" : "out_of_range", kind,
						    taken_at_ms, value, value2);

			json_object_set_new(d, "flag", json_string(flag));
			json_object_set_new(d, "count", json_integer(ar->r.streak));
			json_object_set_new(d, "low", isnan(target->low) ? json_null() : json_real(target->low));
			json_object_set_new(d, "high", isnan(target->high) ? json_null() : json_real(target->high));
			return fire(tx, ar, d, now);
		}
		return 0;
	}
	if (!strcmp(k, "urgent")) {
		double below = param(ar, "below"), above = param(ar, "above");
		int low = !isnan(below) && value < below, high = !isnan(above) && value > above;

		if (!low && !high) {
			ar->r.armed = 1;
			return 0;
		}
		if (ar->r.armed && fresh) {
			json_t *d = reading_details(low ? "urgent_low" : "urgent_high", kind, taken_at_ms, value, value2);

			json_object_set_new(d, "limit", json_real(low ? below : above));
			return fire(tx, ar, d, now);
		}
		return 0;
	}
	if (!strcmp(k, "trend")) {
		double change = param(ar, "change"), hours = param(ar, "hours");
		struct window w = { 0, 0, 0 };
		int64_t width = (int64_t)(hours * 3600 * 1000);
		double moved;
		int rc;

		if (isnan(change) || isnan(hours) || width <= 0)
			return 0;
		rc = store_measurement_buckets(tx, ar->r.client_id, kind, taken_at_ms - width, taken_at_ms, width,
					       window_bucket, &w);
		if (rc < 0)
			return rc;
		if (!w.n)
			return 0;
		moved = change > 0 ? value - w.min : value - w.max;
		if (change > 0 ? moved < change : moved > change) {
			ar->r.armed = 1;
			return 0;
		}
		if (ar->r.armed && fresh) {
			json_t *d = reading_details(change > 0 ? "trend_up" : "trend_down", kind, taken_at_ms, value,
						    value2);

			json_object_set_new(d, "change", json_real(round(moved * 100) / 100));
			json_object_set_new(d, "hours", json_real(hours));
			json_object_set_new(d, "from", json_real(change > 0 ? w.min : w.max));
			return fire(tx, ar, d, now);
		}
	}
	return 0;
}

static int alerts_on_reading(struct store_tx *tx, struct alert_rules *rules, const char *kind, int64_t taken_at_ms,
			     double value, double value2, const struct store_measurement_target *target, int64_t now)
{
	for (size_t i = 0; i < rules->n; i++) {
		struct alert_rule *ar = &rules->list[i];
		int rc;

		if (!ar->r.enabled || !ar->r.measure_kind || strcmp(ar->r.measure_kind, kind))
			continue;
		/* Only news counts: a reading older than one the rule saw does not break or make a streak. */
		if (taken_at_ms <= ar->r.last_taken_at)
			continue;
		if ((rc = evaluate(tx, ar, kind, taken_at_ms, value, value2, target, now)) < 0)
			return rc;
	}
	return 0;
}

int alert_news_add(struct alert_news *news, const char *kind, int64_t taken_at_ms, double value, double value2)
{
	struct alert_reading *r;

	if (news->n == news->cap) {
		size_t cap = news->cap ? news->cap * 2 : 16;
		struct alert_reading *grown = realloc(news->list, cap * sizeof(*grown));

		if (!grown)
			return -1;
		news->list = grown;
		news->cap = cap;
	}
	r = &news->list[news->n++];
	snprintf(r->kind, sizeof(r->kind), "%s", kind);
	r->taken_at_ms = taken_at_ms;
	r->value = value;
	r->value2 = value2;
	return 0;
}

void alert_news_release(struct alert_news *news)
{
	free(news->list);
	memset(news, 0, sizeof(*news));
}

static int by_time(const void *a, const void *b)
{
	int64_t x = ((const struct alert_reading *)a)->taken_at_ms, y = ((const struct alert_reading *)b)->taken_at_ms;

	return (x > y) - (x < y);
}

int alerts_evaluate_news(struct store_tx *tx, int64_t client_id, struct alert_news *news, int64_t now)
{
	struct alert_rules rules = { NULL, 0 };
	struct measure_targets targets = { NULL, 0 };
	int rc;

	if (!news->n)
		return 0;
	if ((rc = alert_rules_load(tx, client_id, &rules)) < 0 || !rules.n)
		goto out;
	if ((rc = measure_targets_read(tx, client_id, &targets)) < 0)
		goto out;
	/* Uploaders send newest first as often as oldest first: a streak is counted in time order. */
	qsort(news->list, news->n, sizeof(news->list[0]), by_time);
	for (size_t i = 0; i < news->n; i++) {
		const struct alert_reading *r = &news->list[i];

		if ((rc = alerts_on_reading(tx, &rules, r->kind, r->taken_at_ms, r->value, r->value2,
					    measure_target_of(&targets, r->kind), now)) < 0)
			goto out;
	}
	rc = alert_rules_save(tx, &rules);
out:
	alert_rules_release(&rules);
	measure_targets_release(&targets);
	return rc < 0 ? rc : 0;
}

int alerts_missing_due(struct store_tx *tx, const struct store_alert_rule *rule, int64_t now)
{
	struct store_alert_rule saved = *rule;
	json_t *params = json_loads(rule->params, 0, NULL), *details;
	char key[48], since[25];
	int64_t id;
	int rc;

	time_format_iso_ms(rule->last_taken_at ? rule->last_taken_at : rule->created_at * 1000, since);
	details = json_pack("{s:s,s:s,s:O?,s:s}", "code", "missing", "measure_kind",
			    rule->measure_kind ? rule->measure_kind : "", "hours", json_object_get(params, "hours"), "since",
			    since);
	json_decref(params);
	if (!details)
		return STORE_HARD_ERROR;
	/* Once per silence: the silence is known by the last reading before it. */
	snprintf(key, sizeof(key), "missing:%lld", (long long)rule->last_taken_at);
	rc = alerts_raise(tx, rule, details, key, 0, now, &id);
	json_decref(details);
	if (rc < 0)
		return rc;
	saved.due_at = 0;
	return store_alert_rule_save_state(tx, &saved) < 0 ? STORE_HARD_ERROR : 0;
}

/* ---- the API's view ---- */

static json_t *person_or_null(int64_t id, const char *name)
{
	return id ? json_pack("{s:I,s:s?}", "id", (json_int_t)id, "name", name) : json_null();
}

static int add_told(int64_t user, const char *name, int64_t at, void *ctx)
{
	return json_array_append_new(ctx, json_pack("{s:I,s:s?,s:o}", "id", (json_int_t)user, "name", name, "at",
						    json_time_or_null(at)));
}

json_t *alert_json(struct store_tx *tx, const struct store_alert *a)
{
	json_t *told = json_array(), *details;

	if (store_alert_receipts_each(tx, a->id, add_told, told) < 0) {
		json_decref(told);
		return NULL;
	}
	details = json_loads(a->details, 0, NULL);

	return json_pack("{s:I,s:o,s:o,s:s,s:s,s:o,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:s?,s:o,s:o}", "id", (json_int_t)a->id,
			 "client", person_or_null(a->client_id, a->client_name), "rule_id",
			 a->rule_id ? json_integer(a->rule_id) : json_null(), "kind", a->kind, "severity", a->severity,
			 "details", details ? details : json_object(), "status", a->status, "raised_at",
			 json_time_or_null(a->raised_at), "acknowledged_by",
			 person_or_null(a->acknowledged_by, a->acknowledged_by_name), "acknowledged_at",
			 json_time_or_null(a->acknowledged_at), "closed_by", person_or_null(a->closed_by, a->closed_by_name),
			 "closed_at", json_time_or_null(a->closed_at), "next_step_at", json_time_or_null(a->next_step_at),
			 "closed_note", a->closed_note, "told", told, "escalation",
			 json_pack("{s:i,s:i,s:b}", "step", a->step, "step_minutes", a->step_minutes, "then_everyone",
				   a->then_everyone));
}
