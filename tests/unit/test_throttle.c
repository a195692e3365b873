/* Limits: login slowing and locking, fixed-window rates, bounded memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>

#include "http/throttle.h"

static const struct failure_rule rule = { .slow_after = 3, .lock_after = 6, .lock_seconds = 900 };

static void fresh_key_may_try(void **state)
{
	struct throttle *t = throttle_new(16);

	(void)state;
	assert_int_equal(throttle_failure_wait(t, "a:jan@x.nl", 1000, &rule), 0);
	throttle_free(t);
}

static void slowed_then_locked(void **state)
{
	struct throttle *t = throttle_new(16);
	int64_t now = 1000000;

	(void)state;
	for (int i = 0; i < 2; i++)
		throttle_failure_add(t, "k", now, &rule);
	assert_int_equal(throttle_failure_wait(t, "k", now, &rule), 0);
	throttle_failure_add(t, "k", now, &rule); /* 3: slowed, 1 s */
	assert_int_equal(throttle_failure_wait(t, "k", now, &rule), 1);
	assert_int_equal(throttle_failure_wait(t, "k", now + 1000, &rule), 0);
	throttle_failure_add(t, "k", now, &rule); /* 4: 2 s */
	assert_int_equal(throttle_failure_wait(t, "k", now + 500, &rule), 2);
	throttle_failure_add(t, "k", now, &rule); /* 5: 4 s */
	assert_int_equal(throttle_failure_wait(t, "k", now, &rule), 4);
	throttle_failure_add(t, "k", now, &rule); /* 6: locked for 900 s */
	assert_int_equal(throttle_failure_wait(t, "k", now, &rule), 900);
	assert_int_equal(throttle_failure_wait(t, "k", now + 899000, &rule), 1);
	/* Not locked out for good. */
	assert_int_equal(throttle_failure_wait(t, "k", now + 900000, &rule), 0);
	/* Other keys are not affected. */
	assert_int_equal(throttle_failure_wait(t, "other", now, &rule), 0);
	throttle_free(t);
}

static void success_clears(void **state)
{
	struct throttle *t = throttle_new(16);

	(void)state;
	for (int i = 0; i < 6; i++)
		throttle_failure_add(t, "k", 0, &rule);
	assert_true(throttle_failure_wait(t, "k", 0, &rule) > 0);
	throttle_failure_clear(t, "k");
	assert_int_equal(throttle_failure_wait(t, "k", 0, &rule), 0);
	throttle_free(t);
}

static void window_rate(void **state)
{
	struct throttle *t = throttle_new(16);

	(void)state;
	for (int i = 0; i < 3; i++)
		assert_int_equal(throttle_take(t, "c:1", 10000, 3, 60), 0);
	assert_int_equal(throttle_take(t, "c:1", 10000, 3, 60), 60);
	assert_int_equal(throttle_take(t, "c:1", 40000, 3, 60), 30);
	assert_int_equal(throttle_take(t, "c:2", 40000, 3, 60), 0);
	assert_int_equal(throttle_take(t, "c:1", 70000, 3, 60), 0);
	throttle_free(t);
}

static void memory_is_bounded(void **state)
{
	struct throttle *t = throttle_new(16);
	char key[32];

	(void)state;
	/* Many more keys than room: the table keeps working and remembers the newest. */
	for (int i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "a:%d", i);
		for (int k = 0; k < 6; k++)
			throttle_failure_add(t, key, i, &rule);
	}
	assert_int_equal(throttle_failure_wait(t, "a:999", 1000, &rule), 900);
	throttle_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fresh_key_may_try), cmocka_unit_test(slowed_then_locked),
		cmocka_unit_test(success_clears),    cmocka_unit_test(window_rate),
		cmocka_unit_test(memory_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
