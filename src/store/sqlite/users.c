/* Accounts and two-factor recovery codes in SQLite. */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/db.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define USER_COLUMNS \
	"id, email, name, language, roles, password_hash, created_at, totp_secret, totp_pending, totp_last_step, demo"

void store_user_release(struct store_user *u)
{
	free(u->email);
	free(u->name);
	free(u->language);
	free(u->password_hash);
	free(u->totp_secret);
	free(u->totp_pending);
	memset(u, 0, sizeof(*u));
}

static void read_user(sqlite3_stmt *st, struct store_user *u)
{
	u->id = sqlite3_column_int64(st, 0);
	u->email = db_column_dup(st, 1);
	u->name = db_column_dup(st, 2);
	u->language = db_column_dup(st, 3);
	u->roles = (unsigned)sqlite3_column_int(st, 4);
	u->password_hash = db_column_dup(st, 5);
	u->created_at = sqlite3_column_int64(st, 6);
	u->totp_secret = db_column_dup(st, 7);
	u->totp_pending = db_column_dup(st, 8);
	u->totp_last_step = sqlite3_column_int64(st, 9);
	u->demo = sqlite3_column_int(st, 10) != 0;
}

static int select_user(struct store_tx *tx, sqlite3_stmt *st, struct store_user *out)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return STORE_HARD_ERROR;
	rc = db_status(tx, sqlite3_step(st), "select user");
	if (rc == STORE_ONE)
		read_user(st, out);
	sqlite3_reset(st);
	return rc;
}

int store_user_insert(struct store_tx *tx, struct store_user *u)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_USER_NEXT_ID,
				   "UPDATE id_sequence SET last = last + 1 WHERE name = 'users' RETURNING last");
	int64_t id;
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	/* Ids are never reused: an erased person's audit rows must not pass to a newcomer. */
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		rc = db_status(tx, rc, "next account id");
		sqlite3_reset(st);
		return rc < 0 ? rc : STORE_HARD_ERROR;
	}
	id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	st = db_stmt(tx, STMT_USER_INSERT,
		     "INSERT INTO users(email, name, language, roles, password_hash, created_at, demo, id) "
		     "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(email) DO NOTHING");
	if (!st)
		return STORE_HARD_ERROR;
	u->created_at = time_now();
	sqlite3_bind_text(st, 1, u->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, u->language, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, (int)u->roles);
	sqlite3_bind_text(st, 5, u->password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, u->created_at);
	sqlite3_bind_int(st, 7, u->demo);
	sqlite3_bind_int64(st, 8, id);
	rc = db_exec_stmt(tx, st, "insert user");
	if (rc == STORE_ONE)
		u->id = id;
	return rc;
}

int store_user_by_email(struct store_tx *tx, const char *email, struct store_user *out)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_USER_BY_EMAIL, "SELECT " USER_COLUMNS " FROM users WHERE email = ?");

	if (st)
		sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	return select_user(tx, st, out);
}

int store_user_by_id(struct store_tx *tx, int64_t id, struct store_user *out)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_USER_BY_ID, "SELECT " USER_COLUMNS " FROM users WHERE id = ?");

	if (st)
		sqlite3_bind_int64(st, 1, id);
	return select_user(tx, st, out);
}

int store_user_update_profile(struct store_tx *tx, int64_t id, const char *name, const char *language)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_USER_UPDATE_PROFILE,
				   "UPDATE users SET name = coalesce(?, name), language = coalesce(?, language) "
				   "WHERE id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, language, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, id);
	return db_exec_stmt(tx, st, "update profile");
}

int store_user_update_password(struct store_tx *tx, int64_t id, const char *hash)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_USER_UPDATE_PASSWORD, "UPDATE users SET password_hash = ? WHERE id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return db_exec_stmt(tx, st, "update password");
}

int store_user_delete(struct store_tx *tx, int64_t id)
{
	/* Sessions and recovery codes go with it (ON DELETE CASCADE); audit rows stay. */
	sqlite3_stmt *st = db_stmt(tx, STMT_USER_DELETE, "DELETE FROM users WHERE id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	return db_exec_stmt(tx, st, "delete user");
}

int store_user_set_totp_pending(struct store_tx *tx, int64_t id, const char *secret)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_USER_TOTP_PENDING, "UPDATE users SET totp_pending = ? WHERE id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_text(st, 1, secret, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return db_exec_stmt(tx, st, "start two-factor enrolment");
}

int store_user_enable_totp(struct store_tx *tx, int64_t id, int64_t step)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_USER_TOTP_ENABLE,
				   "UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, "
				   "totp_last_step = ? WHERE id = ? AND totp_pending IS NOT NULL");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, step);
	sqlite3_bind_int64(st, 2, id);
	return db_exec_stmt(tx, st, "enable two-factor login");
}

int store_user_disable_totp(struct store_tx *tx, int64_t id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_USER_TOTP_DISABLE,
				   "UPDATE users SET totp_secret = NULL, totp_pending = NULL WHERE id = ?");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, id);
	rc = db_exec_stmt(tx, st, "disable two-factor login");
	if (rc < 0)
		return rc;
	return store_recovery_codes_replace(tx, id, NULL, 0) < 0 ? STORE_HARD_ERROR : rc;
}

int store_user_set_totp_step(struct store_tx *tx, int64_t id, int64_t step)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_USER_TOTP_STEP, "UPDATE users SET totp_last_step = ? WHERE id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, step);
	sqlite3_bind_int64(st, 2, id);
	return db_exec_stmt(tx, st, "record two-factor step");
}

int store_recovery_codes_replace(struct store_tx *tx, int64_t user_id,
				 const unsigned char (*hashes)[32], size_t n)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_RECOVERY_DELETE, "DELETE FROM recovery_codes WHERE user_id = ?");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, user_id);
	if ((rc = db_exec_stmt(tx, st, "delete recovery codes")) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		st = db_stmt(tx, STMT_RECOVERY_INSERT, "INSERT INTO recovery_codes(user_id, code_hash) VALUES (?, ?)");
		if (!st)
			return STORE_HARD_ERROR;
		sqlite3_bind_int64(st, 1, user_id);
		sqlite3_bind_blob(st, 2, hashes[i], 32, SQLITE_STATIC);
		if ((rc = db_exec_stmt(tx, st, "insert recovery code")) < 0)
			return rc;
	}
	return STORE_ONE;
}

int store_recovery_code_use(struct store_tx *tx, int64_t user_id, const unsigned char hash[32], int64_t now)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_RECOVERY_USE,
				   "UPDATE recovery_codes SET used_at = ? "
				   "WHERE user_id = ? AND code_hash = ? AND used_at IS NULL");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_blob(st, 3, hash, 32, SQLITE_STATIC);
	return db_exec_stmt(tx, st, "use recovery code");
}
