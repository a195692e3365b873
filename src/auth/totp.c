#include "auth/totp.h"

#include <ctype.h>
#include <liboath/oath.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#include "auth/token.h"
#include "util/buf.h"
#include "util/log.h"

int totp_init(void)
{
	if (oath_init() != OATH_OK)
		return error("cannot initialise liboath");
	return 0;
}

void totp_shutdown(void)
{
	oath_done();
}

int totp_secret_new(char out[TOTP_SECRET_BASE32_MAX + 1])
{
	char raw[20];
	char *b32 = NULL;
	size_t len = 0;

	random_fill(raw, sizeof(raw));
	if (oath_base32_encode(raw, sizeof(raw), &b32, &len) != OATH_OK || len > TOTP_SECRET_BASE32_MAX) {
		free(b32);
		return error("cannot encode a TOTP secret");
	}
	memcpy(out, b32, len);
	out[len] = '\0';
	free(b32);
	return 0;
}

static int decode_secret(const char *b32, char **raw, size_t *len)
{
	if (oath_base32_decode(b32, strlen(b32), raw, len) != OATH_OK)
		return error("stored TOTP secret is not base32");
	return 0;
}

int64_t totp_verify(const char *secret_base32, const char *code, int64_t now, int64_t last_step)
{
	char *raw = NULL;
	size_t len = 0;
	int pos = 0;
	int rc;

	if (strlen(code) != 6)
		return 0;
	for (int i = 0; i < 6; i++)
		if (!isdigit((unsigned char)code[i]))
			return 0;
	if (decode_secret(secret_base32, &raw, &len))
		return -1;
	rc = oath_totp_validate2(raw, len, (time_t)now, TOTP_STEP_SECONDS, 0, 1, &pos, code);
	free(raw);
	if (rc < 0)
		return 0;
	{
		int64_t step = now / TOTP_STEP_SECONDS + pos;

		return step > last_step ? step : 0;
	}
}

int totp_code_at(const char *secret_base32, int64_t now, char out[7])
{
	char *raw = NULL;
	size_t len = 0;
	int rc;

	if (decode_secret(secret_base32, &raw, &len))
		return -1;
	rc = oath_totp_generate(raw, len, (time_t)now, TOTP_STEP_SECONDS, 0, 6, out);
	free(raw);
	return rc == OATH_OK ? 0 : error("cannot compute a TOTP code");
}

static void add_percent_encoded(struct buf *out, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
			buf_addch(out, (char)c);
		else
			buf_addf(out, "%%%02X", c);
	}
}

void totp_uri(struct buf *out, const char *email, const char *secret_base32)
{
	buf_adds(out, "otpauth://totp/Roer:");
	add_percent_encoded(out, email);
	buf_adds(out, "?secret=");
	buf_adds(out, secret_base32);
	buf_adds(out, "&issuer=Roer&algorithm=SHA1&digits=6&period=30");
}

int totp_qr_svg(struct buf *out, const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	const int quiet = 4;
	int size;

	if (!qr)
		return error("cannot encode a QR code");
	size = qr->width + 2 * quiet;
	buf_addf(out,
		 "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
		 "shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		 "<path fill=\"#000\" d=\"",
		 size, size, size, size);
	for (int y = 0; y < qr->width; y++)
		for (int x = 0; x < qr->width; x++)
			if (qr->data[y * qr->width + x] & 1)
				buf_addf(out, "M%d %dh1v1h-1z", x + quiet, y + quiet);
	buf_adds(out, "\"/></svg>");
	QRcode_free(qr);
	return 0;
}

/* No 0/o, 1/l/i: codes are read off paper by people. */
static const char code_alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";

void recovery_code_new(char out[RECOVERY_CODE_CHARS + 1])
{
	for (int i = 0; i < RECOVERY_CODE_CHARS; i++) {
		if (i == 4 || i == 9) {
			out[i] = '-';
			continue;
		}
		out[i] = code_alphabet[random_below(sizeof(code_alphabet) - 1)];
	}
	out[RECOVERY_CODE_CHARS] = '\0';
}

int recovery_code_normalise(const char *in, char out[RECOVERY_CODE_CHARS + 1])
{
	int n = 0;

	for (; *in; in++) {
		char c = (char)tolower((unsigned char)*in);

		if (c == '-' || c == ' ')
			continue;
		if (!strchr(code_alphabet, c) || n == 12)
			return -1;
		out[n + (n >= 8 ? 2 : n >= 4 ? 1 : 0)] = c;
		n++;
	}
	if (n != 12)
		return -1;
	out[4] = '-';
	out[9] = '-';
	out[RECOVERY_CODE_CHARS] = '\0';
	return 0;
}
