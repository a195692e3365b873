/* libmicrohttpd glue: one request context per request, limits, dispatch, replies. */
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "http/dispatch.h"
#include "http/reply.h"
#include "util/log.h"
#include "util/utf8.h"

struct http_server {
	struct MHD_Daemon *daemon;
	int listen_fd;
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
	req->is_api = !strncmp(url, "/api/", 5) || !strcmp(url, "/api");
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
	json_decref(req->json);
	json_decref(req->reply_body);
	free(req->reply_text);
	free(req->set_cookie);
	free(req->link);
	buf_release(&req->body);
	free(req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	if (*con_cls)
		request_free(*con_cls);
	*con_cls = NULL;
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
	int is_text = !is_file && req->reply_text != NULL;

	req->queued = true;
	if (!req->replied)
		reply_error(req, ERR_INTERNAL, NULL, "no reply was set for %s", req->path);
	if (is_file) {
		r = MHD_create_response_from_fd64(req->file_size, req->file_fd);
		if (r)
			req->file_fd = -1; /* libmicrohttpd closes it */
	} else if (is_text) {
		r = MHD_create_response_from_buffer(strlen(req->reply_text), req->reply_text, MHD_RESPMEM_MUST_FREE);
		if (r)
			req->reply_text = NULL; /* libmicrohttpd frees it */
	} else if (req->reply_body) {
		char *text = json_dumps(req->reply_body, JSON_COMPACT | JSON_ENCODE_ANY);

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
	if (is_file)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, req->content_type);
	else if (req->reply_body || is_text)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, req->is_api ? "no-store" : "no-cache");
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
	unsigned max_body = ctx->cfg->max_body;

	(void)version;
	if (!req) {
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);

		req = request_new(ctx, conn, url, method);
		*con_cls = req;
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

/* Binding ourselves gives a clear message for a port in use and the real port for port 0. */
static int open_listener(const char *listen_addr, unsigned *port)
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

int http_server_start(struct http_server **out, const struct server_ctx *ctx, unsigned *port)
{
	const struct config *cfg = ctx->cfg;
	struct http_server *s;
	int fd = open_listener(cfg->listen, port);

	*out = NULL;
	if (fd < 0)
		return -1;
	s = xcalloc(1, sizeof(*s));
	s->listen_fd = fd;
	s->daemon = MHD_start_daemon(
		MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG, 0, NULL, NULL, on_request,
		(void *)ctx, MHD_OPTION_LISTEN_SOCKET, fd, MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
		MHD_OPTION_CONNECTION_LIMIT, cfg->max_connections, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		cfg->max_connections_per_address, MHD_OPTION_CONNECTION_TIMEOUT, cfg->idle_timeout_seconds,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)cfg->max_header, MHD_OPTION_UNESCAPE_CALLBACK, unescape,
		NULL, MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, NULL, MHD_OPTION_END);
	if (!s->daemon) {
		close(fd);
		free(s);
		return error("cannot start the HTTP server on %s", cfg->listen);
	}
	*out = s;
	return 0;
}

void http_server_stop(struct http_server *s)
{
	MHD_socket fd;

	if (!s)
		return;
	/* Stop accepting first; MHD_stop_daemon then lets handlers that run finish. */
	fd = MHD_quiesce_daemon(s->daemon);
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
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	free(s);
}
