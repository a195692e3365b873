/*
 * The shared words (src/access/vocabulary.h): stored names that can be keys
 * of the store and of the translation files, none twice, none taken by a
 * special right; and what derives from them agrees with them: the rights an
 * invitation or a member can hold, and what the access rule lets a member see.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "access/access.h"
#include "access/vocabulary.h"
#include "api/network.h"

/* A stored name: lower-case words joined by underscores. */
static void assert_stored_name(const char *name)
{
	assert_non_null(name);
	assert_true(*name);
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
			fail_msg("'%s' is not a stored name", name);
}

static void names_are_distinct(void **state)
{
	(void)state;
	assert_true(vocabulary_categories_count > 0);
	for (size_t i = 0; i < vocabulary_categories_count; i++) {
		const char *name = vocabulary_categories[i].name;

		assert_stored_name(name);
		for (size_t k = 0; k < i; k++)
			if (!strcmp(name, vocabulary_categories[k].name))
				fail_msg("category '%s' twice", name);
		/* Rights rows hold both under one column: a clash would grant one as the other. */
		for (const char *const *r = vocabulary_special_rights; *r; r++)
			if (!strcmp(name, *r))
				fail_msg("category '%s' has the name of a special right", name);
	}
	assert_non_null(vocabulary_disciplines[0]);
	for (const char *const *d = vocabulary_disciplines; *d; d++) {
		assert_stored_name(*d);
		for (const char *const *e = vocabulary_disciplines; e < d; e++)
			if (!strcmp(*d, *e))
				fail_msg("discipline '%s' twice", *d);
	}
}

static void rights_are_the_shareable_categories(void **state)
{
	const struct field_spec *f = network_rights_fields;

	(void)state;
	for (size_t i = 0; i < vocabulary_categories_count; i++) {
		if (!(vocabulary_categories[i].flags & VOCABULARY_SHAREABLE))
			continue;
		if (!f->name || strcmp(f->name, vocabulary_categories[i].name))
			fail_msg("rights field '%s' where category '%s' was expected", f->name ? f->name : "(end)",
				 vocabulary_categories[i].name);
		f++;
	}
	if (f->name)
		fail_msg("rights field '%s' is not a shareable category", f->name);
}

static void members_see_only_what_can_be_shared(void **state)
{
	const struct access_grant everything = { .level = 2, .on_behalf = 0 };

	(void)state;
	for (size_t i = 0; i < vocabulary_categories_count; i++) {
		enum access_category c = (enum access_category)i;
		int shareable = (vocabulary_categories[i].flags & VOCABULARY_SHAREABLE) != 0;

		assert_string_equal(access_category_name(c), vocabulary_categories[i].name);
		if (access_decide(2, 1, ACCESS_READ, c, &everything) != shareable)
			fail_msg("a member with every right %s '%s'", shareable ? "may not read" : "may read",
				 vocabulary_categories[i].name);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names_are_distinct),
		cmocka_unit_test(rights_are_the_shareable_categories),
		cmocka_unit_test(members_see_only_what_can_be_shared),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
