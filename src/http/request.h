#ifndef ROER_HTTP_REQUEST_H
#define ROER_HTTP_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/session.h"
#include "http/router.h"
#include "util/buf.h"

struct config;
struct store;
struct throttle;
struct MHD_Connection;

/* What every handler may use besides its request: owned by the server. */
struct server_ctx {
	const struct config *cfg;
	struct store *store;
	struct throttle *login_failures;   /* keyed "a:<email>" and "i:<address>" */
	struct throttle *rates;            /* keyed "r:<address>" and "c:<session id>" */
};

/*
 * One HTTP request, allocated on libmicrohttpd's first callback and freed
 * in its completion callback. Handlers read the input fields and fill the
 * reply through http/reply.h; only the http layer turns that into a
 * libmicrohttpd response.
 */
struct request {
	const struct server_ctx *srv;
	struct MHD_Connection *conn;

	/* input */
	enum http_method method;
	const char *path;                 /* borrowed from libmicrohttpd */
	int64_t ids[ROUTE_MAX_IDS];       /* the {id} segments of the route */
	const struct route *route;
	struct buf body;
	bool body_too_large;
	uint64_t discarded;               /* body bytes thrown away past the limit */
	json_t *json;                     /* the body as a JSON object, or NULL when there is none */
	char address[64];                 /* the peer's IP address */
	char software[201];               /* User-Agent, cut at 200 bytes */
	struct session_info session;      /* session.user_id == 0: none */

	/* reply */
	bool replied;
	unsigned status;
	json_t *reply_body;               /* owned; NULL: no body */
	char *set_cookie;                 /* owned Set-Cookie value, or NULL */
	unsigned retry_after;             /* seconds; 0: no header */
	char allow[64];                   /* Allow header for 405 */
	const char *attachment_name;      /* Content-Disposition filename, static */
	int file_fd;                      /* static file reply: open descriptor, or -1 */
	uint64_t file_size;
	const char *content_type;         /* static file reply's type */
	bool is_api;                      /* under /api/: JSON replies, no-store */
};

/* A request header's value, or NULL. */
const char *request_header(struct request *req, const char *name);
/* A query-string argument's value, or NULL. */
const char *request_query(struct request *req, const char *name);
/* A cookie's value, or NULL. */
const char *request_cookie(struct request *req, const char *name);

#endif
