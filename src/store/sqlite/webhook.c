/* The outgoing webhook's outbox and attempts log in SQLite (see store/webhook.h). */
#include "store/sqlite/db.h"
#include "store/webhook.h"

/* 0 stands for "not set" in the interface and for NULL in the table. */
static void bind_time_or_null(sqlite3_stmt *st, int col, int64_t t)
{
	if (t)
		sqlite3_bind_int64(st, col, t);
	else
		sqlite3_bind_null(st, col);
}

int store_webhook_insert(struct store_tx *tx, const char *event, const char *payload, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_WEBHOOK_INSERT,
				   "INSERT INTO webhook_outbox(event, payload, created_at, next_at) VALUES (?1, ?2, ?3, ?3)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_text(st, 1, event, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, payload, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	rc = db_exec_stmt(tx, st, "store a webhook delivery");
	if (rc == STORE_ONE)
		*id = sqlite3_last_insert_rowid(tx->conn->db);
	return rc == STORE_NONE ? STORE_HARD_ERROR : rc;
}

#define WEBHOOK_COLUMNS \
	"id, event, payload, created_at, attempts, next_at, coalesce(delivered_at, 0), coalesce(gave_up_at, 0)"
#define PENDING "delivered_at IS NULL AND gave_up_at IS NULL"

/* Calls fn for each row of a statement selecting WEBHOOK_COLUMNS; returns STORE_ONE, STORE_NONE or < 0. */
static int each_webhook(struct store_tx *tx, sqlite3_stmt *st, store_webhook_fn fn, void *ctx, const char *what)
{
	int rc, n = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_webhook w = {
			.id = sqlite3_column_int64(st, 0),
			.event = (const char *)sqlite3_column_text(st, 1),
			.payload = (const char *)sqlite3_column_text(st, 2),
			.created_at = sqlite3_column_int64(st, 3),
			.attempts = sqlite3_column_int64(st, 4),
			.next_at = sqlite3_column_int64(st, 5),
			.delivered_at = sqlite3_column_int64(st, 6),
			.gave_up_at = sqlite3_column_int64(st, 7),
		};

		n++;
		if (fn(&w, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, what);
	sqlite3_reset(st);
	return rc < 0 ? rc : n ? STORE_ONE : STORE_NONE;
}

int store_webhook_next_due(struct store_tx *tx, int64_t now, store_webhook_fn fn, void *ctx, int64_t *next_at)
{
	/* Both served by the partial index webhook_outbox_due: only pending rows are read. */
	sqlite3_stmt *st = db_stmt(tx, STMT_WEBHOOK_EARLIEST,
				   "SELECT min(next_at) FROM webhook_outbox WHERE " PENDING);
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	rc = sqlite3_step(st);
	*next_at = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	rc = db_status(tx, rc, "find when the next webhook delivery is due");
	sqlite3_reset(st);
	if (rc < 0)
		return rc;
	if (!*next_at || *next_at > now)
		return STORE_NONE;
	/* The sort by id is over the due rows only, which the partial index hands over. */
	st = db_stmt(tx, STMT_WEBHOOK_NEXT_DUE,
		     "SELECT " WEBHOOK_COLUMNS " FROM webhook_outbox WHERE " PENDING " AND next_at <= ?1 "
		     "ORDER BY id LIMIT 1");
	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now);
	return each_webhook(tx, st, fn, ctx, "read the next webhook delivery");
}

int store_webhook_record(struct store_tx *tx, const struct store_webhook_attempt *a, int64_t delivered_at,
			 int64_t gave_up_at, int64_t next_at)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_WEBHOOK_UPDATE,
				   "UPDATE webhook_outbox SET attempts = ?2, delivered_at = ?3, gave_up_at = ?4, "
				   "next_at = coalesce(?5, next_at) WHERE id = ?1 AND " PENDING);
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, a->outbox_id);
	sqlite3_bind_int64(st, 2, a->attempt);
	bind_time_or_null(st, 3, delivered_at);
	bind_time_or_null(st, 4, gave_up_at);
	bind_time_or_null(st, 5, next_at);
	if ((rc = db_exec_stmt(tx, st, "update a webhook delivery")) != STORE_ONE)
		return rc;
	st = db_stmt(tx, STMT_WEBHOOK_ATTEMPT_INSERT,
		     "INSERT INTO webhook_attempts(outbox_id, at, attempt, status, error, duration_ms) "
		     "VALUES (?, ?, ?, ?, ?, ?)");
	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, a->outbox_id);
	sqlite3_bind_int64(st, 2, a->at);
	sqlite3_bind_int64(st, 3, a->attempt);
	sqlite3_bind_int(st, 4, a->status);
	if (a->error)
		sqlite3_bind_text(st, 5, a->error, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, a->duration_ms);
	rc = db_exec_stmt(tx, st, "log a webhook attempt");
	return rc == STORE_NONE ? STORE_HARD_ERROR : rc;
}

int store_webhooks_each(struct store_tx *tx, unsigned limit, store_webhook_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_WEBHOOKS_EACH,
				   "SELECT " WEBHOOK_COLUMNS " FROM webhook_outbox ORDER BY id DESC LIMIT ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, limit);
	return each_webhook(tx, st, fn, ctx, "list webhook deliveries");
}

int store_webhook_attempts_each(struct store_tx *tx, int64_t outbox_id, store_webhook_attempt_fn fn, void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_WEBHOOK_ATTEMPTS_EACH,
				   "SELECT outbox_id, at, attempt, status, error, duration_ms FROM webhook_attempts "
				   "WHERE outbox_id = ? ORDER BY attempt, id");
	int rc, n = 0;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, outbox_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_webhook_attempt a = {
			.outbox_id = sqlite3_column_int64(st, 0),
			.at = sqlite3_column_int64(st, 1),
			.attempt = sqlite3_column_int64(st, 2),
			.status = sqlite3_column_int(st, 3),
			.error = (const char *)sqlite3_column_text(st, 4),
			.duration_ms = sqlite3_column_int64(st, 5),
		};

		n++;
		if (fn(&a, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list webhook attempts");
	sqlite3_reset(st);
	return rc < 0 ? rc : n ? STORE_ONE : STORE_NONE;
}
