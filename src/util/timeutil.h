#ifndef ROER_UTIL_TIMEUTIL_H
#define ROER_UTIL_TIMEUTIL_H

#include <stddef.h>
#include <stdint.h>

/* Seconds since the epoch, UTC (wall clock: what is stored and shown). */
int64_t time_now(void);

/* Milliseconds from a monotonic clock (for timeouts). */
int64_t time_monotonic_ms(void);

/*
 * Milliseconds on the clock that rate limits and login throttling count on:
 * the monotonic clock. In test builds a test may hold it still and move it
 * itself (ROER_TEST_LIMITS_CLOCK_FILE), so that a check made "right after" a
 * failure is right after it however busy the machine is.
 */
int64_t time_limits_ms(void);

/* Formats `t` as "2026-11-23T10:12:00Z" into out (at least 21 bytes). */
void time_format_iso(int64_t t, char out[21]);

/*
 * Parses an ISO 8601 UTC time: "YYYY-MM-DD", "YYYY-MM-DDTHH:MM:SSZ" or
 * "YYYY-MM-DDTHH:MMZ". Returns 0 and sets *t, or -1 for anything else
 * (including impossible dates such as February 30).
 */
int time_parse_iso(const char *s, int64_t *t);

/*
 * Parses an ISO 8601 time with a zone, to milliseconds since the epoch:
 * "YYYY-MM-DDTHH:MM", then optionally ":SS" and a fraction (cut to
 * milliseconds), then "Z" or an offset "+01:00" / "-0700". A time without a
 * zone is refused: it would be guessed. Returns 0 and sets *ms, or -1.
 */
int time_parse_iso_ms(const char *s, int64_t *ms);

/* Formats milliseconds as "2026-11-23T10:12:00.000Z" into out (at least 25 bytes). */
void time_format_iso_ms(int64_t ms, char out[25]);

#endif
