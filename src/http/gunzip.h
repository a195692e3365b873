#ifndef ROER_HTTP_GUNZIP_H
#define ROER_HTTP_GUNZIP_H

#include <stddef.h>

#include "util/buf.h"

/* A request body sent with Content-Encoding: gzip, decompressed with zlib. */

enum gunzip_status {
	GUNZIP_OK = 0,
	GUNZIP_TOO_LARGE = -1,   /* the data holds more than the limit: stopped there */
	GUNZIP_CORRUPT = -2,     /* not gzip, damaged, cut short, or followed by other bytes */
};

/*
 * Decompresses `len` bytes of gzip data (RFC 1952: one member, or several
 * one after the other, as `cat a.gz b.gz` makes; nothing else after them)
 * and appends the result to `out`.
 *
 * At most `limit` bytes come out: zlib is never given room for more than
 * one byte past the limit, so a bomb (a few kilobytes that would become
 * gigabytes) costs at most `limit` bytes of memory and the time to produce
 * them, and GUNZIP_TOO_LARGE is returned as soon as the limit is crossed.
 *
 * Empty input is not gzip (GUNZIP_CORRUPT). For GUNZIP_CORRUPT, *why (when
 * `why` is not NULL) is a static message saying what is wrong ("incorrect
 * data check", "the gzip data ends early" ...). On any failure `out` holds
 * what was decompressed until then (at most limit + 1 bytes added): the
 * caller releases it.
 */
enum gunzip_status gunzip(const void *in, size_t len, size_t limit, struct buf *out, const char **why);

#endif
