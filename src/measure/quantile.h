#ifndef ROER_MEASURE_QUANTILE_H
#define ROER_MEASURE_QUANTILE_H

#include <stddef.h>

/*
 * Sample quantiles, Hyndman and Fan's definition 7 (the default of R's
 * quantile(), which iglu uses): for n values sorted ascending, x[0..n-1],
 * and p in [0, 1], let h = (n - 1) * p and j = floor(h); the quantile is
 * x[j] + (h - j) * (x[j+1] - x[j]). So p = 0 gives the minimum, p = 1 the
 * maximum, p = 0.5 the usual median, and one value is its own quantile for
 * every p.
 */

/* Sorts values ascending in place (NaNs are not allowed). */
void quantile_sort(double *values, size_t n);

/*
 * The definition-7 quantile of `sorted` (ascending, n >= 1) at p, where
 * 0 <= p <= 1. The caller checks both; they are not checked here.
 */
double quantile_sorted(const double *sorted, size_t n, double p);

#endif
