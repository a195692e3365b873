/*
 * The route table itself (src/http/routes.c): a kind of record item kept as
 * written (KIND_APPEND_ONLY) has no route that changes or removes an item,
 * every route of a record handler names its kind, and every kind has routes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "api/api.h"
#include "api/record.h"
#include "http/dispatch.h"
#include "http/route_table.h"

static int changes_an_item(const struct route *r)
{
	return r->handler == api_record_update || r->handler == api_record_delete;
}

static void append_only_kinds_cannot_change(void **state)
{
	int seen = 0;

	(void)state;
	for (size_t i = 0; i < api_routes_count; i++) {
		const struct route *r = &api_routes[i];
		const struct record_kind *kind = r->arg;

		if (!changes_an_item(r))
			continue;
		seen++;
		if (!kind)
			fail_msg("%s %s: a record route without a kind", http_method_name(r->method), r->pattern);
		if (kind->flags & KIND_APPEND_ONLY)
			fail_msg("%s %s changes items of '%s', which are kept as written", http_method_name(r->method),
				 r->pattern, kind->kind);
	}
	/* Without routes that change items the check above would pass on anything. */
	assert_true(seen > 0);
}

static void every_kind_has_its_routes(void **state)
{
	(void)state;
	for (const struct record_kind *const *k = record_kinds; *k; k++) {
		int lists = 0, creates = 0, gets = 0;

		for (size_t i = 0; i < api_routes_count; i++) {
			const struct route *r = &api_routes[i];

			if (route_record_kind(r) != *k)
				continue;
			lists += r->handler == api_record_list;
			creates += r->handler == api_record_create;
			gets += r->handler == api_record_get;
		}
		if (lists != 1 || creates != 1 || gets != 1)
			fail_msg("kind '%s': %d list, %d create and %d get routes, not one of each", (*k)->kind, lists,
				 creates, gets);
	}
}

static void record_routes_name_their_kind(void **state)
{
	(void)state;
	for (size_t i = 0; i < api_routes_count; i++) {
		const struct route *r = &api_routes[i];
		int record = r->handler == api_record_list || r->handler == api_record_create ||
			     r->handler == api_record_get || changes_an_item(r);

		if (record && !route_record_kind(r))
			fail_msg("%s %s: a record route without a kind", http_method_name(r->method), r->pattern);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(append_only_kinds_cannot_change),
		cmocka_unit_test(every_kind_has_its_routes),
		cmocka_unit_test(record_routes_name_their_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
