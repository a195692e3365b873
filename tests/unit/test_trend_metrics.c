/* Blood-pressure means and weight change over N days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>

#include "measure/trend_metrics.h"

#define DAY 86400LL
#define HOUR 3600LL
#define T0 1767225600LL /* 2026-01-01T00:00:00Z */

static void bp_means(void **state)
{
	struct trend_bp_reading r[] = {
		{ 135, 85, 70, true },
		{ 128, 82, 0, false },
		{ 141, 90, 76, true },
	};
	struct trend_bp_mean m;

	(void)state;
	assert_int_equal(trend_bp_mean(r, 3, &m), 0);
	assert_int_equal(m.readings, 3);
	assert_true(fabs(m.systolic - 404.0 / 3) < 1e-12);
	assert_true(fabs(m.diastolic - 257.0 / 3) < 1e-12);
	/* Pulse over the two readings that have one, not over three. */
	assert_int_equal(m.pulse_readings, 2);
	assert_true(m.pulse == 73);
}

static void bp_none_and_bad(void **state)
{
	struct trend_bp_reading r[] = { { 120, 80, 0, false }, { 120, NAN, 0, false } };
	struct trend_bp_mean m;

	(void)state;
	assert_int_equal(trend_bp_mean(r, 0, &m), 0);
	assert_int_equal(m.readings, 0);
	assert_true(m.systolic == 0 && m.pulse == 0);
	assert_int_equal(trend_bp_mean(r, 1, &m), 0);
	assert_int_equal(m.pulse_readings, 0);
	assert_true(m.pulse == 0);
	assert_int_equal(trend_bp_mean(r, 2, &m), -1);
	r[1].diastolic = 80;
	r[1].has_pulse = true; /* a pulse of 0 when one is claimed */
	assert_int_equal(trend_bp_mean(r, 2, &m), -1);
	r[1].pulse = 64;
	assert_int_equal(trend_bp_mean(r, 2, &m), 0);
	assert_true(m.pulse == 64);
	r[0].systolic = -120;
	assert_int_equal(trend_bp_mean(r, 2, &m), -1);
}

/* Daily weighing at 07:00 for 30 days, 80.0 kg going up 0.1 kg a day, shuffled. */
static void daily_weighing(void **state)
{
	struct trend_weight w[30];
	struct trend_weight_change c;

	(void)state;
	for (int i = 0; i < 30; i++) {
		int d = (i * 7) % 30;

		w[i].time = T0 + d * DAY + 7 * HOUR;
		w[i].kg = 80.0 + 0.1 * d;
	}
	assert_int_equal(trend_weight_change(w, 30, 7, &c), 0);
	assert_true(c.found);
	assert_int_equal(c.latest_time, T0 + 29 * DAY + 7 * HOUR);
	assert_int_equal(c.earlier_time, T0 + 22 * DAY + 7 * HOUR);
	assert_true(fabs(c.change_kg - 0.7) < 1e-9);
	assert_true(c.latest_kg == 80.0 + 0.1 * 29);
	assert_true(c.days == 7);
	/* The 3-day change of the heart failure rule. */
	assert_int_equal(trend_weight_change(w, 30, 3, &c), 0);
	assert_true(c.found && c.days == 3);
	assert_true(fabs(c.change_kg - 0.3) < 1e-9);
}

static void tolerance_window(void **state)
{
	struct trend_weight_change c;
	/* Latest at day 30; candidates 6.0 and 8.5 days before it. */
	struct trend_weight w[] = {
		{ T0 + 30 * DAY, 90 },
		{ T0 + 24 * DAY, 91 },
		{ T0 + 21 * DAY + 12 * HOUR, 92 },
	};

	(void)state;
	/* 7 days: tolerance 1.75 days; 6.0 is 1.0 off, 8.5 is 1.5 off: the nearer, 6.0. */
	assert_int_equal(trend_weight_change(w, 3, 7, &c), 0);
	assert_true(c.found);
	assert_true(c.earlier_kg == 91);
	assert_true(c.change_kg == -1);
	assert_true(c.days == 6);
	/* 4 days: tolerance 1 day; 6.0 is 2 days off: none. */
	assert_int_equal(trend_weight_change(w, 3, 4, &c), 0);
	assert_false(c.found);
	/* Exactly on the edge counts: 8 days, tolerance 2 days, 6.0 days before is 2 days off. */
	assert_int_equal(trend_weight_change(w, 2, 8, &c), 0);
	assert_true(c.found && c.days == 6);
	/* 1 second past the edge does not. */
	w[1].time += 1;
	assert_int_equal(trend_weight_change(w, 2, 8, &c), 0);
	assert_false(c.found);
}

static void tolerance_is_capped_at_seven_days(void **state)
{
	struct trend_weight w[] = { { T0 + 100 * DAY, 70 }, { T0 + 100 * DAY - 52 * DAY, 72 } };
	struct trend_weight_change c;

	(void)state;
	/* 60 days: a quarter would be 15 days, but the cap is 7; 52 days is 8 off. */
	assert_int_equal(trend_weight_change(w, 2, 60, &c), 0);
	assert_false(c.found);
	w[1].time -= DAY; /* 53 days: 7 off */
	assert_int_equal(trend_weight_change(w, 2, 60, &c), 0);
	assert_true(c.found);
	assert_true(c.change_kg == -2);
}

static void ties_and_single_readings(void **state)
{
	/* Latest at day 10; 7 days before is day 3; days 2 and 4 are equally near: the earlier. */
	struct trend_weight w[] = { { T0 + 4 * DAY, 61 }, { T0 + 10 * DAY, 60 }, { T0 + 2 * DAY, 62 } };
	struct trend_weight_change c;

	(void)state;
	assert_int_equal(trend_weight_change(w, 3, 7, &c), 0);
	assert_true(c.found);
	assert_true(c.earlier_kg == 62);
	assert_true(c.days == 8);
	/* One reading: nothing to compare with. */
	assert_int_equal(trend_weight_change(w + 1, 1, 7, &c), 0);
	assert_false(c.found);
	assert_int_equal(trend_weight_change(w, 0, 7, &c), 0);
	assert_false(c.found);
	/* With 1 day the window is 0.75 to 1.25 days back: a reading an hour before is not in it. */
	w[0].time = T0 + 10 * DAY - HOUR;
	assert_int_equal(trend_weight_change(w, 2, 1, &c), 0);
	assert_false(c.found);
}

static void weight_bad_input(void **state)
{
	struct trend_weight w[] = { { T0, 80 }, { T0 + DAY, 0 } };
	struct trend_weight_change c;

	(void)state;
	assert_int_equal(trend_weight_change(w, 2, 1, &c), -1);
	w[1].kg = NAN;
	assert_int_equal(trend_weight_change(w, 2, 1, &c), -1);
	w[1].kg = 80;
	assert_int_equal(trend_weight_change(w, 2, 0, &c), -1);
	assert_int_equal(trend_weight_change(w, 2, TREND_WEIGHT_DAYS_MAX + 1, &c), -1);
	w[1].time = INT64_MAX;
	assert_int_equal(trend_weight_change(w, 2, 1, &c), -1);
	w[1].time = T0 + DAY;
	assert_int_equal(trend_weight_change(w, 2, 1, &c), 0);
	assert_true(c.found);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bp_means),
		cmocka_unit_test(bp_none_and_bad),
		cmocka_unit_test(daily_weighing),
		cmocka_unit_test(tolerance_window),
		cmocka_unit_test(tolerance_is_capped_at_seven_days),
		cmocka_unit_test(ties_and_single_readings),
		cmocka_unit_test(weight_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
