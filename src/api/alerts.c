/*
 * Alerts: the client's list, the ones a person was told of, taking one up
 * and closing it (docs/api.md, "Alerts").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/engine.h"
#include "api/api.h"
#include "api/common.h"
#include "api/run.h"
#include "store/alerts.h"
#include "store/triage.h"
#include "util/timeutil.h"

#define ALERTS_PAGE_DEFAULT 50
#define ALERTS_PAGE_MAX 200

struct alerts_list {
	struct store_tx *tx;
	json_t *list;
	int64_t last_id;
	int rc;
};

/* The alert with who was told of it. */
static int collect_alert(const struct store_alert *a, void *ctx)
{
	struct alerts_list *l = ctx;
	json_t *o = alert_json(l->tx, a);

	l->last_id = a->id;
	if (!o) {
		l->rc = STORE_HARD_ERROR;
		return -1;
	}
	return json_array_append_new(l->list, o);
}

struct list_state {
	long long limit, before, open;
};

static int client_alerts_body(struct request *req, struct store_tx *tx)
{
	struct list_state *st = req->state;
	struct store_alert_query q = { .client_id = req->ids[0], .open_only = (int)st->open, .before = st->before,
				       .limit = (unsigned)st->limit };
	struct alerts_list l = { tx, json_array(), 0, 0 };
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_ALERTS, "alerts")) != 1) {
		json_decref(l.list);
		return rc;
	}
	if ((rc = store_alerts_each(tx, &q, collect_alert, &l)) < 0) {
		json_decref(l.list);
		return api_failed(l.rc < 0 ? l.rc : rc, "cannot read the alerts");
	}
	reply_json(req, 200,
		   json_pack("{s:o,s:o}", "items", l.list, "next_before",
			     json_array_size(l.list) == (size_t)st->limit ? json_integer(l.last_id) : json_null()));
	return STORE_TX_KEEP;
}

static int read_list_query(struct request *req, struct list_state *st)
{
	st->limit = ALERTS_PAGE_DEFAULT;
	return api_query_number(req, "limit", 1, ALERTS_PAGE_MAX, &st->limit) ||
	       api_query_number(req, "before", 1, 9007199254740992LL, &st->before) ||
	       api_query_number(req, "open", 0, 1, &st->open);
}

int api_client_alerts_get(struct request *req)
{
	struct list_state *st = request_state(req, sizeof(*st), NULL);

	if (read_list_query(req, st))
		return 0;
	return api_run(req, STORE_TX_READ, client_alerts_body);
}

/* ---- the alerts a person was told of, of everyone they support ---- */

struct mine {
	struct request *req;
	struct store_tx *tx;
	json_t *list;
	int rc;
	/* Each client's access asked once: granted (1) or not (0). */
	int64_t asked[64];
	int granted[64];
	size_t n_asked;
};

static int granted_for(struct mine *m, int64_t client_id)
{
	int rc;

	for (size_t i = 0; i < m->n_asked; i++)
		if (m->asked[i] == client_id)
			return m->granted[i];
	/* Told once, but is the right still there? Asked (and logged) as any read of the client's alerts. */
	rc = access_check(m->tx, &(struct access_actor){ m->req->session.user_id, m->req->address, m->req->software },
			  client_id, ACCESS_READ, CATEGORY_ALERTS, "alerts");
	if (rc < 0)
		return rc;
	if (m->n_asked < sizeof(m->asked) / sizeof(m->asked[0])) {
		m->asked[m->n_asked] = client_id;
		m->granted[m->n_asked++] = rc;
	}
	return rc;
}

static int collect_mine(const struct store_alert *a, void *ctx)
{
	struct mine *m = ctx;
	int ok = granted_for(m, a->client_id);

	if (ok < 0) {
		m->rc = ok;
		return -1;
	}
	if (!ok)
		return 0;
	{
		struct alerts_list l = { m->tx, m->list, 0, 0 };

		if (collect_alert(a, &l) < 0) {
			m->rc = l.rc;
			return -1;
		}
	}
	return 0;
}

static int mine_body(struct request *req, struct store_tx *tx)
{
	struct store_alert_query q = { .told_to = req->session.user_id, .open_only = 1, .limit = ALERTS_PAGE_MAX };
	struct mine m = { .req = req, .tx = tx, .list = json_array() };
	int rc;

	if ((rc = store_alerts_each(tx, &q, collect_mine, &m)) < 0) {
		json_decref(m.list);
		return api_failed(m.rc < 0 ? m.rc : rc, "cannot read the alerts");
	}
	reply_json(req, 200, json_pack("{s:o}", "items", m.list));
	return STORE_TX_KEEP;
}

int api_my_alerts_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, mine_body);
}

/* ---- taking one up, closing one ---- */

struct act_state {
	int closing;
	const char *note;            /* borrowed from req->json */
	json_t *clean;
};

static void act_state_release(void *p)
{
	json_decref(((struct act_state *)p)->clean);
}

struct found {
	int64_t client_id;
	int told;
	int64_t user;
};

static int note_client(const struct store_alert *a, void *ctx)
{
	((struct found *)ctx)->client_id = a->client_id;
	return 0;
}

static int note_told(int64_t user, const char *name, int64_t at, void *ctx)
{
	struct found *f = ctx;

	(void)name;
	(void)at;
	if (user == f->user)
		f->told = 1;
	return 0;
}

static int act_body(struct request *req, struct store_tx *tx)
{
	struct act_state *st = req->state;
	int closing = st->closing;
	struct store_alert_query q = { .id = req->ids[0], .limit = 1 };
	struct found f = { 0, 0, req->session.user_id };
	struct access_grant g;
	int64_t now = time_now();
	char object[40];
	int rc;

	snprintf(object, sizeof(object), "alert/%lld", (long long)req->ids[0]);
	if ((rc = store_alerts_each(tx, &q, note_client, &f)) < 0)
		return api_failed(rc, "cannot read the alert");
	if (!f.client_id)
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL), STORE_TX_UNDO;
	if ((rc = api_access(req, tx, f.client_id, ACCESS_UPDATE, CATEGORY_ALERTS, object)) != 1)
		return rc;
	if ((rc = store_alert_receipts_each(tx, req->ids[0], note_told, &f)) < 0)
		return api_failed(rc, "cannot read who was told");
	if (access_grant_of(tx, req->session.user_id, f.client_id, CATEGORY_ALERTS, &g) < 0)
		return api_failed(STORE_HARD_ERROR, "cannot read the rights");
	/* Whoever was told takes it up; the client, a representative or whoever manages the alerts too. */
	if (!f.told && !g.on_behalf && g.level < 2)
		return api_refuse(req, tx, f.client_id, ACCESS_UPDATE, CATEGORY_ALERTS, object);
	rc = closing ? store_alert_close(tx, f.client_id, req->ids[0], req->session.user_id, now, st->note)
		     : store_alert_acknowledge(tx, f.client_id, req->ids[0], req->session.user_id, now);
	if (rc < 0)
		return api_failed(rc, "cannot change the alert");
	if (rc == STORE_NONE)
		return reply_error(req, ERR_CONFLICT, "status",
				   closing ? "status: the alert is closed already" : "status: someone took it up already"),
		       STORE_TX_UNDO;
	if ((rc = alerts_tell_change(tx, f.client_id, req->ids[0], closing ? "alert.closed" : "alert.acknowledged",
				     req->session.user_id, now)) < 0 ||
	    (rc = store_summary_refresh(tx, f.client_id, SUMMARY_ALERTS, now)) < 0)
		return api_failed(rc, "cannot tell the others");
	{
		struct store_alert_query one = { .client_id = f.client_id, .id = req->ids[0], .limit = 1 };
		struct alerts_list l = { tx, json_array(), 0, 0 };

		if ((rc = store_alerts_each(tx, &one, collect_alert, &l)) < 0) {
			json_decref(l.list);
			return api_failed(rc, "cannot read the alert");
		}
		reply_json(req, 200, json_incref(json_array_get(l.list, 0)));
		json_decref(l.list);
	}
	return STORE_TX_KEEP;
}

static const struct field_spec close_fields[] = {
	{ "note", FIELD_TEXT, FIELD_MULTILINE, 1, 1000, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

int api_alert_acknowledge_post(struct request *req)
{
	request_state(req, sizeof(struct act_state), act_state_release);
	return api_run(req, STORE_TX_WRITE, act_body);
}

int api_alert_close_post(struct request *req)
{
	struct act_state *st = request_state(req, sizeof(*st), act_state_release);
	struct field_error err;

	st->closing = 1;
	if (req->json && !(st->clean = fields_validate(close_fields, req->json, &err)))
		return api_reply_refusal(req, &err);
	st->note = json_string_value(json_object_get(st->clean, "note"));
	return api_run(req, STORE_TX_WRITE, act_body);
}
