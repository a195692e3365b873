/* gzip request bodies: see gunzip.h. */
#include "http/gunzip.h"

#include <limits.h>
#include <zlib.h>

#include "util/log.h"

/* zlib is given room for this much output at a time, or less near the limit. */
#define CHUNK (64 * 1024)

/* 16 + the largest window: the gzip wrapper only, not zlib's own, not raw deflate. */
#define GZIP_WINDOW_BITS (16 + MAX_WBITS)

static enum gunzip_status corrupt(const char **why, const char *msg)
{
	if (why)
		*why = msg;
	return GUNZIP_CORRUPT;
}

enum gunzip_status gunzip(const void *in, size_t len, size_t limit, struct buf *out, const char **why)
{
	z_stream zs = { 0 };
	const unsigned char *next = in;
	size_t left = len;             /* input not yet given to zlib */
	size_t produced = 0;
	enum gunzip_status rc = GUNZIP_OK;

	if (!len)
		return corrupt(why, "the body is empty, which is not gzip data");
	if (inflateInit2(&zs, GZIP_WINDOW_BITS) != Z_OK)
		die("cannot start zlib: out of memory");
	for (;;) {
		size_t room = limit - produced + 1;
		int zrc;

		if (!zs.avail_in && left) {
			zs.avail_in = left > UINT_MAX ? UINT_MAX : (uInt)left;
			zs.next_in = (Bytef *)next;
			next += zs.avail_in;
			left -= zs.avail_in;
		}
		if (room > CHUNK)
			room = CHUNK;
		buf_grow(out, room);
		zs.next_out = (Bytef *)out->data + out->len;
		zs.avail_out = (uInt)room;
		zrc = inflate(&zs, Z_NO_FLUSH);
		out->len += room - zs.avail_out;
		out->data[out->len] = '\0';
		produced += room - zs.avail_out;
		if (produced > limit) {
			rc = GUNZIP_TOO_LARGE;
			break;
		}
		if (zrc == Z_STREAM_END) {
			if (!zs.avail_in && !left)
				break;
			/* Another member follows (or bytes that must be one): start it afresh. */
			if (inflateReset(&zs) != Z_OK)
				BUG("inflateReset failed");
			continue;
		}
		if (zrc == Z_OK || (zrc == Z_BUF_ERROR && !zs.avail_in && left))
			continue;
		if (zrc == Z_BUF_ERROR && !zs.avail_in && !left) {
			rc = corrupt(why, "the gzip data ends early");
			break;
		}
		if (zrc == Z_MEM_ERROR)
			die("zlib: out of memory");
		/* Z_DATA_ERROR (zlib says what), Z_NEED_DICT (no gzip asks for one), Z_STREAM_ERROR. */
		rc = corrupt(why, zs.msg ? zs.msg : "the gzip data is damaged");
		break;
	}
	inflateEnd(&zs);
	return rc;
}
