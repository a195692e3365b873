#include "measure/trend_metrics.h"

#include <math.h>
#include <string.h>

static bool positive(double v)
{
	return v > 0.0 && isfinite(v);
}

int trend_bp_mean(const struct trend_bp_reading *readings, size_t n, struct trend_bp_mean *out)
{
	double systolic = 0, diastolic = 0, pulse = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n; i++) {
		const struct trend_bp_reading *r = &readings[i];

		if (!positive(r->systolic) || !positive(r->diastolic) ||
		    (r->has_pulse && !positive(r->pulse))) {
			memset(out, 0, sizeof(*out));
			return -1;
		}
		systolic += r->systolic;
		diastolic += r->diastolic;
		if (r->has_pulse) {
			pulse += r->pulse;
			out->pulse_readings++;
		}
	}
	out->readings = n;
	if (n > 0) {
		out->systolic = systolic / (double)n;
		out->diastolic = diastolic / (double)n;
	}
	if (out->pulse_readings > 0)
		out->pulse = pulse / (double)out->pulse_readings;
	return 0;
}

int trend_weight_change(const struct trend_weight *readings, size_t n, int days,
			struct trend_weight_change *out)
{
	const struct trend_weight *latest = NULL, *earlier = NULL;
	int64_t span, tolerance, target, best = 0;

	memset(out, 0, sizeof(*out));
	if (days < 1 || days > TREND_WEIGHT_DAYS_MAX)
		return -1;
	for (size_t i = 0; i < n; i++) {
		/* The time bound keeps every difference below well inside int64_t. */
		if (!positive(readings[i].kg) || readings[i].time > TREND_TIME_MAX ||
		    readings[i].time < -TREND_TIME_MAX)
			return -1;
		if (!latest || readings[i].time > latest->time)
			latest = &readings[i];
	}
	if (!latest)
		return 0;

	span = (int64_t)days * 86400;
	tolerance = span / 4;
	if (tolerance > (int64_t)TREND_WEIGHT_TOLERANCE_MAX_DAYS * 86400)
		tolerance = (int64_t)TREND_WEIGHT_TOLERANCE_MAX_DAYS * 86400;
	target = latest->time - span;
	for (size_t i = 0; i < n; i++) {
		const struct trend_weight *r = &readings[i];
		int64_t off = r->time > target ? r->time - target : target - r->time;

		if (off > tolerance)
			continue;
		/* Nearer wins; at equal distance the earlier reading; at the same time, the first. */
		if (!earlier || off < best || (off == best && r->time < earlier->time)) {
			earlier = r;
			best = off;
		}
	}
	if (!earlier)
		return 0;

	out->found = true;
	out->latest_kg = latest->kg;
	out->earlier_kg = earlier->kg;
	out->change_kg = latest->kg - earlier->kg;
	out->latest_time = latest->time;
	out->earlier_time = earlier->time;
	out->days = (double)(latest->time - earlier->time) / 86400.0;
	return 0;
}
