/* The demo's alerts (see demo_alerts.h), made through the alert engine as the API makes them. */
#include "demo_alerts.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "access/vocabulary.h"
#include "alerts/engine.h"
#include "store/alerts.h"
#include "store/triage.h"

static int rule(struct store_tx *tx, int64_t client, const char *kind, const char *measure_kind, const char *params,
		const char *receivers, int64_t due_at, int64_t now, int64_t *id)
{
	struct store_alert_rule r = {
		.client_id = client, .kind = kind, .measure_kind = measure_kind, .params = params, .receivers = receivers,
		.step_minutes = 10, .then_everyone = 1, .severity = !strcmp(kind, "help") ? "urgent" : "warning",
		.enabled = 1, .due_at = due_at, .created_by = client, .created_at = now - 30 * 86400,
		.updated_at = now - 30 * 86400,
	};

	return store_alert_rule_insert(tx, &r, id) == STORE_ONE ? 0 : -1;
}

struct help_rule {
	struct store_alert_rule r;
	int found;
};

static int keep(const struct store_alert_rule *r, void *ctx)
{
	struct help_rule *h = ctx;

	h->r = *r;
	h->r.kind = "help";
	h->r.severity = "urgent";
	h->r.receivers = "[]";
	h->found = 1;
	return 0;
}

int demo_alerts(struct store_tx *tx, int64_t client, int64_t carer, int64_t now)
{
	char receivers[32];
	struct help_rule help = { .found = 0 };
	int64_t id, called = now - 2 * 86400 + 3600;
	json_t *details;
	int rc;

	snprintf(receivers, sizeof(receivers), "[%lld]", (long long)carer);
	if (store_right_set(tx, client, carer, "alerts", 1, 0) < 0 ||
	    store_right_set(tx, client, carer, VOCABULARY_RECEIVES_ALERTS, 1, 0) < 0 ||
	    rule(tx, client, "trend", "weight", "{\"change\":2,\"hours\":72}", receivers, 0, now, &id) ||
	    rule(tx, client, "out_of_range", "blood_pressure", "{\"count\":2}", "[]", 0, now, &id) ||
	    rule(tx, client, "missing", "weight", "{\"hours\":48}", receivers, now + 48 * 3600, now, &id) ||
	    rule(tx, client, "help", NULL, "{}", "[]", 0, now, &id))
		return -1;
	if (store_alert_rule_help(tx, client, keep, &help) != STORE_ONE)
		return -1;
	details = json_pack("{s:s,s:s}", "code", "help", "text", "Ik voel me duizelig, kun je even bellen?");
	rc = details ? alerts_raise(tx, &help.r, details, NULL, client, called, &id) : -1;
	json_decref(details);
	if (rc < 0 || !id || store_alert_acknowledge(tx, client, id, carer, called + 4 * 60) != STORE_ONE ||
	    store_alert_close(tx, client, id, carer, called + 40 * 60, "Gebeld en even langs geweest. Ze had te weinig "
								      "gedronken; het gaat weer.") != STORE_ONE)
		return -1;
	return store_summary_refresh(tx, client, SUMMARY_ALERTS, now) < 0 ? -1 : 0;
}
