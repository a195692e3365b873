#ifndef ROER_HTTP_SERVER_H
#define ROER_HTTP_SERVER_H

#include "http/request.h"

struct http_server;

/*
 * Binds and listens on `listen` ("HOST:PORT", "[IPv6]:PORT"). Returns the
 * socket with *port set to the bound port (the one picked for port 0), or
 * -1 after printing why (e.g. the port is in use).
 */
int http_listen(const char *listen, unsigned *port);

/*
 * Starts serving on listen_fd (from http_listen; the server owns it from
 * now on, also on failure) with libmicrohttpd (epoll, a pool of
 * cfg->threads threads, the limits of cfg) and a watcher thread that closes
 * a connection whose request is not in by its deadline
 * (cfg->head_timeout_seconds, cfg->request_timeout_seconds). ctx must
 * outlive the server. Returns 0, or -1 after printing why.
 */
int http_server_start(struct http_server **out, const struct server_ctx *ctx, int listen_fd);

/*
 * Lets requests in flight finish and queue their replies (a bounded wait),
 * then stops (closing the listen socket and every connection) and frees
 * the server.
 */
void http_server_stop(struct http_server *s);

#endif
