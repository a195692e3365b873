/* Password rules and hashing, tokens, TOTP (RFC 6238 vectors), recovery codes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "auth/password.h"
#include "auth/token.h"
#include "auth/totp.h"
#include "util/buf.h"

static int setup(void **state)
{
	(void)state;
	return password_init() || totp_init();
}

static int teardown(void **state)
{
	(void)state;
	password_shutdown();
	totp_shutdown();
	return 0;
}

static void password_rules(void **state)
{
	const char *why = NULL;
	char longest[300];

	(void)state;
	assert_int_equal(password_check_rules("short", &why), -1);
	assert_string_equal(why, "must be at least 10 characters");
	assert_int_equal(password_check_rules("correct horse battery", &why), 0);
	/* Counted in characters, not bytes: ten accented letters are enough. */
	assert_int_equal(password_check_rules("éééééééééé", &why), 0);
	assert_int_equal(password_check_rules("ééééé", &why), -1);
	memset(longest, 'x', 256);
	longest[256] = '\0';
	assert_int_equal(password_check_rules(longest, &why), 0); /* exactly 256 is allowed */
	longest[256] = 'y';
	longest[257] = '\0';
	assert_int_equal(password_check_rules(longest, &why), -1);
	assert_string_equal(why, "must be at most 256 characters");
	/* No composition rules, but common passwords are refused, in any case. */
	assert_int_equal(password_check_rules("Wachtwoord123", &why), -1);
	assert_string_equal(why, "is a common password that is easy to guess");
	assert_int_equal(password_check_rules("1234567890", &why), -1);
	assert_true(password_is_common("QWERTYUIOP"));
	assert_false(password_is_common("mijn fiets is blauw"));
}

static void password_hash_and_verify(void **state)
{
	char hash[PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(password_hash("mijn fiets is blauw", hash), 0);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_int_equal(password_verify(hash, "mijn fiets is blauw"), 1);
	assert_int_equal(password_verify(hash, "mijn fiets is groen"), 0);
	assert_int_equal(password_verify("not a hash", "x"), -1);
	assert_false(password_needs_rehash(hash));
}

static void tokens(void **state)
{
	char a[TOKEN_CHARS + 1], b[TOKEN_CHARS + 1], ca[TOKEN_CHARS + 1], ca2[TOKEN_CHARS + 1];
	unsigned char ha[TOKEN_HASH_BYTES], hb[TOKEN_HASH_BYTES];

	(void)state;
	token_new(a);
	token_new(b);
	assert_int_equal(strlen(a), TOKEN_CHARS);
	assert_true(token_is_wellformed(a));
	assert_false(token_equal(a, b));
	assert_false(token_is_wellformed("short"));
	assert_false(token_is_wellformed("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"));
	token_hash(a, ha);
	token_hash(b, hb);
	assert_memory_not_equal(ha, hb, sizeof(ha));
	/* The anti-forgery token is stable per session and differs from the token and its hash. */
	token_csrf(a, ca);
	token_csrf(a, ca2);
	assert_string_equal(ca, ca2);
	assert_string_not_equal(ca, a);
	token_csrf(b, ca2);
	assert_string_not_equal(ca, ca2);
	assert_true(token_equal(ca, ca));
	assert_false(token_equal(ca, "x"));
}

/* RFC 6238 appendix B, SHA-1, secret "12345678901234567890", last six digits. */
static void totp_rfc6238_vectors(void **state)
{
	static const char secret[] = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
	static const struct {
		int64_t t;
		const char *code;
	} v[] = {
		{ 59, "287082" }, { 1111111109, "081804" }, { 1111111111, "050471" },
		{ 1234567890, "005924" }, { 2000000000, "279037" },
	};
	char code[7];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(totp_code_at(secret, v[i].t, code), 0);
		assert_string_equal(code, v[i].code);
		assert_int_equal(totp_verify(secret, v[i].code, v[i].t, 0), v[i].t / 30);
	}
	/* One step of drift either way is accepted, two are not. */
	assert_true(totp_verify(secret, "081804", 1111111109 + 30, 0) > 0);
	assert_int_equal(totp_verify(secret, "081804", 1111111109 + 90, 0), 0);
	/* A code works once: not again at or before the step it used. */
	assert_int_equal(totp_verify(secret, "081804", 1111111109, 1111111109 / 30), 0);
	assert_int_equal(totp_verify(secret, "12345", 59, 0), 0);
	assert_int_equal(totp_verify(secret, "abcdef", 59, 0), 0);
}

static void totp_secret_uri_and_qr(void **state)
{
	char secret[TOTP_SECRET_BASE32_MAX + 1];
	struct buf uri = BUF_INIT, svg = BUF_INIT;

	(void)state;
	assert_int_equal(totp_secret_new(secret), 0);
	assert_int_equal(strlen(secret), 32);
	totp_uri(&uri, "jan+test@x.nl", secret);
	assert_non_null(strstr(uri.data, "otpauth://totp/Roer:jan%2Btest%40x.nl?secret="));
	assert_non_null(strstr(uri.data, "&issuer=Roer"));
	assert_int_equal(totp_qr_svg(&svg, uri.data), 0);
	assert_true(strncmp(svg.data, "<svg ", 5) == 0);
	assert_non_null(strstr(svg.data, "h1v1h-1z"));
	buf_release(&uri);
	buf_release(&svg);
}

static void recovery_codes(void **state)
{
	char code[RECOVERY_CODE_CHARS + 1], norm[RECOVERY_CODE_CHARS + 1];

	(void)state;
	recovery_code_new(code);
	assert_int_equal(strlen(code), 14);
	assert_int_equal(code[4], '-');
	assert_int_equal(code[9], '-');
	assert_int_equal(recovery_code_normalise(code, norm), 0);
	assert_string_equal(code, norm);
	assert_int_equal(recovery_code_normalise("ABCD EFGH JKMN", norm), 0);
	assert_string_equal(norm, "abcd-efgh-jkmn");
	assert_int_equal(recovery_code_normalise("abcd-efgh-jkm", norm), -1);
	assert_int_equal(recovery_code_normalise("abcd-efgh-jkmnp", norm), -1);
	assert_int_equal(recovery_code_normalise("abcd-efgh-jkm0", norm), -1); /* 0 is not in the alphabet */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(password_rules),       cmocka_unit_test(password_hash_and_verify),
		cmocka_unit_test(tokens),               cmocka_unit_test(totp_rfc6238_vectors),
		cmocka_unit_test(totp_secret_uri_and_qr), cmocka_unit_test(recovery_codes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
