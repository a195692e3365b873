#ifndef ROER_HTTP_SERVER_H
#define ROER_HTTP_SERVER_H

#include "http/request.h"

struct http_server;

/*
 * Binds cfg->listen and starts serving with libmicrohttpd (epoll, a pool of
 * cfg->threads threads, the limits of cfg) and a watcher thread that closes
 * a connection whose request is not in by its deadline (cfg->head_timeout_seconds,
 * cfg->request_timeout_seconds). ctx must outlive the server.
 * *port gets the bound port (useful with port 0). Returns 0, or -1 after
 * printing why (e.g. the port is in use).
 */
int http_server_start(struct http_server **out, const struct server_ctx *ctx, unsigned *port);

/*
 * Stops accepting connections, lets requests in flight finish and queue
 * their replies, then stops and frees the server.
 */
void http_server_stop(struct http_server *s);

#endif
