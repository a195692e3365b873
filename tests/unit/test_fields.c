/* The field validator that every record item passes: types, ranges, nesting, unknown fields, paths in errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "api/fields.h"

static const char *const colours[] = { "red", "green", NULL };

static const struct field_spec inner[] = {
	{ "score", FIELD_INT, FIELD_REQUIRED, 0, 10, NULL, NULL },
	{ "note", FIELD_TEXT, FIELD_MULTILINE, 0, 5, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static const struct field_spec spec[] = {
	{ "name", FIELD_TEXT, FIELD_REQUIRED, 1, 10, NULL, NULL },
	{ "colour", FIELD_ENUM, 0, 0, 0, colours, NULL },
	{ "colours", FIELD_ENUM_LIST, 0, 0, 2, colours, NULL },
	{ "ids", FIELD_ID_LIST, 0, 0, 3, NULL, NULL },
	{ "flag", FIELD_BOOL, 0, 0, 0, NULL, NULL },
	{ "day", FIELD_DATE, 0, 0, 0, NULL, NULL },
	{ "rating", FIELD_OBJECT, 0, 0, 0, NULL, inner },
	{ "list", FIELD_LIST, 0, 0, 2, NULL, inner },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

/* Validates JSON text; returns the clean object or NULL with err filled. */
static json_t *run(const char *text, struct field_error *err)
{
	json_t *in = json_loads(text, 0, NULL);
	json_t *out;

	assert_non_null(in);
	out = fields_validate(spec, in, err);
	json_decref(in);
	return out;
}

static void expect_error(const char *text, const char *field)
{
	struct field_error err;
	json_t *out = run(text, &err);

	if (out) {
		json_decref(out);
		fail_msg("accepted %s", text);
	}
	assert_string_equal(err.field, field);
	assert_true(strncmp(err.message, field, strlen(field)) == 0);
}

static void keeps_only_known_fields(void **state)
{
	struct field_error err;
	json_t *out = run("{\"name\":\"Els\",\"extra\":1,\"colour\":\"red\",\"flag\":false,\"day\":\"2026-03-14\","
			  "\"rating\":{\"score\":3,\"x\":1},\"list\":[{\"score\":1,\"note\":\"a\\nb\"}],\"ids\":[3,1]}",
			  &err);

	(void)state;
	assert_non_null(out);
	assert_null(json_object_get(out, "extra"));
	assert_null(json_object_get(json_object_get(out, "rating"), "x"));
	assert_string_equal(json_string_value(json_object_get(out, "name")), "Els");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(out, "rating"), "score")), 3);
	assert_int_equal(json_array_size(json_object_get(out, "ids")), 2);
	assert_true(json_is_false(json_object_get(out, "flag")));
	json_decref(out);
}

static void absent_optional_stays_absent(void **state)
{
	struct field_error err;
	json_t *out = run("{\"name\":\"x\",\"colour\":null}", &err);

	(void)state;
	assert_non_null(out);
	assert_int_equal(json_object_size(out), 1);
	json_decref(out);
}

static void refusals_name_the_field(void **state)
{
	(void)state;
	expect_error("{}", "name");
	expect_error("{\"name\":\"\"}", "name");
	expect_error("{\"name\":\"elevenchars\"}", "name");
	expect_error("{\"name\":5}", "name");
	expect_error("{\"name\":\"a\\nb\"}", "name");           /* single-line text */
	expect_error("{\"name\":\"a\\u007f\"}", "name");
	expect_error("{\"name\":\"x\",\"colour\":\"blue\"}", "colour");
	expect_error("{\"name\":\"x\",\"colours\":[\"red\",\"red\"]}", "colours[1]");
	expect_error("{\"name\":\"x\",\"colours\":[\"red\",\"green\",\"red\"]}", "colours");
	expect_error("{\"name\":\"x\",\"ids\":[0]}", "ids[0]");
	expect_error("{\"name\":\"x\",\"ids\":[\"1\"]}", "ids[0]");
	expect_error("{\"name\":\"x\",\"flag\":1}", "flag");
	expect_error("{\"name\":\"x\",\"day\":\"2026-02-30\"}", "day");
	expect_error("{\"name\":\"x\",\"day\":\"2026-03-14T10:00:00Z\"}", "day");
	expect_error("{\"name\":\"x\",\"rating\":{}}", "rating.score");
	expect_error("{\"name\":\"x\",\"rating\":{\"score\":11}}", "rating.score");
	expect_error("{\"name\":\"x\",\"rating\":{\"score\":1.5}}", "rating.score");
	expect_error("{\"name\":\"x\",\"rating\":[]}", "rating");
	expect_error("{\"name\":\"x\",\"list\":[{\"score\":1},{\"score\":1,\"note\":\"toolong\"}]}", "list[1].note");
	expect_error("{\"name\":\"x\",\"list\":[{\"score\":1},{\"score\":1},{\"score\":1}]}", "list");
}

static void characters_not_bytes(void **state)
{
	struct field_error err;
	/* Ten characters of two bytes each fit a limit of ten. */
	json_t *out = run("{\"name\":\"\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\\u00e9\"}", &err);

	(void)state;
	assert_non_null(out);
	json_decref(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keeps_only_known_fields),
		cmocka_unit_test(absent_optional_stays_absent),
		cmocka_unit_test(refusals_name_the_field),
		cmocka_unit_test(characters_not_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
