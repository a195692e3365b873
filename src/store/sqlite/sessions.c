/* Sessions in SQLite: only the hash of each token is kept. */
#include <string.h>

#include "store/sqlite/db.h"

#define SESSION_COLUMNS "id, user_id, token_hash, created_at, last_seen_at, expires_at"

static void read_session(sqlite3_stmt *st, struct store_session *s)
{
	const void *h = sqlite3_column_blob(st, 2);

	s->id = sqlite3_column_int64(st, 0);
	s->user_id = sqlite3_column_int64(st, 1);
	memset(s->token_hash, 0, sizeof(s->token_hash));
	if (h && sqlite3_column_bytes(st, 2) == (int)sizeof(s->token_hash))
		memcpy(s->token_hash, h, sizeof(s->token_hash));
	s->created_at = sqlite3_column_int64(st, 3);
	s->last_seen_at = sqlite3_column_int64(st, 4);
	s->expires_at = sqlite3_column_int64(st, 5);
}

int store_session_insert(struct store_tx *tx, struct store_session *s)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_SESSION_INSERT,
				   "INSERT INTO sessions(user_id, token_hash, created_at, last_seen_at, expires_at) "
				   "VALUES (?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, s->user_id);
	sqlite3_bind_blob(st, 2, s->token_hash, sizeof(s->token_hash), SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, s->created_at);
	sqlite3_bind_int64(st, 4, s->last_seen_at);
	sqlite3_bind_int64(st, 5, s->expires_at);
	rc = db_exec_stmt(tx, st, "insert session");
	if (rc == STORE_ONE)
		s->id = sqlite3_last_insert_rowid(tx->conn->db);
	return rc;
}

int store_session_by_hash(struct store_tx *tx, const unsigned char hash[32], struct store_session *out)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_SESSION_BY_HASH,
				   "SELECT " SESSION_COLUMNS " FROM sessions WHERE token_hash = ?");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	rc = db_status(tx, sqlite3_step(st), "select session");
	if (rc == STORE_ONE)
		read_session(st, out);
	sqlite3_reset(st);
	return rc;
}

int store_session_touch(struct store_tx *tx, int64_t id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_SESSION_TOUCH, "UPDATE sessions SET last_seen_at = ? WHERE id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, id);
	return db_exec_stmt(tx, st, "touch session");
}

int store_session_delete(struct store_tx *tx, int64_t id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_SESSION_DELETE, "DELETE FROM sessions WHERE id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return db_exec_stmt(tx, st, "delete session");
}

int store_session_delete_for_user(struct store_tx *tx, int64_t user_id, int64_t keep_id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_SESSION_DELETE_USER, "DELETE FROM sessions WHERE user_id = ? AND id != ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_int64(st, 2, keep_id);
	return db_exec_stmt(tx, st, "delete sessions");
}

int store_session_each(struct store_tx *tx, int64_t user_id,
		       int (*fn)(const struct store_session *s, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_SESSION_EACH,
				   "SELECT " SESSION_COLUMNS " FROM sessions WHERE user_id = ? ORDER BY id");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_session s;

		read_session(st, &s);
		if (fn(&s, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list sessions");
	sqlite3_reset(st);
	return rc;
}

int store_session_purge(struct store_tx *tx, int64_t now, int64_t idle_before)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_SESSION_PURGE,
				   "DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at < ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, idle_before);
	return db_exec_stmt(tx, st, "purge sessions");
}
