/*
 * The transaction runner: retries on a soft failure, "done" only after the
 * commit that holds the work, a failed body inside a group commit undoes
 * only itself, a read's audit rows are committed before the read is done,
 * and an API reply is never sent for work that was not committed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/run.h"
#include "http/reply.h"
#include "http/request.h"
#include "store/store.h"
#include "util/buf.h"

struct fixture {
	char dir[64];
	char file[96];
	struct store *store;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	snprintf(f->dir, sizeof(f->dir), "/tmp/roer-unit-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->file, sizeof(f->file), "%s/roer.sqlite3", f->dir);
	if (store_open(&f->store, f->dir, 2))
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[128];

	store_close(f->store);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd))
		return -1;
	free(f);
	return 0;
}

/* Adds a user with this email in tx. Returns a store status. */
static int add_user(struct store_tx *tx, const char *email)
{
	struct store_user u = { 0 };

	u.email = (char *)email;
	u.name = (char *)"Test";
	u.language = (char *)"nl";
	u.roles = ROLE_CLIENT;
	u.password_hash = (char *)"x";
	return store_user_insert(tx, &u);
}

/* Whether a committed user with this email is seen by a connection of its own, outside the store. */
static int committed(const char *file, const char *email)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int found;

	assert_int_equal(sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM users WHERE email = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	found = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return found;
}

struct flaky {
	int runs;
	int fail_first;          /* runs that answer STORE_RETRY */
	const char *email;       /* added on the run that succeeds */
};

static int flaky_body(struct store_tx *tx, void *ctx)
{
	struct flaky *fl = ctx;
	char email[64];
	int rc;

	/* Each run adds a user of its own: only the run that succeeds may leave one. */
	snprintf(email, sizeof(email), "%d-%s", fl->runs + 1, fl->email ? fl->email : "");
	if (fl->email && (rc = add_user(tx, email)) < 0)
		return rc;
	if (++fl->runs <= fl->fail_first)
		return STORE_RETRY;
	return STORE_TX_KEEP;
}

static void write_retried_on_soft_failure(void **state)
{
	struct fixture *f = *state;
	struct flaky fl = { 0, 2, "retry@example.nl" };

	assert_int_equal(store_run(f->store, STORE_TX_WRITE, flaky_body, &fl), STORE_TX_KEEP);
	assert_int_equal(fl.runs, 3);
	/* The failed runs were undone. */
	assert_int_equal(committed(f->file, "1-retry@example.nl"), 0);
	assert_int_equal(committed(f->file, "2-retry@example.nl"), 0);
	assert_int_equal(committed(f->file, "3-retry@example.nl"), 1);
}

static void retries_are_bounded(void **state)
{
	struct fixture *f = *state;
	struct flaky fl = { 0, 1000, "never@example.nl" };
	struct flaky rd = { 0, 1000, NULL };

	assert_int_equal(store_run(f->store, STORE_TX_WRITE, flaky_body, &fl), STORE_RETRY);
	assert_int_equal(fl.runs, STORE_MAX_TRIES);
	assert_int_equal(committed(f->file, "1-never@example.nl"), 0);
	assert_int_equal(committed(f->file, "4-never@example.nl"), 0);
	assert_int_equal(store_run(f->store, STORE_TX_READ, flaky_body, &rd), STORE_RETRY);
	assert_int_equal(rd.runs, STORE_MAX_TRIES);
}

static void read_retried_on_soft_failure(void **state)
{
	struct fixture *f = *state;
	struct flaky rd = { 0, 1, NULL };

	assert_int_equal(store_run(f->store, STORE_TX_READ, flaky_body, &rd), STORE_TX_KEEP);
	assert_int_equal(rd.runs, 2);
}

/* A job that records, in its done(), whether its work was committed by then. */
struct probe {
	struct store_job job;
	const char *file;
	const char *email;
	int body_result;         /* what the body returns after adding its user */
	int status;
	int seen_committed;
	int finished;
	pthread_mutex_t *lock;
	pthread_cond_t *cond;
};

static int probe_body(struct store_tx *tx, void *ctx)
{
	struct probe *p = ctx;
	int rc = add_user(tx, p->email);

	return rc < 0 ? rc : p->body_result;
}

static void probe_done(struct store_job *job, int status)
{
	struct probe *p = job->ctx;

	p->seen_committed = committed(p->file, p->email);
	pthread_mutex_lock(p->lock);
	p->status = status;
	p->finished = 1;
	pthread_cond_broadcast(p->cond);
	pthread_mutex_unlock(p->lock);
}

/* A body that holds the writer until released, so that the jobs queued meanwhile share the next commit. */
struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int entered, open;
};

static int gate_body(struct store_tx *tx, void *ctx)
{
	struct gate *g = ctx;

	(void)tx;
	pthread_mutex_lock(&g->lock);
	g->entered = 1;
	pthread_cond_broadcast(&g->cond);
	while (!g->open)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
	return STORE_TX_KEEP;
}

static void gate_done(struct store_job *job, int status)
{
	(void)job;
	(void)status;
}

static void group_commit_isolates_failures(void **state)
{
	struct fixture *f = *state;
	struct gate g = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0 };
	struct store_job gate_job = { .kind = STORE_TX_WRITE, .run = gate_body, .done = gate_done, .ctx = &g };
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
	struct probe p[] = {
		{ .email = "a@example.nl", .body_result = STORE_TX_KEEP },
		{ .email = "b@example.nl", .body_result = STORE_HARD_ERROR },
		{ .email = "c@example.nl", .body_result = STORE_TX_UNDO },
		{ .email = "a@example.nl", .body_result = STORE_TX_KEEP },   /* the email clashes with the first */
		{ .email = "e@example.nl", .body_result = STORE_TX_KEEP },
	};
	size_t n = sizeof(p) / sizeof(p[0]);

	store_submit(f->store, &gate_job);
	pthread_mutex_lock(&g.lock);
	while (!g.entered)
		pthread_cond_wait(&g.cond, &g.lock);
	pthread_mutex_unlock(&g.lock);
	/* The writer is busy with the gate: these five are queued together and share one commit. */
	for (size_t i = 0; i < n; i++) {
		p[i].file = f->file;
		p[i].lock = &lock;
		p[i].cond = &cond;
		p[i].job = (struct store_job){ .kind = STORE_TX_WRITE, .run = probe_body, .done = probe_done, .ctx = &p[i] };
		store_submit(f->store, &p[i].job);
	}
	pthread_mutex_lock(&g.lock);
	g.open = 1;
	pthread_cond_broadcast(&g.cond);
	pthread_mutex_unlock(&g.lock);
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < n; i++)
		while (!p[i].finished)
			pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);

	assert_int_equal(p[0].status, STORE_TX_KEEP);
	assert_int_equal(p[0].seen_committed, 1);              /* done only after the commit */
	assert_int_equal(p[1].status, STORE_HARD_ERROR);
	assert_int_equal(committed(f->file, "b@example.nl"), 0);
	assert_int_equal(p[2].status, STORE_TX_UNDO);
	assert_int_equal(committed(f->file, "c@example.nl"), 0);
	/* The clash inserted nothing (the store reports STORE_NONE for an email that exists). */
	assert_int_equal(p[3].status, STORE_TX_KEEP);
	assert_int_equal(committed(f->file, "a@example.nl"), 1);
	assert_int_equal(p[4].status, STORE_TX_KEEP);
	assert_int_equal(p[4].seen_committed, 1);
}

/* A read that writes an audit row: done only once the row is committed. */
struct audited_read {
	struct store_job job;
	const char *file;
	int status, rows_seen, finished;
	pthread_mutex_t lock;
	pthread_cond_t cond;
};

static int audited_body(struct store_tx *tx, void *ctx)
{
	struct store_audit a = { .at = 1, .actor_id = 7, .client_id = 424242, .action = "read", .category = "plan",
				 .outcome = "success" };

	(void)ctx;
	return store_audit_insert(tx, &a) < 0 ? STORE_HARD_ERROR : STORE_TX_KEEP;
}

static int audit_rows(const char *file)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int n;

	assert_int_equal(sqlite3_open_v2(file, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM audit WHERE client_id = 424242", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void audited_done(struct store_job *job, int status)
{
	struct audited_read *r = job->ctx;

	r->rows_seen = audit_rows(r->file);
	pthread_mutex_lock(&r->lock);
	r->status = status;
	r->finished = 1;
	pthread_cond_broadcast(&r->cond);
	pthread_mutex_unlock(&r->lock);
}

static void read_audit_rows_commit_before_done(void **state)
{
	struct fixture *f = *state;
	struct audited_read r = { .file = f->file, .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

	r.job = (struct store_job){ .kind = STORE_TX_READ, .run = audited_body, .done = audited_done, .ctx = &r };
	store_submit(f->store, &r.job);
	pthread_mutex_lock(&r.lock);
	while (!r.finished)
		pthread_cond_wait(&r.cond, &r.lock);
	pthread_mutex_unlock(&r.lock);
	assert_int_equal(r.status, STORE_TX_KEEP);
	assert_int_equal(r.rows_seen, 1);
	/* store_run of a read waits for its audit rows the same way. */
	assert_int_equal(store_run(f->store, STORE_TX_READ, audited_body, NULL), STORE_TX_KEEP);
	assert_int_equal(audit_rows(f->file), 2);
}

/* ---- the API runner: a reply only for committed work ---- */

static int fails_after_replying(struct request *req, struct store_tx *tx)
{
	int rc = add_user(tx, "api@example.nl");

	if (rc < 0)
		return rc;
	reply_json(req, 200, json_pack("{s:s}", "said", "all is well"));
	return STORE_HARD_ERROR;
}

static int keeps_after_replying(struct request *req, struct store_tx *tx)
{
	int rc = add_user(tx, "kept@example.nl");

	if (rc < 0)
		return rc;
	return reply_json(req, 201, json_pack("{s:s}", "said", "kept")), STORE_TX_KEEP;
}

static int always_busy(struct request *req, struct store_tx *tx)
{
	(void)tx;
	reply_json(req, 200, json_pack("{s:s}", "said", "done"));
	return STORE_RETRY;
}

static int clashes(struct request *req, struct store_tx *tx)
{
	(void)tx;
	reply_json(req, 201, json_pack("{s:s}", "said", "made"));
	return STORE_CONFLICT;
}

/* Runs fn as a request's transaction and waits until its job is done. The caller frees the request's reply. */
static void run_request(struct fixture *f, struct request *req, api_tx_fn fn)
{
	static const struct config *no_config;
	static struct server_ctx srv;

	srv.cfg = no_config;
	srv.store = f->store;
	memset(req, 0, sizeof(*req));
	req->srv = &srv;
	req->path = "/api/v1/test";
	req->method = METHOD_POST;
	req->file_fd = -1;
	api_run(req, STORE_TX_WRITE, fn);
	while (!__atomic_load_n(&req->job_done, __ATOMIC_ACQUIRE))
		usleep(1000);
}

static void api_reply_only_after_commit(void **state)
{
	struct fixture *f = *state;
	struct request req;

	run_request(f, &req, fails_after_replying);
	/* The body said 200, but nothing was committed: the reply is an error, and the user is not there. */
	assert_int_equal(req.status, 500);
	assert_int_equal(committed(f->file, "api@example.nl"), 0);
	json_decref(req.reply_body);

	/* Busy on every try: 503 with Retry-After; a clash the body did not answer itself: 409. */
	run_request(f, &req, always_busy);
	assert_int_equal(req.status, 503);
	assert_int_equal(req.retry_after, 1);
	json_decref(req.reply_body);
	run_request(f, &req, clashes);
	assert_int_equal(req.status, 409);
	json_decref(req.reply_body);

	run_request(f, &req, keeps_after_replying);
	assert_int_equal(req.status, 201);
	assert_int_equal(committed(f->file, "kept@example.nl"), 1);
	json_decref(req.reply_body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(write_retried_on_soft_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(retries_are_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(read_retried_on_soft_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(group_commit_isolates_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(read_audit_rows_commit_before_done, setup, teardown),
		cmocka_unit_test_setup_teardown(api_reply_only_after_commit, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
