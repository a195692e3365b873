/*
 * The audit log is append-only in the schema itself: whatever SQL reaches
 * the file (a tool, a bug, an attacker with the file), rows are never
 * changed, deleted or replaced, and new rows still go in.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

static int add_row(struct store_tx *tx, void *ctx)
{
	struct store_audit a = { .at = 1796000000, .actor_id = 5, .client_id = 7, .software = "test", .action = "read",
				 .category = "plan", .object = "goal", .outcome = "success", .address = "127.0.0.1" };

	(void)ctx;
	return store_audit_insert(tx, &a) < 0 ? STORE_HARD_ERROR : STORE_TX_KEEP;
}

/* Runs sql on its own connection; returns SQLite's result code. */
static int exec_sql(const char *file, const char *sql)
{
	sqlite3 *db;
	int rc;

	assert_int_equal(sqlite3_open(file, &db), SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static void count_rows(const char *file, const char *where, int expected)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char sql[200];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit WHERE %s", where);
	assert_int_equal(sqlite3_open(file, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), expected);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void rows_are_never_changed_removed_or_replaced(void **state)
{
	char dir[] = "/tmp/roer-audit-XXXXXX", file[64], cmd[96];
	struct store *s;
	static const char *const attacks[] = {
		"UPDATE audit SET outcome = 'denied' WHERE id = 1",
		"DELETE FROM audit WHERE id = 1",
		"INSERT OR REPLACE INTO audit(id, client_id, at, actor_id, software, action, category, object, outcome, "
		"address) VALUES (1, 7, 1, 666, 'x', 'read', 'plan', NULL, 'success', 'x')",
		"REPLACE INTO audit(id, client_id, at, actor_id, software, action, category, object, outcome, address) "
		"VALUES (1, 7, 1, 666, 'x', 'read', 'plan', NULL, 'success', 'x')",
		"INSERT INTO audit(id, client_id, at, actor_id, software, action, category, object, outcome, address) "
		"VALUES (1, 7, 1, 666, 'x', 'read', 'plan', NULL, 'success', 'x') ON CONFLICT(id) DO UPDATE SET "
		"actor_id = 666",
		"INSERT OR IGNORE INTO audit(id, client_id, at, actor_id, software, action, category, object, outcome, "
		"address) VALUES (1, 7, 1, 666, 'x', 'read', 'plan', NULL, 'success', 'x')",
	};

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/roer.sqlite3", dir);
	assert_int_equal(store_open(&s, dir, 1), 0);
	assert_int_equal(store_run(s, STORE_TX_WRITE, add_row, NULL), STORE_TX_KEEP);
	store_close(s);
	count_rows(file, "id = 1 AND actor_id = 5", 1);
	for (size_t i = 0; i < sizeof(attacks) / sizeof(attacks[0]); i++) {
		int rc = exec_sql(file, attacks[i]);

		if (rc == SQLITE_OK)
			fail_msg("accepted: %s", attacks[i]);
		count_rows(file, "id = 1 AND actor_id = 5 AND outcome = 'success'", 1);
	}
	count_rows(file, "actor_id = 666", 0);
	/* New rows still go in, with ids of their own. */
	assert_int_equal(exec_sql(file, "INSERT INTO audit(client_id, at, actor_id, software, action, category, object, "
					"outcome, address) VALUES (7, 2, 6, 'x', 'read', 'plan', NULL, 'success', 'x')"),
			 SQLITE_OK);
	count_rows(file, "1", 2);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rows_are_never_changed_removed_or_replaced),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
