/*
 * INR time in therapeutic range (Rosendaal): the four hqmf2js cases in
 * ../shared/data/inr-ttr (read at run time, skipped if absent) and our own
 * edge cases.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "measure/inr_ttr.h"
#include "util/buf.h"

#define INR_CASES "../shared/data/inr-ttr/hqmf2js_percent_ttr_cases.json"

static void assert_close(double got, double want, double tol, const char *what)
{
	if (!(fabs(got - want) <= tol)) {
		print_error("%s: got %.17g, want %.17g (tolerance %g)\n", what, got, want, tol);
		fail();
	}
}

/* Day number of "YYYY-MM-DD" (days since 1970-01-01; timegm() does the calendar). */
static int32_t day_of(const char *date)
{
	struct tm tm = { 0 };

	assert_int_equal(sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday), 3);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int32_t)(timegm(&tm) / 86400);
}

/* The case's results, one inr_result per value (a result with two values gives two). */
static struct inr_result *case_results(json_t *c, size_t *n)
{
	json_t *results = json_object_get(c, "inr_results"), *r, *v;
	struct inr_result *out;
	size_t i, j, count = 0;

	json_array_foreach(results, i, r)
		count += json_array_size(json_object_get(r, "inr_values"));
	out = xmalloc((count ? count : 1) * sizeof(*out));
	*n = 0;
	json_array_foreach(results, i, r) {
		int32_t day = day_of(json_string_value(json_object_get(r, "date")));

		json_array_foreach(json_object_get(r, "inr_values"), j, v) {
			assert_true(json_is_number(v));
			out[*n].day = day;
			out[(*n)++].inr = json_number_value(v);
		}
	}
	return out;
}

static void hqmf2js_cases(void **state)
{
	json_error_t jerr;
	json_t *root = json_load_file(INR_CASES, 0, &jerr), *c;
	size_t i, checked = 0, intervals_checked = 0, cleaned_checked = 0;

	(void)state;
	if (!root) {
		printf("SKIP: %s not found (the INR test data sit beside the repository in ../shared/data)\n",
		       INR_CASES);
		skip();
	}
	json_array_foreach(json_object_get(root, "cases"), i, c) {
		const char *name = json_string_value(json_object_get(c, "name"));
		json_t *expected = json_object_get(c, "expected"), *per_interval, *cleaned;
		double tol = json_number_value(json_object_get(c, "tolerance"));
		double want_days = json_number_value(json_object_get(expected, "calculateTTR_days_in_range"));
		double want_percent = json_number_value(json_object_get(expected, "calculatePercentTTR"));
		struct inr_result *results, *clean;
		struct inr_ttr ttr;
		size_t n, m;

		assert_non_null(name);
		assert_true(tol > 0 && tol <= 0.001);
		results = case_results(c, &n);
		assert_int_equal(inr_ttr(results, n, 2.0, 3.0, &ttr), 0);
		assert_true(ttr.has_percent);
		assert_close(ttr.days_in_range, want_days, tol, name);
		assert_close(ttr.percent, want_percent, tol, name);
		/* The days of the included intervals follow from the two: 198 or 213 here. */
		assert_int_equal(ttr.days_included, llround(100 * want_days / want_percent));
		assert_int_equal(ttr.intervals_excluded, 0);

		clean = xmalloc(n * sizeof(*clean));
		m = inr_clean(results, n, 2.5, clean);
		assert_int_equal(ttr.results_used, m);

		per_interval = json_object_get(expected, "days_in_range_per_interval");
		if (per_interval) {
			json_t *iv;
			size_t k;

			assert_int_equal(json_array_size(per_interval), m - 1);
			json_array_foreach(per_interval, k, iv) {
				const char *span = json_string_value(json_object_get(iv, "interval"));

				/* "2010-01-05/2010-01-18": the interval must be ours too. */
				assert_int_equal(clean[k].day, day_of(span));
				assert_int_equal(clean[k + 1].day, day_of(span + 11));
				assert_close(inr_interval_days_in_range(&clean[k], &clean[k + 1], 2.0, 3.0),
					     json_number_value(json_object_get(iv, "days_in_range")), tol, span);
				intervals_checked++;
			}
		}
		cleaned = json_object_get(expected, "cleaned_inr_values_in_date_order");
		if (cleaned) {
			json_t *v;
			size_t k;

			assert_int_equal(json_array_size(cleaned), m);
			json_array_foreach(cleaned, k, v) {
				assert_true(clean[k].inr == json_number_value(v));
				if (k > 0)
					assert_true(clean[k].day > clean[k - 1].day);
				cleaned_checked++;
			}
		}
		free(clean);
		free(results);
		checked++;
	}
	assert_int_equal(checked, 4);
	assert_int_equal(intervals_checked, 12);
	assert_int_equal(cleaned_checked, 13);
	json_decref(root);
}

static struct inr_ttr ttr_of(const struct inr_result *r, size_t n, double low, double high)
{
	struct inr_ttr t;

	assert_int_equal(inr_ttr(r, n, low, high, &t), 0);
	return t;
}

static void no_or_one_result(void **state)
{
	struct inr_result one = { 100, 2.5 };
	struct inr_ttr t;

	(void)state;
	t = ttr_of(NULL, 0, 2, 3);
	assert_false(t.has_percent);
	assert_int_equal(t.results_used, 0);
	t = ttr_of(&one, 1, 2, 3);
	assert_false(t.has_percent);
	assert_int_equal(t.results_used, 1);
	assert_int_equal(t.intervals_included, 0);
	assert_true(t.days_in_range == 0 && t.days_included == 0 && t.percent == 0);
}

static void all_in_range(void **state)
{
	struct inr_result r[] = { { 0, 2.0 }, { 14, 2.5 }, { 28, 3.0 }, { 35, 2.2 } };
	struct inr_ttr t = ttr_of(r, 4, 2, 3);

	(void)state;
	assert_true(t.has_percent);
	assert_true(t.days_in_range == 35);
	assert_int_equal(t.days_included, 35);
	assert_true(t.percent == 100);
	assert_int_equal(t.intervals_included, 3);
}

/* The bounds are in range; a line that only touches one spends no time in range. */
static void results_on_a_bound(void **state)
{
	struct inr_result on_low[] = { { 0, 2.0 }, { 10, 1.5 } };
	struct inr_result on_high[] = { { 0, 4.0 }, { 10, 3.0 } };
	struct inr_result up_to_low[] = { { 0, 1.0 }, { 10, 2.0 } };
	struct inr_result bound_to_bound[] = { { 0, 2.0 }, { 10, 3.0 } };
	struct inr_result below_to_high[] = { { 0, 1.0 }, { 10, 3.0 } };

	(void)state;
	assert_true(ttr_of(on_low, 2, 2, 3).days_in_range == 0);
	assert_true(ttr_of(on_high, 2, 2, 3).days_in_range == 0);
	assert_true(ttr_of(up_to_low, 2, 2, 3).days_in_range == 0);
	assert_true(ttr_of(bound_to_bound, 2, 2, 3).days_in_range == 10);
	/* From 1.0 to 3.0 the line reaches 2.0 halfway: 5 days in range. */
	assert_close(ttr_of(below_to_high, 2, 2, 3).days_in_range, 5, 1e-12, "1.0 to 3.0");
}

static void crossing_both_bounds(void **state)
{
	struct inr_result up[] = { { 0, 1.5 }, { 20, 3.5 } };
	struct inr_result down[] = { { 0, 4.0 }, { 30, 1.0 } };
	struct inr_ttr t;

	(void)state;
	/* 1.5 to 3.5 over 20 days: in 2.0-3.0 for half the rise, 10 days. */
	t = ttr_of(up, 2, 2, 3);
	assert_close(t.days_in_range, 10, 1e-12, "up");
	assert_close(t.percent, 50, 1e-12, "up %");
	/* 4.0 to 1.0 over 30 days: a third of the fall, 10 days. */
	assert_close(ttr_of(down, 2, 2, 3).days_in_range, 10, 1e-12, "down");
	/* The client's own range, 2.5-3.5: one unit of the three it falls, again 10 days. */
	assert_close(ttr_of(down, 2, 2.5, 3.5).days_in_range, 10, 1e-12, "down, 2.5-3.5");
	/* A range 1.5 wide, 2.0-3.5: half of the fall from 4.0 to 1.0, 15 days. */
	assert_close(ttr_of(down, 2, 2.0, 3.5).days_in_range, 15, 1e-12, "down, 2.0-3.5");
}

static void crossing_one_bound(void **state)
{
	/* 2.8 to 3.5 over 13 days: in range while it climbs 0.2 of 0.7, 13 * 2/7 days (hqmf2js's 3.714). */
	struct inr_result r[] = { { 0, 2.8 }, { 13, 3.5 } };
	struct inr_result low[] = { { 0, 1.7 }, { 14, 2.3 } };

	(void)state;
	assert_close(ttr_of(r, 2, 2, 3).days_in_range, 13.0 * 2 / 7, 1e-12, "2.8 to 3.5");
	/* 1.7 to 2.3: in range for the half above 2.0, 7 days. */
	assert_close(ttr_of(low, 2, 2, 3).days_in_range, 7, 1e-12, "1.7 to 2.3");
}

static void same_day_duplicates(void **state)
{
	struct inr_result r[] = { { 10, 2.0 }, { 0, 3.6 }, { 0, 2.4 }, { 10, 3.9 } };
	struct inr_result tie_a[] = { { 0, 2.3 }, { 0, 2.7 }, { 5, 2.5 } };
	struct inr_result tie_b[] = { { 0, 2.7 }, { 0, 2.3 }, { 5, 2.5 } };
	struct inr_result out[4];
	struct inr_ttr t;

	(void)state;
	assert_int_equal(inr_clean(r, 4, 2.5, out), 2);
	assert_true(out[0].day == 0 && out[0].inr == 2.4);
	assert_true(out[1].day == 10 && out[1].inr == 2.0);
	t = ttr_of(r, 4, 2, 3);
	assert_int_equal(t.results_used, 2);
	assert_true(t.days_in_range == 10);

	/* A tie around 2.5 keeps the lower value, in whichever order the two come. */
	assert_int_equal(inr_clean(tie_a, 3, 2.5, out), 2);
	assert_true(out[0].inr == 2.3);
	assert_int_equal(inr_clean(tie_b, 3, 2.5, out), 2);
	assert_true(out[0].inr == 2.3);

	/* For the range 2.5-3.5 the middle is 3.0: 2.4 and 3.6 tie (lower kept), 3.9 beats 2.0. */
	assert_int_equal(inr_clean(r, 4, 3.0, out), 2);
	assert_true(out[0].inr == 2.4);
	assert_true(out[1].inr == 3.9);
}

/*
 * inr_ttr() picks same-day duplicates by the middle of the range it is
 * given: for 2.5-3.5 that is 3.0, so of 2.2 and 3.7 it keeps 3.7, and the
 * line from 3.7 to 3.0 over 10 days is in range for 0.5 / 0.7 of them
 * (from 2.2 it would be 0.5 / 0.8).
 */
static void duplicates_follow_the_range(void **state)
{
	struct inr_result r[] = { { 0, 2.2 }, { 0, 3.7 }, { 10, 3.0 } };

	(void)state;
	assert_close(ttr_of(r, 3, 2.5, 3.5).days_in_range, 10 * 0.5 / 0.7, 1e-12, "2.5-3.5");
	assert_close(ttr_of(r, 3, 2.0, 3.0).days_in_range, 10, 1e-12, "2.0-3.0: 2.2 kept");
}

static void clean_up_limits(void **state)
{
	struct inr_result r[] = { { 0, 0.79 }, { 1, 0.8 }, { 2, 10.0 }, { 3, 10.5 }, { 4, NAN }, { 5, -1 } };
	struct inr_result out[6];

	(void)state;
	assert_int_equal(inr_clean(r, 6, 2.5, out), 3);
	assert_true(out[0].day == 1 && out[0].inr == 0.8);
	assert_true(out[1].day == 2 && out[1].inr == 10.0);
	assert_true(out[2].day == 3 && out[2].inr == 10.0);
	/* A day whose only value is dropped leaves no result, so the next day is not "a duplicate". */
	assert_int_equal(inr_clean(r, 1, 2.5, out), 0);
}

static void long_gaps_are_left_out(void **state)
{
	struct inr_result r[] = { { 0, 2.5 }, { 56, 2.5 }, { 113, 2.5 }, { 120, 1.0 } };
	struct inr_ttr t = ttr_of(r, 4, 2, 3);

	(void)state;
	/* 0-56 (56 days) counts; 56-113 (57 days) does not; 113-120 counts, 7 days, 1.5 of them in range. */
	assert_int_equal(t.intervals_included, 2);
	assert_int_equal(t.intervals_excluded, 1);
	assert_int_equal(t.days_included, 56 + 7);
	assert_close(t.days_in_range, 56 + 7 * 0.5 / 1.5, 1e-12, "days");
	assert_close(t.percent, 100 * (56 + 7 * 0.5 / 1.5) / 63, 1e-12, "percent");

	/* Only an excluded interval: no percentage. */
	assert_false(ttr_of(r + 1, 2, 2, 3).has_percent);
}

static void bad_range_refused(void **state)
{
	struct inr_result r[] = { { 0, 2.5 }, { 7, 2.5 } };
	struct inr_ttr t;

	(void)state;
	assert_int_equal(inr_ttr(r, 2, 3, 2, &t), -1);
	assert_int_equal(inr_ttr(r, 2, 2, 2, &t), -1);
	assert_int_equal(inr_ttr(r, 2, 0, 3, &t), -1);
	assert_int_equal(inr_ttr(r, 2, NAN, 3, &t), -1);
	assert_int_equal(inr_ttr(r, 2, 2, INFINITY, &t), -1);
	assert_int_equal(inr_ttr(r, 2, 2, 11, &t), -1);
	assert_int_equal(inr_ttr(r, 2, 2.5, 3.5, &t), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hqmf2js_cases),
		cmocka_unit_test(no_or_one_result),
		cmocka_unit_test(all_in_range),
		cmocka_unit_test(results_on_a_bound),
		cmocka_unit_test(crossing_both_bounds),
		cmocka_unit_test(crossing_one_bound),
		cmocka_unit_test(same_day_duplicates),
		cmocka_unit_test(duplicates_follow_the_range),
		cmocka_unit_test(clean_up_limits),
		cmocka_unit_test(long_gaps_are_left_out),
		cmocka_unit_test(bad_range_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
