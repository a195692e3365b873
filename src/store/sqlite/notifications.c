/* Each person's notifications, in SQLite. */
#include "store/sqlite/db.h"

int store_notification_insert(struct store_tx *tx, const struct store_notification *n)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_NOTIFICATION_INSERT,
				   "INSERT INTO notifications(user_id, kind, client_id, actor_id, object, at) "
				   "VALUES (?, ?, ?, ?, ?, ?)");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, n->user_id);
	sqlite3_bind_text(st, 2, n->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, n->client_id);
	sqlite3_bind_int64(st, 4, n->actor_id);
	sqlite3_bind_text(st, 5, n->object, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, n->at);
	return db_exec_stmt(tx, st, "insert notification") == STORE_ONE ? STORE_ONE : STORE_HARD_ERROR;
}

int store_notifications_each(struct store_tx *tx, int64_t user, int64_t before, unsigned limit,
			     int (*fn)(const struct store_notification *n, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_NOTIFICATION_EACH,
				   "SELECT n.id, n.kind, n.client_id, c.name, n.actor_id, a.name, n.object, n.at, n.read "
				   "FROM notifications n LEFT JOIN users c ON c.id = n.client_id "
				   "LEFT JOIN users a ON a.id = n.actor_id "
				   "WHERE n.user_id = ? AND n.id < ? ORDER BY n.id DESC LIMIT ?");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, user);
	sqlite3_bind_int64(st, 2, before ? before : INT64_MAX);
	sqlite3_bind_int64(st, 3, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_notification n = {
			.id = sqlite3_column_int64(st, 0),
			.user_id = user,
			.kind = (const char *)sqlite3_column_text(st, 1),
			.client_id = sqlite3_column_int64(st, 2),
			.client_name = (const char *)sqlite3_column_text(st, 3),
			.actor_id = sqlite3_column_int64(st, 4),
			.actor_name = (const char *)sqlite3_column_text(st, 5),
			.object = (const char *)sqlite3_column_text(st, 6),
			.at = sqlite3_column_int64(st, 7),
			.read = sqlite3_column_int(st, 8),
		};

		if (fn(&n, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list notifications");
	sqlite3_reset(st);
	return rc;
}

int store_notifications_unread(struct store_tx *tx, int64_t user, int64_t *count)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_NOTIFICATION_UNREAD,
				   "SELECT count(*) FROM (SELECT 1 FROM notifications WHERE user_id = ? AND read = 0 "
				   "LIMIT ?)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, user);
	/* Counting stops at the cap: the badge says "99+", and a flood costs nothing more. */
	sqlite3_bind_int(st, 2, STORE_UNREAD_MAX);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	rc = db_status(tx, rc, "count unread notifications");
	sqlite3_reset(st);
	return rc;
}

int store_notifications_mark_read(struct store_tx *tx, int64_t user, int64_t id)
{
	sqlite3_stmt *st = id ? db_stmt(tx, STMT_NOTIFICATION_READ_ONE,
					"UPDATE notifications SET read = 1 WHERE user_id = ? AND id = ?")
			      : db_stmt(tx, STMT_NOTIFICATION_READ_ALL,
					"UPDATE notifications SET read = 1 WHERE user_id = ? AND read = 0");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, user);
	if (id)
		sqlite3_bind_int64(st, 2, id);
	return db_exec_stmt(tx, st, "mark notifications read") < 0 ? STORE_HARD_ERROR : STORE_ONE;
}

int store_notifications_mark_seen(struct store_tx *tx, int64_t user, const char *kind, int64_t client_id,
				  const char *object)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_NOTIFICATION_SEEN,
				   "UPDATE notifications SET read = 1 WHERE user_id = ? AND read = 0 AND kind = ? "
				   "AND client_id = ? AND object = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, user);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, client_id);
	sqlite3_bind_text(st, 4, object, -1, SQLITE_STATIC);
	return db_exec_stmt(tx, st, "mark notifications seen") < 0 ? STORE_HARD_ERROR : STORE_ONE;
}
