/* Invitations into a client's network in SQLite; the code itself is never stored. */
#include "store/sqlite/db.h"

#define INVITATION_COLUMNS \
	"id, client_id, role, offer, created_by, created_at, expires_at, coalesce(accepted_by, 0), " \
	"coalesce(accepted_at, 0), coalesce(withdrawn_at, 0)"

int store_invitation_insert(struct store_tx *tx, const struct store_invitation *inv, const unsigned char hash[32],
			    int64_t *id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_INVITATION_INSERT,
				   "INSERT INTO invitations(client_id, code_hash, role, offer, created_by, created_at, "
				   "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, inv->client_id);
	sqlite3_bind_blob(st, 2, hash, 32, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, inv->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, inv->offer, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, inv->created_by);
	sqlite3_bind_int64(st, 6, inv->created_at);
	sqlite3_bind_int64(st, 7, inv->expires_at);
	rc = db_exec_stmt(tx, st, "insert invitation");
	if (rc == STORE_ONE)
		*id = sqlite3_last_insert_rowid(tx->conn->db);
	return rc;
}

static int each_invitation(struct store_tx *tx, sqlite3_stmt *st,
			   int (*fn)(const struct store_invitation *inv, void *ctx), void *ctx)
{
	int rc, n = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_invitation inv = {
			.id = sqlite3_column_int64(st, 0),
			.client_id = sqlite3_column_int64(st, 1),
			.role = (const char *)sqlite3_column_text(st, 2),
			.offer = (const char *)sqlite3_column_text(st, 3),
			.created_by = sqlite3_column_int64(st, 4),
			.created_at = sqlite3_column_int64(st, 5),
			.expires_at = sqlite3_column_int64(st, 6),
			.accepted_by = sqlite3_column_int64(st, 7),
			.accepted_at = sqlite3_column_int64(st, 8),
			.withdrawn_at = sqlite3_column_int64(st, 9),
		};

		n++;
		if (fn(&inv, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list invitations");
	sqlite3_reset(st);
	return rc < 0 ? rc : n ? STORE_ONE : STORE_NONE;
}

int store_invitation_by_hash(struct store_tx *tx, const unsigned char hash[32],
			     int (*fn)(const struct store_invitation *inv, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_INVITATION_BY_HASH,
				   "SELECT " INVITATION_COLUMNS " FROM invitations WHERE code_hash = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	return each_invitation(tx, st, fn, ctx);
}

int store_invitation_each(struct store_tx *tx, int64_t client_id, int64_t before, unsigned limit,
			  int (*fn)(const struct store_invitation *inv, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_INVITATION_EACH,
				   "SELECT " INVITATION_COLUMNS " FROM invitations WHERE client_id = ? AND id < ? "
				   "ORDER BY id DESC LIMIT ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, before ? before : INT64_MAX);
	sqlite3_bind_int64(st, 3, limit);
	return each_invitation(tx, st, fn, ctx);
}

int store_invitation_accept(struct store_tx *tx, int64_t id, int64_t member_id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_INVITATION_ACCEPT,
				   "UPDATE invitations SET accepted_by = ?, accepted_at = ? WHERE id = ? "
				   "AND accepted_by IS NULL AND withdrawn_at IS NULL AND expires_at > ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, member_id);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_int64(st, 4, now);
	return db_exec_stmt(tx, st, "accept invitation");
}

int store_invitation_withdraw(struct store_tx *tx, int64_t client_id, int64_t id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_INVITATION_WITHDRAW,
				   "UPDATE invitations SET withdrawn_at = ? WHERE client_id = ? AND id = ? "
				   "AND accepted_by IS NULL AND withdrawn_at IS NULL");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, client_id);
	sqlite3_bind_int64(st, 3, id);
	return db_exec_stmt(tx, st, "withdraw invitation");
}
