/* The ambulatory glucose profile: slots, percentiles, empty slots, iglu's quantiles. */
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

#include "cgm_trace.h"
#include "measure/glucose_agp.h"

static void skip_without(const char *path)
{
	printf("SKIP: %s not found (the CGM test data sit beside the repository in ../shared/data)\n",
	       path);
	skip();
}

static void assert_slot(const struct glucose_agp_slot *s, size_t readings, double p5, double p25,
			double p50, double p75, double p95)
{
	if (s->readings != readings || fabs(s->p5 - p5) > 1e-9 || fabs(s->p25 - p25) > 1e-9 ||
	    fabs(s->p50 - p50) > 1e-9 || fabs(s->p75 - p75) > 1e-9 || fabs(s->p95 - p95) > 1e-9) {
		print_error("slot at minute %d: %zu readings, %.17g %.17g %.17g %.17g %.17g; want %zu, "
			    "%g %g %g %g %g\n",
			    s->start_minute, s->readings, s->p5, s->p25, s->p50, s->p75, s->p95, readings, p5,
			    p25, p50, p75, p95);
		fail();
	}
}

static void no_readings_all_slots_empty(void **state)
{
	struct glucose_agp agp;

	(void)state;
	assert_int_equal(glucose_agp_from_readings(NULL, 0, &agp), 0);
	assert_int_equal(GLUCOSE_AGP_SLOTS, 96);
	for (int s = 0; s < GLUCOSE_AGP_SLOTS; s++) {
		assert_int_equal(agp.slot[s].start_minute, 15 * s);
		assert_slot(&agp.slot[s], 0, 0, 0, 0, 0, 0);
	}
}

/*
 * 1..100 mg/dL in the first slot, in a scrambled order: definition 7 gives
 * 1 + 99p, so 5.95, 25.75, 50.5, 75.25 and 95.05.
 */
static void percentiles_of_one_slot(void **state)
{
	struct glucose_reading r[100];
	struct glucose_agp agp;

	(void)state;
	for (int i = 0; i < 100; i++) {
		r[i].mgdl = (double)((i * 37) % 100 + 1);
		r[i].minute_of_day = i % 15;
	}
	assert_int_equal(glucose_agp_from_readings(r, 100, &agp), 0);
	assert_slot(&agp.slot[0], 100, 5.95, 25.75, 50.5, 75.25, 95.05);
	for (int s = 1; s < GLUCOSE_AGP_SLOTS; s++)
		assert_int_equal(agp.slot[s].readings, 0);
}

static void slot_edges(void **state)
{
	struct glucose_reading r[] = {
		{ 100, 14 }, { 110, 15 }, { 120, 29 }, { 130, 30 }, { 140, 1439 }, { 150, 1425 }, { 90, 1424 },
	};
	struct glucose_agp agp;

	(void)state;
	assert_int_equal(glucose_agp_from_readings(r, sizeof(r) / sizeof(r[0]), &agp), 0);
	assert_slot(&agp.slot[0], 1, 100, 100, 100, 100, 100);
	assert_slot(&agp.slot[1], 2, 110.5, 112.5, 115, 117.5, 119.5);
	assert_slot(&agp.slot[2], 1, 130, 130, 130, 130, 130);
	assert_slot(&agp.slot[94], 1, 90, 90, 90, 90, 90);
	assert_slot(&agp.slot[95], 2, 140.5, 142.5, 145, 147.5, 149.5);
	assert_int_equal(agp.slot[3].readings, 0);
	assert_int_equal(agp.slot[95].start_minute, 1425);
}

static void bad_input_refused(void **state)
{
	struct glucose_reading r[] = { { 100, 0 }, { 100, 1440 } };
	struct glucose_agp agp;

	(void)state;
	assert_int_equal(glucose_agp_from_readings(r, 2, &agp), -1);
	r[1].minute_of_day = -1;
	assert_int_equal(glucose_agp_from_readings(r, 2, &agp), -1);
	r[1].minute_of_day = 0;
	r[1].mgdl = NAN;
	assert_int_equal(glucose_agp_from_readings(r, 2, &agp), -1);
	r[1].mgdl = 0;
	assert_int_equal(glucose_agp_from_readings(r, 2, &agp), -1);
}

/*
 * With every reading of a subject put in one slot, the slot's quartiles are
 * the subject's quartiles, which iglu 4.2.2 computed (quantile_glu).
 */
static void one_slot_quartiles_are_iglus(void **state)
{
	const char *json_path = CGM_DATA "/metrics-expected-iglu/expected_results_subset.json";
	const char *csv_path = CGM_DATA "/iglu-real-cgm/ExampleData5Subjects.csv";
	struct cgm_file five;
	json_error_t jerr;
	json_t *root, *run;
	size_t i, compared = 0;

	(void)state;
	root = json_load_file(json_path, 0, &jerr);
	if (!root)
		skip_without(json_path);
	if (cgm_file_load(csv_path, &five) < 0) {
		json_decref(root);
		skip_without(csv_path);
	}
	json_array_foreach(json_object_get(root, "runs"), i, run) {
		json_t *row;
		size_t j;

		if (strcmp(json_string_value(json_object_get(run, "method")), "quantile_glu") ||
		    !strstr(json_string_value(json_object_get(run, "input")), "ExampleData5Subjects"))
			continue;
		json_array_foreach(json_object_get(run, "expected"), j, row) {
			const struct cgm_trace *t =
				cgm_file_find(&five, json_string_value(json_object_get(row, "id")));
			struct glucose_reading *r;
			struct glucose_agp agp;

			assert_non_null(t);
			r = xmalloc(t->n * sizeof(*r));
			for (size_t k = 0; k < t->n; k++)
				r[k] = (struct glucose_reading){ .mgdl = t->readings[k].mgdl, .minute_of_day = 7 };
			assert_int_equal(glucose_agp_from_readings(r, t->n, &agp), 0);
			assert_int_equal(agp.slot[0].readings, t->n);
			assert_true(agp.slot[0].p25 == json_number_value(json_object_get(row, "25")));
			assert_true(agp.slot[0].p50 == json_number_value(json_object_get(row, "50")));
			assert_true(agp.slot[0].p75 == json_number_value(json_object_get(row, "75")));
			compared += 3;
			free(r);
		}
	}
	assert_int_equal(compared, 15);
	cgm_file_release(&five);
	json_decref(root);
}

/*
 * Real times of day: every reading lands in exactly one slot, and each
 * slot's percentiles are those of the readings the test itself picks for
 * that slot, computed by glucose_quantiles() (a separate path: one sort of
 * the selected values, no grouping).
 */
static void real_traces_by_time_of_day(void **state)
{
	static const double probs[5] = { 0.05, 0.25, 0.50, 0.75, 0.95 };
	const char *csv_path = CGM_DATA "/iglu-real-cgm/ExampleData5Subjects.csv";
	struct cgm_file five;
	size_t empty = 0;

	(void)state;
	if (cgm_file_load(csv_path, &five) < 0)
		skip_without(csv_path);
	for (size_t ti = 0; ti < five.n; ti++) {
		const struct cgm_trace *t = &five.trace[ti];
		struct glucose_reading *picked = xmalloc(t->n * sizeof(*picked));
		struct glucose_agp agp;
		size_t total = 0;

		assert_int_equal(glucose_agp_from_readings(t->readings, t->n, &agp), 0);
		for (int s = 0; s < GLUCOSE_AGP_SLOTS; s++) {
			const struct glucose_agp_slot *slot = &agp.slot[s];
			size_t np = 0;
			double q[5];

			for (size_t k = 0; k < t->n; k++)
				if (t->readings[k].minute_of_day / 15 == s)
					picked[np++] = t->readings[k];
			assert_int_equal(slot->readings, np);
			total += np;
			if (np == 0) {
				empty++;
				continue;
			}
			assert_int_equal(glucose_quantiles(picked, np, probs, 5, q), 0);
			assert_slot(slot, np, q[0], q[1], q[2], q[3], q[4]);
			assert_true(slot->p5 <= slot->p25 && slot->p25 <= slot->p50 && slot->p50 <= slot->p75 &&
				    slot->p75 <= slot->p95);
		}
		assert_int_equal(total, t->n);
		free(picked);
	}
	/* Days of a 5-minute sensor cover every slot of the day. */
	assert_int_equal(empty, 0);
	cgm_file_release(&five);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_readings_all_slots_empty),
		cmocka_unit_test(percentiles_of_one_slot),
		cmocka_unit_test(slot_edges),
		cmocka_unit_test(bad_input_refused),
		cmocka_unit_test(one_slot_quartiles_are_iglus),
		cmocka_unit_test(real_traces_by_time_of_day),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
