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

int writer_start(struct store *s)
{
	if (pthread_create(&s->writer, NULL, writer_main, s))
		return error("cannot start the store's writer thread");
	s->writer_started = true;
	return 0;
}

void writer_stop(struct store *s)
{
	if (!s->writer_started)
		return;
	pthread_mutex_lock(&s->queue_lock);
	s->stopping = true;
	pthread_cond_signal(&s->queue_cond);
	pthread_mutex_unlock(&s->queue_lock);
	/* The writer finishes what is queued before it stops. */
	pthread_join(s->writer, NULL);
	s->writer_started = false;
}
