#ifndef ROER_ALERTS_EVENTS_H
#define ROER_ALERTS_EVENTS_H

/*
 * Live events to open pages (Server-Sent Events, GET /api/v1/events).
 *
 * The store is the truth: an event is a row of the events table, written
 * in the transaction that made it happen (store_event_insert). After each
 * commit the store calls events_kick(); a dispatcher thread then reads the
 * new rows and hands each to the open streams of the person it is for. So
 * an event goes out only once it is committed, none is lost while a page
 * reconnects (it asks from its Last-Event-ID), and a burst of commits costs
 * one read.
 *
 * A stream holds no thread: while it has nothing to send, its connection
 * is suspended (libmicrohttpd), and the dispatcher resumes it when an event
 * or the heartbeat comes. The number of streams is bounded (per person and
 * in all), so open pages cannot take the connections other requests need.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct store;
struct MHD_Connection;
struct event_stream;

/* Starts the dispatcher on store s (events after the newest stored one). Returns 0 or -1. */
int events_start(struct store *s, unsigned max_streams, unsigned max_per_person);
/* Ends every stream (their connections resume and finish) and opens no new one: before the HTTP server stops. */
void events_end_streams(void);
/* Ends every stream and stops the dispatcher. */
void events_stop(void);

/* An event row was written in a transaction that is not committed yet (cheap; any thread). */
void events_written(void);
/* A commit happened: wake the dispatcher if an event may be in it (the store's commit hook). */
void events_kick(void *unused);

/*
 * Opens a stream for `user`, starting after event `after` (a page that
 * reconnects: what it missed first), or with `after` 0 after the newest
 * event stored now (only what happens from now on), for connection conn.
 * Returns NULL when the limits are reached (or the store cannot be read).
 * The stream belongs to the response made with events_stream_reader (its
 * free callback is events_stream_free).
 */
struct event_stream *events_stream_open(int64_t user, int64_t after, struct MHD_Connection *conn);
/* libmicrohttpd's content reader and free callbacks for a stream. */
ssize_t events_stream_reader(void *cls, uint64_t pos, char *out, size_t max);
void events_stream_free(void *cls);

#endif
