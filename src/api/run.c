#include "api/run.h"

#include "http/reply.h"
#include "http/request.h"
#include "util/log.h"

static int run_body(struct store_tx *tx, void *ctx)
{
	struct request *req = ctx;
	int rc;

	/* A body that runs again starts from no reply. */
	reply_reset(req);
	rc = req->tx_body(req, tx);
	if (rc >= 0 && !req->replied)
		BUG("the transaction body of %s set no reply", req->path);
	return rc;
}

static void job_done(struct store_job *job, int status)
{
	struct request *req = job->ctx;

	if (status < 0) {
		/* Nothing was committed, so nothing the body said may go out. */
		reply_reset(req);
		if (status == STORE_CONFLICT) {
			reply_error(req, ERR_CONFLICT, NULL, NULL);
		} else if (status == STORE_RETRY) {
			reply_retry_after(req, 1);
			reply_error(req, ERR_BUSY, NULL, NULL);
		} else {
			reply_error(req, ERR_INTERNAL, NULL, "the transaction failed");
		}
	}
	http_request_finished(req);
}

int api_run(struct request *req, enum store_tx_kind kind, api_tx_fn fn)
{
	if (req->pending || req->replied)
		BUG("a second transaction or reply for %s", req->path);
	req->tx_body = fn;
	req->pending = true;
	req->job = (struct store_job){ .kind = kind, .run = run_body, .done = job_done, .ctx = req };
	store_submit(req->srv->store, &req->job);
	return 0;
}
