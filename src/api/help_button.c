/*
 * The client's "ik heb hulp nodig" button: an urgent alert to the people
 * the client chose for it, with an optional short text (docs/api.md).
 */
#include <stdio.h>
#include <string.h>

#include "alerts/engine.h"
#include "api/api.h"
#include "api/common.h"
#include "api/run.h"
#include "store/alerts.h"
#include "util/timeutil.h"

static const struct field_spec help_fields[] = {
	{ "text", FIELD_TEXT, FIELD_MULTILINE, 1, 280, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

struct help_state {
	json_t *clean;
	struct store_alert_rule rule;   /* the help rule, copied */
	char severity[16], receivers[512];
	int found;
};

static void help_state_release(void *p)
{
	json_decref(((struct help_state *)p)->clean);
}

static int keep_rule(const struct store_alert_rule *r, void *ctx)
{
	struct help_state *st = ctx;

	st->rule = *r;
	snprintf(st->severity, sizeof(st->severity), "%s", r->severity);
	snprintf(st->receivers, sizeof(st->receivers), "%s", r->receivers);
	st->rule.severity = st->severity;
	st->rule.receivers = st->receivers;
	st->rule.kind = "help";
	st->rule.measure_kind = NULL;
	st->rule.params = "{}";
	st->rule.snooze_reason = NULL;
	st->found = 1;
	return 0;
}

/* The client's help rule, made the first time the button is pressed: it tells whoever receives alerts. */
static int help_rule(struct store_tx *tx, int64_t client_id, int64_t by, struct help_state *st)
{
	struct store_alert_rule r = {
		.client_id = client_id, .kind = "help", .params = "{}", .receivers = "[]", .step_minutes = 5,
		.then_everyone = 1, .severity = "urgent", .enabled = 1, .created_by = by,
	};
	int64_t id;
	int rc;

	st->found = 0;
	if ((rc = store_alert_rule_help(tx, client_id, keep_rule, st)) < 0 || st->found)
		return rc < 0 ? rc : 0;
	r.created_at = r.updated_at = time_now();
	if ((rc = store_alert_rule_insert(tx, &r, &id)) < 0)
		return rc;
	rc = store_alert_rule_help(tx, client_id, keep_rule, st);
	return rc < 0 ? rc : st->found ? 0 : STORE_HARD_ERROR;
}

struct open_help {
	struct store_tx *tx;
	json_t *alert;
};

/* The call as the alerts list shows it, with who was told. */
static int keep_open_help(const struct store_alert *a, void *ctx)
{
	struct open_help *o = ctx;

	if (o->alert || strcmp(a->kind, "help"))
		return 0;
	o->alert = alert_json(o->tx, a);
	return o->alert ? 0 : -1;
}

static int help_body(struct request *req, struct store_tx *tx)
{
	struct help_state *st = req->state;
	struct access_grant g;
	json_t *details;
	int64_t id, now = time_now();
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_CREATE, CATEGORY_ALERTS, "help")) != 1)
		return rc;
	if (access_grant_of(tx, req->session.user_id, req->ids[0], CATEGORY_ALERTS, &g) < 0)
		return api_failed(STORE_HARD_ERROR, "cannot read the rights");
	/* The button is the client's own (or their representative's, who acts as the client). */
	if (req->session.user_id != req->ids[0] && !g.on_behalf)
		return api_refuse(req, tx, req->ids[0], ACCESS_CREATE, CATEGORY_ALERTS, "help");
	if ((rc = help_rule(tx, req->ids[0], req->session.user_id, st)) < 0)
		return api_failed(rc, "cannot read the help rule");
	details = json_pack("{s:s,s:O?}", "code", "help", "text", json_object_get(st->clean, "text"));
	if (!details)
		return api_failed(STORE_HARD_ERROR, "out of memory");
	rc = alerts_raise(tx, &st->rule, details, NULL, req->session.user_id, now, &id);
	json_decref(details);
	if (rc < 0)
		return api_failed(rc, "cannot raise the alert");
	{
		/* Pressed again while the first call is still open: that one stands, nobody is called twice. */
		struct store_alert_query q = { .client_id = req->ids[0], .id = id, .open_only = !id, .limit = 50 };
		struct open_help o = { tx, NULL };

		if ((rc = store_alerts_each(tx, &q, keep_open_help, &o)) < 0 || !o.alert) {
			json_decref(o.alert);
			return api_failed(rc < 0 ? rc : STORE_HARD_ERROR, "cannot read the alert");
		}
		reply_json(req, id ? 201 : 200, o.alert);
	}
	return STORE_TX_KEEP;
}

int api_help_post(struct request *req)
{
	struct help_state *st = request_state(req, sizeof(*st), help_state_release);
	json_t *in = req->json ? json_incref(req->json) : json_object();
	struct field_error err;

	st->clean = fields_validate(help_fields, in, &err);
	json_decref(in);
	if (!st->clean)
		return api_reply_refusal(req, &err);
	return api_run(req, STORE_TX_WRITE, help_body);
}
