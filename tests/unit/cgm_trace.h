/*
 * Test helper, shared by the glucose unit tests: loads the CGM traces in
 * ../shared/data/cgm (CSV with columns id, time, gl; time is local wall
 * clock "YYYY-MM-DD HH:MM:SS", gl is mg/dL or NA) into readings per
 * subject. NA rows are left out, as iglu drops them.
 *
 * The data sit beside the repository (../shared/data, as seen from the
 * repository root, where the tests run). When they are absent the tests
 * that need them skip with a printed "SKIP:" line (scripts/test shows it).
 */
#ifndef ROER_TEST_CGM_TRACE_H
#define ROER_TEST_CGM_TRACE_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "measure/glucose_metrics.h"
#include "util/buf.h"

#define CGM_DATA "../shared/data/cgm"

struct cgm_trace {
	char id[64];
	size_t n;
	size_t alloc;
	struct glucose_reading *readings;
	int64_t *seconds; /* local wall-clock time, counted as if it were UTC */
	int32_t *day;     /* local calendar day number (days since 1970-01-01) */
};

struct cgm_file {
	size_t n;
	struct cgm_trace *trace;
};

/* Days since 1970-01-01 of a calendar date (timegm() does the calendar). */
static inline int32_t cgm_day_number(int y, int m, int d)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d };

	return (int32_t)(timegm(&tm) / 86400);
}

/* Copies field `col` (0-based) of a comma-separated line, quotes removed. */
static inline int cgm_field(const char *line, int col, char *out, size_t size)
{
	const char *p = line;
	size_t len = 0;

	for (int c = 0; c < col; c++) {
		p = strchr(p, ',');
		if (!p)
			return -1;
		p++;
	}
	while (*p && *p != ',' && *p != '\n' && *p != '\r') {
		if (*p != '"' && len + 1 < size)
			out[len++] = *p;
		p++;
	}
	out[len] = '\0';
	return 0;
}

static inline struct cgm_trace *cgm_trace_for(struct cgm_file *f, const char *id)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->trace[i].id, id))
			return &f->trace[i];
	f->trace = xrealloc(f->trace, (f->n + 1) * sizeof(*f->trace));
	memset(&f->trace[f->n], 0, sizeof(f->trace[f->n]));
	snprintf(f->trace[f->n].id, sizeof(f->trace[f->n].id), "%s", id);
	return &f->trace[f->n++];
}

static inline void cgm_file_release(struct cgm_file *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->trace[i].readings);
		free(f->trace[i].seconds);
		free(f->trace[i].day);
	}
	free(f->trace);
	f->n = 0;
	f->trace = NULL;
}

/*
 * Loads `path`. Returns 0, or -1 when the file cannot be opened or a line
 * cannot be read (after printing why); on -1 *f is empty.
 */
static inline int cgm_file_load(const char *path, struct cgm_file *f)
{
	FILE *in = fopen(path, "r");
	char line[512], name[64];
	int col_id = -1, col_time = -1, col_gl = -1;

	f->n = 0;
	f->trace = NULL;
	if (!in)
		return -1;
	if (!fgets(line, sizeof(line), in)) {
		fclose(in);
		return -1;
	}
	for (int c = 0; cgm_field(line, c, name, sizeof(name)) == 0; c++) {
		if (!strcmp(name, "id"))
			col_id = c;
		else if (!strcmp(name, "time"))
			col_time = c;
		else if (!strcmp(name, "gl"))
			col_gl = c;
	}
	while (fgets(line, sizeof(line), in)) {
		char id[64], when[32], gl[32], *end;
		int y, mo, d, h, mi, s;
		struct cgm_trace *t;
		double value;

		if (col_id < 0 || col_time < 0 || col_gl < 0 || cgm_field(line, col_id, id, sizeof(id)) ||
		    cgm_field(line, col_time, when, sizeof(when)) || cgm_field(line, col_gl, gl, sizeof(gl)) ||
		    sscanf(when, "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &s) != 6) {
			fprintf(stderr, "%s: cannot read line '%s'\n", path, line);
			fclose(in);
			cgm_file_release(f);
			return -1;
		}
		if (!strcmp(gl, "NA"))
			continue;
		value = strtod(gl, &end);
		if (*end) {
			fprintf(stderr, "%s: bad glucose '%s'\n", path, gl);
			fclose(in);
			cgm_file_release(f);
			return -1;
		}
		t = cgm_trace_for(f, id);
		if (t->n == t->alloc) {
			t->alloc = t->alloc ? 2 * t->alloc : 256;
			t->readings = xrealloc(t->readings, t->alloc * sizeof(*t->readings));
			t->seconds = xrealloc(t->seconds, t->alloc * sizeof(*t->seconds));
			t->day = xrealloc(t->day, t->alloc * sizeof(*t->day));
		}
		t->day[t->n] = cgm_day_number(y, mo, d);
		t->seconds[t->n] = (int64_t)t->day[t->n] * 86400 + h * 3600 + mi * 60 + s;
		t->readings[t->n].mgdl = value;
		t->readings[t->n].minute_of_day = h * 60 + mi;
		t->n++;
	}
	fclose(in);
	return 0;
}

static inline const struct cgm_trace *cgm_file_find(const struct cgm_file *f, const char *id)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->trace[i].id, id))
			return &f->trace[i];
	return NULL;
}

static inline int cgm_cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static inline int cgm_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * The period iglu's active_percent measures a trace against, in minutes,
 * and the interval it expects (dt0: given, or estimated as iglu does, the
 * median gap between readings rounded to whole minutes). iglu counts
 * round(round(span) / dt0) + 1 expected readings from the first reading to
 * the last; the period is that many intervals. R's round() rounds halves to
 * even, as rint() does in the default rounding mode. *ndays is the span in
 * days (iglu reports it rounded to one decimal).
 */
static inline void cgm_iglu_period(const struct cgm_trace *t, double dt0_given, double *period,
				   double *dt0, double *ndays)
{
	int64_t *s = xmalloc(t->n * sizeof(*s));
	double *gaps = xmalloc((t->n > 1 ? t->n - 1 : 1) * sizeof(*gaps));
	size_t m = t->n > 1 ? t->n - 1 : 0;
	double span, expected;

	memcpy(s, t->seconds, t->n * sizeof(*s));
	qsort(s, t->n, sizeof(*s), cgm_cmp_i64);
	for (size_t i = 0; i < m; i++)
		gaps[i] = (double)(s[i + 1] - s[i]) / 60.0;
	if (dt0_given > 0) {
		*dt0 = dt0_given;
	} else {
		/* The median gap (the mean of the middle two for an even count). */
		qsort(gaps, m, sizeof(*gaps), cgm_cmp_double);
		*dt0 = rint(m % 2 ? gaps[m / 2] : (gaps[m / 2 - 1] + gaps[m / 2]) / 2.0);
	}
	span = (double)(s[t->n - 1] - s[0]) / 60.0;
	expected = rint(rint(span) / *dt0) + 1.0;
	*period = expected * *dt0;
	*ndays = span / 1440.0;
	free(gaps);
	free(s);
}

#endif
