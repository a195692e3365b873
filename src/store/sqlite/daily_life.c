/* Daily-life signals and thresholds in SQLite (see store/daily_life.h). */
#include "store/daily_life.h"
#include "store/sqlite/db.h"

int store_daily_signal_put(struct store_tx *tx, const struct store_daily_signal *s)
{
	/* DO NOTHING on the unique key only: any other constraint still fails loudly. */
	sqlite3_stmt *st = db_stmt(tx, STMT_DAILY_SIGNAL_PUT,
				   "INSERT INTO daily_signals(client_id, at, type, place, device_id, created_at) "
				   "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(client_id, at, type, place) DO NOTHING");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, s->client_id);
	sqlite3_bind_int64(st, 2, s->at);
	sqlite3_bind_text(st, 3, s->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s->place, -1, SQLITE_STATIC);
	if (s->device_id)
		sqlite3_bind_int64(st, 5, s->device_id);
	sqlite3_bind_int64(st, 6, s->created_at);
	return db_exec_stmt(tx, st, "store a daily-life signal");
}

int store_daily_signals_each(struct store_tx *tx, int64_t client_id, int64_t from_ms, int64_t to_ms,
			     int64_t after_at, int64_t after_id, unsigned limit,
			     int (*fn)(const struct store_daily_signal *s, void *ctx), void *ctx)
{
	/*
	 * Two shapes, each a range on daily_signals_client_at (whose rows are
	 * ordered by at, then rowid): the whole range, and a page after a
	 * cursor, written so that `at >= ?` bounds the index walk.
	 */
#define SIGNAL_SELECT "SELECT id, client_id, at, type, place, coalesce(device_id, 0), created_at FROM daily_signals "
	sqlite3_stmt *st = after_id > 0
		? db_stmt(tx, STMT_DAILY_SIGNALS_PAGE,
			  SIGNAL_SELECT "WHERE client_id = ?1 AND at >= ?2 AND at < ?3 AND (at > ?4 OR id > ?5) "
				       "AND at >= ?4 ORDER BY at, id LIMIT ?6")
		: db_stmt(tx, STMT_DAILY_SIGNALS_EACH,
			  SIGNAL_SELECT "WHERE client_id = ?1 AND at >= ?2 AND at < ?3 ORDER BY at, id LIMIT ?6");
	int rc, n = 0;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, from_ms);
	sqlite3_bind_int64(st, 3, to_ms);
	if (after_id > 0) {
		sqlite3_bind_int64(st, 4, after_at);
		sqlite3_bind_int64(st, 5, after_id);
	}
	sqlite3_bind_int64(st, 6, limit ? (sqlite3_int64)limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_daily_signal s = {
			.id = sqlite3_column_int64(st, 0),
			.client_id = sqlite3_column_int64(st, 1),
			.at = sqlite3_column_int64(st, 2),
			.type = (const char *)sqlite3_column_text(st, 3),
			.place = (const char *)sqlite3_column_text(st, 4),
			.device_id = sqlite3_column_int64(st, 5),
			.created_at = sqlite3_column_int64(st, 6),
		};

		n++;
		if (fn(&s, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "read daily-life signals");
	sqlite3_reset(st);
	return rc < 0 ? rc : n;
}

int store_daily_clients_since(struct store_tx *tx, int64_t since_ms, int (*fn)(int64_t client_id, void *ctx),
			      void *ctx)
{
	/* One index probe per person rather than a walk of every signal of every client. */
	sqlite3_stmt *st = db_stmt(tx, STMT_DAILY_CLIENTS_SINCE,
				   "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM daily_signals s "
				   "WHERE s.client_id = u.id AND s.at >= ?) ORDER BY u.id");
	int rc, n = 0;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, since_ms);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		if (fn(sqlite3_column_int64(st, 0), ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list clients with daily-life signals");
	sqlite3_reset(st);
	return rc < 0 ? rc : n;
}

static int64_t column_or_learned(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, col);
}

static void bind_or_null(sqlite3_stmt *st, int col, int64_t v)
{
	if (v >= 0)
		sqlite3_bind_int64(st, col, v);
	else
		sqlite3_bind_null(st, col);
}

int store_daily_settings_get(struct store_tx *tx, int64_t client_id, struct store_daily_settings *out)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_DAILY_SETTINGS_GET,
				   "SELECT first_activity_by, kitchen_by, nights_out_max, night_minutes_max, silent_minutes, "
				   "bathroom_minutes_max, changed_by, changed_at FROM daily_life_settings WHERE client_id = ?");
	int rc, found = 0;

	*out = (struct store_daily_settings){ -1, -1, -1, -1, -1, -1, 0, 0 };
	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		found = 1;
		out->first_activity_by = column_or_learned(st, 0);
		out->kitchen_by = column_or_learned(st, 1);
		out->nights_out_max = column_or_learned(st, 2);
		out->night_minutes_max = column_or_learned(st, 3);
		out->silent_minutes = column_or_learned(st, 4);
		out->bathroom_minutes_max = column_or_learned(st, 5);
		out->changed_by = sqlite3_column_int64(st, 6);
		out->changed_at = sqlite3_column_int64(st, 7);
		rc = SQLITE_DONE;
	}
	rc = db_status(tx, rc, "read daily-life settings");
	sqlite3_reset(st);
	return rc < 0 ? rc : found ? STORE_ONE : STORE_NONE;
}

int store_daily_settings_put(struct store_tx *tx, int64_t client_id, const struct store_daily_settings *s)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_DAILY_SETTINGS_PUT,
				   "INSERT OR REPLACE INTO daily_life_settings(client_id, first_activity_by, kitchen_by, "
				   "nights_out_max, night_minutes_max, silent_minutes, bathroom_minutes_max, changed_by, "
				   "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	bind_or_null(st, 2, s->first_activity_by);
	bind_or_null(st, 3, s->kitchen_by);
	bind_or_null(st, 4, s->nights_out_max);
	bind_or_null(st, 5, s->night_minutes_max);
	bind_or_null(st, 6, s->silent_minutes);
	bind_or_null(st, 7, s->bathroom_minutes_max);
	sqlite3_bind_int64(st, 8, s->changed_by);
	sqlite3_bind_int64(st, 9, s->changed_at);
	rc = db_exec_stmt(tx, st, "store daily-life settings");
	return rc < 0 ? rc : STORE_ONE;
}
