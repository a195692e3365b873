/* Help requests in SQLite. */
#include "store/sqlite/db.h"

int store_help_insert(struct store_tx *tx, int64_t client_id, int64_t by, int64_t now, const char *data,
		      int64_t *id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_HELP_INSERT,
				   "INSERT INTO help_requests(client_id, data, status, created_by, created_at, updated_at) "
				   "VALUES (?, ?, 'open', ?, ?, ?)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_text(st, 2, data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, by);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, now);
	rc = db_exec_stmt(tx, st, "insert help request");
	if (rc == STORE_ONE)
		*id = sqlite3_last_insert_rowid(tx->conn->db);
	return rc;
}

int store_help_each(struct store_tx *tx, int64_t client_id, int64_t id, const struct store_help_page *page,
		    int (*fn)(const struct store_help_request *h, void *ctx), void *ctx)
{
#define HELP_COLUMNS "id, client_id, data, status, coalesce(taken_by, 0), created_by, created_at, updated_at "
	/* One statement per shape, each with its index; the pending ones by the partial index of unclosed requests. */
	sqlite3_stmt *st = id ? db_stmt(tx, STMT_HELP_ONE,
					"SELECT " HELP_COLUMNS "FROM help_requests WHERE client_id = ?1 AND id = ?2")
		: page->pending_for ? db_stmt(tx, STMT_HELP_PENDING,
					      "SELECT " HELP_COLUMNS "FROM help_requests WHERE client_id = ?1 "
					      "AND status IN ('open', 'taken') AND id > ?3 "
					      "AND (status = 'open' OR taken_by = ?5) ORDER BY id LIMIT ?4")
				    : db_stmt(tx, STMT_HELP_EACH,
					      "SELECT " HELP_COLUMNS "FROM help_requests WHERE client_id = ?1 AND id > ?3 "
					      "ORDER BY id LIMIT ?4");
	int rc, n = 0;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	if (id) {
		sqlite3_bind_int64(st, 2, id);
	} else {
		sqlite3_bind_int64(st, 3, page->after);
		sqlite3_bind_int64(st, 4, page->limit);
		if (page->pending_for)
			sqlite3_bind_int64(st, 5, page->pending_for);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_help_request h = {
			.id = sqlite3_column_int64(st, 0),
			.client_id = sqlite3_column_int64(st, 1),
			.data = (const char *)sqlite3_column_text(st, 2),
			.status = (const char *)sqlite3_column_text(st, 3),
			.taken_by = sqlite3_column_int64(st, 4),
			.created_by = sqlite3_column_int64(st, 5),
			.created_at = sqlite3_column_int64(st, 6),
			.updated_at = sqlite3_column_int64(st, 7),
		};

		n++;
		if (fn(&h, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list help requests");
	sqlite3_reset(st);
	return rc < 0 ? rc : n ? STORE_ONE : STORE_NONE;
}

int store_help_take(struct store_tx *tx, int64_t client_id, int64_t id, int64_t member, int64_t now)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_HELP_TAKE,
				   "UPDATE help_requests SET status = 'taken', taken_by = ?, updated_at = ? "
				   "WHERE client_id = ? AND id = ? AND status = 'open'");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, client_id);
	sqlite3_bind_int64(st, 4, id);
	return db_exec_stmt(tx, st, "take help request");
}

int store_help_close(struct store_tx *tx, int64_t client_id, int64_t id, const char *status, int64_t now)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_HELP_CLOSE,
				   "UPDATE help_requests SET status = ?, updated_at = ? "
				   "WHERE client_id = ? AND id = ? AND status IN ('open', 'taken')");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, client_id);
	sqlite3_bind_int64(st, 4, id);
	return db_exec_stmt(tx, st, "close help request");
}
