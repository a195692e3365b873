#include "measure/glucose_metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/quantile.h"
#include "util/buf.h"

/* Values are kept as integers in this many parts of a mg/dL. */
#define CENTI 100

double glucose_mmol_to_mgdl(double mmol)
{
	return mmol * GLUCOSE_MGDL_PER_MMOL;
}

double glucose_mgdl_to_mmol(double mgdl)
{
	return mgdl / GLUCOSE_MGDL_PER_MMOL;
}

/* The value in 0.01 mg/dL, or -1 for a value we do not accept. */
static int64_t to_centi(double mgdl)
{
	if (!(mgdl > 0.0 && mgdl <= GLUCOSE_MGDL_MAX)) /* also refuses NaN */
		return -1;
	return llround(mgdl * CENTI);
}

/* Whole mg/dL, halves up (centi is never negative). */
static int64_t centi_to_whole(int64_t centi)
{
	return (centi + CENTI / 2) / CENTI;
}

static enum glucose_band band_of_centi(int64_t centi)
{
	int64_t whole = centi_to_whole(centi);

	if (whole < 54)
		return GLUCOSE_VERY_LOW;
	if (whole < 70)
		return GLUCOSE_LOW;
	if (whole <= 180)
		return GLUCOSE_IN_RANGE;
	if (whole <= 250)
		return GLUCOSE_HIGH;
	return GLUCOSE_VERY_HIGH;
}

int glucose_band_of(double mgdl, enum glucose_band *band)
{
	int64_t centi = to_centi(mgdl);

	if (centi < 0)
		return -1;
	*band = band_of_centi(centi);
	return 0;
}

void glucose_day_init(struct glucose_day *day)
{
	memset(day, 0, sizeof(*day));
}

int glucose_day_add(struct glucose_day *day, double mgdl)
{
	int64_t centi = to_centi(mgdl);

	if (centi < 0 || day->count >= GLUCOSE_READINGS_MAX)
		return -1;
	day->count++;
	day->sum += centi;
	day->sum_sq += centi * centi;
	day->band[band_of_centi(centi)]++;
	return 0;
}

int glucose_day_remove(struct glucose_day *day, double mgdl)
{
	int64_t centi = to_centi(mgdl);
	enum glucose_band band;

	if (centi < 0)
		return -1;
	band = band_of_centi(centi);
	/* An empty band also catches an empty aggregate. */
	if (day->band[band] <= 0 || day->sum < centi || day->sum_sq < centi * centi)
		return -1;
	day->count--;
	day->sum -= centi;
	day->sum_sq -= centi * centi;
	day->band[band]--;
	return 0;
}

int glucose_day_merge(struct glucose_day *into, const struct glucose_day *from)
{
	if (from->count > GLUCOSE_READINGS_MAX - into->count)
		return -1;
	into->count += from->count;
	into->sum += from->sum;
	into->sum_sq += from->sum_sq;
	for (int b = 0; b < GLUCOSE_BAND_COUNT; b++)
		into->band[b] += from->band[b];
	return 0;
}

/*
 * The sum of squared deviations from the mean, M2, in (0.01 mg/dL)^2, for
 * count >= 1. Computed as sum_sq - sum^2/n in floating point it would lose
 * the digits the SD lives in (sum_sq is about 25 times M2 for a CV of 20%,
 * and far more for a flat trace). Instead, with q the integer nearest the
 * mean and r = sum - n*q (|r| <= n/2), the deviations from q,
 *   S_q = sum (x - q)^2 = sum_sq - q*sum - q*r,
 * are exact in integers, and M2 = S_q - r^2/n. Since q is the integer
 * nearest the mean, every integer x is at least |r|/n from the mean, so
 * M2 >= r^2/n: the subtraction loses at most one bit.
 * Ranges: values <= 1e5, n <= 1e8, so sum_sq, q*sum <= 1e18 < INT64_MAX.
 */
static double sum_sq_deviations(const struct glucose_day *d)
{
	int64_t n = d->count;
	int64_t q = d->sum / n;
	int64_t r = d->sum - q * n;
	int64_t s_q;

	if (2 * r > n) {
		q++;
		r -= n;
	}
	s_q = d->sum_sq - q * d->sum - q * r;
	return (double)s_q - (double)r * (double)r / (double)n;
}

static int lengths_valid(double period_minutes, double expected_interval_minutes)
{
	return period_minutes > 0.0 && isfinite(period_minutes) && expected_interval_minutes > 0.0 &&
	       isfinite(expected_interval_minutes);
}

/* The summary of everything in `total`; both public paths end here. */
static void summarize(const struct glucose_day *total, double period_minutes,
		      double expected_interval_minutes, struct glucose_summary *out)
{
	double n = (double)total->count;
	double active;

	memset(out, 0, sizeof(*out));
	out->readings = total->count;
	if (total->count == 0)
		return;

	out->has_mean = true;
	out->mean_mgdl = (double)total->sum / (n * CENTI);
	out->mean_mmol = glucose_mgdl_to_mmol(out->mean_mgdl);
	out->gmi_percent = 3.31 + 0.02392 * out->mean_mgdl;
	out->gmi_mmol_mol = 12.71 + 4.70587 * out->mean_mmol;

	for (int b = 0; b < GLUCOSE_BAND_COUNT; b++)
		out->band_percent[b] = 100.0 * (double)total->band[b] / n;
	out->tir_percent = out->band_percent[GLUCOSE_IN_RANGE];
	out->tbr_percent = 100.0 * (double)(total->band[GLUCOSE_VERY_LOW] + total->band[GLUCOSE_LOW]) / n;
	out->tar_percent = 100.0 * (double)(total->band[GLUCOSE_HIGH] + total->band[GLUCOSE_VERY_HIGH]) / n;

	/* n * interval / period is n / expected readings, without rounding the expected count. */
	active = n * expected_interval_minutes / period_minutes;
	out->active_percent = active >= 1.0 ? 100.0 : 100.0 * active;

	if (total->count >= 2) {
		double m2 = sum_sq_deviations(total);

		out->has_sd = true;
		out->sd_mgdl = sqrt(m2 / (n - 1.0)) / CENTI;
		out->cv_percent = 100.0 * out->sd_mgdl / out->mean_mgdl;
	}
}

int glucose_summary_from_days(const struct glucose_day *days, size_t n, double period_minutes,
			      double expected_interval_minutes, struct glucose_summary *out)
{
	struct glucose_day total;

	if (!lengths_valid(period_minutes, expected_interval_minutes))
		return -1;
	glucose_day_init(&total);
	for (size_t i = 0; i < n; i++)
		if (glucose_day_merge(&total, &days[i]) < 0)
			return -1;
	summarize(&total, period_minutes, expected_interval_minutes, out);
	return 0;
}

int glucose_summary_from_readings(const struct glucose_reading *readings, size_t n,
				  double period_minutes, double expected_interval_minutes,
				  struct glucose_summary *out)
{
	struct glucose_day total;

	if (!lengths_valid(period_minutes, expected_interval_minutes))
		return -1;
	/* One aggregate of everything: the integer sums make this equal to any split into days. */
	glucose_day_init(&total);
	for (size_t i = 0; i < n; i++)
		if (glucose_day_add(&total, readings[i].mgdl) < 0)
			return -1;
	summarize(&total, period_minutes, expected_interval_minutes, out);
	return 0;
}

int glucose_target_percent(const struct glucose_reading *readings, size_t n, double low,
			   double high, struct glucose_target_percent *out)
{
	size_t below = 0, above = 0;

	if (n == 0 || !(low <= high))
		return -1;
	for (size_t i = 0; i < n; i++) {
		int64_t centi = to_centi(readings[i].mgdl);
		double whole;

		if (centi < 0)
			return -1;
		whole = (double)centi_to_whole(centi);
		if (whole < low)
			below++;
		else if (whole > high)
			above++;
	}
	out->below_percent = 100.0 * (double)below / (double)n;
	out->above_percent = 100.0 * (double)above / (double)n;
	out->in_percent = 100.0 * (double)(n - below - above) / (double)n;
	return 0;
}

int glucose_quantiles(const struct glucose_reading *readings, size_t n, const double *probs,
		      size_t nprobs, double *out)
{
	double *values;

	if (n == 0)
		return -1;
	for (size_t i = 0; i < nprobs; i++)
		if (!(probs[i] >= 0.0 && probs[i] <= 1.0))
			return -1;
	for (size_t i = 0; i < n; i++)
		if (to_centi(readings[i].mgdl) < 0)
			return -1;

	values = xmalloc(n * sizeof(*values));
	for (size_t i = 0; i < n; i++)
		values[i] = readings[i].mgdl;
	quantile_sort(values, n);
	for (size_t i = 0; i < nprobs; i++)
		out[i] = quantile_sorted(values, n, probs[i]);
	free(values);
	return 0;
}
