#include "measure/inr_ttr.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/*
 * A result with its distance from the target, for sorting. The distance is
 * kept in millionths as an integer: INRs are reported to one or two
 * decimals, and in floating point |2.3 - 2.5| and |2.7 - 2.5| need not come
 * out equal, which would turn a tie into a choice by rounding.
 */
struct candidate {
	struct inr_result r;
	int64_t distance;
};

static int cmp_candidate(const void *pa, const void *pb)
{
	const struct candidate *a = pa, *b = pb;

	if (a->r.day != b->r.day)
		return a->r.day < b->r.day ? -1 : 1;
	if (a->distance != b->distance)
		return a->distance < b->distance ? -1 : 1;
	return (a->r.inr > b->r.inr) - (a->r.inr < b->r.inr);
}

size_t inr_clean(const struct inr_result *results, size_t n, double target, struct inr_result *out)
{
	struct candidate *c;
	size_t kept = 0, written = 0;

	if (n == 0)
		return 0;
	c = xmalloc(n * sizeof(*c));
	for (size_t i = 0; i < n; i++) {
		double v = results[i].inr;

		if (v > INR_CAP)
			v = INR_CAP;
		if (!(v >= INR_MIN_PLAUSIBLE)) /* also drops NaN */
			continue;
		c[kept].r.day = results[i].day;
		c[kept].r.inr = v;
		c[kept].distance = llround(fabs(v - target) * 1e6);
		kept++;
	}
	/* By day, then closest to the target, then the lower value: the first of each day is kept. */
	qsort(c, kept, sizeof(*c), cmp_candidate);
	for (size_t i = 0; i < kept; i++)
		if (i == 0 || c[i].r.day != c[i - 1].r.day)
			out[written++] = c[i].r;
	free(c);
	return written;
}

double inr_interval_days_in_range(const struct inr_result *a, const struct inr_result *b, double low,
				  double high)
{
	double days = (double)((int64_t)b->day - a->day);
	double x = a->inr, y = b->inr;
	bool x_in = x >= low && x <= high, y_in = y >= low && y <= high;

	if (x_in && y_in)
		return days;
	if ((x < low && y < low) || (x > high && y > high))
		return 0.0;
	if (x_in || y_in) {
		double in = x_in ? x : y, outside = x_in ? y : x;
		double bound = outside < low ? low : high;

		return fabs(bound - in) / fabs(in - outside) * days;
	}
	/* One below, one above: the line crosses the whole range. */
	return (high - low) / fabs(x - y) * days;
}

int inr_ttr(const struct inr_result *results, size_t n, double low, double high, struct inr_ttr *out)
{
	struct inr_result *clean;
	size_t m;

	if (!(low > 0.0 && low < high && high <= INR_CAP))
		return -1;
	memset(out, 0, sizeof(*out));
	if (n == 0)
		return 0;

	clean = xmalloc(n * sizeof(*clean));
	m = inr_clean(results, n, (low + high) / 2.0, clean);
	out->results_used = m;
	for (size_t i = 0; i + 1 < m; i++) {
		int64_t days = (int64_t)clean[i + 1].day - clean[i].day;

		if (days >= INR_GAP_DAYS) {
			out->intervals_excluded++;
			continue;
		}
		out->intervals_included++;
		out->days_included += days;
		out->days_in_range += inr_interval_days_in_range(&clean[i], &clean[i + 1], low, high);
	}
	free(clean);
	if (out->days_included > 0) {
		out->has_percent = true;
		out->percent = 100.0 * out->days_in_range / (double)out->days_included;
	}
	return 0;
}
