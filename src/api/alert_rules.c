/*
 * The client's alert rules: what to watch, whom to tell in what order, and
 * snoozing one for a while (docs/api.md, "Alerts").
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/engine.h"
#include "api/api.h"
#include "api/common.h"
#include "api/run.h"
#include "measure/kinds.h"
#include "store/alerts.h"
#include "util/timeutil.h"

/* Whom a rule tells: at most this many, in order. */
#define RULE_RECEIVERS_MAX 20
/* A snooze lasts at most a week: an alert that is never wanted is a rule to switch off, in the open. */
#define SNOOZE_MINUTES_MAX (7 * 24 * 60)

static const char *const rule_kinds[] = { "out_of_range", "urgent", "trend", "missing", "inr", "daily_life", "help", NULL };
static const char *const severities[] = { "warning", "urgent", NULL };

static const struct field_spec rule_fields[] = {
	{ "kind", FIELD_ENUM, FIELD_REQUIRED, 0, 0, rule_kinds, NULL },
	{ "measure_kind", FIELD_TEXT, 0, 1, 31, NULL, NULL },
	{ "count", FIELD_INT, 0, 1, 20, NULL, NULL },
	{ "receivers", FIELD_ID_LIST, 0, 0, RULE_RECEIVERS_MAX, NULL, NULL },
	{ "step_minutes", FIELD_INT, 0, 1, 1440, NULL, NULL },
	{ "then_everyone", FIELD_BOOL, 0, 0, 0, NULL, NULL },
	{ "severity", FIELD_ENUM, 0, 0, 0, severities, NULL },
	{ "enabled", FIELD_BOOL, 0, 0, 0, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

/* The figures that may be fractions (the field validator knows whole numbers only). */
static const char *const number_fields[] = { "below", "above", "change", "hours", NULL };

struct rule_state {
	json_t *clean;               /* the validated fields (owned) */
	json_t *params;              /* the rule's figures (owned) */
	struct field_error err;
	int refused;
	long long minutes;           /* snooze */
	const char *reason;          /* snooze, borrowed from req->json */
};

static void rule_state_release(void *p)
{
	struct rule_state *st = p;

	json_decref(st->clean);
	json_decref(st->params);
}

/* A fraction field: absent (NAN), or a finite number in [min, max]. Returns 0 or 1 with err filled. */
static int number_field(json_t *in, const char *name, double min, double max, double *out, struct field_error *err)
{
	json_t *v = json_object_get(in, name);

	*out = NAN;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_number(v) || !isfinite(json_number_value(v)) || json_number_value(v) < min ||
	    json_number_value(v) > max)
		return refuse(err, REFUSAL_INVALID, name, "%s: a number from %g to %g", name, min, max);
	*out = json_number_value(v);
	return 0;
}

/*
 * Checks a rule sent in: the fields, then what its kind needs. Builds the
 * figures it keeps (params). Returns 0, or 1 with st->err filled.
 */
static int check_rule(json_t *in, struct rule_state *st)
{
	const char *kind, *mk;
	double below, above, change, hours;
	json_t *count;

	if (!(st->clean = fields_validate(rule_fields, in, &st->err)))
		return 1;
	/* Fields neither list knows are refused, as everywhere: nothing unchecked is kept. */
	{
		const char *key;
		json_t *v;

		json_object_foreach(in, key, v) {
			if (!json_object_get(st->clean, key) && !fields_in(number_fields, key) && !json_is_null(v))
				return refuse(&st->err, REFUSAL_INVALID, key, "%s: not a field of an alert rule", key);
		}
	}
	kind = json_string_value(json_object_get(st->clean, "kind"));
	mk = json_string_value(json_object_get(st->clean, "measure_kind"));
	if (number_field(in, "below", -1e6, 1e6, &below, &st->err) || number_field(in, "above", -1e6, 1e6, &above, &st->err) ||
	    number_field(in, "change", -1e4, 1e4, &change, &st->err) || number_field(in, "hours", 0.25, 720, &hours, &st->err))
		return 1;
	st->params = json_object();
	if (!strcmp(kind, "inr")) {
		if (mk && strcmp(mk, "inr"))
			return refuse(&st->err, REFUSAL_INVALID, "measure_kind", "measure_kind: an INR rule watches inr");
		json_object_set_new(st->clean, "measure_kind", json_string("inr"));
		mk = "inr";
	}
	if (!strcmp(kind, "daily_life") || !strcmp(kind, "help")) {
		if (mk)
			return refuse(&st->err, REFUSAL_INVALID, "measure_kind", "measure_kind: not for a %s rule", kind);
		return 0;
	}
	if (!mk)
		return refuse(&st->err, REFUSAL_INVALID, "measure_kind", "measure_kind: required for a %s rule", kind);
	if (!measure_kind_find(mk))
		return refuse(&st->err, REFUSAL_INVALID, "measure_kind",
			      "measure_kind: not a kind of GET /api/v1/measurement-kinds");
	count = json_object_get(st->clean, "count");
	if (!strcmp(kind, "out_of_range") || !strcmp(kind, "inr")) {
		json_object_set_new(st->params, "count", json_integer(count ? json_integer_value(count) : 1));
	} else if (!strcmp(kind, "urgent")) {
		if (isnan(below) && isnan(above))
			return refuse(&st->err, REFUSAL_INVALID, "below", "below: an urgent rule needs below, above or both");
		if (!isnan(below) && !isnan(above) && below >= above)
			return refuse(&st->err, REFUSAL_INVALID, "above", "above: must be more than below");
		if (!isnan(below))
			json_object_set_new(st->params, "below", json_real(below));
		if (!isnan(above))
			json_object_set_new(st->params, "above", json_real(above));
	} else if (!strcmp(kind, "trend")) {
		if (isnan(change) || change == 0)
			return refuse(&st->err, REFUSAL_INVALID, "change",
				      "change: required, not 0 (more than 0: a rise; less: a fall)");
		if (isnan(hours) || hours > 14 * 24)
			return refuse(&st->err, REFUSAL_INVALID, "hours", "hours: required, at most 336 (two weeks)");
		json_object_set_new(st->params, "change", json_real(change));
		json_object_set_new(st->params, "hours", json_real(hours));
	} else if (!strcmp(kind, "missing")) {
		if (isnan(hours))
			return refuse(&st->err, REFUSAL_INVALID, "hours", "hours: required");
		json_object_set_new(st->params, "hours", json_real(hours));
	}
	return 0;
}

/* ---- the view ---- */

static int collect_rule(const struct store_alert_rule *r, void *ctx)
{
	json_t *o = json_loads(r->params, 0, NULL), *receivers = json_loads(r->receivers, 0, NULL);
	int64_t now = time_now();

	if (!json_is_object(o) || !json_is_array(receivers)) {
		json_decref(o);
		json_decref(receivers);
		return -1;
	}
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "kind", json_string(r->kind));
	json_object_set_new(o, "measure_kind", r->measure_kind ? json_string(r->measure_kind) : json_null());
	json_object_set_new(o, "receivers", receivers);
	json_object_set_new(o, "step_minutes", json_integer(r->step_minutes));
	json_object_set_new(o, "then_everyone", json_boolean(r->then_everyone));
	json_object_set_new(o, "severity", json_string(r->severity));
	json_object_set_new(o, "enabled", json_boolean(r->enabled));
	json_object_set_new(o, "snooze",
			    r->snoozed_until > now
				    ? json_pack("{s:o,s:I,s:s?}", "until", json_time_or_null(r->snoozed_until), "by",
						(json_int_t)r->snoozed_by, "reason", r->snooze_reason)
				    : json_null());
	json_object_set_new(o, "created_by", json_integer(r->created_by));
	json_object_set_new(o, "created_at", json_time_or_null(r->created_at));
	json_object_set_new(o, "updated_at", json_time_or_null(r->updated_at));
	return json_array_append_new(ctx, o);
}

static int rules_get_body(struct request *req, struct store_tx *tx)
{
	json_t *list;
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_ALERTS, "alert_rules")) != 1)
		return rc;
	list = json_array();
	if ((rc = store_alert_rules_each(tx, req->ids[0], 0, NULL, collect_rule, list)) < 0) {
		json_decref(list);
		return api_failed(rc, "cannot read the alert rules");
	}
	reply_json(req, 200, list);
	return STORE_TX_KEEP;
}

int api_alert_rules_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, rules_get_body);
}

/* ---- adding and changing ---- */

/*
 * The rule's receivers, each checked: a member who may receive alerts
 * now. Without a list the rule tells, when it fires, whoever the client
 * marked "receives alerts" then (an empty list). *out gets the list
 * (owned). Returns 1 ok, 0 refused (reply set), or < 0.
 */
static int receivers_of(struct request *req, struct store_tx *tx, json_t *asked, json_t **out)
{
	json_t *v;
	int64_t now = time_now();
	size_t i;
	int rc;

	json_array_foreach(asked, i, v) {
		int level = 0, on_behalf = 0;

		if ((rc = store_right_get(tx, req->ids[0], json_integer_value(v), "alerts", now, &level, &on_behalf)) < 0)
			return rc;
		if (level < 1 && !on_behalf) {
			char field[32];

			snprintf(field, sizeof(field), "receivers[%zu]", i);
			reply_error(req, ERR_INVALID_INPUT, field, "%s: not a member who may see the alerts", field);
			return 0;
		}
	}
	*out = asked ? json_incref(asked) : json_array();
	return 1;
}

static int get_int(json_t *o, const char *name, int def)
{
	json_t *v = json_object_get(o, name);

	return v ? (int)json_integer_value(v) : def;
}

static int get_bool(json_t *o, const char *name, int def)
{
	json_t *v = json_object_get(o, name);

	return v ? json_is_true(v) : def;
}

/* Fills r from the checked rule. Strings point into st and `receivers_text` (owned by the caller). */
static void rule_from(struct rule_state *st, const char *params_text, const char *receivers_text,
		      struct store_alert_rule *r)
{
	const char *kind = json_string_value(json_object_get(st->clean, "kind"));
	const char *severity = json_string_value(json_object_get(st->clean, "severity"));

	r->kind = kind;
	r->measure_kind = json_string_value(json_object_get(st->clean, "measure_kind"));
	r->params = params_text;
	r->receivers = receivers_text;
	r->step_minutes = get_int(st->clean, "step_minutes", 10);
	r->then_everyone = get_bool(st->clean, "then_everyone", 1);
	/* A call for help and a value past an urgent limit are urgent; the rest a warning, unless chosen. */
	r->severity = severity ? severity : !strcmp(kind, "urgent") || !strcmp(kind, "help") ? "urgent" : "warning";
	r->enabled = get_bool(st->clean, "enabled", 1);
	r->due_at = 0;
	if (!strcmp(kind, "missing")) {
		/* The silence counts from now until the first reading comes. */
		r->due_at = time_now() + (int64_t)(json_number_value(json_object_get(st->params, "hours")) * 3600);
	}
}

static int rule_write_body(struct request *req, struct store_tx *tx)
{
	struct rule_state *st = req->state;
	int creating = req->method == METHOD_POST;
	char object[40];
	struct store_alert_rule r = { 0 };
	json_t *receivers = NULL;
	char *params_text = NULL, *receivers_text = NULL;
	int64_t id = creating ? 0 : req->ids[1];
	int rc;

	snprintf(object, sizeof(object), creating ? "alert_rules" : "alert_rule/%lld", (long long)id);
	if ((rc = api_access(req, tx, req->ids[0], creating ? ACCESS_CREATE : ACCESS_UPDATE, CATEGORY_ALERTS, object)) != 1)
		return rc;
	if (!creating) {
		struct access_grant g;

		/* Changing a rule is for whoever may change the alerts, not for every receiver. */
		if (access_grant_of(tx, req->session.user_id, req->ids[0], CATEGORY_ALERTS, &g) < 0)
			return api_failed(STORE_HARD_ERROR, "cannot read the rights");
		if (!g.on_behalf && g.level < 2)
			return api_refuse(req, tx, req->ids[0], ACCESS_UPDATE, CATEGORY_ALERTS, object);
	}
	if ((rc = measure_kinds_load(tx)) < 0)
		return api_failed(rc, "cannot read the measurement kinds");
	/* Checked after access: a stranger learns nothing of the fields. Checked once: the body may run again. */
	if (!st->clean && !st->refused)
		st->refused = check_rule(req->json, st);
	if (st->refused) {
		api_reply_refusal(req, &st->err);
		return STORE_TX_UNDO;
	}
	if ((rc = receivers_of(req, tx, json_object_get(st->clean, "receivers"), &receivers)) != 1)
		return rc < 0 ? api_failed(rc, "cannot check the receivers") : STORE_TX_UNDO;
	params_text = json_dumps(st->params, JSON_COMPACT | JSON_REAL_PRECISION(15));
	receivers_text = json_dumps(receivers, JSON_COMPACT);
	json_decref(receivers);
	if (!params_text || !receivers_text) {
		rc = api_failed(STORE_HARD_ERROR, "out of memory");
		goto out;
	}
	rule_from(st, params_text, receivers_text, &r);
	r.client_id = req->ids[0];
	r.id = id;
	r.created_by = req->session.user_id;
	r.created_at = r.updated_at = time_now();
	rc = creating ? store_alert_rule_insert(tx, &r, &id) : store_alert_rule_update(tx, &r);
	if (rc == STORE_CONFLICT) {
		reply_error(req, ERR_CONFLICT, "kind", "kind: the client has a help rule already; change that one");
		rc = STORE_TX_UNDO;
		goto out;
	}
	if (rc < 0) {
		rc = api_failed(rc, "cannot store the alert rule");
		goto out;
	}
	if (rc == STORE_NONE) {
		reply_error(req, ERR_NOT_FOUND, NULL, NULL);
		rc = STORE_TX_UNDO;
		goto out;
	}
	{
		json_t *list = json_array();

		if ((rc = store_alert_rules_each(tx, req->ids[0], id, NULL, collect_rule, list)) < 0) {
			json_decref(list);
			rc = api_failed(rc, "cannot read the alert rule");
			goto out;
		}
		reply_json(req, creating ? 201 : 200, json_incref(json_array_get(list, 0)));
		json_decref(list);
	}
	rc = STORE_TX_KEEP;
out:
	free(params_text);
	free(receivers_text);
	return rc;
}

int api_alert_rules_post(struct request *req)
{
	request_state(req, sizeof(struct rule_state), rule_state_release);
	return api_run(req, STORE_TX_WRITE, rule_write_body);
}

int api_alert_rule_put(struct request *req)
{
	request_state(req, sizeof(struct rule_state), rule_state_release);
	return api_run(req, STORE_TX_WRITE, rule_write_body);
}

static int rule_delete_body(struct request *req, struct store_tx *tx)
{
	char object[40];
	int rc;

	snprintf(object, sizeof(object), "alert_rule/%lld", (long long)req->ids[1]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_DELETE, CATEGORY_ALERTS, object)) != 1)
		return rc;
	if ((rc = store_alert_rule_remove(tx, req->ids[0], req->ids[1])) < 0)
		return api_failed(rc, "cannot remove the alert rule");
	if (rc == STORE_NONE)
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL), STORE_TX_UNDO;
	reply_no_content(req);
	return STORE_TX_KEEP;
}

int api_alert_rule_delete(struct request *req)
{
	return api_run(req, STORE_TX_WRITE, rule_delete_body);
}

/* ---- snoozing ---- */

struct snooze_check {
	int64_t user;
	int receives;
	int found;
	int empty;                   /* the rule names nobody: it tells those marked "receives alerts" */
};

static int check_receiver(const struct store_alert_rule *r, void *ctx)
{
	struct snooze_check *c = ctx;
	json_t *list = json_loads(r->receivers, 0, NULL), *v;
	size_t i;

	c->found = 1;
	c->empty = !json_array_size(list);
	json_array_foreach(list, i, v) {
		if (json_integer_value(v) == c->user)
			c->receives = 1;
	}
	json_decref(list);
	return 0;
}

static int snooze_body(struct request *req, struct store_tx *tx)
{
	struct rule_state *st = req->state;
	struct snooze_check c = { req->session.user_id, 0, 0, 0 };
	struct access_grant g;
	int ending = req->method == METHOD_DELETE;
	int64_t now = time_now();
	char object[48];
	int rc;

	snprintf(object, sizeof(object), "alert_rule/%lld/snooze", (long long)req->ids[1]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_UPDATE, CATEGORY_ALERTS, object)) != 1)
		return rc;
	if ((rc = store_alert_rules_each(tx, req->ids[0], req->ids[1], NULL, check_receiver, &c)) < 0)
		return api_failed(rc, "cannot read the alert rule");
	if (!c.found)
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL), STORE_TX_UNDO;
	if (access_grant_of(tx, req->session.user_id, req->ids[0], CATEGORY_ALERTS, &g) < 0)
		return api_failed(STORE_HARD_ERROR, "cannot read the rights");
	/* A rule without a list tells whoever the client marked "receives alerts": they receive it. */
	if (!c.receives && c.empty) {
		int marked = 0, on_behalf = 0;

		if ((rc = store_right_get(tx, req->ids[0], req->session.user_id, VOCABULARY_RECEIVES_ALERTS, now, &marked,
					  &on_behalf)) < 0)
			return api_failed(rc, "cannot read the rights");
		c.receives = marked >= 1;
	}
	/* A receiver snoozes what they receive; whoever manages the alerts, any rule. */
	if (!c.receives && !g.on_behalf && g.level < 2)
		return api_refuse(req, tx, req->ids[0], ACCESS_UPDATE, CATEGORY_ALERTS, object);
	if ((rc = store_alert_rule_snooze(tx, req->ids[0], req->ids[1], ending ? 0 : now + st->minutes * 60,
					  req->session.user_id, st->reason)) < 0)
		return api_failed(rc, "cannot snooze the alert rule");
	{
		json_t *list = json_array();

		if ((rc = store_alert_rules_each(tx, req->ids[0], req->ids[1], NULL, collect_rule, list)) < 0) {
			json_decref(list);
			return api_failed(rc, "cannot read the alert rule");
		}
		reply_json(req, 200, json_incref(json_array_get(list, 0)));
		json_decref(list);
	}
	return STORE_TX_KEEP;
}

static const struct field_spec snooze_fields[] = {
	{ "minutes", FIELD_INT, FIELD_REQUIRED, 5, SNOOZE_MINUTES_MAX, NULL, NULL },
	{ "reason", FIELD_TEXT, FIELD_REQUIRED, 1, 200, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

int api_alert_rule_snooze_post(struct request *req)
{
	struct rule_state *st = request_state(req, sizeof(*st), rule_state_release);
	struct field_error err;

	/* The reason is for the client and the others to see: a snooze is never silent. */
	if (!(st->clean = fields_validate(snooze_fields, req->json, &err)))
		return api_reply_refusal(req, &err);
	st->minutes = json_integer_value(json_object_get(st->clean, "minutes"));
	st->reason = json_string_value(json_object_get(st->clean, "reason"));
	return api_run(req, STORE_TX_WRITE, snooze_body);
}

int api_alert_rule_snooze_delete(struct request *req)
{
	request_state(req, sizeof(struct rule_state), rule_state_release);
	return api_run(req, STORE_TX_WRITE, snooze_body);
}

/* ---- who may be chosen to receive the alerts ---- */

struct receivers_list {
	json_t *list;
	json_t *by_id;               /* member id (text) -> their object in list (borrowed) */
};

static int collect_receiver(const struct store_member *m, void *ctx)
{
	struct receivers_list *l = ctx;
	char key[24];
	json_t *o;
	int may, marked;

	if (!m->category)
		return 0;
	may = (!strcmp(m->category, "alerts") && m->level >= 1) || !strcmp(m->category, VOCABULARY_ACTS_ON_BEHALF);
	marked = !strcmp(m->category, VOCABULARY_RECEIVES_ALERTS);
	if (!may && !marked)
		return 0;
	snprintf(key, sizeof(key), "%lld", (long long)m->member_id);
	if (!(o = json_object_get(l->by_id, key))) {
		o = json_pack("{s:I,s:s?,s:s?,s:s?,s:b,s:b}", "id", (json_int_t)m->member_id, "name", m->name, "role",
			      m->role, "discipline", m->discipline, "may_receive", 0, "receives_alerts", 0);
		if (!o || json_object_set_new(l->by_id, key, o))
			return -1;
	}
	if (may)
		json_object_set_new(o, "may_receive", json_true());
	if (marked)
		json_object_set_new(o, "receives_alerts", json_true());
	return 0;
}

static int receivers_get_body(struct request *req, struct store_tx *tx)
{
	struct receivers_list l = { json_array(), json_object() };
	const char *key;
	json_t *o;
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_ALERTS, "alert_receivers")) != 1)
		goto out;
	if ((rc = store_members_each(tx, req->ids[0], time_now(), 0, UINT32_MAX, collect_receiver, &l)) < 0) {
		rc = api_failed(rc, "cannot read who may receive alerts");
		goto out;
	}
	/* Only those who may receive alerts now: a mark without the right tells nobody anything. */
	json_object_foreach(l.by_id, key, o) {
		if (json_is_true(json_object_get(o, "may_receive"))) {
			json_object_del(o, "may_receive");
			json_array_append(l.list, o);
		}
	}
	reply_json(req, 200, json_incref(l.list));
	rc = STORE_TX_KEEP;
out:
	json_decref(l.list);
	json_decref(l.by_id);
	return rc;
}

/*
 * GET /clients/{client}/alert-receivers: the members who may receive the
 * client's alerts now, for choosing a rule's receivers and who is on duty;
 * for everyone who may see the alerts (the names are those an alert shows
 * as told anyway), not only for those who may see the network.
 */
int api_alert_receivers_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, receivers_get_body);
}
