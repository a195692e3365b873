#ifndef ROER_AUTH_DEVICE_SECRET_H
#define ROER_AUTH_DEVICE_SECRET_H

/*
 * A device's secret and how a request may carry it. The secret is a token
 * (auth/token.h) shown once. A device sends it as `Authorization: Bearer`;
 * a Nightscout uploader sends its SHA-1 in hex (any case) or its SHA-512 in
 * hex in the `api-secret` header instead. Each of the three forms is stored
 * only as its BLAKE2b-256 hash, so the store holds nothing a request could
 * replay. (SHA-1 is what those uploaders speak; here it is only a way of
 * writing a 256-bit random secret, not what protects it.)
 */

#include "auth/token.h"
#include "store/measurements.h"

/* The stored hashes of a new secret's three forms. */
void device_secret_hashes(const char *secret, unsigned char token_hash[TOKEN_HASH_BYTES],
			  unsigned char sha1_hash[TOKEN_HASH_BYTES], unsigned char sha512_hash[TOKEN_HASH_BYTES]);

/*
 * What a request presented: a token, or 40 or 128 hex digits. *form gets
 * which, `hash` what to look it up by. Returns 0, or -1 for anything else.
 */
int device_secret_lookup(const char *presented, enum store_device_secret *form,
			 unsigned char hash[TOKEN_HASH_BYTES]);

#endif
