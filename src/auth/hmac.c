/* HMAC-SHA256 for signing what leaves the installation (the webhook); libsodium does the work. */
#include "auth/hmac.h"

#include <sodium.h>

void hmac_sha256_hex(const void *key, size_t key_len, const struct hmac_part *parts, size_t n,
		     char out[HMAC_SHA256_HEX_SIZE])
{
	crypto_auth_hmacsha256_state st;
	unsigned char mac[crypto_auth_hmacsha256_BYTES];

	/* The multi-part interface takes a key of any length (the one-shot call wants exactly 32 bytes). */
	crypto_auth_hmacsha256_init(&st, key, key_len);
	for (size_t i = 0; i < n; i++)
		crypto_auth_hmacsha256_update(&st, parts[i].data, parts[i].len);
	crypto_auth_hmacsha256_final(&st, mac);
	sodium_bin2hex(out, HMAC_SHA256_HEX_SIZE, mac, sizeof(mac));
	sodium_memzero(&st, sizeof(st));
}
