/* Router matching: literal and {id} segments, 404 versus 405, the Allow header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/router.h"

static int h(struct request *req)
{
	(void)req;
	return 0;
}

static const struct route routes[] = {
	{ METHOD_GET, "/api/v1/health", h, 0, NULL },
	{ METHOD_GET, "/api/v1/me", h, 0, NULL },
	{ METHOD_PATCH, "/api/v1/me", h, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{id}/goals", h, 0, NULL },
	{ METHOD_POST, "/api/v1/clients/{id}/goals/{id}", h, 0, NULL },
	{ METHOD_GET, "/api/v1/clients/{client}/plan", h, 0, NULL },
};
#define N (sizeof(routes) / sizeof(routes[0]))

static void literal_match(void **state)
{
	struct route_match m;

	(void)state;
	router_match(routes, N, METHOD_GET, "/api/v1/health", &m);
	assert_ptr_equal(m.route, &routes[0]);
	router_match(routes, N, METHOD_PATCH, "/api/v1/me", &m);
	assert_ptr_equal(m.route, &routes[2]);
	router_match(routes, N, METHOD_HEAD, "/api/v1/me", &m);
	assert_ptr_equal(m.route, &routes[1]);
}

static void ids_are_bound(void **state)
{
	struct route_match m;

	(void)state;
	router_match(routes, N, METHOD_GET, "/api/v1/clients/42/goals", &m);
	assert_ptr_equal(m.route, &routes[3]);
	assert_int_equal(m.ids[0], 42);
	router_match(routes, N, METHOD_POST, "/api/v1/clients/7/goals/9007199254740992", &m);
	assert_ptr_equal(m.route, &routes[4]);
	assert_int_equal(m.ids[0], 7);
	assert_int_equal(m.ids[1], 9007199254740992LL);
}

static void client_segment_takes_me(void **state)
{
	struct route_match m;

	(void)state;
	router_match(routes, N, METHOD_GET, "/api/v1/clients/me/plan", &m);
	assert_ptr_equal(m.route, &routes[5]);
	assert_int_equal(m.ids[0], ROUTE_ID_ME);
	router_match(routes, N, METHOD_GET, "/api/v1/clients/12/plan", &m);
	assert_int_equal(m.ids[0], 12);
	/* "me" is only for {client}, not for other ids. */
	router_match(routes, N, METHOD_GET, "/api/v1/clients/me/goals", &m);
	assert_null(m.route);
	router_match(routes, N, METHOD_GET, "/api/v1/clients/mee/plan", &m);
	assert_null(m.route);
}

static void bad_ids_do_not_match(void **state)
{
	static const char *bad[] = {
		"/api/v1/clients/0/goals",     "/api/v1/clients/-1/goals", "/api/v1/clients/01/goals",
		"/api/v1/clients/abc/goals",   "/api/v1/clients//goals",   "/api/v1/clients/1e3/goals",
		"/api/v1/clients/9007199254740993/goals", "/api/v1/clients/99999999999999999999/goals",
	};
	struct route_match m;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		router_match(routes, N, METHOD_GET, bad[i], &m);
		assert_null(m.route);
		assert_int_equal(m.allowed, 0);
	}
}

static void not_found_versus_wrong_method(void **state)
{
	struct route_match m;
	char allow[64];

	(void)state;
	router_match(routes, N, METHOD_GET, "/api/v1/nothing", &m);
	assert_null(m.route);
	assert_int_equal(m.allowed, 0);
	router_match(routes, N, METHOD_GET, "/api/v1/me/", &m);
	assert_null(m.route);
	router_match(routes, N, METHOD_GET, "/api/v1", &m);
	assert_null(m.route);

	router_match(routes, N, METHOD_DELETE, "/api/v1/me", &m);
	assert_null(m.route);
	assert_int_equal(m.allowed, METHOD_GET | METHOD_HEAD | METHOD_PATCH);
	router_allow_header(m.allowed, allow, sizeof(allow));
	assert_string_equal(allow, "GET, HEAD, PATCH");
}

static void methods_parse(void **state)
{
	(void)state;
	assert_int_equal(http_method_parse("GET"), METHOD_GET);
	assert_int_equal(http_method_parse("DELETE"), METHOD_DELETE);
	assert_int_equal(http_method_parse("get"), METHOD_OTHER);
	assert_int_equal(http_method_parse("TRACE"), METHOD_OTHER);
	assert_string_equal(http_method_name(METHOD_PATCH), "PATCH");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(literal_match),
		cmocka_unit_test(ids_are_bound),
		cmocka_unit_test(client_segment_takes_me),
		cmocka_unit_test(bad_ids_do_not_match),
		cmocka_unit_test(not_found_versus_wrong_method),
		cmocka_unit_test(methods_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
