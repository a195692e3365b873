/* A device's secret in its three forms: see device_secret.h. */
#include "auth/device_secret.h"

#include <ctype.h>
#include <nettle/sha1.h>
#include <sodium.h>
#include <string.h>

static void hex(const unsigned char *bytes, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[2 * n] = '\0';
}

void device_secret_hashes(const char *secret, unsigned char token_hash_out[TOKEN_HASH_BYTES],
			  unsigned char sha1_hash[TOKEN_HASH_BYTES], unsigned char sha512_hash[TOKEN_HASH_BYTES])
{
	unsigned char sha1[SHA1_DIGEST_SIZE], sha512[crypto_hash_sha512_BYTES];
	char sha1_hex[2 * SHA1_DIGEST_SIZE + 1], sha512_hex[2 * crypto_hash_sha512_BYTES + 1];
	struct sha1_ctx ctx;

	sha1_init(&ctx);
	sha1_update(&ctx, strlen(secret), (const uint8_t *)secret);
	sha1_digest(&ctx, sizeof(sha1), sha1);
	crypto_hash_sha512(sha512, (const unsigned char *)secret, strlen(secret));
	hex(sha1, sizeof(sha1), sha1_hex);
	hex(sha512, sizeof(sha512), sha512_hex);
	token_hash(secret, token_hash_out);
	token_hash(sha1_hex, sha1_hash);
	token_hash(sha512_hex, sha512_hash);
}

/* 1 when s is exactly n hex digits; lower-cases them into out. */
static int hex_of_length(const char *s, size_t n, char *out)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return 0;
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	out[n] = '\0';
	return 1;
}

int device_secret_lookup(const char *presented, enum store_device_secret *form, unsigned char hash[TOKEN_HASH_BYTES])
{
	char lower[2 * crypto_hash_sha512_BYTES + 1];

	if (hex_of_length(presented, 2 * SHA1_DIGEST_SIZE, lower)) {
		*form = DEVICE_SECRET_SHA1;
	} else if (hex_of_length(presented, 2 * crypto_hash_sha512_BYTES, lower)) {
		*form = DEVICE_SECRET_SHA512;
	} else if (token_is_wellformed(presented)) {
		*form = DEVICE_SECRET_TOKEN;
		token_hash(presented, hash);
		return 0;
	} else {
		return -1;
	}
	token_hash(lower, hash);
	return 0;
}
