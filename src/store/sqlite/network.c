/* The client's network in SQLite: members and their rights per category. */
#include <string.h>

#include "store/sqlite/db.h"

int store_right_get(struct store_tx *tx, int64_t client_id, int64_t member_id, const char *category, int64_t now,
		    int *level, int *on_behalf)
{
	/* One row per asked category plus the representative right, both only while they last. */
	sqlite3_stmt *st = db_stmt(tx, STMT_RIGHT_GET,
				   "SELECT category, level FROM rights WHERE client_id = ? AND member_id = ? "
				   "AND category IN (?, 'acts_on_behalf') AND (until IS NULL OR until > ?)");
	int rc;

	*level = 0;
	*on_behalf = 0;
	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_text(st, 3, category, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);

		if (c && !strcmp(c, "acts_on_behalf"))
			*on_behalf = 1;
		if (c && !strcmp(c, category))
			*level = sqlite3_column_int(st, 1);
	}
	rc = db_status(tx, rc, "read a right");
	sqlite3_reset(st);
	return rc < 0 ? rc : STORE_ONE;
}

int store_member_add(struct store_tx *tx, int64_t client_id, int64_t member_id, const char *role,
		     const char *discipline, int64_t now)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_MEMBER_ADD,
				   "INSERT INTO members(client_id, member_id, role, discipline, created_at) "
				   "VALUES (?, ?, ?, ?, ?)");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_text(st, 3, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, discipline, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	return db_exec_stmt(tx, st, "add a member");
}

int store_right_set(struct store_tx *tx, int64_t client_id, int64_t member_id, const char *category, int level,
		    int64_t until)
{
	sqlite3_stmt *st;

	if (!level) {
		st = db_stmt(tx, STMT_RIGHT_DELETE,
			     "DELETE FROM rights WHERE client_id = ? AND member_id = ? AND category = ?");
		if (!st)
			return STORE_HARD_ERROR;
		sqlite3_bind_int64(st, 1, client_id);
		sqlite3_bind_int64(st, 2, member_id);
		sqlite3_bind_text(st, 3, category, -1, SQLITE_STATIC);
		return db_exec_stmt(tx, st, "remove a right");
	}
	st = db_stmt(tx, STMT_RIGHT_SET,
		     "INSERT INTO rights(client_id, member_id, category, level, until) VALUES (?, ?, ?, ?, ?) "
		     "ON CONFLICT(client_id, member_id, category) DO UPDATE SET level = excluded.level, "
		     "until = excluded.until");
	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_text(st, 3, category, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, level);
	if (until)
		sqlite3_bind_int64(st, 5, until);
	else
		sqlite3_bind_null(st, 5);
	return db_exec_stmt(tx, st, "set a right");
}

/* Rights past their end are left out, as if they were not there. */
#define MEMBER_SELECT                                                                                   \
	"SELECT m.client_id, m.member_id, u.name, m.role, m.discipline, m.created_at, r.category, "      \
	"coalesce(r.level, 0), coalesce(r.until, 0) FROM members m "                                     \
	"LEFT JOIN rights r ON r.client_id = m.client_id AND r.member_id = m.member_id "                 \
	"AND (r.until IS NULL OR r.until > ?1) "

static int each_member(struct store_tx *tx, sqlite3_stmt *st, int (*fn)(const struct store_member *m, void *ctx),
		       void *ctx)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_member m = {
			.client_id = sqlite3_column_int64(st, 0),
			.member_id = sqlite3_column_int64(st, 1),
			.name = (const char *)sqlite3_column_text(st, 2),
			.role = (const char *)sqlite3_column_text(st, 3),
			.discipline = (const char *)sqlite3_column_text(st, 4),
			.created_at = sqlite3_column_int64(st, 5),
			.category = (const char *)sqlite3_column_text(st, 6),
			.level = sqlite3_column_int(st, 7),
			.until = sqlite3_column_int64(st, 8),
		};

		if (fn(&m, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list members");
	sqlite3_reset(st);
	return rc;
}

int store_members_each(struct store_tx *tx, int64_t client_id, int64_t now, int64_t after, unsigned limit,
		       int (*fn)(const struct store_member *m, void *ctx), void *ctx)
{
	/* A page of members (not of rights rows), by the primary key: its cost does not grow with the network. */
	sqlite3_stmt *st = db_stmt(tx, STMT_MEMBERS_EACH,
				   MEMBER_SELECT "JOIN users u ON u.id = m.member_id WHERE m.client_id = ?2 "
						 "AND m.member_id IN (SELECT member_id FROM members WHERE client_id = ?2 "
						 "AND member_id > ?3 ORDER BY member_id LIMIT ?4) "
						 "ORDER BY m.member_id, r.category");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, client_id);
	sqlite3_bind_int64(st, 3, after);
	sqlite3_bind_int64(st, 4, limit);
	return each_member(tx, st, fn, ctx);
}

int store_supporting_each(struct store_tx *tx, int64_t member_id, int64_t now, int64_t after, unsigned limit,
			  int (*fn)(const struct store_member *m, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_SUPPORTING_EACH,
				   MEMBER_SELECT "JOIN users u ON u.id = m.client_id WHERE m.member_id = ?2 "
						 "AND m.client_id IN (SELECT client_id FROM members WHERE member_id = ?2 "
						 "AND client_id > ?3 ORDER BY client_id LIMIT ?4) "
						 "ORDER BY m.client_id, r.category");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, member_id);
	sqlite3_bind_int64(st, 3, after);
	sqlite3_bind_int64(st, 4, limit);
	return each_member(tx, st, fn, ctx);
}

int store_member_remove(struct store_tx *tx, int64_t client_id, int64_t member_id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_MEMBER_REMOVE, "DELETE FROM members WHERE client_id = ? AND member_id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, member_id);
	return db_exec_stmt(tx, st, "remove a member");
}

int store_rights_clear(struct store_tx *tx, int64_t client_id, int64_t member_id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_RIGHTS_CLEAR, "DELETE FROM rights WHERE client_id = ? AND member_id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, member_id);
	return db_exec_stmt(tx, st, "clear rights");
}
