#ifndef ROER_HTTP_REQUEST_H
#define ROER_HTTP_REQUEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "auth/session.h"
#include "http/router.h"
#include "store/store.h"
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
	unsigned body_limit;              /* the most body bytes this request's route takes */
	uint64_t discarded;               /* body bytes thrown away past the limit */
	json_t *json;                     /* the body as a JSON object, or NULL when there is none */
	char address[64];                 /* the peer's IP address */
	char software[201];               /* User-Agent, cut at 200 bytes */
	struct session_info session;      /* session.user_id == 0: none */
	/*
	 * A device that authenticated with its token instead of a session
	 * (id 0: none). It acts for the person who connected it (session.user_id
	 * is theirs, with their rights) on one client's record, for its kinds.
	 */
	struct {
		int64_t id;
		int64_t client_id;
		char kinds[512];                  /* JSON array of the kind codes it may send and read */
	} device;

	/* reply */
	bool replied;
	unsigned status;
	json_t *reply_body;               /* owned; NULL: no body */
	char *reply_text;                 /* owned JSON text, instead of reply_body (a list built as text) */
	char *set_cookie;                 /* owned Set-Cookie value, or NULL */
	char *link;                       /* owned Link header (the next page), or NULL */
	unsigned retry_after;             /* seconds; 0: no header */
	char allow[64];                   /* Allow header for 405 */
	const char *attachment_name;      /* Content-Disposition filename, static */
	unsigned char *reply_bytes;       /* owned binary body (an image), instead of JSON; NULL: none */
	size_t reply_bytes_len;
	char inline_name[64];             /* its Content-Disposition: inline filename */
	int file_fd;                      /* static file reply: open descriptor, or -1 */
	uint64_t file_size;
	const char *content_type;         /* static file reply's type */
	bool is_api;                      /* under /api/: JSON replies, no-store */
	/*
	 * A reply that goes on as long as its source has more (Server-Sent
	 * Events): libmicrohttpd calls read for each piece and release once
	 * when the response is gone; cls is owned by the reply until then.
	 */
	struct {
		ssize_t (*read)(void *cls, uint64_t pos, char *out, size_t max);
		void (*release)(void *cls);
		void *cls;
		const char *content_type;
	} stream;

	/* the transaction runner's (api/run.c) */
	struct store_job job;
	int (*tx_body)(struct request *req, struct store_tx *tx);
	bool pending;                     /* a job was submitted: the reply is final when it is done */
	void *state;                      /* the handler's state for its transaction body, or NULL */
	void (*state_release)(void *state);

	/* the http layer's own */
	bool close_connection;            /* the reply says "Connection: close" and the connection ends with it */
	bool dispatched;
	bool queued;
	bool job_done;                    /* guarded by the server's hand-over lock */
	bool suspended;                   /* guarded by the server's hand-over lock */
};

/*
 * Zeroed state of `size` bytes owned by the request (freed with it, after
 * `release` when not NULL), for a handler's transaction body: the body may
 * run after the handler returned, so it must not use the handler's stack.
 * One per request.
 */
void *request_state(struct request *req, size_t size, void (*release)(void *state));

/*
 * Called once a request's submitted job is done and its reply final: the
 * http layer sends the reply (resuming the connection if it waits). Any
 * thread.
 */
void http_request_finished(struct request *req);

/* A request header's value, or NULL. */
const char *request_header(struct request *req, const char *name);
/* A query-string argument's value, or NULL. */
const char *request_query(struct request *req, const char *name);
/* A cookie's value, or NULL. */
const char *request_cookie(struct request *req, const char *name);

#endif
