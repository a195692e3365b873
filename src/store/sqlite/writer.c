/*
 * Group commit: one thread owns the writer connection and runs every write
 * job. It takes all the jobs queued while it was busy, runs each in a
 * savepoint of its own inside one transaction, commits once (one fsync for
 * all of them) and only then tells each job how it ended. A job that fails
 * or undoes itself rolls back to its savepoint: its neighbours keep theirs.
 *
 * SQLite has one writer at a time anyway; running the bodies on one thread
 * means no lock is waited for and no busy handler sleeps.
 */
#include <stdlib.h>

#include "store/sqlite/db.h"
#include "util/log.h"

/* A bound on one batch, so that a flood of jobs cannot delay the first one's reply for long. */
#define BATCH_MAX 512

void writer_enqueue(struct store *s, struct store_job *job)
{
	job->next = NULL;
	pthread_mutex_lock(&s->queue_lock);
	if (s->queue_tail)
		s->queue_tail->next = job;
	else
		s->queue_head = job;
	s->queue_tail = job;
	pthread_cond_signal(&s->queue_cond);
	pthread_mutex_unlock(&s->queue_lock);
}

/* Runs one job in its savepoint; returns its status (kept in job->status). */
static int run_job(struct store_tx *tx, struct store_job *job)
{
	struct conn *c = tx->conn;
	int rc;

	if (conn_control(c, STMT_SAVEPOINT, "SAVEPOINT job"))
		return STORE_HARD_ERROR;
	for (;;) {
		/* A read's job here only writes the audit rows its read kept. */
		rc = job->kind == STORE_TX_READ ? audit_copies_write(tx, job->deferred) : job->run(tx, job->ctx);
		if (job->kind == STORE_TX_READ && rc >= 0)
			rc = job->status;
		if (rc != STORE_RETRY || ++job->tries >= STORE_MAX_TRIES)
			break;
		conn_control(c, STMT_SAVEPOINT_UNDO, "ROLLBACK TO job");
	}
	if ((rc < 0 || rc == STORE_TX_UNDO) && conn_control(c, STMT_SAVEPOINT_UNDO, "ROLLBACK TO job"))
		rc = STORE_HARD_ERROR;
	if (conn_control(c, STMT_SAVEPOINT_RELEASE, "RELEASE job"))
		rc = STORE_HARD_ERROR;
	return rc;
}

static void finish(struct store_job *job, int status)
{
	audit_copies_free(job->deferred);
	job->deferred = NULL;
	job->done(job, status);
}

/* Runs a batch of jobs in one transaction. Jobs to try again are put back in front of the queue. */
static void run_batch(struct store *s, struct store_job *batch)
{
	struct store_tx tx = { s, &s->writer_conn, STORE_TX_WRITE, NULL, NULL };
	struct store_job *job, *next, *again = NULL, *again_last = NULL;
	int rc = conn_control(tx.conn, STMT_BEGIN_WRITE, "BEGIN IMMEDIATE");

	if (rc == 0) {
		for (job = batch; job; job = job->next)
			job->status = run_job(&tx, job);
		rc = conn_control(tx.conn, STMT_COMMIT, "COMMIT");
		if (rc)
			conn_control(tx.conn, STMT_ROLLBACK, "ROLLBACK");
	}
	for (unsigned i = 0; rc == 0 && i < s->n_after_commit; i++)
		s->after_commit[i].fn(s->after_commit[i].ctx);
	for (job = batch; job; job = next) {
		next = job->next;
		if (rc == 0) {
			finish(job, job->status);
		} else if (rc == STORE_RETRY && ++job->tries < STORE_MAX_TRIES) {
			/* Nothing was committed: the bodies run again in the next batch. */
			job->next = NULL;
			if (again_last)
				again_last->next = job;
			else
				again = job;
			again_last = job;
		} else {
			finish(job, rc);
		}
	}
	if (again) {
		pthread_mutex_lock(&s->queue_lock);
		again_last->next = s->queue_head;
		s->queue_head = again;
		if (!s->queue_tail)
			s->queue_tail = again_last;
		pthread_mutex_unlock(&s->queue_lock);
	}
}

static void *writer_main(void *arg)
{
	struct store *s = arg;

	for (;;) {
		struct store_job *batch, *last;
		unsigned n = 1;

		pthread_mutex_lock(&s->queue_lock);
		while (!s->queue_head && !s->stopping)
			pthread_cond_wait(&s->queue_cond, &s->queue_lock);
		if (!s->queue_head) {
			pthread_mutex_unlock(&s->queue_lock);
			break;
		}
		batch = last = s->queue_head;
		while (last->next && n < BATCH_MAX) {
			last = last->next;
			n++;
		}
		s->queue_head = last->next;
		if (!s->queue_head)
			s->queue_tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&s->queue_lock);
		run_batch(s, batch);
	}
	return NULL;
}

/*
 * Checkpoints: SQLite copies the WAL back into the database file every
 * 1000 pages, on the connection that commits, fsync included, so a commit
 * now and then waited for one. Here the writer's commits only note that a
 * checkpoint is due (the WAL hook), and a thread of its own runs it, passive
 * (it never blocks the writer; a copy that is behind is finished later).
 */
#define CHECKPOINT_PAGES 1000

static int wal_hook(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct store *s = arg;

	(void)db;
	(void)name;
	if (pages >= CHECKPOINT_PAGES) {
		pthread_mutex_lock(&s->queue_lock);
		s->checkpoint_wanted = true;
		pthread_cond_signal(&s->checkpoint_cond);
		pthread_mutex_unlock(&s->queue_lock);
	}
	return SQLITE_OK;
}

static void *checkpointer_main(void *arg)
{
	struct store *s = arg;

	pthread_mutex_lock(&s->queue_lock);
	for (;;) {
		while (!s->checkpoint_wanted && !s->stopping)
			pthread_cond_wait(&s->checkpoint_cond, &s->queue_lock);
		if (s->stopping)
			break;
		s->checkpoint_wanted = false;
		pthread_mutex_unlock(&s->queue_lock);
		if (sqlite3_wal_checkpoint_v2(s->checkpoint_conn.db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL) !=
		    SQLITE_OK)
			info("store: checkpoint put off: %s", sqlite3_errmsg(s->checkpoint_conn.db));
		pthread_mutex_lock(&s->queue_lock);
	}
	pthread_mutex_unlock(&s->queue_lock);
	return NULL;
}

void store_on_commit(struct store *s, void (*fn)(void *ctx), void *ctx)
{
	if (s->n_after_commit >= STORE_COMMIT_HOOKS_MAX)
		BUG("more than %d commit hooks", STORE_COMMIT_HOOKS_MAX);
	s->after_commit[s->n_after_commit].fn = fn;
	s->after_commit[s->n_after_commit].ctx = ctx;
	s->n_after_commit++;
}

int writer_start(struct store *s)
{
	if (sqlite3_open_v2(s->path, &s->checkpoint_conn.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK)
		return error("cannot open the store for checkpoints: %s", sqlite3_errmsg(s->checkpoint_conn.db));
	sqlite3_busy_timeout(s->checkpoint_conn.db, 5000);
	sqlite3_wal_autocheckpoint(s->writer_conn.db, 0);
	sqlite3_wal_hook(s->writer_conn.db, wal_hook, s);
	if (pthread_create(&s->checkpointer, NULL, checkpointer_main, s))
		return error("cannot start the store's checkpoint thread");
	s->checkpointer_started = true;
	if (pthread_create(&s->writer, NULL, writer_main, s))
		return error("cannot start the store's writer thread");
	s->writer_started = true;
	return 0;
}

void writer_stop(struct store *s)
{
	pthread_mutex_lock(&s->queue_lock);
	s->stopping = true;
	pthread_cond_signal(&s->queue_cond);
	pthread_cond_signal(&s->checkpoint_cond);
	pthread_mutex_unlock(&s->queue_lock);
	/* The writer finishes what is queued before it stops. */
	if (s->writer_started)
		pthread_join(s->writer, NULL);
	if (s->checkpointer_started)
		pthread_join(s->checkpointer, NULL);
	s->writer_started = s->checkpointer_started = false;
	if (s->checkpoint_conn.db) {
		/* What is left in the WAL goes into the database file now that nobody writes. */
		sqlite3_wal_checkpoint_v2(s->checkpoint_conn.db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
		sqlite3_close(s->checkpoint_conn.db);
		s->checkpoint_conn.db = NULL;
	}
}
