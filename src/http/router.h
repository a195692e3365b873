#ifndef ROER_HTTP_ROUTER_H
#define ROER_HTTP_ROUTER_H

#include <stddef.h>
#include <stdint.h>

struct request;

enum http_method {
	METHOD_GET = 1 << 0,
	METHOD_HEAD = 1 << 1,
	METHOD_POST = 1 << 2,
	METHOD_PUT = 1 << 3,
	METHOD_PATCH = 1 << 4,
	METHOD_DELETE = 1 << 5,
	METHOD_OTHER = 1 << 6,
};

/* What the http layer does for a route before its handler runs. */
enum route_flags {
	ROUTE_PUBLIC = 1 << 0,          /* no session needed */
	ROUTE_COSTLY = 1 << 1,          /* counts against the per-session costly-call limit */
	ROUTE_ENROLLMENT_OK = 1 << 2,   /* allowed while two-factor enrolment is pending */
	ROUTE_DEVICE = 1 << 3,          /* a device may call it with its token (Authorization: Bearer) */
	ROUTE_NIGHTSCOUT = 1 << 4,      /* the Nightscout API: its own authentication, bodies may be arrays */
	ROUTE_UPLOAD = 1 << 5,          /* the body is a file (a photo) up to --max-photo bytes, not JSON */
};

/* Returns 0 after queuing exactly one reply on req (see http/reply.h). */
typedef int (*route_handler)(struct request *req);

/*
 * A route: `pattern` is a path whose segments are literal, "{id}" (a
 * positive decimal integer up to 2^53, bound to the next slot of ids[]) or
 * "{client}" (the same, or "me", bound as ROUTE_ID_ME for the signed-in
 * person, which the http layer resolves before the handler runs).
 */
#define ROUTE_ID_ME (-1)
struct route {
	enum http_method method;
	const char *pattern;
	route_handler handler;
	unsigned flags;
	const void *arg;        /* what a shared handler serves (e.g. a kind of record item) */
};

#define ROUTE_MAX_IDS 4

struct route_match {
	const struct route *route;   /* NULL when nothing matched */
	int64_t ids[ROUTE_MAX_IDS];
	unsigned allowed;            /* methods of routes whose pattern matched */
};

enum http_method http_method_parse(const char *s);
const char *http_method_name(enum http_method m);

/*
 * Scans `routes` (n entries) in order for `method` and `path` (no query
 * string). Fills *m; m->route is the first route whose pattern and method
 * match. When only patterns match, m->route is NULL and m->allowed is
 * non-zero (405); when nothing matches both are zero (404). HEAD matches
 * GET routes.
 */
void router_match(const struct route *routes, size_t n, enum http_method method,
		  const char *path, struct route_match *m);

/* Writes "GET, POST" for a method set into out (size n). */
void router_allow_header(unsigned allowed, char *out, size_t n);

#endif
