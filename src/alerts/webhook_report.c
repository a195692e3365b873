/* `roer webhooks`: the operator's view of the outbox and its attempts log (see webhook.h). */
#include <inttypes.h>

#include "alerts/webhook.h"
#include "store/store.h"
#include "store/webhook.h"
#include "util/buf.h"
#include "util/timeutil.h"

struct report {
	struct store_tx *tx;
	unsigned limit;
	struct buf out;
};

static int add_attempt(const struct store_webhook_attempt *a, void *ctx)
{
	struct buf *out = ctx;
	char at[21];

	time_format_iso(a->at, at);
	buf_addf(out, "    attempt %" PRId64 "  %s  ", a->attempt, at);
	if (a->status)
		buf_addf(out, "HTTP %d", a->status);
	else
		buf_addf(out, "no reply: %s", a->error ? a->error : "unknown");
	buf_addf(out, "  %" PRId64 " ms\n", a->duration_ms);
	return 0;
}

static int add_delivery(const struct store_webhook *w, void *ctx)
{
	struct report *r = ctx;
	char created[21], when[21];
	int rc;

	time_format_iso(w->created_at, created);
	buf_addf(&r->out, "delivery %" PRId64 "  %s  created %s  ", w->id, w->event, created);
	if (w->delivered_at) {
		time_format_iso(w->delivered_at, when);
		buf_addf(&r->out, "delivered %s", when);
	} else if (w->gave_up_at) {
		time_format_iso(w->gave_up_at, when);
		buf_addf(&r->out, "given up %s", when);
	} else {
		time_format_iso(w->next_at, when);
		buf_addf(&r->out, "pending, next attempt %s", when);
	}
	buf_addf(&r->out, "  (%" PRId64 " attempt%s)\n", w->attempts, w->attempts == 1 ? "" : "s");
	rc = store_webhook_attempts_each(r->tx, w->id, add_attempt, &r->out);
	return rc < 0 ? rc : 0;
}

static int report_body(struct store_tx *tx, void *ctx)
{
	struct report *r = ctx;
	int rc;

	/* The body may run again: start the text afresh. */
	buf_reset(&r->out);
	r->tx = tx;
	rc = store_webhooks_each(tx, r->limit, add_delivery, r);
	if (rc == STORE_NONE)
		buf_adds(&r->out, "no webhook deliveries\n");
	return rc < 0 ? rc : STORE_TX_KEEP;
}

int webhook_report(struct store *s, unsigned limit, FILE *out)
{
	struct report r = { .limit = limit, .out = BUF_INIT };
	int rc = store_run(s, STORE_TX_READ, report_body, &r);

	if (rc >= 0 && fwrite(r.out.data, 1, r.out.len, out) != r.out.len)
		rc = -1;
	buf_release(&r.out);
	return rc < 0 ? -1 : 0;
}
