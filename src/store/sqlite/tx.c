/*
 * The transaction runner of the SQLite backend: reads on the caller's
 * thread in a read transaction of a pooled connection (concurrent with the
 * writer under WAL), writes on the writer (writer.c), and a read's audit
 * rows handed to the writer before the read counts as done.
 */
#include <stdlib.h>
#include <string.h>

#include "store/sqlite/db.h"
#include "util/log.h"

/* Runs fn in one read transaction, retrying on busy; the audit rows it kept go to *deferred (owned). */
static int run_read(struct store *s, store_tx_fn fn, void *ctx, struct audit_copy **deferred)
{
	struct conn *c = conn_acquire(s);
	int rc = STORE_RETRY;

	*deferred = NULL;
	for (int tries = 0; tries < STORE_MAX_TRIES && rc == STORE_RETRY; tries++) {
		struct store_tx tx = { s, c, STORE_TX_READ, NULL, NULL };

		tx.deferred_tail = &tx.deferred;
		rc = conn_control(c, STMT_BEGIN_READ, "BEGIN");
		if (rc == 0)
			rc = fn(&tx, ctx);
		/* A read transaction has nothing to keep: ending it is the same either way. */
		if (!sqlite3_get_autocommit(c->db))
			conn_control(c, STMT_ROLLBACK, "ROLLBACK");
		if (rc >= 0 && rc != STORE_TX_UNDO)
			*deferred = tx.deferred;
		else
			audit_copies_free(tx.deferred);
	}
	conn_release(s, c);
	return rc;
}

void store_submit(struct store *s, struct store_job *job)
{
	struct audit_copy *deferred;
	int rc;

	job->next = NULL;
	job->deferred = NULL;
	job->tries = 0;
	if (job->kind == STORE_TX_WRITE) {
		writer_enqueue(s, job);
		return;
	}
	rc = run_read(s, job->run, job->ctx, &deferred);
	if (rc < 0 || !deferred) {
		job->done(job, rc);
		return;
	}
	/* The read is done only when its audit rows are committed. */
	job->status = rc;
	job->deferred = deferred;
	writer_enqueue(s, job);
}

struct waiter {
	struct store_job job;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int finished;
};

static void wake(struct store_job *job, int status)
{
	struct waiter *w = (struct waiter *)job;

	pthread_mutex_lock(&w->lock);
	w->job.status = status;
	w->finished = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

int store_run(struct store *s, enum store_tx_kind kind, store_tx_fn fn, void *ctx)
{
	struct waiter w = { .job = { .kind = kind, .run = fn, .done = wake, .ctx = ctx } };
	int status;

	if (pthread_equal(pthread_self(), s->writer))
		BUG("store_run called from inside a transaction body");
	pthread_mutex_init(&w.lock, NULL);
	pthread_cond_init(&w.cond, NULL);
	store_submit(s, &w.job);
	pthread_mutex_lock(&w.lock);
	while (!w.finished)
		pthread_cond_wait(&w.cond, &w.lock);
	status = w.job.status;
	pthread_mutex_unlock(&w.lock);
	pthread_cond_destroy(&w.cond);
	pthread_mutex_destroy(&w.lock);
	return status;
}

int store_tx_undo(struct store_tx *tx)
{
	if (tx->kind == STORE_TX_READ) {
		audit_copies_free(tx->deferred);
		tx->deferred = NULL;
		tx->deferred_tail = &tx->deferred;
		return 0;
	}
	/* The writer runs each body in the savepoint "job" (writer.c). */
	return conn_control(tx->conn, STMT_SAVEPOINT_UNDO, "ROLLBACK TO job");
}
