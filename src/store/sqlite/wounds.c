/* Wounds and their photos in SQLite (see store/wounds.h). */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/db.h"
#include "store/wounds.h"

int store_wound_insert(struct store_tx *tx, const struct store_wound *w, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_WOUND_INSERT,
				   "INSERT INTO wounds(client_id, name, note, created_by, created_at) VALUES (?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, w->client_id);
	sqlite3_bind_text(st, 2, w->name, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 3, w->note);
	sqlite3_bind_int64(st, 4, w->created_by);
	sqlite3_bind_int64(st, 5, w->created_at);
	rc = db_exec_stmt(tx, st, "store a wound");
	if (rc == STORE_ONE)
		*id = sqlite3_last_insert_rowid(tx->conn->db);
	return rc;
}

int store_wound_update(struct store_tx *tx, const struct store_wound *w)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_WOUND_UPDATE,
				   "UPDATE wounds SET name = ?, note = ?, healed_at = ? WHERE client_id = ? AND id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_text(st, 1, w->name, -1, SQLITE_STATIC);
	db_bind_text_or_null(st, 2, w->note);
	if (w->healed_at)
		sqlite3_bind_int64(st, 3, w->healed_at);
	sqlite3_bind_int64(st, 4, w->client_id);
	sqlite3_bind_int64(st, 5, w->id);
	return db_exec_stmt(tx, st, "change a wound");
}

int store_wounds_each(struct store_tx *tx, int64_t client_id, int64_t id,
		      int (*fn)(const struct store_wound *w, void *ctx), void *ctx)
{
#define WOUND_SELECT                                                                               \
	"SELECT w.id, w.client_id, w.name, w.note, w.created_by, w.created_at, coalesce(w.healed_at, 0), " \
	"(SELECT count(*) FROM wound_photos p WHERE p.client_id = w.client_id AND p.wound_id = w.id), "   \
	"coalesce((SELECT max(taken_at) FROM wound_photos p WHERE p.client_id = w.client_id "              \
	"AND p.wound_id = w.id), 0) FROM wounds w WHERE w.client_id = ?1 "
	sqlite3_stmt *st = id ? db_stmt(tx, STMT_WOUND_ONE, WOUND_SELECT "AND w.id = ?2")
			      : db_stmt(tx, STMT_WOUNDS_EACH, WOUND_SELECT "ORDER BY w.id");
	int rc, n = 0;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	if (id)
		sqlite3_bind_int64(st, 2, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_wound w = {
			.id = sqlite3_column_int64(st, 0),
			.client_id = sqlite3_column_int64(st, 1),
			.name = (const char *)sqlite3_column_text(st, 2),
			.note = (const char *)sqlite3_column_text(st, 3),
			.created_by = sqlite3_column_int64(st, 4),
			.created_at = sqlite3_column_int64(st, 5),
			.healed_at = sqlite3_column_int64(st, 6),
			.photos = sqlite3_column_int64(st, 7),
			.last_photo_at = sqlite3_column_int64(st, 8),
		};

		n++;
		if (fn(&w, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list wounds");
	sqlite3_reset(st);
	return rc < 0 ? rc : n ? STORE_ONE : STORE_NONE;
}

int store_wound_photo_insert(struct store_tx *tx, const struct store_wound_photo *p, const void *image, size_t len,
			     const void *thumb, size_t thumb_len, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_WOUND_PHOTO_INSERT,
				   "INSERT INTO wound_photos(client_id, wound_id, taken_at, note, width, height, bytes, "
				   "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, p->client_id);
	sqlite3_bind_int64(st, 2, p->wound_id);
	sqlite3_bind_int64(st, 3, p->taken_at);
	db_bind_text_or_null(st, 4, p->note);
	sqlite3_bind_int64(st, 5, p->width);
	sqlite3_bind_int64(st, 6, p->height);
	sqlite3_bind_int64(st, 7, (sqlite3_int64)len);
	sqlite3_bind_int64(st, 8, p->created_by);
	sqlite3_bind_int64(st, 9, p->created_at);
	if ((rc = db_exec_stmt(tx, st, "store a wound photo")) != STORE_ONE)
		return rc < 0 ? rc : STORE_HARD_ERROR;
	*id = sqlite3_last_insert_rowid(tx->conn->db);
	if (!(st = db_stmt(tx, STMT_WOUND_PHOTO_DATA_INSERT,
			   "INSERT INTO wound_photo_data(photo_id, image, thumb) VALUES (?, ?, ?)")))
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, *id);
	sqlite3_bind_blob64(st, 2, image, len, SQLITE_STATIC);
	sqlite3_bind_blob64(st, 3, thumb, thumb_len, SQLITE_STATIC);
	return db_exec_stmt(tx, st, "store a wound photo's bytes");
}

int store_wound_photos_each(struct store_tx *tx, int64_t client_id, int64_t wound_id, int64_t id,
			    int (*fn)(const struct store_wound_photo *p, void *ctx), void *ctx)
{
#define PHOTO_SELECT                                                                               \
	"SELECT id, client_id, wound_id, taken_at, note, width, height, bytes, created_by, created_at " \
	"FROM wound_photos WHERE client_id = ?1 AND wound_id = ?2 "
	sqlite3_stmt *st = id ? db_stmt(tx, STMT_WOUND_PHOTO_ONE, PHOTO_SELECT "AND id = ?3")
			      : db_stmt(tx, STMT_WOUND_PHOTOS_EACH, PHOTO_SELECT "ORDER BY taken_at, id");
	int rc, n = 0;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, wound_id);
	if (id)
		sqlite3_bind_int64(st, 3, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_wound_photo p = {
			.id = sqlite3_column_int64(st, 0),
			.client_id = sqlite3_column_int64(st, 1),
			.wound_id = sqlite3_column_int64(st, 2),
			.taken_at = sqlite3_column_int64(st, 3),
			.note = (const char *)sqlite3_column_text(st, 4),
			.width = (unsigned)sqlite3_column_int(st, 5),
			.height = (unsigned)sqlite3_column_int(st, 6),
			.bytes = sqlite3_column_int64(st, 7),
			.created_by = sqlite3_column_int64(st, 8),
			.created_at = sqlite3_column_int64(st, 9),
		};

		n++;
		if (fn(&p, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list wound photos");
	sqlite3_reset(st);
	return rc < 0 ? rc : n ? STORE_ONE : STORE_NONE;
}

int store_wound_photo_remove(struct store_tx *tx, int64_t client_id, int64_t wound_id, int64_t id)
{
	/* Its bytes go with it (ON DELETE CASCADE). */
	sqlite3_stmt *st = db_stmt(tx, STMT_WOUND_PHOTO_REMOVE,
				   "DELETE FROM wound_photos WHERE client_id = ? AND wound_id = ? AND id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, wound_id);
	sqlite3_bind_int64(st, 3, id);
	return db_exec_stmt(tx, st, "remove a wound photo");
}

int store_wound_photo_bytes(struct store_tx *tx, int64_t client_id, int64_t wound_id, int64_t id, int thumb,
			    unsigned char **data, size_t *len)
{
#define BYTES_FROM                                                                                 \
	"FROM wound_photo_data d JOIN wound_photos p ON p.id = d.photo_id "                        \
	"WHERE p.client_id = ? AND p.wound_id = ? AND p.id = ?"
	sqlite3_stmt *st = thumb ? db_stmt(tx, STMT_WOUND_PHOTO_THUMB, "SELECT d.thumb " BYTES_FROM)
				 : db_stmt(tx, STMT_WOUND_PHOTO_IMAGE, "SELECT d.image " BYTES_FROM);
	int rc, found = 0;

	*data = NULL;
	*len = 0;
	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, wound_id);
	sqlite3_bind_int64(st, 3, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const void *blob = sqlite3_column_blob(st, 0);
		size_t n = (size_t)sqlite3_column_bytes(st, 0);

		found = 1;
		if (!(*data = malloc(n ? n : 1))) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
		if (n)
			memcpy(*data, blob, n);
		*len = n;
		rc = SQLITE_DONE;
	}
	rc = db_status(tx, rc, "read a wound photo");
	sqlite3_reset(st);
	return rc < 0 ? rc : found ? STORE_ONE : STORE_NONE;
}
