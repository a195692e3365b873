/* The SQLite backend: connections, transactions, migrations, backup. */
#include "store/sqlite/db.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/log.h"

/* Generated from the migrations folder by scripts/embed. */
struct migration {
	int version;
	const char *name;
	const char *sql;
};
extern const struct migration store_migrations[];
extern const unsigned store_migrations_count;

static int conn_open(struct conn *c, const char *path)
{
	static const char *pragmas =
		"PRAGMA journal_mode=WAL;"
		/* Health data: an acknowledged write must survive a power cut. */
		"PRAGMA synchronous=FULL;"
		"PRAGMA foreign_keys=ON;"
		"PRAGMA trusted_schema=OFF;"
		/*
		 * Each write of a group commit runs in a savepoint, whose journal
		 * of changed pages would go to a temporary file: a batch of 1,000
		 * readings wrote it tens of thousands of times. In memory it costs
		 * what the batch's pages take, and nothing durable depends on it.
		 */
		"PRAGMA temp_store=MEMORY;";
	char *msg = NULL;

	memset(c, 0, sizeof(*c));
	if (sqlite3_open_v2(path, &c->db,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX |
				    SQLITE_OPEN_EXRESCODE,
			    NULL) != SQLITE_OK) {
		error("cannot open the store '%s': %s", path, c->db ? sqlite3_errmsg(c->db) : "out of memory");
		sqlite3_close(c->db);
		c->db = NULL;
		return -1;
	}
	sqlite3_busy_timeout(c->db, 5000);
	if (sqlite3_exec(c->db, pragmas, NULL, NULL, &msg) != SQLITE_OK) {
		error("cannot configure the store '%s': %s", path, msg ? msg : "?");
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static void conn_close(struct conn *c)
{
	for (int i = 0; i < STMT_COUNT; i++)
		sqlite3_finalize(c->stmts[i]);
	sqlite3_close(c->db);
	memset(c, 0, sizeof(*c));
}

static int exec(sqlite3 *db, const char *sql, const char *what)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		error("%s failed: %s", what, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* 1 when schema_version records `version`, 0 when not, -1 after printing why. */
static int migration_recorded(sqlite3 *db, int version)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM schema_version WHERE version = ?", -1, &st, NULL) != SQLITE_OK)
		return error("cannot read the schema version: %s", sqlite3_errmsg(db));
	sqlite3_bind_int(st, 1, version);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error("cannot read the schema version: %s", sqlite3_errmsg(db));
	return rc == SQLITE_ROW;
}

int store_migrate(struct store *s, int *applied)
{
	sqlite3 *db = s->writer_conn.db;
	sqlite3_stmt *st = NULL;
	int current = 0;

	*applied = 0;
	/* One transaction for all pending migrations: all or none. */
	if (exec(db, "BEGIN IMMEDIATE", "begin migration") ||
	    exec(db, "CREATE TABLE IF NOT EXISTS schema_version ("
		     "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT",
		 "create schema_version"))
		goto fail;
	if (sqlite3_prepare_v2(db, "SELECT coalesce(max(version), 0) FROM schema_version", -1, &st, NULL) !=
		    SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		error("cannot read the schema version: %s", sqlite3_errmsg(db));
		goto fail;
	}
	current = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	for (unsigned i = 0; i < store_migrations_count; i++) {
		const struct migration *m = &store_migrations[i];
		char what[128];
		int done;

		/*
		 * Every migration not recorded yet, not only those above the
		 * highest recorded: numbers are handed out to branches in
		 * advance, so one may land after a higher one a store already
		 * has (0022 after 0023), and must not be skipped for it.
		 */
		if (m->version <= current && (done = migration_recorded(db, m->version)) != 0) {
			if (done < 0)
				goto fail;
			continue;
		}
		snprintf(what, sizeof(what), "migration %04d '%s'", m->version, m->name);
		if (exec(db, m->sql, what))
			goto fail;
		if (sqlite3_prepare_v2(db,
				       "INSERT INTO schema_version(version, name, applied_at) "
				       "VALUES (?, ?, unixepoch())",
				       -1, &st, NULL) != SQLITE_OK)
			goto fail;
		sqlite3_bind_int(st, 1, m->version);
		sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			error("cannot record %s: %s", what, sqlite3_errmsg(db));
			goto fail;
		}
		sqlite3_finalize(st);
		st = NULL;
		(*applied)++;
	}
	if (current > (int)(store_migrations_count ? store_migrations[store_migrations_count - 1].version : 0)) {
		error("the store has schema version %d, newer than this roer knows; refusing to use it",
		      current);
		goto fail;
	}
	return exec(db, "COMMIT", "commit migration");
fail:
	sqlite3_finalize(st);
	exec(db, "ROLLBACK", "roll back migration");
	*applied = 0;
	return -1;
}

int store_open(struct store **out, const char *dir, unsigned readers)
{
	struct store *s;
	struct buf path = BUF_INIT;
	int applied;

	*out = NULL;
	if (mkdir(dir, 0700) && errno != EEXIST)
		return error("cannot create the data directory '%s': %s", dir, strerror(errno));
	if (access(dir, W_OK | X_OK))
		return error("the data directory '%s' is not writable: %s", dir, strerror(errno));
	if (!sqlite3_threadsafe())
		return error("this SQLite is built without thread support");
	buf_addf(&path, "%s/roer.sqlite3", dir);

	s = xcalloc(1, sizeof(*s));
	s->path = buf_detach(&path, NULL);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->available, NULL);
	pthread_mutex_init(&s->queue_lock, NULL);
	pthread_cond_init(&s->queue_cond, NULL);
	pthread_cond_init(&s->checkpoint_cond, NULL);
	/* The writer's connection first: the migration needs the tables before readers prepare statements. */
	if (conn_open(&s->writer_conn, s->path) || store_migrate(s, &applied)) {
		store_close(s);
		return -1;
	}
	s->n_conns = readers ? readers : 1;
	s->conns = xcalloc(s->n_conns, sizeof(*s->conns));
	for (unsigned i = 0; i < s->n_conns; i++) {
		if (conn_open(&s->conns[i], s->path)) {
			store_close(s);
			return -1;
		}
		s->conns[i].next_free = s->free_list;
		s->free_list = &s->conns[i];
	}
	if (writer_start(s)) {
		store_close(s);
		return -1;
	}
	if (applied)
		info("store: applied %d migration(s) to '%s'", applied, s->path);
	*out = s;
	return 0;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	writer_stop(s);
	for (unsigned i = 0; i < s->n_conns; i++)
		if (s->conns[i].db)
			conn_close(&s->conns[i]);
	if (s->writer_conn.db)
		conn_close(&s->writer_conn);
	free(s->conns);
	pthread_cond_destroy(&s->available);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->queue_cond);
	pthread_cond_destroy(&s->checkpoint_cond);
	pthread_mutex_destroy(&s->queue_lock);
	free(s->path);
	free(s);
}

struct conn *conn_acquire(struct store *s)
{
	struct conn *c;

	pthread_mutex_lock(&s->lock);
	while (!s->free_list)
		pthread_cond_wait(&s->available, &s->lock);
	c = s->free_list;
	s->free_list = c->next_free;
	pthread_mutex_unlock(&s->lock);
	return c;
}

void conn_release(struct store *s, struct conn *c)
{
	pthread_mutex_lock(&s->lock);
	c->next_free = s->free_list;
	s->free_list = c;
	pthread_cond_signal(&s->available);
	pthread_mutex_unlock(&s->lock);
}

int conn_control(struct conn *c, enum stmt_slot slot, const char *sql)
{
	sqlite3_stmt **st = &c->stmts[slot];
	int rc;

	/* Prepared once: re-preparing BEGIN and COMMIT on every request showed in profiles. */
	if (!*st && sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) != SQLITE_OK) {
		error("cannot prepare '%s': %s", sql, sqlite3_errmsg(c->db));
		*st = NULL;
		return STORE_HARD_ERROR;
	}
	rc = sqlite3_step(*st);
	sqlite3_reset(*st);
	if (rc == SQLITE_DONE)
		return 0;
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return STORE_RETRY;
	error("'%s' failed: %s", sql, sqlite3_errmsg(c->db));
	return STORE_HARD_ERROR;
}

sqlite3_stmt *db_stmt(struct store_tx *tx, enum stmt_slot slot, const char *sql)
{
	sqlite3_stmt **st = &tx->conn->stmts[slot];

	if (!*st) {
		if (sqlite3_prepare_v3(tx->conn->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) !=
		    SQLITE_OK) {
			error("cannot prepare statement %d: %s", (int)slot, sqlite3_errmsg(tx->conn->db));
			*st = NULL;
			return NULL;
		}
		return *st;
	}
	sqlite3_reset(*st);
	sqlite3_clear_bindings(*st);
	return *st;
}

int db_status(struct store_tx *tx, int rc, const char *what)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
		return STORE_NONE;
	case SQLITE_ROW:
		return STORE_ONE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_RETRY;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return STORE_CONFLICT;
		error("%s failed: %s", what, sqlite3_errmsg(tx->conn->db));
		return STORE_HARD_ERROR;
	default:
		error("%s failed: %s", what, sqlite3_errmsg(tx->conn->db));
		return STORE_HARD_ERROR;
	}
}

int db_exec_stmt(struct store_tx *tx, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE) {
		int status = db_status(tx, rc, what);

		sqlite3_reset(st);
		return status < 0 ? status : STORE_HARD_ERROR;
	}
	rc = sqlite3_changes(tx->conn->db) > 0 ? STORE_ONE : STORE_NONE;
	sqlite3_reset(st);
	return rc;
}

void db_bind_text_or_null(sqlite3_stmt *st, int col, const char *s)
{
	if (s)
		sqlite3_bind_text(st, col, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, col);
}

int db_each_row(struct store_tx *tx, sqlite3_stmt *st, const char *what,
		int (*row)(sqlite3_stmt *st, void *fn, void *ctx), void *fn, void *ctx)
{
	int rc, n = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		n++;
		if (row(st, fn, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, what);
	sqlite3_reset(st);
	return rc < 0 ? rc : n;
}

char *db_column_dup(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? xstrndup((const char *)t, (size_t)sqlite3_column_bytes(st, col)) : NULL;
}

int store_backup(struct store *s, const char *file)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	struct conn *c = conn_acquire(s);
	int rc;

	if (sqlite3_open_v2(file, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = error("cannot create the backup '%s': %s", file, dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", c->db, "main");
	if (!b) {
		rc = error("cannot start the backup to '%s': %s", file, sqlite3_errmsg(dst));
		goto out;
	}
	/* All pages in one step: a consistent snapshot even while the server writes. */
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		rc = error("backup to '%s' failed: %s", file, sqlite3_errstr(rc));
	else
		rc = 0;
out:
	sqlite3_close(dst);
	conn_release(s, c);
	return rc;
}

int store_check(struct store *s, struct buf *result)
{
	struct conn *c = conn_acquire(s);
	sqlite3_stmt *st = NULL;
	int rc = 0;

	if (sqlite3_prepare_v2(c->db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK) {
		rc = error("cannot run the integrity check: %s", sqlite3_errmsg(c->db));
		goto out;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (result->len)
			buf_addch(result, '\n');
		buf_adds(result, (const char *)sqlite3_column_text(st, 0));
	}
out:
	sqlite3_finalize(st);
	conn_release(s, c);
	return rc;
}
