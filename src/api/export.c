/* GET /api/v1/me/export: everything Roer holds on me, as JSON. */
#include <string.h>

#include "api/api.h"
#include "api/audit.h"
#include "api/common.h"
#include "api/daily_life.h"
#include "api/run.h"
#include "api/measure.h"
#include "api/network.h"
#include "api/record.h"
#include "util/timeutil.h"

struct sessions_ctx {
	json_t *list;
	int64_t current;
};

static int add_session(const struct store_session *s, void *ctx)
{
	struct sessions_ctx *c = ctx;
	char created[21], seen[21], expires[21];

	time_format_iso(s->created_at, created);
	time_format_iso(s->last_seen_at, seen);
	time_format_iso(s->expires_at, expires);
	return json_array_append_new(c->list, json_pack("{s:s,s:s,s:s,s:b}", "created_at", created, "last_seen_at",
							seen, "expires_at", expires, "current", s->id == c->current));
}

static json_t *account_json(const struct store_user *u)
{
	char created[21];

	time_format_iso(u->created_at, created);
	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:s,s:b}", "id", (json_int_t)u->id, "name", u->name, "email", u->email,
			 "language", u->language, "roles", roles_json(u->roles), "created_at", created, "totp_enabled",
			 u->totp_secret != NULL);
}

/* My network, as client and as member: who is in it, whom I support, help requests, messages, notifications. */
static json_t *network_json(struct store_tx *tx, int64_t me)
{
	json_t *members = NULL, *supporting = NULL;
	json_t *help = json_array(), *messages = json_array(), *notifications = json_array();

	if (network_people_json(tx, me, 0, 0, UINT32_MAX, &members) < 0 ||
	    network_people_json(tx, me, 1, 0, UINT32_MAX, &supporting) < 0 ||
	    help_requests_export(tx, me, help) < 0 || messages_export(tx, me, messages) < 0 ||
	    notifications_export(tx, me, notifications) < 0) {
		json_decref(members);
		json_decref(supporting);
		json_decref(help);
		json_decref(messages);
		json_decref(notifications);
		return NULL;
	}
	return json_pack("{s:o,s:o,s:o,s:o,s:o}", "members", members, "supporting", supporting, "help_requests", help,
			 "messages", messages, "notifications", notifications);
}

static int export_body(struct request *req, struct store_tx *tx)
{
	struct store_audit_query q = { .client_id = req->session.user_id, .limit = 1000000 };
	struct sessions_ctx sessions = { json_array(), req->session.id };
	json_t *audit = json_array(), *record = json_object(), *network = NULL, *measurements = NULL,
	       *wounds = NULL, *daily_life = NULL;
	struct store_user u = { 0 };
	char now[21];
	int rc;

	if ((rc = api_access(req, tx, req->session.user_id, ACCESS_EXPORT, CATEGORY_ACCOUNT, NULL)) != 1)
		goto out;
	if ((rc = store_user_by_id(tx, req->session.user_id, &u)) != STORE_ONE ||
	    (rc = store_session_each(tx, u.id, add_session, &sessions)) < 0 || (rc = audit_collect(tx, &q, audit)) < 0 ||
	    (rc = record_export(tx, u.id, record)) < 0 || !(network = network_json(tx, u.id)) ||
	    (rc = measurements_export(tx, u.id, &measurements)) < 0 || (rc = wounds_export(tx, u.id, &wounds)) < 0 ||
	    (rc = daily_life_export(tx, u.id, &daily_life)) < 0) {
		rc = api_failed(rc < 0 ? rc : STORE_HARD_ERROR, "cannot read the record");
		goto out;
	}
	time_format_iso(time_now(), now);
	reply_attachment(req, "roer-export.json");
	reply_json(req, 200,
		   json_pack("{s:s,s:s,s:o,s:O,s:O,s:O,s:O,s:O,s:O,s:O}", "format", "roer-export/1", "exported_at", now,
			     "account", account_json(&u), "record", record, "network", network, "measurements",
			     measurements, "wounds", wounds, "daily_life", daily_life, "sessions", sessions.list, "audit",
			     audit));
	rc = STORE_TX_KEEP;
out:
	json_decref(sessions.list);
	json_decref(audit);
	json_decref(record);
	json_decref(network);
	json_decref(measurements);
	json_decref(wounds);
	json_decref(daily_life);
	store_user_release(&u);
	return rc;
}

/* A read transaction: the export's own audit row is written by the group commit before it goes out. */
int api_me_export_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, export_body);
}
