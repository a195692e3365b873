#ifndef ROER_AUTH_TOTP_H
#define ROER_AUTH_TOTP_H

#include <stdint.h>

struct buf;

/*
 * Time-based one-time passwords (RFC 6238: HMAC-SHA-1, 6 digits, 30-second
 * steps), through liboath. Secrets are 20 random bytes, kept as base32 text.
 */
#define TOTP_SECRET_BASE32_MAX 40
#define TOTP_STEP_SECONDS 30
#define RECOVERY_CODES 10
#define RECOVERY_CODE_CHARS 14  /* "xxxx-xxxx-xxxx" */

int totp_init(void);
void totp_shutdown(void);

/* A new random secret in base32 (32 characters). */
int totp_secret_new(char out[TOTP_SECRET_BASE32_MAX + 1]);

/*
 * Checks a 6-digit code against the base32 secret at time `now`, allowing
 * one step either side for clock drift. Returns the matching step number
 * (now / 30 + offset) when it matches and that step is after `last_step`
 * (a code works once), 0 when it does not, -1 on error.
 */
int64_t totp_verify(const char *secret_base32, const char *code, int64_t now, int64_t last_step);

/* The 6-digit code for `now` (tests and the demo use it). Returns 0 or -1. */
int totp_code_at(const char *secret_base32, int64_t now, char out[7]);

/* "otpauth://totp/Roer:<email>?secret=...&issuer=Roer", percent-encoded. */
void totp_uri(struct buf *out, const char *email, const char *secret_base32);

/* An SVG picture of the QR code for `text`. Returns 0 or -1. */
int totp_qr_svg(struct buf *out, const char *text);

/* A new recovery code "xxxx-xxxx-xxxx" (lower-case, unambiguous letters and digits). */
void recovery_code_new(char out[RECOVERY_CODE_CHARS + 1]);

/* Normalises a typed recovery code (case, spaces, dashes) into canonical form.
 * Returns 0, or -1 when it cannot be one. */
int recovery_code_normalise(const char *in, char out[RECOVERY_CODE_CHARS + 1]);

#endif
