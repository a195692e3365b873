#include "measure/quantile.h"

#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void quantile_sort(double *values, size_t n)
{
	if (n > 1)
		qsort(values, n, sizeof(*values), cmp_double);
}

double quantile_sorted(const double *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	double j = floor(h);
	size_t lo = (size_t)j;
	double frac = h - j;

	/*
	 * Only interpolate when there is something to interpolate: this keeps
	 * a quantile that falls on a value exactly equal to it (no 112.00000001
	 * from 0 * difference rounding), as R does.
	 */
	if (frac == 0.0 || lo + 1 >= n || sorted[lo + 1] == sorted[lo])
		return sorted[lo];
	return (1.0 - frac) * sorted[lo] + frac * sorted[lo + 1];
}
