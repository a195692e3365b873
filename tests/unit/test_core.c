/* The error table, buffers, time parsing, UTF-8 scrubbing, settings, origins and Host values, session expiry
 * and the access rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "auth/session.h"
#include "config.h"
#include "http/errors.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/url.h"
#include "util/utf8.h"

/* What jansson refuses becomes '?', byte by byte; what it takes stays, so the result is always a JSON string. */
static void utf8_scrubbing(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "plain ASCII", "plain ASCII" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
		{ "cut \xc3", "cut ?" },                          /* a character cut at the end */
		{ "cut \xe2\x82", "cut ??" },
		{ "near '\\u00\xc2'", "near '\\u00?'" },       /* jansson's own message, cut inside a character */
		{ "\xff\xfe", "??" },                            /* never in UTF-8 */
		{ "\x80x", "?x" },                                /* a lone continuation byte */
		{ "\xc0\xaf", "??" },                            /* overlong */
		{ "\xe0\x80\xaf", "???" },                        /* overlong */
		{ "\xed\xa0\x80", "???" },                        /* a surrogate */
		{ "\xf4\x90\x80\x80", "????" },                    /* past U+10FFFF */
		{ "\xc3x\xa9", "?x?" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char s[64];
		json_t *j;

		snprintf(s, sizeof(s), "%s", cases[i].in);
		utf8_scrub(s);
		assert_string_equal(s, cases[i].out);
		assert_non_null(j = json_string(s));
		json_decref(j);
	}
}

static void error_table(void **state)
{
	(void)state;
	for (int e = 0; e < ERR_COUNT; e++) {
		const struct api_error_info *i = api_error_info((enum api_error)e);

		assert_non_null(i->code);
		assert_true(i->status >= 400 && i->status <= 599);
		/* Codes are stable identifiers: lower-case words joined by underscores. */
		for (const char *p = i->code; *p; p++)
			assert_true((*p >= 'a' && *p <= 'z') || *p == '_');
		for (int k = 0; k < e; k++)
			assert_string_not_equal(i->code, api_error_info((enum api_error)k)->code);
	}
	assert_int_equal(api_error_info(ERR_PAYLOAD_TOO_LARGE)->status, 413);
	assert_int_equal(api_error_info(ERR_TOO_MANY_REQUESTS)->status, 429);
	assert_int_equal(api_error_info(ERR_UNSUPPORTED_MEDIA_TYPE)->status, 415);
	assert_string_equal(api_error_info(ERR_MALFORMED_JSON)->code, "malformed_json");
}

static void buffers(void **state)
{
	struct buf b = BUF_INIT;
	char *p;
	size_t len;

	(void)state;
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	buf_adds(&b, "hallo");
	buf_addch(&b, ' ');
	for (int i = 0; i < 1000; i++)
		buf_addf(&b, "%d", i % 10);
	assert_int_equal(b.len, 1006);
	assert_int_equal(strlen(b.data), 1006);
	assert_true(strncmp(b.data, "hallo 0123", 10) == 0);
	buf_reset(&b);
	assert_string_equal(b.data, "");
	buf_adds(&b, "x");
	p = buf_detach(&b, &len);
	assert_string_equal(p, "x");
	assert_int_equal(len, 1);
	assert_int_equal(b.len, 0);
	free(p);
	buf_release(&b);
}

static void iso_times(void **state)
{
	int64_t t;
	char out[21];

	(void)state;
	assert_int_equal(time_parse_iso("2026-11-23T10:12:00Z", &t), 0);
	time_format_iso(t, out);
	assert_string_equal(out, "2026-11-23T10:12:00Z");
	assert_int_equal(time_parse_iso("2026-11-23", &t), 0);
	time_format_iso(t, out);
	assert_string_equal(out, "2026-11-23T00:00:00Z");
	assert_int_equal(time_parse_iso("2026-11-23T10:12Z", &t), 0);
	assert_int_equal(time_parse_iso("2026-02-30", &t), -1);
	assert_int_equal(time_parse_iso("2026-13-01", &t), -1);
	assert_int_equal(time_parse_iso("2026-11-23T10:12:00", &t), -1);
	assert_int_equal(time_parse_iso("2026-11-23T10:12:00+01:00", &t), -1);
	assert_int_equal(time_parse_iso("yesterday", &t), -1);
	assert_int_equal(time_parse_iso("", &t), -1);
}

static void settings(void **state)
{
	struct config cfg;
	char *ok[] = { "roer", "--threads", "8", "--require-2fa=professionals", "--listen", "0.0.0.0:9000" };
	char *bad_number[] = { "roer", "--threads", "zero" };
	char *too_big[] = { "roer", "--threads", "100000" };
	char *negative[] = { "roer", "--max-body", "-1" };
	char *bad_enum[] = { "roer", "--require-2fa", "sometimes" };
	char *missing[] = { "roer", "--data" };
	char *unknown[] = { "roer", "--frobnicate", "1" };
	int i;

	(void)state;
	log_set_quiet(1);
	config_init(&cfg);
	assert_string_equal(cfg.listen, "127.0.0.1:8080");
	assert_int_equal(cfg.max_body, 1048576);
	assert_int_equal(cfg.session_idle_seconds, 1800);
	assert_int_equal(cfg.session_absolute_seconds, 43200);
	assert_int_equal(cfg.max_connections, 4096);
	assert_int_equal(cfg.head_timeout_seconds, 5);
	assert_int_equal(cfg.request_timeout_seconds, 60);
	for (i = 1; i < 6; i++)
		assert_int_equal(config_from_flag(&cfg, 6, ok, &i), 1);
	assert_int_equal(cfg.threads, 8);
	assert_int_equal(cfg.require_2fa, REQUIRE_2FA_PROFESSIONALS);
	assert_string_equal(cfg.listen, "0.0.0.0:9000");
	assert_true(config_two_factor_required(&cfg, 1));
	assert_false(config_two_factor_required(&cfg, 0));
	i = 1;
	assert_int_equal(config_from_flag(&cfg, 3, bad_number, &i), -1);
	i = 1;
	assert_int_equal(config_from_flag(&cfg, 3, too_big, &i), -1);
	i = 1;
	assert_int_equal(config_from_flag(&cfg, 3, negative, &i), -1);
	i = 1;
	assert_int_equal(config_from_flag(&cfg, 3, bad_enum, &i), -1);
	i = 1;
	assert_int_equal(config_from_flag(&cfg, 2, missing, &i), -1);
	i = 1;
	assert_int_equal(config_from_flag(&cfg, 3, unknown, &i), 0);
	setenv("ROER_SESSION_IDLE_SECONDS", "2", 1);
	assert_int_equal(config_from_env(&cfg), 0);
	assert_int_equal(cfg.session_idle_seconds, 2);
	setenv("ROER_SESSION_IDLE_SECONDS", "0", 1);
	assert_int_equal(config_from_env(&cfg), -1);
	unsetenv("ROER_SESSION_IDLE_SECONDS");
	config_release(&cfg);
}

static void origins_and_hosts(void **state)
{
	struct url_origin o;
	char host[URL_HOST_MAX];
	unsigned port;
	const char *bad_hosts[] = { "", ":80", "a b", "a:", "a:0", "a:65536", "a:123456", "a:80x", "a:+80", "a:-1",
				    "user@a", "a/b", "a?b", "[::1", "[]", "[::1]x", "[::1]:", "[g::1]", "a:80:80", "a\tb" };
	const char *bad_origins[] = { "null", "", "ftp://a", "http:/a", "http://", "http://a/", "http://a/x",
				      "http://a?x", "http://user@a", "https://a:0", " http://a", "http://a b" };

	(void)state;
	assert_int_equal(url_authority_parse("Roer.Example.NL:8443", 20, 80, host, &port), 0);
	assert_string_equal(host, "roer.example.nl");
	assert_int_equal(port, 8443);
	assert_int_equal(url_authority_parse("localhost", 9, 80, host, &port), 0);
	assert_int_equal(port, 80);
	assert_int_equal(url_authority_parse("[::1]:65535", 11, 80, host, &port), 0);
	assert_string_equal(host, "[::1]");
	assert_int_equal(port, 65535);
	/* Only the first n bytes count. */
	assert_int_equal(url_authority_parse("a.nl:80/rest", 7, 443, host, &port), 0);
	assert_string_equal(host, "a.nl");
	for (size_t i = 0; i < sizeof(bad_hosts) / sizeof(bad_hosts[0]); i++)
		assert_int_equal(url_authority_parse(bad_hosts[i], strlen(bad_hosts[i]), 80, host, &port), -1);

	assert_int_equal(url_origin_parse("HTTPS://Roer.example.nl", false, &o), 0);
	assert_true(o.https);
	assert_string_equal(o.host, "roer.example.nl");
	assert_int_equal(o.port, 443);
	assert_int_equal(url_origin_parse("http://127.0.0.1:8080/", true, &o), 0);
	assert_false(o.https);
	assert_int_equal(o.port, 8080);
	for (size_t i = 0; i < sizeof(bad_origins) / sizeof(bad_origins[0]); i++)
		assert_int_equal(url_origin_parse(bad_origins[i], false, &o), -1);
	assert_int_equal(url_origin_parse("http://a/x", true, &o), -1);
	{
		struct url_origin a, b;

		url_origin_parse("https://a.nl", false, &a);
		url_origin_parse("https://A.NL:443", false, &b);
		assert_true(url_origin_equal(&a, &b));
		url_origin_parse("http://a.nl:443", false, &b);
		assert_false(url_origin_equal(&a, &b));
		url_origin_parse("https://a.nl:8443", false, &b);
		assert_false(url_origin_equal(&a, &b));
	}
}

/* config_finish with these settings (listen and public_url; NULL: the default). */
static int finish(struct config *cfg, const char *listen, const char *public_url)
{
	config_init(cfg);
	cfg->web_dir = xstrdup("/nonexistent");
	if (listen) {
		free(cfg->listen);
		cfg->listen = xstrdup(listen);
	}
	if (public_url)
		cfg->public_url = xstrdup(public_url);
	return config_finish(cfg, "roer");
}

static void public_url(void **state)
{
	struct config cfg;
	const char *bad[] = { "ftp://roer.example.nl", "https://roer.example.nl/roer", "https://user@roer.example.nl",
			      "https://", "http://roer.example.nl:99999", "roer.example.nl" };

	(void)state;
	log_set_quiet(1);
	/* Made from listen; port 0 gets the bound port. */
	assert_int_equal(finish(&cfg, "127.0.0.1:0", NULL), 0);
	assert_true(cfg.public_url_derived);
	assert_true(cfg.listen_local);
	config_set_port(&cfg, 41234);
	assert_string_equal(cfg.public_url, "http://127.0.0.1:41234");
	assert_false(cfg.public_origin.https);
	assert_string_equal(cfg.public_origin.host, "127.0.0.1");
	assert_int_equal(cfg.public_origin.port, 41234);
	assert_int_equal(cfg.port, 41234);
	config_release(&cfg);
	assert_int_equal(finish(&cfg, "[::1]:8080", NULL), 0);
	config_set_port(&cfg, 8080);
	assert_string_equal(cfg.public_url, "http://[::1]:8080");
	assert_string_equal(cfg.public_origin.host, "[::1]");
	assert_true(cfg.listen_local);
	config_release(&cfg);
	/* Set: kept as it is, whatever the port. */
	assert_int_equal(finish(&cfg, "127.0.0.1:0", "https://Roer.example.nl/"), 0);
	config_set_port(&cfg, 41234);
	assert_string_equal(cfg.public_url, "https://Roer.example.nl/");
	assert_true(cfg.public_origin.https);
	assert_string_equal(cfg.public_origin.host, "roer.example.nl");
	assert_int_equal(cfg.public_origin.port, 443);
	config_release(&cfg);
	/* Every address: no name to derive, so the public URL must be set. */
	assert_int_equal(finish(&cfg, "0.0.0.0:8080", NULL), -1);
	config_release(&cfg);
	assert_int_equal(finish(&cfg, "[::]:8080", NULL), -1);
	config_release(&cfg);
	assert_int_equal(finish(&cfg, "0.0.0.0:8080", "https://roer.example.nl"), 0);
	assert_true(cfg.listen_local);
	config_release(&cfg);
	assert_int_equal(finish(&cfg, "192.0.2.7:8080", NULL), 0);
	assert_false(cfg.listen_local);
	config_release(&cfg);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(finish(&cfg, NULL, bad[i]), -1);
		config_release(&cfg);
	}
}

static void session_expiry(void **state)
{
	struct session_limits lim = { .idle_seconds = 1800, .absolute_seconds = 43200 };
	int64_t start = 1000000;

	(void)state;
	assert_false(session_is_expired(start + 10, start, start + 43200, &lim));
	assert_false(session_is_expired(start + 1799, start, start + 43200, &lim));
	assert_true(session_is_expired(start + 1800, start, start + 43200, &lim));
	/* Active all the time, still over after 12 hours. */
	assert_true(session_is_expired(start + 43200, start + 43199, start + 43200, &lim));
}

static void access_rule(void **state)
{
	const struct access_grant none = { 0, 0 }, see = { 1, 0 }, change = { 2, 0 }, representative = { 0, 1 };

	(void)state;
	/* Default deny: nobody, strangers; the client may do everything with their own record. */
	assert_true(access_decide(7, 7, ACCESS_READ, CATEGORY_ACCOUNT, NULL));
	assert_true(access_decide(7, 7, ACCESS_DELETE, CATEGORY_ACCOUNT, NULL));
	assert_false(access_decide(7, 8, ACCESS_READ, CATEGORY_ACCOUNT, NULL));
	assert_false(access_decide(8, 7, ACCESS_READ, CATEGORY_PLAN, &none));
	assert_false(access_decide(0, 7, ACCESS_READ, CATEGORY_PLAN, &change));
	assert_false(access_decide(0, 0, ACCESS_READ, CATEGORY_ACCOUNT, NULL));
	assert_false(access_decide(-1, -1, ACCESS_READ, CATEGORY_ACCOUNT, NULL));
	/* A member sees with level 1, changes with level 2, in the record's categories only. */
	assert_true(access_decide(8, 7, ACCESS_READ, CATEGORY_PLAN, &see));
	assert_false(access_decide(8, 7, ACCESS_UPDATE, CATEGORY_PLAN, &see));
	assert_false(access_decide(8, 7, ACCESS_CREATE, CATEGORY_PLAN, &see));
	assert_true(access_decide(8, 7, ACCESS_UPDATE, CATEGORY_PLAN, &change));
	assert_true(access_decide(8, 7, ACCESS_DELETE, CATEGORY_BALANCE, &change));
	assert_false(access_decide(8, 7, ACCESS_READ, CATEGORY_ACCOUNT, &change));
	assert_false(access_decide(8, 7, ACCESS_READ, CATEGORY_AUDIT, &change));
	assert_false(access_decide(8, 7, ACCESS_LOGIN, CATEGORY_PLAN, &change));
	/* A representative does what the client does in the record, never with the account or its credentials. */
	assert_true(access_decide(9, 7, ACCESS_UPDATE, CATEGORY_THINKING_AHEAD, &representative));
	assert_true(access_decide(9, 7, ACCESS_READ, CATEGORY_AUDIT, &representative));
	assert_true(access_decide(9, 7, ACCESS_GRANT, CATEGORY_NETWORK, &representative));
	assert_false(access_decide(8, 7, ACCESS_READ, CATEGORY_NETWORK, &change));
	/* Help requests: seeing them includes offering to take one; posting and closing need "change". */
	assert_true(access_decide(8, 7, ACCESS_UPDATE, CATEGORY_HELP_REQUESTS, &see));
	assert_false(access_decide(8, 7, ACCESS_CREATE, CATEGORY_HELP_REQUESTS, &see));
	assert_false(access_decide(8, 7, ACCESS_DELETE, CATEGORY_HELP_REQUESTS, &see));
	assert_false(access_decide(8, 7, ACCESS_UPDATE, CATEGORY_HELP_REQUESTS, &none));
	/* Alerts: seeing them includes taking one up, snoozing and one's own duty; rules need "change". */
	assert_true(access_decide(8, 7, ACCESS_UPDATE, CATEGORY_ALERTS, &see));
	assert_true(access_decide(8, 7, ACCESS_READ, CATEGORY_ALERTS, &see));
	assert_false(access_decide(8, 7, ACCESS_CREATE, CATEGORY_ALERTS, &see));
	assert_false(access_decide(8, 7, ACCESS_DELETE, CATEGORY_ALERTS, &see));
	assert_true(access_decide(8, 7, ACCESS_CREATE, CATEGORY_ALERTS, &change));
	assert_false(access_decide(8, 7, ACCESS_UPDATE, CATEGORY_ALERTS, &none));
	assert_false(access_decide(8, 7, ACCESS_READ, CATEGORY_DAILY_LIFE, &none));
	assert_true(access_decide(8, 7, ACCESS_READ, CATEGORY_DAILY_LIFE, &see));
	assert_false(access_decide(8, 7, ACCESS_UPDATE, CATEGORY_DAILY_LIFE, &see));
	/* Messages: seeing them is taking part, writing included; nothing granted is nothing. */
	assert_true(access_decide(8, 7, ACCESS_CREATE, CATEGORY_MESSAGES, &see));
	assert_true(access_decide(8, 7, ACCESS_READ, CATEGORY_MESSAGES, &see));
	assert_false(access_decide(8, 7, ACCESS_DELETE, CATEGORY_MESSAGES, &see));
	assert_false(access_decide(8, 7, ACCESS_CREATE, CATEGORY_MESSAGES, &none));
	assert_false(access_decide(8, 7, ACCESS_READ, CATEGORY_MESSAGES, NULL));
	assert_false(access_decide(9, 7, ACCESS_DELETE, CATEGORY_ACCOUNT, &representative));
	assert_false(access_decide(9, 7, ACCESS_UPDATE, CATEGORY_PASSWORD, &representative));
	assert_false(access_decide(9, 7, ACCESS_UPDATE, CATEGORY_TWO_FACTOR, &representative));
	assert_string_equal(access_action_name(ACCESS_LOGIN_FAILURE), "login_failure");
	assert_string_equal(access_category_name(CATEGORY_TWO_FACTOR), "two_factor");
	assert_string_equal(access_outcome_name(OUTCOME_DENIED), "denied");
}

static void handing_on_rule(void **state)
{
	const int64_t end = 1000;

	(void)state;
	/* The client may give anything, to anyone, for as long as they like. */
	assert_int_equal(access_may_hand_on(7, 7, 9, 1, 0, 0, 0), HANDING_ALLOWED);
	assert_int_equal(access_may_hand_on(7, 7, 0, 0, 1, 0, 0), HANDING_ALLOWED);
	/* A representative: not their own rights, not another representative, not appointing one. */
	assert_int_equal(access_may_hand_on(9, 7, 9, 1, 0, 0, 0), HANDING_CLIENT_ONLY);
	assert_int_equal(access_may_hand_on(9, 7, 9, 1, 0, end, end), HANDING_CLIENT_ONLY);
	assert_int_equal(access_may_hand_on(9, 7, 10, 1, 0, 0, 0), HANDING_CLIENT_ONLY);
	assert_int_equal(access_may_hand_on(9, 7, 0, 0, 1, 0, 0), HANDING_CLIENT_ONLY);
	/* Others, for no longer than the mandate: "no end" is later than any end. */
	assert_int_equal(access_may_hand_on(9, 7, 11, 0, 0, 0, 0), HANDING_ALLOWED);
	assert_int_equal(access_may_hand_on(9, 7, 11, 0, 0, end, end), HANDING_ALLOWED);
	assert_int_equal(access_may_hand_on(9, 7, 0, 0, 0, end, end - 1), HANDING_ALLOWED);
	assert_int_equal(access_may_hand_on(9, 7, 11, 0, 0, end, end + 1), HANDING_LATER_END);
	assert_int_equal(access_may_hand_on(9, 7, 0, 0, 0, end, 0), HANDING_LATER_END);
}

static void thread_and_help_rules(void **state)
{
	const int64_t for_two[] = { 5, 9 };

	(void)state;
	/* The conversation: whoever manages the client's messages, and members with the right. */
	assert_true(access_takes_part(1, 0, 1, 0, 0, 1));
	assert_true(access_takes_part(5, 0, 0, 1, 0, 1));
	assert_false(access_takes_part(6, 0, 0, 0, 0, 0));
	/* A one-to-one thread: its member and those who manage, while the member keeps the right. */
	assert_true(access_takes_part(5, 5, 0, 1, 1, 1));
	assert_true(access_takes_part(1, 5, 1, 0, 1, 1));
	assert_false(access_takes_part(7, 5, 0, 1, 1, 0));
	assert_false(access_takes_part(5, 5, 0, 0, 0, 0));
	/* Once the member no longer takes part the thread has ended: the client reads it, nobody writes. */
	assert_true(access_takes_part(1, 5, 1, 0, 0, 0));
	assert_false(access_takes_part(1, 5, 1, 0, 0, 1));
	assert_false(access_takes_part(5, 5, 0, 0, 0, 1));
	/* Help requests: for everyone with the right, or only those named. */
	assert_true(access_help_meant_for(NULL, 0, 42));
	assert_true(access_help_meant_for(for_two, 2, 9));
	assert_false(access_help_meant_for(for_two, 2, 42));
	assert_false(access_help_meant_for(for_two, 0, 5));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error_table), cmocka_unit_test(buffers),        cmocka_unit_test(iso_times),
		cmocka_unit_test(settings),    cmocka_unit_test(session_expiry), cmocka_unit_test(access_rule),
		cmocka_unit_test(handing_on_rule),
		cmocka_unit_test(thread_and_help_rules), cmocka_unit_test(origins_and_hosts), cmocka_unit_test(public_url), cmocka_unit_test(utf8_scrubbing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
