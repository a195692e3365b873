#ifndef ROER_AUTH_PASSWORD_H
#define ROER_AUTH_PASSWORD_H

#include <stddef.h>

#define PASSWORD_MIN_CHARS 10
#define PASSWORD_MAX_CHARS 256
#define PASSWORD_HASH_MAX 128   /* crypto_pwhash_STRBYTES */

/* Loads the shipped list of common passwords and prepares the dummy hash. Call once. */
int password_init(void);
void password_shutdown(void);

/*
 * Checks the project's password rules (10 to 256 Unicode characters, not a
 * common password; no composition rules). `pw` must be valid UTF-8.
 * Returns 0 when acceptable, otherwise -1 and sets *why to a short English
 * reason for developers.
 */
int password_check_rules(const char *pw, const char **why);

/* 1 when pw (compared case-insensitively) is on the common-password list. */
int password_is_common(const char *pw);

/* Argon2id with at least libsodium's INTERACTIVE limits. Returns 0 or -1. */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);

/* 1 when pw matches hash, 0 when not, -1 for a malformed hash. */
int password_verify(const char *hash, const char *pw);

/* Spends the same work as password_verify on a throwaway hash, so a missing
 * account takes as long to refuse as a wrong password. */
void password_verify_dummy(const char *pw);

/* 1 when hash was made with lower limits than today's and should be redone. */
int password_needs_rehash(const char *hash);

/* Number of Unicode code points in a valid UTF-8 string. */
size_t utf8_length(const char *s);

#endif
