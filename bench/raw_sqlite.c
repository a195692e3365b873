/*
 * The limit an HTTP request is measured against: single-row transactions
 * into SQLite, on this machine, now, into one of Roer's own tables with its
 * own indexes (raw rates depend on the indexes: three on the audit table,
 * one on the record's items).
 *
 * The schema is Roer's: store_open() applies the embedded migrations to a
 * fresh store in DIR, then this program writes to that file directly with
 * the server's pragmas (WAL, foreign keys on) and the synchronous mode asked
 * for. Each transaction is BEGIN IMMEDIATE, one INSERT of a row like the
 * server writes, COMMIT. Prints "raw_tx_per_s N".
 *
 * usage: raw_sqlite DIR SECONDS normal|full record_items|audit
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/log.h"

/* A goal as POST /clients/me/goals stores it (the validated fields). */
static const char goal_data[] =
	"{\"text\":\"Weer zelf boodschappen doen bij de supermarkt om de hoek, met de rollator\","
	"\"domains\":[\"participation\",\"daily_life\"],\"status\":\"active\"}";

/* The User-Agent the bench's requests send, which the audit row keeps. */
static const char software[] =
	"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

static const char *const inserts[][2] = {
	{ "record_items",
	  "INSERT INTO record_items(client_id, kind, created_at, created_by, updated_at, updated_by, data) "
	  "VALUES (1, 'goal', ?1, 1, ?1, 1, ?2)" },
	{ "audit",
	  "INSERT INTO audit(client_id, at, actor_id, software, action, category, object, outcome, address, "
	  "on_behalf, actor_name, actor_role, actor_discipline) "
	  "VALUES (1, ?1, 2, ?2, 'read', 'plan', 'goal', 'success', '127.0.0.1', 0, 'Marieke Jansen', "
	  "'mantelzorger', NULL)" },
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "raw_sqlite: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
	return 1;
}

int main(int argc, char **argv)
{
	const char *sql = NULL, *sync;
	struct store *store;
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	char path[4096], pragmas[256];
	double seconds, start;
	long n = 0;

	if (argc != 5 || (strcmp(argv[3], "normal") && strcmp(argv[3], "full")))
		return fprintf(stderr, "usage: raw_sqlite DIR SECONDS normal|full record_items|audit\n"), 2;
	seconds = atof(argv[2]);
	sync = argv[3];
	for (size_t i = 0; i < sizeof(inserts) / sizeof(inserts[0]); i++)
		if (!strcmp(argv[4], inserts[i][0]))
			sql = inserts[i][1];
	if (!sql)
		return fprintf(stderr, "raw_sqlite: unknown table '%s'\n", argv[4]), 2;

	log_set_quiet(1);
	if (store_open(&store, argv[1], 1))
		return 1;
	store_close(store);

	snprintf(path, sizeof(path), "%s/roer.sqlite3", argv[1]);
	snprintf(pragmas, sizeof(pragmas), "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s; PRAGMA foreign_keys=ON;",
		 sync);
	if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, pragmas, NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "open");
	/* The record's client and the member who reads it, for the foreign keys. */
	if (sqlite3_exec(db,
			 "INSERT INTO users(id, email, name, language, roles, password_hash, created_at) VALUES "
			 "(1, 'els@example.nl', 'Els Jansen', 'nl', 1, '!', 0), "
			 "(2, 'marieke@example.nl', 'Marieke Jansen', 'nl', 1, '!', 0)",
			 NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "insert the users");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return fail(db, "prepare");
	start = now();
	while (now() - start < seconds) {
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return fail(db, "begin");
		sqlite3_bind_int64(st, 1, 1796000000 + n);
		if (!strcmp(argv[4], "record_items"))
			sqlite3_bind_text(st, 2, goal_data, -1, SQLITE_STATIC);
		else
			sqlite3_bind_text(st, 2, software, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return fail(db, "insert");
		sqlite3_reset(st);
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			return fail(db, "commit");
		n++;
	}
	printf("raw_tx_per_s %.0f\n", n / (now() - start));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
