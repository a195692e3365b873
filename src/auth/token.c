#include "auth/token.h"

#include <sodium.h>
#include <string.h>

#include "util/log.h"

static const unsigned char csrf_key[crypto_generichash_KEYBYTES] = "roer anti-forgery token key v1";

static void encode(const unsigned char *bytes, size_t n, char *out, size_t out_len)
{
	sodium_bin2base64(out, out_len, bytes, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void token_new(char out[TOKEN_CHARS + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	encode(raw, sizeof(raw), out, TOKEN_CHARS + 1);
	sodium_memzero(raw, sizeof(raw));
}

int token_is_wellformed(const char *s)
{
	size_t n = 0;

	for (; s[n]; n++) {
		char c = s[n];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
		if (n > TOKEN_CHARS)
			return 0;
	}
	return n == TOKEN_CHARS;
}

void token_hash(const char *token, unsigned char out[TOKEN_HASH_BYTES])
{
	crypto_generichash(out, TOKEN_HASH_BYTES, (const unsigned char *)token, strlen(token), NULL, 0);
}

void token_csrf(const char *session_token, char out[TOKEN_CHARS + 1])
{
	unsigned char mac[32];

	crypto_generichash(mac, sizeof(mac), (const unsigned char *)session_token,
			   strlen(session_token), csrf_key, sizeof(csrf_key));
	encode(mac, sizeof(mac), out, TOKEN_CHARS + 1);
}

int token_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}

void random_fill(void *buf, size_t n)
{
	randombytes_buf(buf, n);
}

unsigned random_below(unsigned upper)
{
	return randombytes_uniform(upper);
}
