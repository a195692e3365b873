#ifndef ROER_AUTH_HMAC_H
#define ROER_AUTH_HMAC_H

#include <stddef.h>

/* One piece of a message that is signed as the concatenation of its pieces (no copy is made). */
struct hmac_part {
	const void *data;
	size_t len;
};

#define HMAC_SHA256_HEX_SIZE 65

/*
 * HMAC-SHA256 (RFC 2104, as RFC 4231 tests it) under `key` (any length) of
 * the concatenation of the n parts, written to out as 64 lowercase hex
 * digits and a NUL. Everything is borrowed; nothing can fail.
 */
void hmac_sha256_hex(const void *key, size_t key_len, const struct hmac_part *parts, size_t n,
		     char out[HMAC_SHA256_HEX_SIZE]);

#endif
