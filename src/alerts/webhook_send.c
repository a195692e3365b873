/* One HTTP POST of a webhook delivery with libcurl (see webhook_send.h). */
#include "alerts/webhook_send.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"

int webhook_send_init(void)
{
	CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);

	return rc == CURLE_OK ? 0 : error("cannot initialise libcurl: %s", curl_easy_strerror(rc));
}

void webhook_send_shutdown(void)
{
	curl_global_cleanup();
}

/* The receiver's reply body says nothing we act on: read and drop it (the total timeout bounds it). */
static size_t drop_reply(char *data, size_t size, size_t n, void *ctx)
{
	(void)data;
	(void)ctx;
	return size * n;
}

/* Called by libcurl about once a second or more often, also while connecting: non-zero aborts. */
static int check_stop(void *ctx, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	return atomic_load((const atomic_bool *)ctx) ? 1 : 0;
}

/* Appends a copy of one header line to *list. Returns 0, or -1 when out of memory (*list unchanged). */
static int append(struct curl_slist **list, const char *line)
{
	struct curl_slist *grown = curl_slist_append(*list, line);

	if (!grown)
		return -1;
	*list = grown;
	return 0;
}

/* The request's headers as a libcurl list (NULL when out of memory); the caller frees it. */
static struct curl_slist *request_headers(const struct webhook_request *rq)
{
	struct curl_slist *list = NULL;
	struct buf event = BUF_INIT, delivery = BUF_INIT, timestamp = BUF_INIT, signature = BUF_INIT;
	int rc;

	buf_addf(&event, "X-Roer-Event: %s", rq->event);
	buf_addf(&delivery, "X-Roer-Delivery: %" PRId64, rq->id);
	buf_addf(&timestamp, "X-Roer-Timestamp: %" PRId64, rq->timestamp);
	buf_addf(&signature, "X-Roer-Signature: %s", rq->signature);
	rc = append(&list, "Content-Type: application/json") || append(&list, "User-Agent: Roer") ||
	     /* libcurl would otherwise wait for "100 Continue" before sending a larger body. */
	     append(&list, "Expect:") || append(&list, event.data) || append(&list, delivery.data) ||
	     append(&list, timestamp.data) || append(&list, signature.data);
	buf_release(&event);
	buf_release(&delivery);
	buf_release(&timestamp);
	buf_release(&signature);
	if (rc) {
		curl_slist_free_all(list);
		return NULL;
	}
	return list;
}

void webhook_post(const struct webhook_request *rq, const atomic_bool *stop, struct webhook_outcome *out)
{
	char curl_error[CURL_ERROR_SIZE] = "";
	struct curl_slist *headers;
	int64_t started = time_monotonic_ms();
	CURL *curl = curl_easy_init();
	CURLcode rc = CURLE_OUT_OF_MEMORY;
	long status = 0;

	memset(out, 0, sizeof(*out));
	headers = request_headers(rq);
	if (curl && headers) {
		curl_easy_setopt(curl, CURLOPT_URL, rq->url);
		curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
		curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(curl, CURLOPT_POST, 1L);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, rq->body);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->body_len);
		curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
		curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)WEBHOOK_TIMEOUT_SECONDS);
		curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)WEBHOOK_TIMEOUT_SECONDS);
		/* Threads: no SIGALRM for name lookups (the threaded resolver is used where built in). */
		curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, drop_reply);
		curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, check_stop);
		curl_easy_setopt(curl, CURLOPT_XFERINFODATA, (void *)stop);
		curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
		rc = curl_easy_perform(curl);
		if (rc == CURLE_OK)
			curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	}
	out->duration_ms = time_monotonic_ms() - started;
	out->status = rc == CURLE_OK ? (int)status : 0;
	if (rc == CURLE_ABORTED_BY_CALLBACK) {
		out->abandoned = 1;
		snprintf(out->error, sizeof(out->error), "abandoned: the server was stopping");
	} else if (rc != CURLE_OK) {
		/* libcurl's own words (they name the host and port, never a header or the body). */
		snprintf(out->error, sizeof(out->error), "%s", *curl_error ? curl_error : curl_easy_strerror(rc));
	}
	curl_slist_free_all(headers);
	curl_easy_cleanup(curl);
}
