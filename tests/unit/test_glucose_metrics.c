/*
 * CGM metrics: the daily aggregate, the consensus summary from days and from
 * readings, checked against the values the R package iglu 4.2.2 computed for
 * the same traces, against the published GMI table, and on edge cases.
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

#include "cgm_trace.h"
#include "measure/glucose_metrics.h"

/*
 * Tolerances against iglu. The traces hold whole mg/dL, so both sides
 * compute the same numbers from the same integers in double precision and
 * differ only in rounding order (R's mean() and sd() accumulate differently
 * from our integer sums): some 1e-14 relative. The smallest real
 * disagreement these tolerances must catch is far larger: one reading put
 * in the wrong band moves a percentage by 100/n, about 0.03 points for these
 * traces; n instead of n - 1 in the SD moves it by 1/(2n), about 2e-4
 * relative. So 1e-9 (absolute for percentages, which are 0-100, and
 * quantiles, which are exact halves; relative for mean, SD, CV and GMI)
 * leaves room for rounding and none for a different definition.
 */
#define TOL_PERCENT 1e-9
#define TOL_RELATIVE 1e-9

static void skip_without(const char *path)
{
	printf("SKIP: %s not found (the CGM test data sit beside the repository in ../shared/data)\n",
	       path);
	skip();
}

static void assert_close(double got, double want, double tol, const char *what)
{
	if (!(fabs(got - want) <= tol)) {
		print_error("%s: got %.17g, want %.17g (tolerance %g)\n", what, got, want, tol);
		fail();
	}
}

static void assert_close_rel(double got, double want, const char *what)
{
	assert_close(got, want, TOL_RELATIVE * fabs(want), what);
}

/* Every field of two summaries equal, bit for bit where it is a double. */
static void assert_summary_identical(const struct glucose_summary *a, const struct glucose_summary *b)
{
	assert_int_equal(a->readings, b->readings);
	assert_int_equal(a->has_mean, b->has_mean);
	assert_int_equal(a->has_sd, b->has_sd);
	assert_true(a->mean_mgdl == b->mean_mgdl);
	assert_true(a->mean_mmol == b->mean_mmol);
	assert_true(a->sd_mgdl == b->sd_mgdl);
	assert_true(a->cv_percent == b->cv_percent);
	assert_true(a->gmi_percent == b->gmi_percent);
	assert_true(a->gmi_mmol_mol == b->gmi_mmol_mol);
	for (int i = 0; i < GLUCOSE_BAND_COUNT; i++)
		assert_true(a->band_percent[i] == b->band_percent[i]);
	assert_true(a->tir_percent == b->tir_percent);
	assert_true(a->tbr_percent == b->tbr_percent);
	assert_true(a->tar_percent == b->tar_percent);
	assert_true(a->active_percent == b->active_percent);
}

static struct glucose_summary summary_of(const double *mgdl, size_t n, double period, double interval)
{
	struct glucose_reading *r = xcalloc(n ? n : 1, sizeof(*r));
	struct glucose_summary s;

	for (size_t i = 0; i < n; i++)
		r[i].mgdl = mgdl[i];
	assert_int_equal(glucose_summary_from_readings(r, n, period, interval, &s), 0);
	free(r);
	return s;
}

static enum glucose_band band(double mgdl)
{
	enum glucose_band b;

	assert_int_equal(glucose_band_of(mgdl, &b), 0);
	return b;
}

/* ---- iglu ---- */

/* The input files of the iglu runs, loaded once. */
struct iglu_inputs {
	struct cgm_file simple;
	struct cgm_file five;
};

static const struct cgm_file *iglu_input(const struct iglu_inputs *in, const char *name)
{
	if (!strcmp(name, "simple_test_1.csv"))
		return &in->simple;
	if (!strcmp(name, "../iglu-real-cgm/ExampleData5Subjects.csv"))
		return &in->five;
	return NULL;
}

/*
 * Compares one expected value of an iglu run with ours. Returns how many
 * values it compared (0 for the fields that are not metrics: id, dates).
 */
static int compare_iglu_value(const char *method, json_t *kwargs, const struct cgm_trace *t,
			      const char *key, double want)
{
	char what[160];
	struct glucose_summary s;
	struct glucose_target_percent tp;
	double period, dt0, ndays, lo, hi, got;

	snprintf(what, sizeof(what), "%s %s %s", method, t->id, key);
	cgm_iglu_period(t, json_number_value(json_object_get(kwargs, "dt0")), &period, &dt0, &ndays);
	assert_int_equal(glucose_summary_from_readings(t->readings, t->n, period, dt0, &s), 0);

	if (!strcmp(key, "mean")) {
		assert_close_rel(s.mean_mgdl, want, what);
	} else if (!strcmp(key, "SD")) {
		assert_close_rel(s.sd_mgdl, want, what);
	} else if (!strcmp(key, "CV")) {
		assert_close_rel(s.cv_percent, want, what);
	} else if (!strcmp(key, "GMI")) {
		assert_close_rel(s.gmi_percent, want, what);
	} else if (!strcmp(key, "median") || !strcmp(method, "quantile_glu")) {
		double p = !strcmp(key, "median") ? 0.5 : atof(key) / 100.0;

		assert_int_equal(glucose_quantiles(t->readings, t->n, &p, 1, &got), 0);
		assert_close(got, want, TOL_PERCENT, what);
	} else if (sscanf(key, "in_range_%lf_%lf", &lo, &hi) == 2) {
		assert_int_equal(glucose_target_percent(t->readings, t->n, lo, hi, &tp), 0);
		assert_close(tp.in_percent, want, TOL_PERCENT, what);
		if (lo == 70 && hi == 180)
			assert_close(s.tir_percent, want, TOL_PERCENT, what);
	} else if (sscanf(key, "below_%lf", &lo) == 1) {
		assert_int_equal(glucose_target_percent(t->readings, t->n, lo, GLUCOSE_MGDL_MAX, &tp), 0);
		assert_close(tp.below_percent, want, TOL_PERCENT, what);
		if (lo == 70)
			assert_close(s.tbr_percent, want, TOL_PERCENT, what);
		if (lo == 54)
			assert_close(s.band_percent[GLUCOSE_VERY_LOW], want, TOL_PERCENT, what);
	} else if (sscanf(key, "above_%lf", &hi) == 1) {
		assert_int_equal(glucose_target_percent(t->readings, t->n, 0, hi, &tp), 0);
		assert_close(tp.above_percent, want, TOL_PERCENT, what);
		if (hi == 180)
			assert_close(s.tar_percent, want, TOL_PERCENT, what);
		if (hi == 250)
			assert_close(s.band_percent[GLUCOSE_VERY_HIGH], want, TOL_PERCENT, what);
	} else if (!strcmp(key, "active_percent")) {
		assert_close(s.active_percent, want, TOL_PERCENT, what);
	} else if (!strcmp(key, "ndays")) {
		/* Not a metric of ours: it checks the period we derived the way iglu does. */
		assert_close(round(ndays * 10) / 10, want, 1e-9, what);
	} else if (!strcmp(key, "id") || !strcmp(key, "start_date") || !strcmp(key, "end_date")) {
		return 0;
	} else {
		print_error("%s: a value this test does not know how to compare\n", what);
		fail();
	}
	return 1;
}

/*
 * iglu's active_percent with dt0 = 10 on the 5-minute traces measures how
 * much of a 10-minute grid has a reading; ours counts readings against the
 * interval the caller names (glucose_metrics.h), so it is 100 there by
 * design. Those rows are not compared; the 4-reading trace is (with dt0 = 10
 * iglu gives 100 too).
 */
static int iglu_row_not_comparable(const char *method, json_t *kwargs, const struct cgm_file *file,
				   const struct iglu_inputs *in)
{
	return !strcmp(method, "active_percent") && json_object_get(kwargs, "dt0") && file == &in->five;
}

static void every_iglu_metric_for_every_subject(void **state)
{
	const char *json_path = CGM_DATA "/metrics-expected-iglu/expected_results_subset.json";
	struct iglu_inputs in = { 0 };
	json_error_t jerr;
	json_t *root, *runs, *run;
	size_t i, compared = 0, rows = 0, not_compared = 0;

	(void)state;
	root = json_load_file(json_path, 0, &jerr);
	if (!root)
		skip_without(json_path);
	if (cgm_file_load(CGM_DATA "/metrics-expected-iglu/simple_test_1.csv", &in.simple) < 0 ||
	    cgm_file_load(CGM_DATA "/iglu-real-cgm/ExampleData5Subjects.csv", &in.five) < 0) {
		cgm_file_release(&in.simple);
		json_decref(root);
		skip_without(CGM_DATA "/iglu-real-cgm/ExampleData5Subjects.csv");
	}
	assert_int_equal(in.five.n, 5);

	runs = json_object_get(root, "runs");
	assert_true(json_array_size(runs) > 0);
	json_array_foreach(runs, i, run) {
		const char *method = json_string_value(json_object_get(run, "method"));
		json_t *kwargs = json_object_get(run, "kwargs");
		const struct cgm_file *file =
			iglu_input(&in, json_string_value(json_object_get(run, "input")));
		json_t *row;
		size_t j;

		assert_non_null(method);
		assert_non_null(file);
		json_array_foreach(json_object_get(run, "expected"), j, row) {
			const struct cgm_trace *t =
				cgm_file_find(file, json_string_value(json_object_get(row, "id")));
			const char *key;
			json_t *value;

			assert_non_null(t);
			rows++;
			if (iglu_row_not_comparable(method, kwargs, file, &in)) {
				not_compared++;
				continue;
			}
			json_object_foreach(row, key, value) {
				if (json_is_number(value))
					compared += compare_iglu_value(method, kwargs, t, key,
								       json_number_value(value));
			}
		}
	}
	printf("iglu: %zu values compared in %zu rows; %zu rows of active_percent with dt0 = 10 "
	       "not compared (a different definition, see the test)\n",
	       compared, rows, not_compared);
	/* Every number of every other row: 146 (the 5 rows left out hold 10 more). */
	assert_int_equal(not_compared, 5);
	assert_int_equal(compared, 146);
	cgm_file_release(&in.simple);
	cgm_file_release(&in.five);
	json_decref(root);
}

/* The flattened table of default-argument results agrees with what we compute too. */
static void iglu_consensus_table(void **state)
{
	const char *path = CGM_DATA "/metrics-expected-iglu/expected_consensus_metrics.csv";
	FILE *f = fopen(path, "r");
	struct iglu_inputs in = { 0 };
	char line[1024];
	int rows = 0;

	(void)state;
	if (!f)
		skip_without(path);
	if (cgm_file_load(CGM_DATA "/metrics-expected-iglu/simple_test_1.csv", &in.simple) < 0 ||
	    cgm_file_load(CGM_DATA "/iglu-real-cgm/ExampleData5Subjects.csv", &in.five) < 0) {
		cgm_file_release(&in.simple);
		fclose(f);
		skip_without(CGM_DATA "/iglu-real-cgm/ExampleData5Subjects.csv");
	}
	assert_non_null(fgets(line, sizeof(line), f));
	line[strcspn(line, "\r\n")] = '\0'; /* the file has CRLF line ends */
	assert_string_equal(line, "input_file,id,mean,median,SD,CV,GMI,in_range_70_180,in_range_63_140,"
				  "below_54,below_70,above_140,above_180,above_250,active_percent,ndays");
	while (fgets(line, sizeof(line), f)) {
		static const char *const keys[] = {
			"mean", "median", "SD", "CV", "GMI",
			"in_range_70_180", "in_range_63_140", "below_54", "below_70", "above_140",
			"above_180", "above_250", "active_percent", "ndays",
		};
		char file[128], id[64], num[64];
		const struct cgm_trace *t;

		assert_int_equal(cgm_field(line, 0, file, sizeof(file)), 0);
		assert_int_equal(cgm_field(line, 1, id, sizeof(id)), 0);
		assert_non_null(iglu_input(&in, file));
		t = cgm_file_find(iglu_input(&in, file), id);
		assert_non_null(t);
		for (int k = 0; k < (int)(sizeof(keys) / sizeof(keys[0])); k++) {
			assert_int_equal(cgm_field(line, 2 + k, num, sizeof(num)), 0);
			compare_iglu_value("consensus_table", NULL, t, keys[k], atof(num));
		}
		rows++;
	}
	assert_int_equal(rows, 6);
	fclose(f);
	cgm_file_release(&in.simple);
	cgm_file_release(&in.five);
}

/*
 * From days and from readings: bit for bit the same, for every trace we
 * have (71 subjects, three studies, fractional and whole mg/dL), with days
 * cut at local midnight as the server will, and merged in two different
 * groupings.
 */
static void days_and_readings_agree_exactly(void **state)
{
	static const char *const files[] = { CGM_DATA "/iglu-real-cgm/ExampleData5Subjects.csv",
					     CGM_DATA "/iglu-real-cgm/Dubosson2018_processed.csv",
					     CGM_DATA "/iglu-real-cgm/Hall2018_processed.csv" };
	size_t subjects = 0;

	(void)state;
	for (size_t fi = 0; fi < sizeof(files) / sizeof(files[0]); fi++) {
		struct cgm_file f;

		if (cgm_file_load(files[fi], &f) < 0)
			skip_without(files[fi]);
		for (size_t ti = 0; ti < f.n; ti++) {
			const struct cgm_trace *t = &f.trace[ti];
			int32_t first = t->day[0], last = t->day[0];
			struct glucose_day *days, *pairs;
			struct glucose_summary from_readings, from_days, from_pairs;
			size_t ndays, npairs;

			for (size_t i = 0; i < t->n; i++) {
				first = t->day[i] < first ? t->day[i] : first;
				last = t->day[i] > last ? t->day[i] : last;
			}
			ndays = (size_t)(last - first + 1);
			days = xcalloc(ndays, sizeof(*days));
			for (size_t d = 0; d < ndays; d++)
				glucose_day_init(&days[d]);
			for (size_t i = 0; i < t->n; i++)
				assert_int_equal(glucose_day_add(&days[t->day[i] - first], t->readings[i].mgdl), 0);

			/* Another grouping: days merged two by two, latest first. */
			npairs = (ndays + 1) / 2;
			pairs = xcalloc(npairs, sizeof(*pairs));
			for (size_t p = 0; p < npairs; p++) {
				size_t d = ndays - 1 - 2 * p;

				pairs[p] = days[d];
				if (d > 0)
					assert_int_equal(glucose_day_merge(&pairs[p], &days[d - 1]), 0);
			}

			assert_int_equal(glucose_summary_from_readings(t->readings, t->n, 14 * 1440, 5,
								       &from_readings), 0);
			assert_int_equal(glucose_summary_from_days(days, ndays, 14 * 1440, 5, &from_days), 0);
			assert_int_equal(glucose_summary_from_days(pairs, npairs, 14 * 1440, 5, &from_pairs),
					 0);
			assert_summary_identical(&from_readings, &from_days);
			assert_summary_identical(&from_readings, &from_pairs);
			assert_int_equal(from_readings.readings, t->n);
			free(pairs);
			free(days);
			subjects++;
		}
		cgm_file_release(&f);
	}
	assert_int_equal(subjects, 5 + 9 + 57);
}

/* ---- GMI, published ---- */

static void gmi_matches_published_table(void **state)
{
	const char *path = CGM_DATA "/published-gmi-table/gmi_bergenstal2018_table1.csv";
	FILE *f = fopen(path, "r");
	char line[256];
	int rows = 0;

	(void)state;
	if (!f)
		skip_without(path);
	assert_non_null(fgets(line, sizeof(line), f));
	while (fgets(line, sizeof(line), f)) {
		char unit[16], gmi_unit[16];
		double mean, published, mgdl, got;
		struct glucose_summary s;

		assert_int_equal(sscanf(line, "%15[^,],%lf,%lf,%15s", unit, &mean, &published, gmi_unit), 4);
		mgdl = !strcmp(unit, "mmol/L") ? glucose_mmol_to_mgdl(mean) : mean;
		s = summary_of(&mgdl, 1, 5, 5);
		got = !strcmp(gmi_unit, "mmol/mol") ? s.gmi_mmol_mol : s.gmi_percent;
		/* The table prints one decimal: ours, rounded the same way, must be the same. */
		assert_close(round(got * 10) / 10, published, 1e-9, line);
		rows++;
	}
	assert_int_equal(rows, 20);
	fclose(f);
}

/* ---- edge cases ---- */

static void no_readings(void **state)
{
	struct glucose_summary s;
	struct glucose_day empty;

	(void)state;
	s = summary_of(NULL, 0, 1440, 5);
	assert_int_equal(s.readings, 0);
	assert_false(s.has_mean);
	assert_false(s.has_sd);
	assert_true(s.mean_mgdl == 0 && s.tir_percent == 0 && s.active_percent == 0);

	glucose_day_init(&empty);
	assert_int_equal(glucose_summary_from_days(NULL, 0, 1440, 5, &s), 0);
	assert_int_equal(s.readings, 0);
	assert_int_equal(glucose_summary_from_days(&empty, 1, 1440, 5, &s), 0);
	assert_false(s.has_mean);
}

static void one_reading(void **state)
{
	double v = 154;
	struct glucose_summary s = summary_of(&v, 1, 1440, 5);

	(void)state;
	assert_int_equal(s.readings, 1);
	assert_true(s.has_mean);
	assert_false(s.has_sd);
	assert_true(s.mean_mgdl == 154);
	assert_close_rel(s.mean_mmol, 154 / 18.0, "mmol");
	assert_true(s.sd_mgdl == 0 && s.cv_percent == 0);
	assert_close_rel(s.gmi_percent, 3.31 + 0.02392 * 154, "gmi");
	assert_true(s.tir_percent == 100 && s.tbr_percent == 0 && s.tar_percent == 0);
	assert_close(s.active_percent, 100.0 / 288, 1e-12, "active");
}

static void duplicates_have_no_spread(void **state)
{
	double v[] = { 123.45, 123.45, 123.45, 123.45, 123.45 };
	struct glucose_summary s = summary_of(v, 5, 1440, 5);

	(void)state;
	assert_true(s.has_sd);
	assert_true(s.sd_mgdl == 0);
	assert_true(s.cv_percent == 0);
	assert_true(s.mean_mgdl == 123.45);
}

/* Known SD: 2, 4, 4, 4, 5, 5, 7, 9 has mean 5 and sample SD sqrt(32/7). */
static void textbook_sd(void **state)
{
	double v[] = { 102, 104, 104, 104, 105, 105, 107, 109 };
	struct glucose_summary s = summary_of(v, 8, 1440, 5);

	(void)state;
	assert_true(s.mean_mgdl == 105);
	assert_close_rel(s.sd_mgdl, sqrt(32.0 / 7.0), "sd");
	assert_close_rel(s.cv_percent, 100 * sqrt(32.0 / 7.0) / 105, "cv");
}

/*
 * A nearly flat trace: 387.37 and 387.38 alternating, 19999 values (10000 of
 * the first). Its SD, 0.01 * sqrt(k * m / (n * (n - 1))) for k and m values
 * of each, lies in the ninth digit of the values; a floating-point sum of
 * squares minus the squared sum would lose it (by some 1e-12 here).
 */
static void flat_trace_keeps_its_sd(void **state)
{
	size_t n = 19999, k = 10000, m = n - k;
	double *v = xmalloc(n * sizeof(*v));
	struct glucose_summary s;

	(void)state;
	for (size_t i = 0; i < n; i++)
		v[i] = i % 2 ? 387.38 : 387.37;
	s = summary_of(v, n, 1440, 5);
	assert_close_rel(s.mean_mgdl, (387.37 * (double)k + 387.38 * (double)m) / (double)n, "mean");
	assert_close(s.sd_mgdl, 0.01 * sqrt((double)(k * m) / (double)(n * (n - 1))), 1e-15, "sd");
	free(v);
}

/*
 * One low value in a flat trace puts the mean just under a whole 0.01
 * mg/dL (fraction 0.99999): the deviations must then be taken from the
 * integer above, not the one below, or the SD loses some 1e-12 of itself.
 */
static void one_outlier_keeps_its_sd(void **state)
{
	size_t n = 100000;
	double *v = xmalloc(n * sizeof(*v));
	struct glucose_summary s;

	(void)state;
	for (size_t i = 0; i < n; i++)
		v[i] = i ? 387.38 : 387.37;
	s = summary_of(v, n, 1440, 5);
	assert_close(s.sd_mgdl, 0.01 * sqrt((double)(n - 1) / (double)(n * (n - 1))),
		     1e-14 * s.sd_mgdl, "sd");
	free(v);
}

static void gaps_and_active_percent(void **state)
{
	double v[288];
	struct glucose_summary s;

	(void)state;
	for (int i = 0; i < 288; i++)
		v[i] = 100;
	/* One day of a 5-minute sensor: 288 expected. */
	s = summary_of(v, 288, 1440, 5);
	assert_true(s.active_percent == 100);
	/* Half the day missing, in one gap or many: 50%. */
	s = summary_of(v, 144, 1440, 5);
	assert_true(s.active_percent == 50);
	/* 14 days with 3 full days: 3/14. */
	s = summary_of(v, 288, 14 * 1440, 5);
	assert_close(s.active_percent, 100.0 / 14, 1e-12, "one of 14 days");
	/* A 15-minute sensor over one day: 96 expected, so 288 readings cap at 100. */
	s = summary_of(v, 96, 1440, 15);
	assert_true(s.active_percent == 100);
	s = summary_of(v, 288, 1440, 15);
	assert_true(s.active_percent == 100);
	s = summary_of(v, 48, 1440, 15);
	assert_true(s.active_percent == 50);
}

static void lengths_must_be_positive(void **state)
{
	struct glucose_reading r = { .mgdl = 100 };
	struct glucose_summary s;
	struct glucose_day d;

	(void)state;
	glucose_day_init(&d);
	assert_int_equal(glucose_summary_from_readings(&r, 1, 0, 5, &s), -1);
	assert_int_equal(glucose_summary_from_readings(&r, 1, 1440, 0, &s), -1);
	assert_int_equal(glucose_summary_from_readings(&r, 1, -1, 5, &s), -1);
	assert_int_equal(glucose_summary_from_readings(&r, 1, NAN, 5, &s), -1);
	assert_int_equal(glucose_summary_from_readings(&r, 1, INFINITY, 5, &s), -1);
	assert_int_equal(glucose_summary_from_days(&d, 1, 1440, -5, &s), -1);
}

static void band_edges_in_mgdl(void **state)
{
	(void)state;
	assert_int_equal(band(1), GLUCOSE_VERY_LOW);
	assert_int_equal(band(53), GLUCOSE_VERY_LOW);
	assert_int_equal(band(54), GLUCOSE_LOW);
	assert_int_equal(band(69), GLUCOSE_LOW);
	assert_int_equal(band(70), GLUCOSE_IN_RANGE);
	assert_int_equal(band(180), GLUCOSE_IN_RANGE);
	assert_int_equal(band(181), GLUCOSE_HIGH);
	assert_int_equal(band(250), GLUCOSE_HIGH);
	assert_int_equal(band(251), GLUCOSE_VERY_HIGH);
	assert_int_equal(band(1000), GLUCOSE_VERY_HIGH);
	/* Fractional values go by the whole mg/dL they round to, halves up. */
	assert_int_equal(band(53.49), GLUCOSE_VERY_LOW);
	assert_int_equal(band(53.5), GLUCOSE_LOW);
	assert_int_equal(band(69.49), GLUCOSE_LOW);
	assert_int_equal(band(69.5), GLUCOSE_IN_RANGE);
	assert_int_equal(band(180.49), GLUCOSE_IN_RANGE);
	assert_int_equal(band(180.5), GLUCOSE_HIGH);
	assert_int_equal(band(250.49), GLUCOSE_HIGH);
	assert_int_equal(band(250.5), GLUCOSE_VERY_HIGH);
}

/* Every one-decimal mmol/L edge of the consensus table lands in its own band. */
static void band_edges_in_mmol(void **state)
{
	static const struct {
		double mmol;
		enum glucose_band band;
	} cases[] = {
		{ 2.9, GLUCOSE_VERY_LOW },  { 3.0, GLUCOSE_LOW },	   { 3.8, GLUCOSE_LOW },
		{ 3.85, GLUCOSE_LOW },	    { 3.9, GLUCOSE_IN_RANGE },	   { 10.0, GLUCOSE_IN_RANGE },
		{ 10.1, GLUCOSE_HIGH },	    { 13.9, GLUCOSE_HIGH },	   { 14.0, GLUCOSE_VERY_HIGH },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (band(glucose_mmol_to_mgdl(cases[i].mmol)) != cases[i].band) {
			print_error("%.2f mmol/L: band %d, want %d\n", cases[i].mmol,
				    band(glucose_mmol_to_mgdl(cases[i].mmol)), cases[i].band);
			fail();
		}
	}
	assert_close(glucose_mgdl_to_mmol(70.2), 3.9, 1e-12, "70.2 mg/dL");
}

static void fractional_mmol_summary(void **state)
{
	/* 3.85, 3.9, 10.0, 10.1, 13.9, 14.0 mmol/L: 1 low, 2 in range, 2 high, 1 very high. */
	double mmol[] = { 3.85, 3.9, 10.0, 10.1, 13.9, 14.0 };
	double v[6];
	struct glucose_summary s;

	(void)state;
	for (int i = 0; i < 6; i++)
		v[i] = glucose_mmol_to_mgdl(mmol[i]);
	s = summary_of(v, 6, 30, 5);
	assert_close(s.band_percent[GLUCOSE_LOW], 100.0 / 6, 1e-12, "low");
	assert_close(s.tir_percent, 200.0 / 6, 1e-12, "tir");
	assert_close(s.band_percent[GLUCOSE_HIGH], 200.0 / 6, 1e-12, "high");
	assert_close(s.band_percent[GLUCOSE_VERY_HIGH], 100.0 / 6, 1e-12, "very high");
	assert_close(s.tbr_percent, 100.0 / 6, 1e-12, "tbr");
	assert_close(s.tar_percent, 300.0 / 6, 1e-12, "tar");
	/* The mean uses the values to 0.01 mg/dL: 69.3 + 70.2 + 180 + 181.8 + 250.2 + 252. */
	assert_close_rel(s.mean_mgdl, (69.3 + 70.2 + 180 + 181.8 + 250.2 + 252) / 6, "mean");
	assert_close_rel(s.mean_mmol, (3.85 + 3.9 + 10.0 + 10.1 + 13.9 + 14.0) / 6, "mean mmol");
}

static void values_refused(void **state)
{
	static const double bad[] = { 0, -1, NAN, INFINITY, 1000.01 };
	enum glucose_band b;
	struct glucose_day d;
	struct glucose_reading r;
	struct glucose_summary s;

	(void)state;
	glucose_day_init(&d);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(glucose_band_of(bad[i], &b), -1);
		assert_int_equal(glucose_day_add(&d, bad[i]), -1);
		r.mgdl = bad[i];
		assert_int_equal(glucose_summary_from_readings(&r, 1, 1440, 5, &s), -1);
	}
	assert_int_equal(d.count, 0);
	assert_int_equal(glucose_band_of(0.001, &b), 0); /* tiny but positive: accepted */
}

static void remove_undoes_add(void **state)
{
	double values[] = { 64.8, 100, 181.8, 250.2, 300 };
	struct glucose_day d, without, empty;

	(void)state;
	glucose_day_init(&d);
	glucose_day_init(&without);
	glucose_day_init(&empty);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(glucose_day_add(&d, values[i]), 0);
		if (i != 2)
			assert_int_equal(glucose_day_add(&without, values[i]), 0);
	}
	/* A Nightscout upsert: the 181.8 is replaced by 120, then put back. */
	assert_int_equal(glucose_day_remove(&d, 181.8), 0);
	assert_memory_equal(&d, &without, sizeof(d));
	assert_int_equal(glucose_day_add(&d, 120), 0);
	assert_int_equal(glucose_day_remove(&d, 120), 0);
	assert_memory_equal(&d, &without, sizeof(d));
	/* Everything out again: the empty aggregate. */
	for (int i = 0; i < 5; i++)
		if (i != 2)
			assert_int_equal(glucose_day_remove(&d, values[i]), 0);
	assert_memory_equal(&d, &empty, sizeof(d));
	/* Nothing left to remove, and a band that is empty. */
	assert_int_equal(glucose_day_remove(&d, 100), -1);
	assert_int_equal(glucose_day_add(&d, 100), 0);
	assert_int_equal(glucose_day_remove(&d, 40), -1);
	assert_int_equal(glucose_day_remove(&d, NAN), -1);
	assert_int_equal(d.count, 1);
}

static void merge_is_order_free(void **state)
{
	struct glucose_day a, b, ab, ba, all;
	uint32_t x = 12345;

	(void)state;
	glucose_day_init(&a);
	glucose_day_init(&b);
	glucose_day_init(&all);
	for (int i = 0; i < 1000; i++) {
		double v;

		x = x * 1103515245u + 12345u;
		v = 40 + (double)(x >> 8 & 0xffff) / 65535.0 * 360; /* fractional values, 40-400 */
		assert_int_equal(glucose_day_add(i % 3 ? &a : &b, v), 0);
		assert_int_equal(glucose_day_add(&all, v), 0);
	}
	ab = a;
	assert_int_equal(glucose_day_merge(&ab, &b), 0);
	ba = b;
	assert_int_equal(glucose_day_merge(&ba, &a), 0);
	assert_memory_equal(&ab, &all, sizeof(all));
	assert_memory_equal(&ba, &all, sizeof(all));
}

static void aggregate_is_bounded(void **state)
{
	struct glucose_day big, one;
	struct glucose_summary s;
	struct glucose_day two[2];

	(void)state;
	glucose_day_init(&big);
	big.count = GLUCOSE_READINGS_MAX;
	big.band[GLUCOSE_IN_RANGE] = GLUCOSE_READINGS_MAX;
	big.sum = GLUCOSE_READINGS_MAX * 10000;
	big.sum_sq = GLUCOSE_READINGS_MAX * 100000000;
	glucose_day_init(&one);
	assert_int_equal(glucose_day_add(&one, 100), 0);
	assert_int_equal(glucose_day_add(&big, 100), -1);
	assert_int_equal(glucose_day_merge(&big, &one), -1);
	assert_int_equal(big.count, GLUCOSE_READINGS_MAX);
	two[0] = big;
	two[1] = one;
	assert_int_equal(glucose_summary_from_days(two, 2, 1440, 5, &s), -1);
	/* At the limit the sums still fit and the summary is right. */
	assert_int_equal(glucose_summary_from_days(&big, 1, 1440, 5, &s), 0);
	assert_true(s.mean_mgdl == 100);
	assert_true(s.sd_mgdl == 0);
}

static void targets_and_quantiles(void **state)
{
	struct glucose_reading r[5] = { { .mgdl = 62.6 }, { .mgdl = 63 }, { .mgdl = 140.4 },
					{ .mgdl = 140.5 }, { .mgdl = 200 } };
	struct glucose_target_percent tp;
	double probs[] = { 0, 0.25, 0.5, 1 }, q[4], bad = 1.5;

	(void)state;
	/* Pregnancy range 63-140: 62.6 -> 63 in, 140.4 -> 140 in, 140.5 -> 141 above. */
	assert_int_equal(glucose_target_percent(r, 5, 63, 140, &tp), 0);
	assert_true(tp.below_percent == 0);
	assert_true(tp.in_percent == 60);
	assert_true(tp.above_percent == 40);
	assert_int_equal(glucose_target_percent(r, 0, 63, 140, &tp), -1);
	assert_int_equal(glucose_target_percent(r, 5, 140, 63, &tp), -1);

	assert_int_equal(glucose_quantiles(r, 5, probs, 4, q), 0);
	assert_true(q[0] == 62.6);
	assert_true(q[1] == 63);
	assert_true(q[2] == 140.4);
	assert_true(q[3] == 200);
	assert_int_equal(glucose_quantiles(r, 4, probs + 2, 1, q), 0);
	assert_true(q[0] == (63 + 140.4) / 2);
	assert_int_equal(glucose_quantiles(r, 5, &bad, 1, q), -1);
	assert_int_equal(glucose_quantiles(r, 0, probs, 1, q), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_iglu_metric_for_every_subject),
		cmocka_unit_test(iglu_consensus_table),
		cmocka_unit_test(days_and_readings_agree_exactly),
		cmocka_unit_test(gmi_matches_published_table),
		cmocka_unit_test(no_readings),
		cmocka_unit_test(one_reading),
		cmocka_unit_test(duplicates_have_no_spread),
		cmocka_unit_test(textbook_sd),
		cmocka_unit_test(flat_trace_keeps_its_sd),
		cmocka_unit_test(one_outlier_keeps_its_sd),
		cmocka_unit_test(gaps_and_active_percent),
		cmocka_unit_test(lengths_must_be_positive),
		cmocka_unit_test(band_edges_in_mgdl),
		cmocka_unit_test(band_edges_in_mmol),
		cmocka_unit_test(fractional_mmol_summary),
		cmocka_unit_test(values_refused),
		cmocka_unit_test(remove_undoes_add),
		cmocka_unit_test(merge_is_order_free),
		cmocka_unit_test(aggregate_is_bounded),
		cmocka_unit_test(targets_and_quantiles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
