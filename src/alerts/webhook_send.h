#ifndef ROER_ALERTS_WEBHOOK_SEND_H
#define ROER_ALERTS_WEBHOOK_SEND_H

/* One HTTP POST of a webhook delivery (libcurl); the loop around it is webhook.c. */

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

/* Connecting, and the whole exchange, may take this long before the attempt counts as failed. */
#define WEBHOOK_TIMEOUT_SECONDS 10

/* What is sent; everything borrowed. */
struct webhook_request {
	const char *url;
	const char *event;
	int64_t id;                 /* X-Roer-Delivery */
	int64_t timestamp;          /* X-Roer-Timestamp, and signed with the body */
	const char *signature;      /* X-Roer-Signature */
	const char *body;
	size_t body_len;
};

struct webhook_outcome {
	int status;                 /* the reply's HTTP status; 0 when none came */
	char error[256];            /* why none came (or "" when one came); never holds the secret or the headers */
	int64_t duration_ms;
	int abandoned;              /* stopped because *stop was set */
};

/* Must be called once before the first webhook_post, while one thread runs (curl_global_init). Returns 0 or -1. */
int webhook_send_init(void);
void webhook_send_shutdown(void);

/*
 * POSTs the request, following no redirect, within WEBHOOK_TIMEOUT_SECONDS,
 * and fills *out. The attempt is abandoned within about a second once
 * *stop is set. Delivered means a 2xx status.
 */
void webhook_post(const struct webhook_request *rq, const atomic_bool *stop, struct webhook_outcome *out);

#endif
