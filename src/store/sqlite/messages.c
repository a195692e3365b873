/* Messages and how far each person read them, in SQLite. */
#include "store/sqlite/db.h"

int store_message_insert(struct store_tx *tx, const struct store_message *m, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_MESSAGE_INSERT,
				   "INSERT INTO messages(client_id, thread, author_id, on_behalf, text, at) "
				   "VALUES (?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, m->client_id);
	sqlite3_bind_int64(st, 2, m->thread);
	sqlite3_bind_int64(st, 3, m->author_id);
	sqlite3_bind_int(st, 4, m->on_behalf);
	sqlite3_bind_text(st, 5, m->text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, m->at);
	rc = db_exec_stmt(tx, st, "insert message");
	if (rc == STORE_ONE)
		*id = sqlite3_last_insert_rowid(tx->conn->db);
	return rc;
}

static int each_message(struct store_tx *tx, sqlite3_stmt *st, int64_t client_id,
			int (*fn)(const struct store_message *m, void *ctx), void *ctx)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_message m = {
			.id = sqlite3_column_int64(st, 0),
			.client_id = client_id,
			.thread = sqlite3_column_int64(st, 6),
			.author_id = sqlite3_column_int64(st, 1),
			.author_name = (const char *)sqlite3_column_text(st, 2),
			.on_behalf = sqlite3_column_int(st, 3),
			.text = (const char *)sqlite3_column_text(st, 4),
			.at = sqlite3_column_int64(st, 5),
		};

		if (fn(&m, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list messages");
	sqlite3_reset(st);
	return rc;
}

int store_messages_each(struct store_tx *tx, int64_t client_id, int64_t thread, int64_t before, unsigned limit,
			int (*fn)(const struct store_message *m, void *ctx), void *ctx)
{
	/*
	 * One statement per shape, each served by its index: "thread = ?2 OR
	 * all" in one statement kept SQLite from using messages_thread.
	 */
	sqlite3_stmt *st = thread == STORE_ALL_THREADS
		? db_stmt(tx, STMT_MESSAGE_EACH_ALL,
			  "SELECT m.id, m.author_id, u.name, m.on_behalf, m.text, m.at, m.thread FROM messages m "
			  "LEFT JOIN users u ON u.id = m.author_id "
			  "WHERE m.client_id = ?1 AND m.id < ?3 ORDER BY m.id DESC LIMIT ?4")
		: db_stmt(tx, STMT_MESSAGE_EACH,
			  "SELECT m.id, m.author_id, u.name, m.on_behalf, m.text, m.at, m.thread FROM messages m "
			  "LEFT JOIN users u ON u.id = m.author_id "
			  "WHERE m.client_id = ?1 AND m.thread = ?2 AND m.id < ?3 ORDER BY m.id DESC LIMIT ?4");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	if (thread != STORE_ALL_THREADS)
		sqlite3_bind_int64(st, 2, thread);
	sqlite3_bind_int64(st, 3, before ? before : INT64_MAX);
	sqlite3_bind_int64(st, 4, limit);
	return each_message(tx, st, client_id, fn, ctx);
}

int store_threads_each(struct store_tx *tx, int64_t client_id, int (*fn)(int64_t thread, void *ctx), void *ctx)
{
	/* A skip scan over the (client_id, thread, id) index: one step per thread, not per message. */
	sqlite3_stmt *st = db_stmt(tx, STMT_THREADS_EACH,
				   "WITH RECURSIVE t(thread) AS ("
				   "SELECT (SELECT min(thread) FROM messages WHERE client_id = ?1 AND thread > 0) "
				   "UNION ALL SELECT (SELECT min(thread) FROM messages WHERE client_id = ?1 "
				   "AND thread > t.thread) FROM t WHERE t.thread IS NOT NULL) "
				   "SELECT thread FROM t WHERE thread IS NOT NULL");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fn(sqlite3_column_int64(st, 0), ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list threads");
	sqlite3_reset(st);
	return rc;
}

int store_thread_summary(struct store_tx *tx, int64_t client_id, int64_t thread, int64_t user, int64_t *unread,
			 int64_t *last_at)
{
	/*
	 * Both walk the thread's index from the newest message and stop early:
	 * the unread count at STORE_UNREAD_MAX, the newest time at one row, so
	 * the cost does not grow with the thread.
	 */
	sqlite3_stmt *st = db_stmt(tx, STMT_THREAD_SUMMARY,
				   "SELECT (SELECT count(*) FROM (SELECT 1 FROM messages m WHERE m.client_id = ?1 "
				   "AND m.thread = ?2 AND m.id > coalesce((SELECT last_read FROM message_reads "
				   "WHERE client_id = ?1 AND thread = ?2 AND user_id = ?3), 0) AND m.author_id <> ?3 "
				   "ORDER BY m.id DESC LIMIT ?4)), "
				   "coalesce((SELECT at FROM messages WHERE client_id = ?1 AND thread = ?2 "
				   "ORDER BY id DESC LIMIT 1), 0)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, thread);
	sqlite3_bind_int64(st, 3, user);
	sqlite3_bind_int(st, 4, STORE_UNREAD_MAX);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*unread = sqlite3_column_int64(st, 0);
		*last_at = sqlite3_column_int64(st, 1);
		rc = SQLITE_DONE;
	}
	rc = db_status(tx, rc, "summarise a thread");
	sqlite3_reset(st);
	return rc;
}

int store_thread_mark_read(struct store_tx *tx, int64_t client_id, int64_t thread, int64_t user, int64_t last_id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_THREAD_MARK_READ,
				   "INSERT INTO message_reads(client_id, thread, user_id, last_read) VALUES (?, ?, ?, ?) "
				   "ON CONFLICT (client_id, thread, user_id) DO UPDATE "
				   "SET last_read = max(last_read, excluded.last_read)");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, thread);
	sqlite3_bind_int64(st, 3, user);
	sqlite3_bind_int64(st, 4, last_id);
	return db_exec_stmt(tx, st, "mark a thread read") < 0 ? STORE_HARD_ERROR : STORE_ONE;
}
