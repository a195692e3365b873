/* The client's record in SQLite: items of a kind and their change history. */
#include "store/sqlite/db.h"

static int record_change(struct store_tx *tx, int64_t client_id, const char *kind, int64_t id, int64_t by,
			 const char *change, int64_t at)
{
	/* The change keeps the item's fields as they are after it (for a removal: as they were). */
	sqlite3_stmt *st = db_stmt(tx, STMT_ITEM_CHANGE,
				   "INSERT INTO record_changes(client_id, kind, item_id, at, by_id, change, data) "
				   "SELECT client_id, kind, id, ?, ?, ?, data FROM record_items "
				   "WHERE client_id = ? AND kind = ? AND id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, at);
	sqlite3_bind_int64(st, 2, by);
	sqlite3_bind_text(st, 3, change, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, client_id);
	sqlite3_bind_text(st, 5, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, id);
	return db_exec_stmt(tx, st, "record a change") == STORE_ONE ? STORE_ONE : STORE_HARD_ERROR;
}

int store_item_insert(struct store_tx *tx, int64_t client_id, const char *kind, int64_t by, int64_t now,
		      const char *data, const char *unique_key, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ITEM_INSERT,
				   "INSERT INTO record_items(client_id, kind, created_at, created_by, updated_at, "
				   "updated_by, data, unique_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, by);
	sqlite3_bind_int64(st, 5, now);
	sqlite3_bind_int64(st, 6, by);
	sqlite3_bind_text(st, 7, data, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, unique_key, -1, SQLITE_STATIC);
	rc = db_exec_stmt(tx, st, "insert item");
	if (rc != STORE_ONE)
		return rc < 0 ? rc : STORE_HARD_ERROR;
	*id = sqlite3_last_insert_rowid(tx->conn->db);
	return record_change(tx, client_id, kind, *id, by, "create", now);
}

int store_item_update(struct store_tx *tx, int64_t client_id, const char *kind, int64_t id, int64_t by,
		      int64_t now, const char *data, const char *unique_key)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ITEM_UPDATE,
				   "UPDATE record_items SET data = ?1, updated_at = ?2, updated_by = ?3, unique_key = ?7 "
				   "WHERE client_id = ?4 AND kind = ?5 AND id = ?6 AND removed_at IS NULL");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_text(st, 1, data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, by);
	sqlite3_bind_int64(st, 4, client_id);
	sqlite3_bind_text(st, 5, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, id);
	sqlite3_bind_text(st, 7, unique_key, -1, SQLITE_STATIC);
	rc = db_exec_stmt(tx, st, "update item");
	if (rc != STORE_ONE)
		return rc;
	return record_change(tx, client_id, kind, id, by, "update", now);
}

int store_item_remove(struct store_tx *tx, int64_t client_id, const char *kind, int64_t id, int64_t by,
		      int64_t now)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ITEM_REMOVE,
				   "UPDATE record_items SET removed_at = ?, updated_at = ?, updated_by = ?, unique_key = NULL "
				   "WHERE client_id = ? AND kind = ? AND id = ? AND removed_at IS NULL");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, by);
	sqlite3_bind_int64(st, 4, client_id);
	sqlite3_bind_text(st, 5, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, id);
	rc = db_exec_stmt(tx, st, "remove item");
	if (rc != STORE_ONE)
		return rc;
	return record_change(tx, client_id, kind, id, by, "remove", now);
}

#define ITEM_COLUMNS "id, client_id, kind, created_at, created_by, updated_at, updated_by, data"

static int each_item(struct store_tx *tx, sqlite3_stmt *st, store_item_fn fn, void *ctx, int changes)
{
	int rc, n = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_item it = {
			.id = sqlite3_column_int64(st, 0),
			.client_id = sqlite3_column_int64(st, 1),
			.kind = (const char *)sqlite3_column_text(st, 2),
			.created_at = sqlite3_column_int64(st, 3),
			.created_by = sqlite3_column_int64(st, 4),
			.updated_at = sqlite3_column_int64(st, 5),
			.updated_by = sqlite3_column_int64(st, 6),
			.data = (const char *)sqlite3_column_text(st, 7),
		};

		if (changes) {
			it.change = (const char *)sqlite3_column_text(st, 8);
			it.at = sqlite3_column_int64(st, 9);
			it.by = sqlite3_column_int64(st, 10);
			it.previous = (const char *)sqlite3_column_text(st, 11);
		}
		n++;
		if (fn(&it, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list items");
	sqlite3_reset(st);
	return rc < 0 ? rc : n ? STORE_ONE : STORE_NONE;
}

int store_item_get(struct store_tx *tx, int64_t client_id, const char *kind, int64_t id, store_item_fn fn,
		   void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ITEM_GET,
				   "SELECT " ITEM_COLUMNS " FROM record_items "
				   "WHERE client_id = ? AND kind = ? AND id = ? AND removed_at IS NULL");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	return each_item(tx, st, fn, ctx, 0);
}

int store_item_each(struct store_tx *tx, int64_t client_id, const char *kind, int64_t after, unsigned limit,
		    store_item_fn fn, void *ctx)
{
	sqlite3_stmt *st;

	if (kind) {
		/* Served by the partial index of live items: a page costs the same with many removed ones. */
		st = db_stmt(tx, STMT_ITEM_EACH,
			     "SELECT " ITEM_COLUMNS " FROM record_items "
			     "WHERE client_id = ?1 AND kind = ?2 AND id > ?3 AND removed_at IS NULL ORDER BY id LIMIT ?4");
		if (st) {
			sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 3, after);
			sqlite3_bind_int64(st, 4, limit);
		}
	} else {
		st = db_stmt(tx, STMT_ITEM_EACH_ALL,
			     "SELECT " ITEM_COLUMNS " FROM record_items "
			     "WHERE client_id = ? AND removed_at IS NULL ORDER BY kind, id");
	}
	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	return each_item(tx, st, fn, ctx, 0);
}

int store_item_count_before(struct store_tx *tx, int64_t client_id, const char *kind, int64_t before, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ITEM_COUNT_BEFORE,
				   "SELECT count(*) FROM record_items WHERE client_id = ? AND kind = ? AND id < ? "
				   "AND removed_at IS NULL");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, before);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*n = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	rc = db_status(tx, rc, "count items");
	sqlite3_reset(st);
	return rc;
}

int store_item_changes_each(struct store_tx *tx, int64_t client_id, const char *kind, store_item_fn fn,
			    void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_ITEM_CHANGES,
				   "SELECT item_id, client_id, kind, at, by_id, at, by_id, data, change, at, by_id, "
				   "lag(data) OVER (PARTITION BY item_id ORDER BY id) "
				   "FROM record_changes WHERE client_id = ? AND kind = ? ORDER BY id");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	return each_item(tx, st, fn, ctx, 1);
}
