/* The audit log in SQLite: insert and select only (triggers refuse the rest). */
#include "store/sqlite/db.h"

int store_audit_insert(struct store_tx *tx, const struct store_audit *a)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_AUDIT_INSERT,
				   "INSERT INTO audit(client_id, at, actor_id, software, action, category, object, "
				   "outcome, address, on_behalf, actor_name, actor_role, actor_discipline) "
				   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
				   "(SELECT name FROM users WHERE id = ?3), "
				   "(SELECT role FROM members WHERE client_id = ?1 AND member_id = ?3), "
				   "(SELECT discipline FROM members WHERE client_id = ?1 AND member_id = ?3))");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, a->client_id);
	sqlite3_bind_int64(st, 2, a->at);
	sqlite3_bind_int64(st, 3, a->actor_id);
	sqlite3_bind_text(st, 4, a->software ? a->software : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, a->object, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, a->outcome, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, a->address ? a->address : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, a->on_behalf);
	return db_exec_stmt(tx, st, "insert audit row") == STORE_ONE ? STORE_ONE : STORE_HARD_ERROR;
}

int store_audit_each(struct store_tx *tx, const struct store_audit_query *q,
		     int (*fn)(const struct store_audit *a, void *ctx), void *ctx)
{
	/* Bounds that are absent are bound as the widest values, so one statement serves all. */
	sqlite3_stmt *st = db_stmt(tx, STMT_AUDIT_EACH,
				   "SELECT a.id, a.at, a.actor_id, a.client_id, a.software, a.action, a.category, "
				   "a.object, a.outcome, a.address, coalesce(a.actor_name, actor.name), client.name, "
				   "a.actor_role, a.actor_discipline, a.on_behalf, subject.id, subject.name "
				   "FROM audit a "
				   "LEFT JOIN users actor ON actor.id = a.actor_id "
				   "LEFT JOIN users client ON client.id = a.client_id "
				   "LEFT JOIN users subject ON a.object LIKE 'member/%' "
				   "AND subject.id = CAST(substr(a.object, 8) AS INTEGER) "
				   "WHERE a.client_id = ?1 AND a.at >= ?2 AND a.at < ?3 AND a.id < ?4 "
				   "AND (?6 = 0 OR a.actor_id = ?6) AND (?7 = 0 OR a.actor_id <> ?7) "
				   "ORDER BY a.id DESC LIMIT ?5");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, q->client_id);
	sqlite3_bind_int64(st, 2, q->from);
	sqlite3_bind_int64(st, 3, q->to ? q->to : INT64_MAX);
	sqlite3_bind_int64(st, 4, q->before_id ? q->before_id : INT64_MAX);
	sqlite3_bind_int(st, 5, (int)q->limit);
	sqlite3_bind_int64(st, 6, q->actor_id);
	sqlite3_bind_int64(st, 7, q->not_actor_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_audit a = {
			.id = sqlite3_column_int64(st, 0),
			.at = sqlite3_column_int64(st, 1),
			.actor_id = sqlite3_column_int64(st, 2),
			.client_id = sqlite3_column_int64(st, 3),
			.software = (const char *)sqlite3_column_text(st, 4),
			.action = (const char *)sqlite3_column_text(st, 5),
			.category = (const char *)sqlite3_column_text(st, 6),
			.object = (const char *)sqlite3_column_text(st, 7),
			.outcome = (const char *)sqlite3_column_text(st, 8),
			.address = (const char *)sqlite3_column_text(st, 9),
			.actor_name = (const char *)sqlite3_column_text(st, 10),
			.client_name = (const char *)sqlite3_column_text(st, 11),
			.actor_role = (const char *)sqlite3_column_text(st, 12),
			.actor_discipline = (const char *)sqlite3_column_text(st, 13),
			.on_behalf = sqlite3_column_int(st, 14),
			.subject_id = sqlite3_column_int64(st, 15),
			.subject_name = (const char *)sqlite3_column_text(st, 16),
		};

		if (fn(&a, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list audit rows");
	sqlite3_reset(st);
	return rc;
}
