/*
 * The limit an HTTP write is measured against: single-row transactions
 * into SQLite with the server's own settings (WAL, synchronous=FULL), on
 * this machine, now. Prints "raw_sqlite_tx_per_s N".
 * usage: raw_sqlite DIR SECONDS
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char path[4096];
	double seconds, start;
	long n = 0;

	if (argc != 3)
		return fprintf(stderr, "usage: raw_sqlite DIR SECONDS\n"), 2;
	seconds = atof(argv[2]);
	snprintf(path, sizeof(path), "%s/raw.sqlite3", argv[1]);
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db,
			 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "CREATE TABLE IF NOT EXISTS t(client_id INTEGER NOT NULL, id INTEGER PRIMARY KEY,"
			 " at INTEGER NOT NULL, what TEXT NOT NULL)",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO t(client_id, at, what) VALUES (1, ?, 'update account')", -1, &st,
			       NULL) != SQLITE_OK)
		return fprintf(stderr, "raw_sqlite: %s\n", sqlite3_errmsg(db)), 1;
	start = now();
	while (now() - start < seconds) {
		sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_bind_int64(st, 1, n);
		if (sqlite3_step(st) != SQLITE_DONE)
			return fprintf(stderr, "raw_sqlite: %s\n", sqlite3_errmsg(db)), 1;
		sqlite3_reset(st);
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
		n++;
	}
	printf("raw_sqlite_tx_per_s %.0f\n", n / (now() - start));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
