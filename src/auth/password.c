#include "auth/password.h"

#include <ctype.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/log.h"

/* Generated from src/auth/common-passwords.txt by scripts/embed. */
extern const char common_passwords_txt[];

static char **common;      /* sorted, lower-case */
static size_t n_common;
static char dummy_hash[PASSWORD_HASH_MAX];

#define OPSLIMIT crypto_pwhash_OPSLIMIT_INTERACTIVE
#define MEMLIMIT crypto_pwhash_MEMLIMIT_INTERACTIVE

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *lowercase_dup(const char *s, size_t n)
{
	char *p = xstrndup(s, n);

	for (char *q = p; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return p;
}

int password_init(void)
{
	const char *p = common_passwords_txt;
	size_t alloc = 0;

	if (sodium_init() < 0)
		return error("cannot initialise libsodium");
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (len && p[0] != '#') {
			if (n_common == alloc) {
				alloc = alloc ? alloc * 2 : 512;
				common = xrealloc(common, alloc * sizeof(*common));
			}
			common[n_common++] = lowercase_dup(p, len);
		}
		p += len + (nl ? 1 : 0);
	}
	qsort(common, n_common, sizeof(*common), cmp_str);
	if (password_hash("roer-dummy-password-for-timing", dummy_hash))
		return error("cannot prepare the dummy password hash");
	return 0;
}

void password_shutdown(void)
{
	for (size_t i = 0; i < n_common; i++)
		free(common[i]);
	free(common);
	common = NULL;
	n_common = 0;
}

size_t utf8_length(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

int password_is_common(const char *pw)
{
	char *low = lowercase_dup(pw, strlen(pw));
	int found = bsearch(&low, common, n_common, sizeof(*common), cmp_str) != NULL;

	free(low);
	return found;
}

int password_check_rules(const char *pw, const char **why)
{
	size_t n = utf8_length(pw);

	if (n < PASSWORD_MIN_CHARS) {
		*why = "must be at least 10 characters";
		return -1;
	}
	if (n > PASSWORD_MAX_CHARS) {
		*why = "must be at most 256 characters";
		return -1;
	}
	if (password_is_common(pw)) {
		*why = "is a common password that is easy to guess";
		return -1;
	}
	return 0;
}

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	if (crypto_pwhash_str(out, pw, strlen(pw), OPSLIMIT, MEMLIMIT))
		return error("argon2id hashing failed (out of memory?)");
	return 0;
}

int password_verify(const char *hash, const char *pw)
{
	if (strncmp(hash, crypto_pwhash_argon2id_STRPREFIX, strlen(crypto_pwhash_argon2id_STRPREFIX)))
		return -1;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void password_verify_dummy(const char *pw)
{
	/* The answer is always no; only the time it takes matters. */
	if (crypto_pwhash_str_verify(dummy_hash, pw, strlen(pw)) == 0)
		BUG("the dummy hash matched a password");
}

int password_needs_rehash(const char *hash)
{
	return crypto_pwhash_str_needs_rehash(hash, OPSLIMIT, MEMLIMIT) != 0;
}
