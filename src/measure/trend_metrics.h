#ifndef ROER_MEASURE_TREND_METRICS_H
#define ROER_MEASURE_TREND_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Small trends over home measurements: the mean of a set of blood-pressure
 * readings, and the change in weight over a number of days. Pure
 * computation; the caller chooses the set (e.g. the last 7 days).
 */

struct trend_bp_reading {
	double systolic;  /* mmHg */
	double diastolic; /* mmHg */
	double pulse;     /* beats per minute, when has_pulse */
	bool has_pulse;
};

/*
 * Means of the set. Pulse is averaged over the readings that have one
 * (pulse_readings of them; many cuffs leave it out), so it may rest on fewer
 * readings than the pressures. Fields without readings are 0.
 */
struct trend_bp_mean {
	size_t readings;
	double systolic;
	double diastolic;
	size_t pulse_readings;
	double pulse;
};

/*
 * Fills *out with the means of n readings (n may be 0). Returns 0, or -1
 * when a value is not a positive number (a pulse only when has_pulse).
 */
int trend_bp_mean(const struct trend_bp_reading *readings, size_t n, struct trend_bp_mean *out);

struct trend_weight {
	int64_t time; /* seconds since the epoch, UTC */
	double kg;
};

/*
 * The change over `days` days: the latest reading minus the reading nearest
 * to `days` days before it.
 *
 * The earlier reading must lie within a tolerance of that moment: a quarter
 * of the span, at most 7 days (TREND_WEIGHT_TOLERANCE_MAX_DAYS). People weigh
 * themselves daily, weekly or less; the quarter lets a weekly weigher get a
 * 30-day change (tolerance 7 days) and keeps a 3-day change, the heart
 * failure warning of 2 kg in 3 days, to readings 2.25-3.75 days apart
 * (tolerance 18 hours), so the change still means "over about that many
 * days". The cap keeps a 90-day change from reaching back to 67 days. With
 * no reading in the window there is no change (found is false): better none
 * than one over a span the caller did not ask for. Since the window ends a
 * quarter of the span before the latest reading, the latest is never its
 * own partner.
 *
 * Ties: of two readings equally near the moment, the earlier; of several
 * readings at the latest time (or at the same earlier time), the first in
 * the array.
 */
#define TREND_WEIGHT_TOLERANCE_MAX_DAYS 7
#define TREND_WEIGHT_DAYS_MAX 3660
#define TREND_TIME_MAX 100000000000LL /* seconds: some 3000 years either side of 1970 */

struct trend_weight_change {
	bool found;
	double change_kg; /* latest_kg - earlier_kg */
	double latest_kg;
	double earlier_kg;
	int64_t latest_time;
	int64_t earlier_time;
	double days; /* the real span, (latest_time - earlier_time) / 86400 */
};

/*
 * Fills *out for the n readings (any order). Returns 0 (found may be false),
 * or -1 for days outside 1-TREND_WEIGHT_DAYS_MAX, a weight that is not a
 * positive number, or a time beyond TREND_TIME_MAX either way.
 */
int trend_weight_change(const struct trend_weight *readings, size_t n, int days,
			struct trend_weight_change *out);

#endif
