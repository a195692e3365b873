/*
 * gzip request bodies: what comes out, one member or several, and the
 * limit that stops a bomb early, damaged and cut-short data. The gzip data
 * is made here with zlib's own deflate, so each case says what it holds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "http/gunzip.h"

/* gzip of `len` bytes (caller frees), at zlib's best compression. */
static unsigned char *gzip_of(const void *data, size_t len, size_t *out_len)
{
	z_stream zs = { 0 };
	size_t cap;
	unsigned char *out;

	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY), Z_OK);
	cap = deflateBound(&zs, len);
	out = malloc(cap);
	assert_non_null(out);
	zs.next_in = (Bytef *)data;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*out_len = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

static void plain_text_comes_back(void **state)
{
	const char *text = "[{\"type\":\"sgv\",\"sgv\":120,\"date\":1764576000000}]";
	size_t n;
	unsigned char *gz = gzip_of(text, strlen(text), &n);
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(gunzip(gz, n, 1024, &out, NULL), GUNZIP_OK);
	assert_int_equal(out.len, strlen(text));
	assert_string_equal(out.data, text);
	buf_release(&out);
	free(gz);
}

static void members_one_after_the_other(void **state)
{
	size_t n1, n2;
	unsigned char *a = gzip_of("abc", 3, &n1), *b = gzip_of("defg", 4, &n2);
	unsigned char *both = malloc(n1 + n2);
	struct buf out = BUF_INIT;

	(void)state;
	memcpy(both, a, n1);
	memcpy(both + n1, b, n2);
	assert_int_equal(gunzip(both, n1 + n2, 100, &out, NULL), GUNZIP_OK);
	assert_string_equal(out.data, "abcdefg");
	buf_release(&out);
	free(a);
	free(b);
	free(both);
}

static void a_bomb_stops_at_the_limit(void **state)
{
	size_t big = 64u << 20, n;   /* 64 MiB of zeros, about 64 KB packed */
	unsigned char *zeros = calloc(1, big), *gz;
	struct buf out = BUF_INIT;

	(void)state;
	assert_non_null(zeros);
	gz = gzip_of(zeros, big, &n);
	free(zeros);
	assert_true(n < 100 * 1024);
	assert_int_equal(gunzip(gz, n, 1u << 20, &out, NULL), GUNZIP_TOO_LARGE);
	/* Stopped right past the limit, not after unpacking the rest. */
	assert_true(out.len == (1u << 20) + 1);
	buf_release(&out);
	/* At the limit exactly it is whole. */
	free(gz);
	gz = gzip_of("0123456789", 10, &n);
	assert_int_equal(gunzip(gz, n, 10, &out, NULL), GUNZIP_OK);
	buf_release(&out);
	assert_int_equal(gunzip(gz, n, 9, &out, NULL), GUNZIP_TOO_LARGE);
	buf_release(&out);
	free(gz);
}

static void damaged_and_cut_short(void **state)
{
	const char *text = "een zin die ingepakt wordt, een zin die ingepakt wordt";
	size_t n;
	unsigned char *gz = gzip_of(text, strlen(text), &n);
	struct buf out = BUF_INIT;
	const char *why = NULL;

	(void)state;
	assert_int_equal(gunzip(gz, n - 4, 1024, &out, &why), GUNZIP_CORRUPT);
	assert_non_null(why);
	buf_release(&out);
	/* A changed byte in the checksum. */
	gz[n - 5] ^= 0xff;
	why = NULL;
	assert_int_equal(gunzip(gz, n, 1024, &out, &why), GUNZIP_CORRUPT);
	assert_non_null(why);
	buf_release(&out);
	gz[n - 5] ^= 0xff;
	/* Something else after the member. */
	{
		unsigned char *more = malloc(n + 5);

		memcpy(more, gz, n);
		memcpy(more + n, "hallo", 5);
		assert_int_equal(gunzip(more, n + 5, 1024, &out, NULL), GUNZIP_CORRUPT);
		buf_release(&out);
		free(more);
	}
	/* Not gzip at all, and nothing. */
	assert_int_equal(gunzip("{\"a\":1}", 7, 1024, &out, NULL), GUNZIP_CORRUPT);
	buf_release(&out);
	assert_int_equal(gunzip("", 0, 1024, &out, NULL), GUNZIP_CORRUPT);
	buf_release(&out);
	free(gz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_text_comes_back),
		cmocka_unit_test(members_one_after_the_other),
		cmocka_unit_test(a_bomb_stops_at_the_limit),
		cmocka_unit_test(damaged_and_cut_short),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
