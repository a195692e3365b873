#ifndef ROER_HTTP_DISPATCH_H
#define ROER_HTTP_DISPATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "http/router.h"

struct request;

/* The one static route table (src/http/routes.c). */
extern const struct route api_routes[];
extern const size_t api_routes_count;

/*
 * Sets exactly one reply for a complete request: 421 when its Host is not
 * one the server answers to, else an API route (after the checks every
 * route shares: size, route, origin, body type and syntax, session,
 * anti-forgery token, two-factor enrolment, rate) or a static file.
 */
void http_dispatch(struct request *req);

struct config;

/* The largest body a request to `path` may have: --max-photo for an upload route, else --max-body. */
unsigned http_body_limit(const struct config *cfg, const char *method, const char *path);
/* Whether `path` is an upload route (a photo as the body), which gets more time for its body. */
bool http_is_upload(const char *method, const char *path);

/* Serves a file of the built front end (GET and HEAD). */
void static_serve(struct request *req);

#endif
