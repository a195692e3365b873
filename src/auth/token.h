#ifndef ROER_AUTH_TOKEN_H
#define ROER_AUTH_TOKEN_H

#include <stddef.h>

/*
 * Random tokens and their hashes. A token is 32 random bytes (256 bits) in
 * unpadded base64url: 43 characters. Only its BLAKE2b-256 hash is stored.
 */
#define TOKEN_CHARS 43
#define TOKEN_HASH_BYTES 32

/* Writes a new random token and its terminating NUL into out. */
void token_new(char out[TOKEN_CHARS + 1]);

/* 1 when s has the shape of a token (43 base64url characters). */
int token_is_wellformed(const char *s);

/* BLAKE2b-256 of the token text. */
void token_hash(const char *token, unsigned char out[TOKEN_HASH_BYTES]);

/*
 * The anti-forgery token of a session: a keyed hash of the session token,
 * so it needs no storage and cannot be derived from the stored hash.
 */
void token_csrf(const char *session_token, char out[TOKEN_CHARS + 1]);

/* Constant-time comparison of two NUL-terminated strings: 1 when equal. */
int token_equal(const char *a, const char *b);

/* Fills buf with n random bytes. */
void random_fill(void *buf, size_t n);

/* A random unsigned integer below `upper` (uniform). */
unsigned random_below(unsigned upper);

#endif
