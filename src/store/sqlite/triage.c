/* Per-client summaries and the triage list in SQLite (see store/triage.h). */
#include "store/sqlite/db.h"
#include "store/triage.h"

/* Runs one refresh statement with the client id as ?1 (and now as ?2 where it is used). */
static int refresh(struct store_tx *tx, enum stmt_slot slot, const char *sql, int64_t client_id, int64_t now,
		   const char *what)
{
	sqlite3_stmt *st = db_stmt(tx, slot, sql);

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, now);
	return db_exec_stmt(tx, st, what);
}

/*
 * Each part is summed up from the client's rows that are still current:
 * alerts not closed (a partial index), help requests, live balance items,
 * the latest check-in. A client's such rows are few, so a refresh costs
 * about as much as the write that asked for it.
 */
int store_summary_refresh(struct store_tx *tx, int64_t client_id, unsigned parts, int64_t now)
{
	int rc = refresh(tx, STMT_SUMMARY_ENSURE,
			 "INSERT INTO client_summaries(client_id, updated_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
			 client_id, now, "start a summary");

	if (rc >= 0 && (parts & SUMMARY_ALERTS))
		rc = refresh(tx, STMT_SUMMARY_ALERTS,
			     "UPDATE client_summaries SET (open_alerts, worst_severity, oldest_alert_at, trend_alerts, trend_at, "
			     "missing_alerts, missing_at, updated_at) = (SELECT "
			     "coalesce(sum(status = 'open' AND kind NOT IN ('trend', 'missing')), 0), "
			     "coalesce(max(CASE WHEN status = 'open' AND kind NOT IN ('trend', 'missing') THEN "
			     "(CASE severity WHEN 'urgent' THEN 2 ELSE 1 END) END), 0), "
			     "min(CASE WHEN status = 'open' AND kind NOT IN ('trend', 'missing') THEN raised_at END), "
			     "coalesce(sum(kind = 'trend'), 0), min(CASE WHEN kind = 'trend' THEN raised_at END), "
			     "coalesce(sum(kind = 'missing'), 0), min(CASE WHEN kind = 'missing' THEN raised_at END), ?2 "
			     "FROM alerts WHERE client_id = ?1 AND status <> 'closed') WHERE client_id = ?1",
			     client_id, now, "sum up the alerts");
	if (rc >= 0 && (parts & SUMMARY_HELP))
		rc = refresh(tx, STMT_SUMMARY_HELP,
			     "UPDATE client_summaries SET (open_help, oldest_help_at, updated_at) = (SELECT count(*), "
			     "min(created_at), ?2 FROM help_requests WHERE client_id = ?1 AND status = 'open') "
			     "WHERE client_id = ?1",
			     client_id, now, "sum up the help requests");
	if (rc >= 0 && (parts & SUMMARY_BALANCE))
		rc = refresh(tx, STMT_SUMMARY_BALANCE,
			     "UPDATE client_summaries SET (balance_burden, updated_at) = (SELECT "
			     "coalesce(sum(CASE data ->> '$.side' WHEN 'burden' THEN coalesce(data ->> '$.weight', 0) "
			     "WHEN 'strength' THEN -coalesce(data ->> '$.weight', 0) END), 0) > 0, ?2 "
			     "FROM record_items WHERE client_id = ?1 AND kind = 'balance' AND removed_at IS NULL) "
			     "WHERE client_id = ?1",
			     client_id, now, "sum up the balance");
	if (rc >= 0 && (parts & SUMMARY_CHECKINS))
		rc = refresh(tx, STMT_SUMMARY_CHECKINS,
			     "UPDATE client_summaries SET (low_checkin_at, updated_at) = (SELECT "
			     "CASE WHEN data ->> '$.mood' <= 2 THEN created_at END, ?2 FROM record_items "
			     "WHERE client_id = ?1 AND kind = 'checkin' AND removed_at IS NULL ORDER BY id DESC LIMIT 1) "
			     "WHERE client_id = ?1",
			     client_id, now, "sum up the check-ins");
	return rc < 0 ? rc : 0;
}

int store_triage_each(struct store_tx *tx, int64_t member, int64_t now,
		      int (*fn)(const struct store_triage_row *row, void *ctx), void *ctx)
{
	/*
	 * One row per client of the member's, with the member's rights as bits
	 * (members.triage_shares, kept by triggers on rights; asked of the
	 * rights themselves only when one of them has ended since), for clients
	 * that have a summary (the others have nothing to rank).
	 */
	sqlite3_stmt *st = db_stmt(
		tx, STMT_TRIAGE_EACH,
		"SELECT m.client_id, m.discipline, s.client_id IS NOT NULL, "
		"CASE WHEN s.client_id IS NULL THEN 0 WHEN m.triage_until IS NULL OR m.triage_until > ?2 "
		"THEN m.triage_shares ELSE (SELECT coalesce(sum(CASE r.category "
		"WHEN 'alerts' THEN 1 WHEN 'help_requests' THEN 2 WHEN 'balance' THEN 4 WHEN 'checkins' THEN 8 "
		"WHEN 'acts_on_behalf' THEN 128 ELSE 0 END), 0) FROM rights r WHERE r.client_id = m.client_id "
		"AND r.member_id = m.member_id AND (r.until IS NULL OR r.until > ?2)) END, "
		"coalesce(s.open_alerts, 0), coalesce(s.worst_severity, 0), coalesce(s.oldest_alert_at, 0), "
		"coalesce(s.trend_alerts, 0), coalesce(s.trend_at, 0), coalesce(s.missing_alerts, 0), "
		"coalesce(s.missing_at, 0), coalesce(s.open_help, 0), coalesce(s.oldest_help_at, 0), "
		"coalesce(s.balance_burden, 0), coalesce(s.low_checkin_at, 0) "
		"FROM members m LEFT JOIN client_summaries s ON s.client_id = m.client_id "
		"WHERE m.member_id = ?1");
	int rc, n = 0;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int64(st, 2, now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_triage_row r = {
			.client_id = sqlite3_column_int64(st, 0),
			.discipline = (const char *)sqlite3_column_text(st, 1),
			.has_summary = sqlite3_column_int(st, 2),
			.rights = (unsigned)sqlite3_column_int(st, 3),
		};

		if (r.has_summary) {
			r.open_alerts = sqlite3_column_int(st, 4);
			r.worst_severity = sqlite3_column_int(st, 5);
			r.oldest_alert_at = sqlite3_column_int64(st, 6);
			r.trend_alerts = sqlite3_column_int(st, 7);
			r.trend_at = sqlite3_column_int64(st, 8);
			r.missing_alerts = sqlite3_column_int(st, 9);
			r.missing_at = sqlite3_column_int64(st, 10);
			r.open_help = sqlite3_column_int(st, 11);
			r.oldest_help_at = sqlite3_column_int64(st, 12);
			r.balance_burden = sqlite3_column_int(st, 13);
			r.low_checkin_at = sqlite3_column_int64(st, 14);
		}
		n++;
		if (fn(&r, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "read the triage list");
	sqlite3_reset(st);
	return rc < 0 ? rc : n ? STORE_ONE : STORE_NONE;
}

int store_triage_names(struct store_tx *tx, int64_t member, int64_t client_id,
		       int (*fn)(const char *name, const char *role, const char *discipline, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_TRIAGE_NAMES,
				   "SELECT u.name, m.role, m.discipline FROM members m JOIN users u ON u.id = m.client_id "
				   "WHERE m.client_id = ? AND m.member_id = ?");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, member);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int r = fn((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			   (const char *)sqlite3_column_text(st, 2), ctx);

		sqlite3_reset(st);
		return r < 0 ? STORE_HARD_ERROR : STORE_ONE;
	}
	rc = db_status(tx, rc, "read a triage row's names");
	sqlite3_reset(st);
	return rc < 0 ? rc : STORE_NONE;
}
