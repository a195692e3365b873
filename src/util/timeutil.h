#ifndef ROER_UTIL_TIMEUTIL_H
#define ROER_UTIL_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Seconds since the epoch, UTC (wall clock: what is stored and shown). */
int64_t time_now(void);

/* Milliseconds from a monotonic clock (for rate limits and timeouts). */
int64_t time_monotonic_ms(void);

/* Formats `t` as "2026-11-23T10:12:00Z" into out (at least 21 bytes). */
void time_format_iso(int64_t t, char out[21]);

/*
 * Parses an ISO 8601 UTC time: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" or
 * "YYYY-MM-DDTHH:MMZ". Returns 0 and sets *t, or -1 for anything else
 * (including impossible dates such as February 30).
 */
int time_parse_iso(const char *s, int64_t *t);

#endif
