/* libmicrohttpd glue: one request context per request, limits, dispatch, replies. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/tcp.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "http/dispatch.h"
#include "http/reply.h"
#include "util/log.h"
#include "util/timeutil.h"

/*
 * Deadlines for receiving a request (slowloris).
 *
 * libmicrohttpd's connection timeout starts again at every byte received,
 * so a client that sends its request head a line every few seconds keeps
 * its connection for ever, and a few hundred such clients take every
 * connection there is. So Roer watches every connection itself
 * (MHD_OPTION_NOTIFY_CONNECTION): the head of a request must be in within
 * head_timeout of the request's start, and the whole request, body too,
 * within request_timeout. A request starts when its connection opens or,
 * on a kept-alive connection, when the first byte after the previous reply
 * arrives (the socket's TCP_INFO byte count tells), so an idle kept-alive
 * connection keeps the idle timeout its Keep-Alive header promised. Once
 * the request is in (the access handler's last call), no deadline runs:
 * the reply may wait for the store with the connection suspended, and a
 * large file may take its time to send.
 *
 * A watcher thread looks at every connection a few times a second and shuts
 * down the socket of one past its deadline. shutdown(), not close(): the
 * descriptor stays libmicrohttpd's, which sees the end of the stream in its
 * own event loop and closes and frees the connection on its own thread, as
 * for a client that hung up. libmicrohttpd has no call that closes one
 * connection from outside its callbacks, its timeout cannot be made to
 * count from the start, and no callback of ours runs while a head trickles
 * in. A connection leaves the watcher's list (NOTIFY_CONNECTION's CLOSED,
 * which libmicrohttpd calls before it closes the descriptor) under the lock
 * the watcher holds while it shuts sockets down, so a descriptor number
 * already given to a newer connection is never shut down.
 *
 * The daemon runs a small pool of epoll threads, not a thread per
 * connection, so a slow connection costs a socket and a little memory,
 * never a thread: thousands of them fit (see connections_within_fd_limit).
 */
enum watch_phase {
	WATCH_HEAD,     /* the request line and headers are coming in */
	WATCH_BODY,     /* the headers are in, the body is coming in */
	WATCH_UPLOAD,   /* the same, for a photo upload: see UPLOAD_MIN_BYTES_PER_SECOND */
	WATCH_BUSY,     /* the request is in: the handler, the store or the reply */
	WATCH_IDLE,     /* a kept-alive connection waits for its next request */
};

#define WATCH_TICK_MS 250

/*
 * A photo (up to --max-photo, 10 MiB) from a phone on a slow mobile line
 * takes longer than request_timeout: an upload's body has request_timeout
 * plus as long as its bytes so far take at this rate, so a sender that
 * keeps up at least this rate is never cut off, and one that trickles is
 * cut off as any other. (The byte count is the connection's, so earlier
 * requests on a kept-alive connection count too: a little more room.)
 */
#define UPLOAD_MIN_BYTES_PER_SECOND 8192

struct watch {
	struct watch *prev, *next;      /* guarded by the server's watch_lock */
	int fd;
	/*
	 * The phase (low two bits) and the current request's start in
	 * monotonic milliseconds (above them), in one word, so that the watcher
	 * can start a request on an idle connection with a compare-and-swap
	 * that loses to the connection's own thread.
	 */
	_Atomic uint64_t state;
	_Atomic uint64_t idle_bytes;    /* bytes received when the last request was done */
	bool cut;                       /* shut down by the watcher (the watcher's own) */
};
#include "util/utf8.h"

struct http_server {
	struct MHD_Daemon *daemon;
	int listen_fd;
	const struct config *cfg;

	pthread_mutex_t watch_lock;
	pthread_cond_t watch_wake;      /* CLOCK_MONOTONIC; signalled to stop the watcher */
	struct watch *watching;
	bool watch_stopping;
	bool watcher_started;
	pthread_t watcher;
};

/*
 * The hand-over between a request's thread and the thread that finishes
 * its job (api/run.c): whichever comes second sends the reply, so a
 * connection is suspended only while its job is still running.
 */
static pthread_mutex_t handover = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t handover_idle = PTHREAD_COND_INITIALIZER;
static unsigned suspended_count;
/*
 * Set when the server stops: libmicrohttpd must not be stopped with a
 * connection suspended, so from then on a request waits for its job on its
 * own thread instead (job_finished wakes it).
 */
static bool stopping;
static pthread_cond_t job_finished = PTHREAD_COND_INITIALIZER;

/* Bodies far past the limit are not worth reading: drop the connection instead. */
#define DISCARD_FACTOR 16

static const char csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
	"form-action 'self'; frame-ancestors 'none'";

static uint64_t watch_word(enum watch_phase phase, int64_t start_ms)
{
	return (uint64_t)start_ms << 3 | (uint64_t)phase;
}

static enum watch_phase watch_phase_of(uint64_t word)
{
	return (enum watch_phase)(word & 7);
}

static int64_t watch_start_of(uint64_t word)
{
	return (int64_t)(word >> 3);
}

/* Bytes the kernel has received on a TCP socket so far; UINT64_MAX when it cannot tell. */
static uint64_t bytes_received(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) ||
	    len < offsetof(struct tcp_info, tcpi_bytes_received) + sizeof(ti.tcpi_bytes_received))
		return UINT64_MAX;
	return ti.tcpi_bytes_received;
}

static struct watch *watch_of(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return ci ? ci->socket_context : NULL;
}

/* The connection's own thread moves its request on (any phase but IDLE is only ever set here). */
static void watch_enter(struct MHD_Connection *conn, enum watch_phase phase)
{
	struct watch *w = watch_of(conn);
	uint64_t old;
	int64_t start;

	if (!w)
		return;
	old = atomic_load(&w->state);
	start = watch_start_of(old);
	if (phase == WATCH_IDLE) {
		atomic_store(&w->idle_bytes, bytes_received(w->fd));
		start = time_monotonic_ms();
	} else if (watch_phase_of(old) == WATCH_IDLE) {
		/* A request the watcher has not seen start yet: its deadline counts from now. */
		start = time_monotonic_ms();
	}
	atomic_store(&w->state, watch_word(phase, start));
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
			  enum MHD_ConnectionNotificationCode code)
{
	struct http_server *s = cls;
	struct watch *w = *socket_context;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);

		if (!ci)
			return;
		w = xcalloc(1, sizeof(*w));
		w->fd = ci->connect_fd;
		atomic_init(&w->state, watch_word(WATCH_HEAD, time_monotonic_ms()));
		atomic_init(&w->idle_bytes, 0);
		pthread_mutex_lock(&s->watch_lock);
		w->next = s->watching;
		if (w->next)
			w->next->prev = w;
		s->watching = w;
		pthread_mutex_unlock(&s->watch_lock);
		*socket_context = w;
		return;
	}
	if (!w)
		return;
	pthread_mutex_lock(&s->watch_lock);
	if (w->prev)
		w->prev->next = w->next;
	else
		s->watching = w->next;
	if (w->next)
		w->next->prev = w->prev;
	pthread_mutex_unlock(&s->watch_lock);
	free(w);
	*socket_context = NULL;
}

/* One look at every connection; called with watch_lock held. Returns how many were cut off. */
static unsigned watch_scan(struct http_server *s, int64_t now)
{
	int64_t head_ms = (int64_t)s->cfg->head_timeout_seconds * 1000;
	int64_t request_ms = (int64_t)s->cfg->request_timeout_seconds * 1000;
	unsigned cut = 0;

	if (head_ms > request_ms)
		head_ms = request_ms;
	for (struct watch *w = s->watching; w; w = w->next) {
		uint64_t word = atomic_load(&w->state);
		int64_t limit;

		if (w->cut)
			continue;
		switch (watch_phase_of(word)) {
		case WATCH_IDLE:
			if (bytes_received(w->fd) > atomic_load(&w->idle_bytes))
				atomic_compare_exchange_strong(&w->state, &word, watch_word(WATCH_HEAD, now));
			continue;
		case WATCH_BUSY:
			continue;
		case WATCH_HEAD:
			limit = head_ms;
			break;
		case WATCH_UPLOAD: {
			uint64_t got = bytes_received(w->fd);

			limit = request_ms +
				(got == UINT64_MAX ? 0 : (int64_t)(got * 1000 / UPLOAD_MIN_BYTES_PER_SECOND));
			break;
		}
		default:
			limit = request_ms;
			break;
		}
		if (now - watch_start_of(word) < limit)
			continue;
		shutdown(w->fd, SHUT_RDWR);
		w->cut = true;
		cut++;
	}
	return cut;
}

static void *watcher_main(void *arg)
{
	struct http_server *s = arg;

	pthread_mutex_lock(&s->watch_lock);
	while (!s->watch_stopping) {
		struct timespec until;
		unsigned cut;

		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += WATCH_TICK_MS * 1000L * 1000L;
		if (until.tv_nsec >= 1000L * 1000L * 1000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000L * 1000L * 1000L;
		}
		pthread_cond_timedwait(&s->watch_wake, &s->watch_lock, &until);
		if (s->watch_stopping)
			break;
		cut = watch_scan(s, time_monotonic_ms());
		if (cut)
			info("closed %u connection%s whose request was not in before its deadline", cut,
			     cut == 1 ? "" : "s");
	}
	pthread_mutex_unlock(&s->watch_lock);
	return NULL;
}

static int watcher_start(struct http_server *s)
{
	pthread_condattr_t attr;

	pthread_mutex_init(&s->watch_lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&s->watch_wake, &attr);
	pthread_condattr_destroy(&attr);
	if (pthread_create(&s->watcher, NULL, watcher_main, s))
		return error("cannot start the connection watcher");
	s->watcher_started = true;
	return 0;
}

static void watcher_stop(struct http_server *s)
{
	if (s->watcher_started) {
		pthread_mutex_lock(&s->watch_lock);
		s->watch_stopping = true;
		pthread_cond_signal(&s->watch_wake);
		pthread_mutex_unlock(&s->watch_lock);
		pthread_join(s->watcher, NULL);
	}
	pthread_cond_destroy(&s->watch_wake);
	pthread_mutex_destroy(&s->watch_lock);
}

const char *request_header(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *request_query(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *request_cookie(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

static void peer_address(struct MHD_Connection *conn, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	snprintf(out, n, "unknown");
	if (!sa)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)n);
}

static struct request *request_new(const struct server_ctx *ctx, struct MHD_Connection *conn,
				   const char *url, const char *method)
{
	struct request *req = xcalloc(1, sizeof(*req));
	const char *ua;

	req->srv = ctx;
	req->conn = conn;
	req->path = url;
	req->method = http_method_parse(method);
	req->file_fd = -1;
	/* The API, and the Nightscout API v1 that glucose uploaders speak (api/nightscout.h). */
	req->is_api = !strncmp(url, "/api/", 5) || !strcmp(url, "/api") || !strncmp(url, "/nightscout/", 12);
	buf_init(&req->body, 0);
	peer_address(conn, req->address, sizeof(req->address));
	ua = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_USER_AGENT);
	snprintf(req->software, sizeof(req->software), "%s", ua ? ua : "");
	/* It goes into the audit log and out as JSON: any bytes, and the cut may split a character. */
	utf8_scrub(req->software);
	return req;
}

void *request_state(struct request *req, size_t size, void (*release)(void *state))
{
	if (req->state)
		BUG("a second state for %s", req->path);
	req->state = xcalloc(1, size);
	req->state_release = release;
	return req->state;
}

void http_request_finished(struct request *req)
{
	pthread_mutex_lock(&handover);
	req->job_done = true;
	if (stopping)
		pthread_cond_broadcast(&job_finished);
	if (req->suspended) {
		req->suspended = false;
		MHD_resume_connection(req->conn);
		if (!--suspended_count)
			pthread_cond_broadcast(&handover_idle);
	}
	pthread_mutex_unlock(&handover);
}

/* After dispatch: 1 when the request waits for its job (the connection is suspended until then). */
static int wait_for_job(struct request *req)
{
	int waiting = 0;

	if (!req->pending)
		return 0;
	pthread_mutex_lock(&handover);
	while (stopping && !req->job_done)
		pthread_cond_wait(&job_finished, &handover);
	if (!req->job_done) {
		MHD_suspend_connection(req->conn);
		req->suspended = true;
		suspended_count++;
		waiting = 1;
	}
	pthread_mutex_unlock(&handover);
	return waiting;
}

static void request_free(struct request *req)
{
	if (req->state) {
		if (req->state_release)
			req->state_release(req->state);
		free(req->state);
	}
	if (req->file_fd >= 0)
		close(req->file_fd);
	if (req->stream.release)
		req->stream.release(req->stream.cls);
	json_decref(req->json);
	json_decref(req->reply_body);
	free(req->reply_text);
	free(req->reply_bytes);
	free(req->set_cookie);
	free(req->link);
	buf_release(&req->body);
	free(req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)toe;
	if (*con_cls)
		request_free(*con_cls);
	*con_cls = NULL;
	watch_enter(conn, WATCH_IDLE);
}

static void add_security_headers(struct MHD_Response *r, const struct request *req)
{
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	if (!strncmp(req->srv->cfg->public_url, "https://", 8))
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
}

/* Turns the request's reply into a libmicrohttpd response and queues it. */
static enum MHD_Result queue_reply(struct request *req)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	int is_file = req->file_fd >= 0;
	int is_bytes = !is_file && req->reply_bytes != NULL;
	int is_text = !is_file && !is_bytes && req->reply_text != NULL;
	int is_stream = req->stream.read != NULL;
	const char *stream_type = req->stream.content_type;

	req->queued = true;
	if (!req->replied)
		reply_error(req, ERR_INTERNAL, NULL, "no reply was set for %s", req->path);
	if (is_stream) {
		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, req->stream.read, req->stream.cls,
						      req->stream.release);
		if (r)
			memset(&req->stream, 0, sizeof(req->stream)); /* libmicrohttpd releases it */
	} else if (is_file) {
		r = MHD_create_response_from_fd64(req->file_size, req->file_fd);
		if (r)
			req->file_fd = -1; /* libmicrohttpd closes it */
	} else if (is_bytes) {
		r = MHD_create_response_from_buffer(req->reply_bytes_len, req->reply_bytes, MHD_RESPMEM_MUST_FREE);
		if (r)
			req->reply_bytes = NULL; /* libmicrohttpd frees it */
	} else if (is_text) {
		r = MHD_create_response_from_buffer(strlen(req->reply_text), req->reply_text, MHD_RESPMEM_MUST_FREE);
		if (r)
			req->reply_text = NULL; /* libmicrohttpd frees it */
	} else if (req->reply_body) {
		/*
		 * Fifteen significant digits: every figure Roer computes is rounded
		 * to what it means (86.2), and at jansson's default of seventeen its
		 * binary tail shows (86.200000000000003) to whoever reads the JSON.
		 */
		char *text = json_dumps(req->reply_body, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));

		r = text ? MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE) : NULL;
		if (!r)
			free(text);
	} else {
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	}
	if (!r) {
		error("cannot create a response for '%s'", req->path);
		return MHD_NO;
	}
	add_security_headers(r, req);
	if (is_stream)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, stream_type);
	else if (is_file || is_bytes)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, req->content_type);
	else if (req->reply_body || is_text)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
	/* An image of someone's record: kept by no shared cache, and asked for again each time it is shown. */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
				is_bytes ? "private, no-cache" : req->is_api ? "no-store" : "no-cache");
	if (is_bytes) {
		char v[96];

		snprintf(v, sizeof(v), "inline; filename=\"%s\"", req->inline_name);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, v);
	}
	if (req->set_cookie)
		MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, req->set_cookie);
	if (req->link)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LINK, req->link);
	if (req->retry_after) {
		char v[16];

		snprintf(v, sizeof(v), "%u", req->retry_after);
		MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, v);
	}
	{
		/* Tells clients when an idle connection will be closed, so they do not reuse one just as it goes. */
		char v[32];

		snprintf(v, sizeof(v), "timeout=%u", req->srv->cfg->idle_timeout_seconds);
		MHD_add_response_header(r, "Keep-Alive", v);
	}
	if (req->allow[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, req->allow);
	if (req->close_connection)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
	if (req->attachment_name) {
		char v[128];

		snprintf(v, sizeof(v), "attachment; filename=\"%s\"", req->attachment_name);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, v);
	}
	ret = MHD_queue_response(req->conn, req->status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	const struct server_ctx *ctx = cls;
	struct request *req = *con_cls;
	/* A photo upload may be larger than a JSON body: the limit is the route's, known from the request line. */
	unsigned max_body = req ? req->body_limit : http_body_limit(ctx->cfg, method, url);

	(void)version;
	if (!req) {
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

		req = request_new(ctx, conn, url, method);
		req->body_limit = max_body;
		*con_cls = req;
		watch_enter(conn, http_is_upload(method, url) ? WATCH_UPLOAD : WATCH_BODY);
		/*
		 * Both framings at once is how a request is smuggled past a proxy
		 * that goes by the other one (RFC 9112, 6.3); libmicrohttpd would
		 * go by Transfer-Encoding and read what follows the last chunk as
		 * the next request. Refused, and the connection closed with the
		 * reply, so no part of the body is read as a request.
		 */
		if (cl && MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
			req->dispatched = true;
			req->close_connection = true;
			reply_error(req, ERR_BAD_REQUEST, NULL, "send Content-Length or Transfer-Encoding, not both");
			return queue_reply(req);
		}
		/* A declared body over the limit is refused before a byte of it is read. */
		if (cl && strtoull(cl, NULL, 10) > max_body) {
			req->body_too_large = true;
			req->dispatched = true;
			reply_error(req, ERR_PAYLOAD_TOO_LARGE, NULL, "the body is larger than %u bytes", max_body);
			return queue_reply(req);
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;

		*upload_data_size = 0;
		if (req->queued)
			return MHD_YES;
		if (!req->body_too_large && req->body.len + n > max_body) {
			req->body_too_large = true;
			buf_release(&req->body);
		}
		if (!req->body_too_large) {
			buf_add(&req->body, upload_data, n);
		} else {
			/* Keep counting what is thrown away; far past the limit, hang up. */
			req->discarded += n;
			if (req->discarded > (uint64_t)max_body * DISCARD_FACTOR)
				return MHD_NO;
		}
		return MHD_YES;
	}
	if (req->queued)
		return MHD_YES;
	if (!req->dispatched) {
		req->dispatched = true;
		watch_enter(conn, WATCH_BUSY);
		http_dispatch(req);
		if (wait_for_job(req))
			return MHD_YES;
	}
	/* Here at once, or called again once the job is done and the connection resumed. */
	return queue_reply(req);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decoding of the path and query arguments, in place. "%00" stays
 * as it is: decoded, the NUL would cut the C string short, so that
 * "/api/v1/health%00/x" would be routed as "/api/v1/health".
 */
static size_t unescape(void *cls, struct MHD_Connection *conn, char *s)
{
	char *r = s, *w = s;

	(void)cls;
	(void)conn;
	while (*r) {
		int hi, lo;

		if (r[0] == '%' && (hi = hex_value(r[1])) >= 0 && (lo = hex_value(r[2])) >= 0 && (hi || lo)) {
			*w++ = (char)(hi * 16 + lo);
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[128];
	const char *colon = strrchr(listen, ':');
	char *end;
	unsigned long port;
	size_t hl;

	if (!colon)
		return error("--listen: '%s' is not HOST:PORT", listen);
	port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || port > 65535)
		return error("--listen: '%s' has no valid port", listen);
	hl = (size_t)(colon - listen);
	if (hl >= sizeof(host))
		return error("--listen: '%s' is too long", listen);
	memcpy(host, listen, hl);
	host[hl] = '\0';
	memset(ss, 0, sizeof(*ss));
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		host[hl - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &s6->sin6_addr) != 1)
			return error("--listen: '%s' is not an IPv6 address", host + 1);
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		if (!strcmp(host, "localhost"))
			snprintf(host, sizeof(host), "127.0.0.1");
		if (inet_pton(AF_INET, host, &s4->sin_addr) != 1)
			return error("--listen: '%s' is not an IPv4 address (or [IPv6])", host);
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		*len = sizeof(*s4);
	}
	return 0;
}

/*
 * Binding ourselves, before libmicrohttpd starts, gives a clear message for
 * a port in use and the real port for port 0 before the first request can
 * arrive (so the public URL made from it is right from the start).
 */
int http_listen(const char *listen_addr, unsigned *port)
{
	struct sockaddr_storage ss, bound;
	socklen_t len = 0, blen = sizeof(bound);
	int fd, one = 1;

	if (parse_listen(listen_addr, &ss, &len))
		return -1;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return error("cannot create a socket: %s", strerror(errno));
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 128)) {
		int e = errno;

		close(fd);
		if (e == EADDRINUSE)
			return error("cannot listen on %s: the port is in use (is roer already running?)", listen_addr);
		return error("cannot listen on %s: %s", listen_addr, strerror(e));
	}
	getsockname(fd, (struct sockaddr *)&bound, &blen);
	*port = ntohs(bound.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&bound)->sin6_port
						  : ((struct sockaddr_in *)&bound)->sin_port);
	return fd;
}

/*
 * Each connection holds a socket, one that sends a file holds the file too,
 * and the store, the daemon's threads and the log need some more. Raises
 * the soft limit on open files as far as that needs (up to the hard limit);
 * when even that is too low, serves fewer connections than asked, with a
 * warning, rather than failing to accept connections (or to open the
 * store's files) under load. Returns the number of connections to allow.
 */
static unsigned connections_within_fd_limit(const struct config *cfg)
{
	rlim_t reserve = 64 + (rlim_t)cfg->threads * 8;
	rlim_t need = (rlim_t)cfg->max_connections * 2 + reserve;
	struct rlimit rl;
	unsigned fit;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return cfg->max_connections;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
		struct rlimit raised = { need, rl.rlim_max };

		if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need)
			raised.rlim_cur = rl.rlim_max;
		if (!setrlimit(RLIMIT_NOFILE, &raised))
			rl.rlim_cur = raised.rlim_cur;
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= need)
		return cfg->max_connections;
	fit = rl.rlim_cur > reserve + 8 ? (unsigned)((rl.rlim_cur - reserve) / 2) : 4;
	warning("the limit of %llu open files (ulimit -n) leaves room for %u connections, not the %u of "
		"--max-connections", (unsigned long long)rl.rlim_cur, fit, cfg->max_connections);
	return fit;
}

int http_server_start(struct http_server **out, const struct server_ctx *ctx, int fd)
{
	const struct config *cfg = ctx->cfg;
	struct http_server *s;

	*out = NULL;
	s = xcalloc(1, sizeof(*s));
	s->listen_fd = fd;
	s->cfg = cfg;
	if (watcher_start(s)) {
		watcher_stop(s);
		close(fd);
		free(s);
		return -1;
	}
	s->daemon = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request,
		(void *)ctx, MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
		MHD_OPTION_CONNECTION_LIMIT, connections_within_fd_limit(cfg), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		cfg->max_connections_per_address, MHD_OPTION_CONNECTION_TIMEOUT, cfg->idle_timeout_seconds,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->max_header, MHD_OPTION_UNESCAPE_CALLBACK, unescape,
		NULL, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		MHD_OPTION_END);
	if (!s->daemon) {
		watcher_stop(s);
		close(fd);
		free(s);
		return error("cannot start the HTTP server on %s", cfg->listen);
	}
	*out = s;
	return 0;
}

void http_server_stop(struct http_server *s)
{
	if (!s)
		return;
	/*
	 * No MHD_quiesce_daemon: in libmicrohttpd 0.9.75 with a pool of epoll
	 * threads it aborted the process now and then ("Failed to remove listen
	 * FD from epoll set") when connections had just been resumed, as live
	 * event streams are at stop. A request that comes in meanwhile is
	 * served like any other (a write waits for its job on its own thread,
	 * see `stopping`); MHD_stop_daemon then closes the listen socket.
	 */
	/* Requests waiting for the store get their replies first (the writer still runs): a bounded wait. */
	pthread_mutex_lock(&handover);
	stopping = true;
	for (int i = 0; suspended_count && i < 100; i++) {
		struct timespec until;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 100 * 1000 * 1000;
		if (until.tv_nsec >= 1000 * 1000 * 1000) {
			until.tv_sec++;
			until.tv_nsec -= 1000 * 1000 * 1000;
		}
		pthread_cond_timedwait(&handover_idle, &handover, &until);
	}
	pthread_mutex_unlock(&handover);
	MHD_stop_daemon(s->daemon);
	/* Every connection is closed now, and with it gone from the watcher's list. */
	watcher_stop(s);
	free(s);
}
