/* Alert rules, alerts, receipts, duty and live events in SQLite (see store/alerts.h). */
#include <stdlib.h>
#include <string.h>

#include "store/alerts.h"
#include "store/sqlite/db.h"

static void bind_id_or_null(sqlite3_stmt *st, int col, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, col, v);
	else
		sqlite3_bind_null(st, col);
}

static const char *text(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* Steps st through its rows (db_each_row): STORE_ONE when there were any, STORE_NONE, or < 0. */
static int each_row(struct store_tx *tx, sqlite3_stmt *st, const char *what,
		    int (*row)(sqlite3_stmt *st, void *fn, void *ctx), void *fn, void *ctx)
{
	int n = db_each_row(tx, st, what, row, fn, ctx);

	return n < 0 ? n : n ? STORE_ONE : STORE_NONE;
}

/* ---- rules ---- */

#define RULE_COLUMNS                                                                                 \
	"id, client_id, kind, measure_kind, params, receivers, step_minutes, then_everyone, severity, enabled, " \
	"coalesce(snoozed_until, 0), coalesce(snoozed_by, 0), snooze_reason, streak, armed, "                   \
	"coalesce(last_taken_at, 0), coalesce(due_at, 0), created_by, created_at, updated_at"

static int rule_row(sqlite3_stmt *st, void *fn, void *ctx)
{
	struct store_alert_rule r = {
		.id = sqlite3_column_int64(st, 0),
		.client_id = sqlite3_column_int64(st, 1),
		.kind = text(st, 2),
		.measure_kind = text(st, 3),
		.params = text(st, 4),
		.receivers = text(st, 5),
		.step_minutes = sqlite3_column_int(st, 6),
		.then_everyone = sqlite3_column_int(st, 7),
		.severity = text(st, 8),
		.enabled = sqlite3_column_int(st, 9),
		.snoozed_until = sqlite3_column_int64(st, 10),
		.snoozed_by = sqlite3_column_int64(st, 11),
		.snooze_reason = text(st, 12),
		.streak = sqlite3_column_int(st, 13),
		.armed = sqlite3_column_int(st, 14),
		.last_taken_at = sqlite3_column_int64(st, 15),
		.due_at = sqlite3_column_int64(st, 16),
		.created_by = sqlite3_column_int64(st, 17),
		.created_at = sqlite3_column_int64(st, 18),
		.updated_at = sqlite3_column_int64(st, 19),
	};

	return ((store_alert_rule_fn)fn)(&r, ctx);
}

int store_alert_rule_insert(struct store_tx *tx, const struct store_alert_rule *r, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_RULE_INSERT,
				   "INSERT INTO alert_rules(client_id, kind, measure_kind, params, receivers, step_minutes, "
				   "then_everyone, severity, enabled, streak, armed, last_taken_at, due_at, created_by, "
				   "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, r->client_id);
	sqlite3_bind_text(st, 2, r->kind, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 3, r->measure_kind);
	sqlite3_bind_text(st, 4, r->params, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, r->receivers, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, r->step_minutes);
	sqlite3_bind_int(st, 7, r->then_everyone);
	sqlite3_bind_text(st, 8, r->severity, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, r->enabled);
	bind_id_or_null(st, 10, r->last_taken_at);
	bind_id_or_null(st, 11, r->due_at);
	sqlite3_bind_int64(st, 12, r->created_by);
	sqlite3_bind_int64(st, 13, r->created_at);
	sqlite3_bind_int64(st, 14, r->updated_at);
	rc = db_exec_stmt(tx, st, "store an alert rule");
	if (rc == STORE_ONE)
		*id = sqlite3_last_insert_rowid(tx->conn->db);
	return rc;
}

int store_alert_rule_update(struct store_tx *tx, const struct store_alert_rule *r)
{
	/* A changed rule starts afresh: what it remembered was about the old figures. */
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_RULE_UPDATE,
				   "UPDATE alert_rules SET kind = ?, measure_kind = ?, params = ?, receivers = ?, "
				   "step_minutes = ?, then_everyone = ?, severity = ?, enabled = ?, streak = 0, armed = 1, "
				   "due_at = ?, updated_at = ? WHERE client_id = ? AND id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_text(st, 1, r->kind, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 2, r->measure_kind);
	sqlite3_bind_text(st, 3, r->params, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->receivers, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, r->step_minutes);
	sqlite3_bind_int(st, 6, r->then_everyone);
	sqlite3_bind_text(st, 7, r->severity, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, r->enabled);
	bind_id_or_null(st, 9, r->due_at);
	sqlite3_bind_int64(st, 10, r->updated_at);
	sqlite3_bind_int64(st, 11, r->client_id);
	sqlite3_bind_int64(st, 12, r->id);
	return db_exec_stmt(tx, st, "change an alert rule");
}

int store_alert_rule_save_state(struct store_tx *tx, const struct store_alert_rule *r)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_RULE_STATE,
				   "UPDATE alert_rules SET streak = ?, armed = ?, last_taken_at = ?, due_at = ? WHERE id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int(st, 1, r->streak);
	sqlite3_bind_int(st, 2, r->armed);
	bind_id_or_null(st, 3, r->last_taken_at);
	bind_id_or_null(st, 4, r->due_at);
	sqlite3_bind_int64(st, 5, r->id);
	return db_exec_stmt(tx, st, "save an alert rule's state");
}

int store_alert_rule_snooze(struct store_tx *tx, int64_t client_id, int64_t id, int64_t until, int64_t by,
			    const char *reason)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_RULE_SNOOZE,
				   "UPDATE alert_rules SET snoozed_until = ?, snoozed_by = ?, snooze_reason = ? "
				   "WHERE client_id = ? AND id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	bind_id_or_null(st, 1, until);
	bind_id_or_null(st, 2, until ? by : 0);
	db_bind_text_or_null(st, 3, until ? reason : NULL);
	sqlite3_bind_int64(st, 4, client_id);
	sqlite3_bind_int64(st, 5, id);
	return db_exec_stmt(tx, st, "snooze an alert rule");
}

int store_alert_rule_remove(struct store_tx *tx, int64_t client_id, int64_t id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_RULE_REMOVE, "DELETE FROM alert_rules WHERE client_id = ? AND id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, id);
	return db_exec_stmt(tx, st, "remove an alert rule");
}

int store_alert_rules_each(struct store_tx *tx, int64_t client_id, int64_t id, const char *measure_kind,
			   store_alert_rule_fn fn, void *ctx)
{
	sqlite3_stmt *st;

	if (id)
		st = db_stmt(tx, STMT_ALERT_RULE_ONE,
			     "SELECT " RULE_COLUMNS " FROM alert_rules WHERE client_id = ? AND id = ?");
	else if (measure_kind)
		st = db_stmt(tx, STMT_ALERT_RULES_KIND,
			     "SELECT " RULE_COLUMNS " FROM alert_rules WHERE client_id = ? AND measure_kind = ? ORDER BY id");
	else
		st = db_stmt(tx, STMT_ALERT_RULES_ALL, "SELECT " RULE_COLUMNS " FROM alert_rules WHERE client_id = ? ORDER BY id");
	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	if (id)
		sqlite3_bind_int64(st, 2, id);
	else if (measure_kind)
		sqlite3_bind_text(st, 2, measure_kind, -1, SQLITE_STATIC);
	return each_row(tx, st, "read alert rules", rule_row, (void *)fn, ctx);
}

int store_alert_rule_help(struct store_tx *tx, int64_t client_id, store_alert_rule_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_RULE_HELP,
				   "SELECT " RULE_COLUMNS " FROM alert_rules WHERE client_id = ? AND kind = 'help'");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	return each_row(tx, st, "read the help rule", rule_row, (void *)fn, ctx);
}

int store_alert_rules_due(struct store_tx *tx, int64_t now, unsigned limit, store_alert_rule_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_RULES_DUE,
				   "SELECT " RULE_COLUMNS " FROM alert_rules WHERE due_at IS NOT NULL AND due_at <= ? "
				   "AND enabled = 1 ORDER BY due_at LIMIT ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, limit);
	return each_row(tx, st, "read due alert rules", rule_row, (void *)fn, ctx);
}

static int client_row(sqlite3_stmt *st, void *fn, void *ctx)
{
	return ((int (*)(int64_t, void *))fn)(sqlite3_column_int64(st, 0), ctx);
}

int store_daily_life_rule_clients(struct store_tx *tx, int (*fn)(int64_t client_id, void *ctx), void *ctx)
{
	/* The conditions as written in the partial index alert_rules_daily_life (migration 0025), so it is used. */
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_RULE_CLIENTS,
				   "SELECT DISTINCT client_id FROM alert_rules WHERE kind = 'daily_life' AND enabled = 1 "
				   "ORDER BY client_id");

	if (!st)
		return STORE_HARD_ERROR;
	return each_row(tx, st, "read clients with rules", client_row, (void *)fn, ctx);
}

/* ---- alerts ---- */

#define ALERT_COLUMNS                                                                                        \
	"a.id, a.client_id, c.name, coalesce(a.rule_id, 0), a.kind, a.severity, a.details, a.dedupe_key, a.status, " \
	"a.raised_at, a.chain, a.step, a.step_minutes, a.then_everyone, coalesce(a.next_step_at, 0), "             \
	"coalesce(a.acknowledged_by, 0), ack.name, coalesce(a.acknowledged_at, 0), coalesce(a.closed_by, 0), "     \
	"cl.name, coalesce(a.closed_at, 0), a.closed_note FROM alerts a JOIN users c ON c.id = a.client_id "       \
	"LEFT JOIN users ack ON ack.id = a.acknowledged_by LEFT JOIN users cl ON cl.id = a.closed_by "

static int alert_row(sqlite3_stmt *st, void *fn, void *ctx)
{
	struct store_alert a = {
		.id = sqlite3_column_int64(st, 0),
		.client_id = sqlite3_column_int64(st, 1),
		.client_name = text(st, 2),
		.rule_id = sqlite3_column_int64(st, 3),
		.kind = text(st, 4),
		.severity = text(st, 5),
		.details = text(st, 6),
		.dedupe_key = text(st, 7),
		.status = text(st, 8),
		.raised_at = sqlite3_column_int64(st, 9),
		.chain = text(st, 10),
		.step = sqlite3_column_int(st, 11),
		.step_minutes = sqlite3_column_int(st, 12),
		.then_everyone = sqlite3_column_int(st, 13),
		.next_step_at = sqlite3_column_int64(st, 14),
		.acknowledged_by = sqlite3_column_int64(st, 15),
		.acknowledged_by_name = text(st, 16),
		.acknowledged_at = sqlite3_column_int64(st, 17),
		.closed_by = sqlite3_column_int64(st, 18),
		.closed_by_name = text(st, 19),
		.closed_at = sqlite3_column_int64(st, 20),
		.closed_note = text(st, 21),
	};

	return ((store_alert_fn)fn)(&a, ctx);
}

int store_alert_insert(struct store_tx *tx, const struct store_alert *a, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_INSERT,
				   "INSERT INTO alerts(client_id, rule_id, kind, severity, details, dedupe_key, status, "
				   "raised_at, chain, step, step_minutes, then_everyone, next_step_at) "
				   "VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, 0, ?, ?, NULL)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, a->client_id);
	bind_id_or_null(st, 2, a->rule_id);
	sqlite3_bind_text(st, 3, a->kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->severity, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->details, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 6, a->dedupe_key);
	sqlite3_bind_int64(st, 7, a->raised_at);
	sqlite3_bind_text(st, 8, a->chain, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 9, a->step_minutes);
	sqlite3_bind_int(st, 10, a->then_everyone);
	rc = db_exec_stmt(tx, st, "store an alert");
	if (rc == STORE_ONE)
		*id = sqlite3_last_insert_rowid(tx->conn->db);
	return rc;
}

int store_alert_open_for_rule(struct store_tx *tx, int64_t rule_id, int *open)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_OPEN_FOR_RULE,
				   "SELECT EXISTS (SELECT 1 FROM alerts WHERE rule_id = ? AND status <> 'closed')");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, rule_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*open = sqlite3_column_int(st, 0);
		rc = SQLITE_DONE;
	}
	rc = db_status(tx, rc, "look for an open alert");
	sqlite3_reset(st);
	return rc < 0 ? rc : STORE_ONE;
}

int store_alert_set_step(struct store_tx *tx, int64_t id, int step, int64_t next_step_at)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_SET_STEP, "UPDATE alerts SET step = ?, next_step_at = ? WHERE id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int(st, 1, step);
	bind_id_or_null(st, 2, next_step_at);
	sqlite3_bind_int64(st, 3, id);
	return db_exec_stmt(tx, st, "escalate an alert");
}

int store_alert_acknowledge(struct store_tx *tx, int64_t client_id, int64_t id, int64_t by, int64_t now)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_ACKNOWLEDGE,
				   "UPDATE alerts SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ?, "
				   "next_step_at = NULL WHERE client_id = ? AND id = ? AND status = 'open'");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, by);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, client_id);
	sqlite3_bind_int64(st, 4, id);
	return db_exec_stmt(tx, st, "take up an alert");
}

int store_alert_close(struct store_tx *tx, int64_t client_id, int64_t id, int64_t by, int64_t now, const char *note)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_CLOSE,
				   "UPDATE alerts SET status = 'closed', closed_by = ?1, closed_at = ?2, closed_note = ?3, "
				   "next_step_at = NULL, acknowledged_by = coalesce(acknowledged_by, ?1), "
				   "acknowledged_at = coalesce(acknowledged_at, ?2) "
				   "WHERE client_id = ?4 AND id = ?5 AND status <> 'closed'");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, by);
	sqlite3_bind_int64(st, 2, now);
	db_bind_text_or_null(st, 3, note);
	sqlite3_bind_int64(st, 4, client_id);
	sqlite3_bind_int64(st, 5, id);
	return db_exec_stmt(tx, st, "close an alert");
}

int store_alerts_each(struct store_tx *tx, const struct store_alert_query *q, store_alert_fn fn, void *ctx)
{
	sqlite3_stmt *st;
	int64_t before = q->before ? q->before : INT64_MAX;

	if (q->id && !q->client_id) {
		st = db_stmt(tx, STMT_ALERT_BY_ID, "SELECT " ALERT_COLUMNS "WHERE a.id = ?1");
		if (!st)
			return STORE_HARD_ERROR;
		sqlite3_bind_int64(st, 1, q->id);
	} else if (q->id) {
		st = db_stmt(tx, STMT_ALERT_ONE, "SELECT " ALERT_COLUMNS "WHERE a.client_id = ?1 AND a.id = ?2");
		if (!st)
			return STORE_HARD_ERROR;
		sqlite3_bind_int64(st, 1, q->client_id);
		sqlite3_bind_int64(st, 2, q->id);
	} else if (q->told_to) {
		/* Every open alert this person was told of, of any client: their home page. */
		st = db_stmt(tx, STMT_ALERTS_TOLD_OPEN,
			     "SELECT " ALERT_COLUMNS "JOIN alert_receipts r ON r.alert_id = a.id AND r.user_id = ?1 "
			     "WHERE a.status <> 'closed' AND a.id < ?2 ORDER BY r.alert_id DESC LIMIT ?3");
		if (!st)
			return STORE_HARD_ERROR;
		sqlite3_bind_int64(st, 1, q->told_to);
		sqlite3_bind_int64(st, 2, before);
		sqlite3_bind_int64(st, 3, q->limit);
	} else if (q->open_only) {
		st = db_stmt(tx, STMT_ALERTS_CLIENT_OPEN,
			     "SELECT " ALERT_COLUMNS "WHERE a.client_id = ?1 AND a.status <> 'closed' AND a.id < ?2 "
			     "ORDER BY a.id DESC LIMIT ?3");
		if (!st)
			return STORE_HARD_ERROR;
		sqlite3_bind_int64(st, 1, q->client_id);
		sqlite3_bind_int64(st, 2, before);
		sqlite3_bind_int64(st, 3, q->limit);
	} else {
		st = db_stmt(tx, STMT_ALERTS_CLIENT,
			     "SELECT " ALERT_COLUMNS "WHERE a.client_id = ?1 AND a.id < ?2 ORDER BY a.id DESC LIMIT ?3");
		if (!st)
			return STORE_HARD_ERROR;
		sqlite3_bind_int64(st, 1, q->client_id);
		sqlite3_bind_int64(st, 2, before);
		sqlite3_bind_int64(st, 3, q->limit);
	}
	return each_row(tx, st, "read alerts", alert_row, (void *)fn, ctx);
}

int store_alerts_due(struct store_tx *tx, int64_t now, unsigned limit, store_alert_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERTS_DUE,
				   "SELECT " ALERT_COLUMNS "WHERE a.next_step_at IS NOT NULL AND a.next_step_at <= ? "
				   "AND a.status = 'open' ORDER BY a.next_step_at LIMIT ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, limit);
	return each_row(tx, st, "read due alerts", alert_row, (void *)fn, ctx);
}

int store_alert_receipt_add(struct store_tx *tx, int64_t alert_id, int64_t user, int64_t at)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_RECEIPT_ADD,
				   "INSERT INTO alert_receipts(alert_id, user_id, told_at) VALUES (?, ?, ?) "
				   "ON CONFLICT DO NOTHING");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, alert_id);
	sqlite3_bind_int64(st, 2, user);
	sqlite3_bind_int64(st, 3, at);
	return db_exec_stmt(tx, st, "record who was told of an alert");
}

static int receipt_row(sqlite3_stmt *st, void *fn, void *ctx)
{
	return ((int (*)(int64_t, const char *, int64_t, void *))fn)(sqlite3_column_int64(st, 0), text(st, 1),
								      sqlite3_column_int64(st, 2), ctx);
}

int store_alert_receipts_each(struct store_tx *tx, int64_t alert_id,
			      int (*fn)(int64_t user, const char *name, int64_t told_at, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ALERT_RECEIPTS_EACH,
				   "SELECT r.user_id, u.name, r.told_at FROM alert_receipts r LEFT JOIN users u "
				   "ON u.id = r.user_id WHERE r.alert_id = ? ORDER BY r.told_at, r.user_id");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, alert_id);
	return each_row(tx, st, "read who was told", receipt_row, (void *)fn, ctx);
}

/* ---- duty ---- */

int store_duty_insert(struct store_tx *tx, const struct store_duty *d, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_DUTY_INSERT,
				   "INSERT INTO duty(client_id, member_id, starts_at, ends_at, note, created_by, created_at) "
				   "VALUES (?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, d->client_id);
	sqlite3_bind_int64(st, 2, d->member_id);
	sqlite3_bind_int64(st, 3, d->starts_at);
	sqlite3_bind_int64(st, 4, d->ends_at);
	db_bind_text_or_null(st, 5, d->note);
	sqlite3_bind_int64(st, 6, d->created_by);
	sqlite3_bind_int64(st, 7, d->created_at);
	rc = db_exec_stmt(tx, st, "store a duty");
	if (rc == STORE_ONE)
		*id = sqlite3_last_insert_rowid(tx->conn->db);
	return rc;
}

int store_duty_end(struct store_tx *tx, int64_t client_id, int64_t id, int64_t now)
{
	/* A duty that has not started yet (or starts now) is taken back whole; one under way ends now. */
	sqlite3_stmt *drop = db_stmt(tx, STMT_DUTY_DROP,
				     "DELETE FROM duty WHERE client_id = ?1 AND id = ?2 AND starts_at >= ?3");
	sqlite3_stmt *end;
	int rc;

	if (!drop)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(drop, 1, client_id);
	sqlite3_bind_int64(drop, 2, id);
	sqlite3_bind_int64(drop, 3, now);
	if ((rc = db_exec_stmt(tx, drop, "take back a duty")) != STORE_NONE)
		return rc;
	end = db_stmt(tx, STMT_DUTY_END, "UPDATE duty SET ends_at = ?3 WHERE client_id = ?1 AND id = ?2 AND ends_at > ?3");
	if (!end)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(end, 1, client_id);
	sqlite3_bind_int64(end, 2, id);
	sqlite3_bind_int64(end, 3, now);
	return db_exec_stmt(tx, end, "end a duty");
}

static int duty_row(sqlite3_stmt *st, void *fn, void *ctx)
{
	struct store_duty d = {
		.id = sqlite3_column_int64(st, 0),
		.client_id = sqlite3_column_int64(st, 1),
		.member_id = sqlite3_column_int64(st, 2),
		.member_name = text(st, 3),
		.starts_at = sqlite3_column_int64(st, 4),
		.ends_at = sqlite3_column_int64(st, 5),
		.note = text(st, 6),
		.created_by = sqlite3_column_int64(st, 7),
		.created_at = sqlite3_column_int64(st, 8),
	};

	return ((int (*)(const struct store_duty *, void *))fn)(&d, ctx);
}

int store_duty_each(struct store_tx *tx, int64_t client_id, int64_t now, int (*fn)(const struct store_duty *d, void *ctx),
		    void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_DUTY_EACH,
				   "SELECT d.id, d.client_id, d.member_id, u.name, d.starts_at, d.ends_at, d.note, "
				   "d.created_by, d.created_at FROM duty d JOIN users u ON u.id = d.member_id "
				   "WHERE d.client_id = ? AND d.ends_at > ? ORDER BY d.starts_at, d.id");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, now);
	return each_row(tx, st, "read duties", duty_row, (void *)fn, ctx);
}

/* ---- events ---- */

int store_event_insert(struct store_tx *tx, int64_t user, const char *name, const char *data, int64_t at)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_EVENT_INSERT, "INSERT INTO events(user_id, name, data, at) VALUES (?, ?, ?, ?)");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, user);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, at);
	return db_exec_stmt(tx, st, "store an event");
}

static int event_row(sqlite3_stmt *st, void *fn, void *ctx)
{
	struct store_event e = {
		.id = sqlite3_column_int64(st, 0),
		.user_id = sqlite3_column_int64(st, 1),
		.name = text(st, 2),
		.data = text(st, 3),
		.at = sqlite3_column_int64(st, 4),
	};

	return ((int (*)(const struct store_event *, void *))fn)(&e, ctx);
}

int store_events_each(struct store_tx *tx, int64_t user, int64_t after, unsigned limit,
		      int (*fn)(const struct store_event *e, void *ctx), void *ctx)
{
	sqlite3_stmt *st = user ? db_stmt(tx, STMT_EVENTS_EACH_USER,
					  "SELECT id, user_id, name, data, at FROM events WHERE user_id = ? AND id > ? "
					  "ORDER BY id LIMIT ?")
				: db_stmt(tx, STMT_EVENTS_EACH,
					  "SELECT id, user_id, name, data, at FROM events WHERE id > ? ORDER BY id LIMIT ?");
	int col = 1;

	if (!st)
		return STORE_HARD_ERROR;
	if (user)
		sqlite3_bind_int64(st, col++, user);
	sqlite3_bind_int64(st, col++, after);
	sqlite3_bind_int64(st, col, limit);
	return each_row(tx, st, "read events", event_row, (void *)fn, ctx);
}

int store_events_last(struct store_tx *tx, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_EVENTS_LAST, "SELECT coalesce(max(id), 0) FROM events");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	rc = db_status(tx, rc, "read the last event");
	sqlite3_reset(st);
	return rc < 0 ? rc : STORE_ONE;
}

int store_events_purge(struct store_tx *tx, int64_t before)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_EVENTS_PURGE, "DELETE FROM events WHERE at < ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, before);
	return db_exec_stmt(tx, st, "purge old events");
}
