/*
 * The limit the reading uploads of issue 10 are measured against: plain
 * inserts of glucose sensor readings into SQLite, on this machine, now,
 * into Roer's own `measurements` table with its own indexes.
 *
 * The schema is Roer's: store_open() applies the embedded migrations to a
 * fresh store in DIR, then this program writes to that file directly with
 * the server's pragmas (WAL, foreign keys on, trusted_schema off) and the
 * synchronous mode asked for (the server's own is FULL). Each row is what
 * POST /api/v1/clients/{id}/measurements stores for a device's CGM reading
 * (kind cgm, source "device/1", via device, one minute after the one
 * before), inserted with a plain INSERT: no upsert, no daily sums, no audit
 * row, no JSON. Each transaction is BEGIN IMMEDIATE, ROWS inserts, COMMIT.
 *
 * Prints "raw_rows_per_s N raw_tx_per_s N p50_us N p99_us N": the p50 and
 * p99 are of whole transactions (BEGIN to COMMIT done).
 *
 * usage: raw_readings DIR SECONDS normal|full ROWS
 *   ROWS  rows per transaction: 1000 for the batch ingest, 1 for single readings
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store.h"
#include "util/log.h"

/* 2020-01-01 00:00 UTC in milliseconds: readings go on a minute apart from here. */
#define FIRST_TAKEN_AT 1577836800000LL
#define MINUTE_MS 60000LL

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int fail(sqlite3 *db, const char *what)
{
	fprintf(stderr, "raw_readings: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
	return 1;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* A sensor's trace: a slow wave between about 4 and 11 mmol/L, as plausible as it needs to be. */
static double glucose(long i)
{
	return 4.0 + (double)(i * 7919 % 700) / 100.0;
}

int main(int argc, char **argv)
{
	static const char insert[] =
		"INSERT INTO measurements(client_id, kind, taken_at, source, value, value2, unit, entered_by, via, "
		"device_id, note, extra, created_at) "
		"VALUES (1, 'cgm', ?1, 'device/1', ?2, NULL, 'mmol/L', 1, 'device', 1, NULL, NULL, ?3)";
	struct store *store;
	sqlite3 *db = NULL;
	sqlite3_stmt *st;
	char path[4096], pragmas[256];
	double seconds, start, *lat = NULL;
	size_t nlat = 0, cap = 0;
	long rows, n = 0, tx = 0;

	if (argc != 5 || (strcmp(argv[3], "normal") && strcmp(argv[3], "full")) || (rows = atol(argv[4])) < 1)
		return fprintf(stderr, "usage: raw_readings DIR SECONDS normal|full ROWS\n"), 2;
	if ((seconds = atof(argv[2])) <= 0)
		return fprintf(stderr, "raw_readings: SECONDS must be more than 0\n"), 2;

	log_set_quiet(1);
	if (store_open(&store, argv[1], 1))
		return 1;
	store_close(store);

	snprintf(path, sizeof(path), "%s/roer.sqlite3", argv[1]);
	snprintf(pragmas, sizeof(pragmas),
		 "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s; PRAGMA foreign_keys=ON; PRAGMA trusted_schema=OFF;",
		 argv[3]);
	if (sqlite3_open(path, &db) != SQLITE_OK || sqlite3_exec(db, pragmas, NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "open");
	/* The client whose readings these are, for the foreign key. */
	if (sqlite3_exec(db,
			 "INSERT INTO users(id, email, name, language, roles, password_hash, created_at) VALUES "
			 "(1, 'els@example.nl', 'Els Jansen', 'nl', 1, '!', 0)",
			 NULL, NULL, NULL) != SQLITE_OK)
		return fail(db, "insert the client");
	if (sqlite3_prepare_v2(db, insert, -1, &st, NULL) != SQLITE_OK)
		return fail(db, "prepare");
	start = now();
	while (now() - start < seconds) {
		double t = now();

		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return fail(db, "begin");
		for (long i = 0; i < rows; i++, n++) {
			sqlite3_bind_int64(st, 1, FIRST_TAKEN_AT + n * MINUTE_MS);
			sqlite3_bind_double(st, 2, glucose(n));
			sqlite3_bind_int64(st, 3, (sqlite3_int64)time(NULL));
			if (sqlite3_step(st) != SQLITE_DONE)
				return fail(db, "insert");
			sqlite3_reset(st);
		}
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
			return fail(db, "commit");
		tx++;
		if (nlat == cap) {
			double *grown = realloc(lat, (cap = cap ? 2 * cap : 4096) * sizeof(*lat));

			if (!grown)
				return fprintf(stderr, "raw_readings: out of memory\n"), 1;
			lat = grown;
		}
		lat[nlat++] = now() - t;
	}
	seconds = now() - start;
	qsort(lat, nlat, sizeof(*lat), by_value);
	printf("raw_rows_per_s %.0f raw_tx_per_s %.0f p50_us %.0f p99_us %.0f\n", n / seconds, tx / seconds,
	       lat[nlat / 2] * 1e6, lat[(size_t)(nlat * 0.99)] * 1e6);
	free(lat);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return 0;
}
