#ifndef ROER_MEASURE_GLUCOSE_METRICS_H
#define ROER_MEASURE_GLUCOSE_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Continuous glucose monitoring (CGM) metrics as the international consensus
 * defines them (Battelino et al., Diabetes Care 2019;42:1593-1603): mean, SD,
 * CV, GMI, time in ranges and time the CGM was active. Pure computation: no
 * store, no time zones, no allocation that outlives a call.
 *
 * Units: mg/dL everywhere. mmol/L converts with the factor 18.0, the one
 * behind the consensus's paired tables (70 mg/dL = 3.9 mmol/L, rounded).
 *
 * Accepted values: 0 < mg/dL <= GLUCOSE_MGDL_MAX. Each value is first rounded
 * to 0.01 mg/dL (which holds a two-decimal mmol/L value times 18 exactly);
 * that rounded value is what the sums and bands below use.
 *
 * Bands. The consensus gives them in whole mg/dL and in one-decimal mmol/L:
 *   very low   < 54       (< 3.0)       TBR level 2
 *   low        54-69      (3.0-3.8)     TBR level 1
 *   in range   70-180     (3.9-10.0)    TIR
 *   high       181-250    (10.1-13.9)   TAR level 1
 *   very high  > 250      (> 13.9)      TAR level 2
 * A value is placed by rounding it to the nearest whole mg/dL, halves up,
 * then reading the mg/dL table. Why not compare the fractional value against
 * the edges directly (as iglu does: 69.3 < 70 is low, 180.4 > 180 is high)?
 * Because then the two tables disagree: 13.9 mmol/L is 250.2 mg/dL, "high" in
 * the mmol/L table but "> 250", very high, against the raw mg/dL edge. With
 * the rounding every one-decimal mmol/L value lands in the band its own table
 * gives (2.9 -> 52 very low, 3.0 -> 54 low, 3.8 -> 68 low, 3.9 -> 70 in range,
 * 10.0 -> 180 in range, 10.1 -> 182 high, 13.9 -> 250 high, 14.0 -> 252 very
 * high), whole mg/dL values (what sensors report) are unaffected and so match
 * iglu, and a value between the tables, such as 3.85 mmol/L = 69.3 mg/dL,
 * goes to the band of the whole mg/dL it rounds to (69: low). The mean and
 * SD use the value to 0.01 mg/dL, not to the whole mg/dL; quantiles use the
 * value as given.
 *
 * Percentages of "time" in a band are percentages of readings, as in the
 * consensus and iglu: with a regular sensor the two are the same.
 */

#define GLUCOSE_MGDL_PER_MMOL 18.0
#define GLUCOSE_MGDL_MAX 1000.0

/*
 * At most this many readings in one aggregate (some 190 years at one a
 * minute). It keeps every sum below in int64_t with room to spare.
 */
#define GLUCOSE_READINGS_MAX 100000000LL

enum glucose_band {
	GLUCOSE_VERY_LOW,
	GLUCOSE_LOW,
	GLUCOSE_IN_RANGE,
	GLUCOSE_HIGH,
	GLUCOSE_VERY_HIGH,
	GLUCOSE_BAND_COUNT
};

/* mmol/L to mg/dL and back, with the factor 18.0. */
double glucose_mmol_to_mgdl(double mmol);
double glucose_mgdl_to_mmol(double mgdl);

/*
 * Sets *band to the band of `mgdl` as described above. Returns 0, or -1 for
 * a value outside 0 < mgdl <= GLUCOSE_MGDL_MAX (or not a number).
 */
int glucose_band_of(double mgdl, enum glucose_band *band);

/*
 * One sensor reading. minute_of_day is the reading's local time of day in
 * minutes (0-1439), converted from UTC by the caller; only the ambulatory
 * glucose profile (glucose_agp.h) uses it.
 */
struct glucose_reading {
	double mgdl;
	int minute_of_day;
};

/*
 * The mergeable daily aggregate: what the server keeps per client per local
 * day, updated as each reading arrives, so that a 90-day summary merges at
 * most 90 of these instead of reading every value again.
 *
 * The sums are exact integers in hundredths of mg/dL (sum) and their squares
 * (sum_sq). We chose that over Welford's or Chan's running mean and M2 in
 * floating point because integers make every operation exact: merging is
 * associative and commutative, a day built reading by reading equals the
 * same readings merged in any grouping, and glucose_day_remove() undoes
 * glucose_day_add() exactly, which a floating-point M2 cannot promise. The
 * usual weakness of a sum of squares (cancellation in sum_sq - sum^2/n) is
 * avoided when the SD is computed (see glucose_metrics.c), so the SD is as
 * accurate as the two-pass formula.
 *
 * "Time the CGM was active" needs only `count` (see glucose_summary).
 *
 * All fields are plain numbers so the store can keep them as columns; a
 * struct the store reads back is valid as long as the numbers came from
 * these functions.
 */
struct glucose_day {
	int64_t count;
	int64_t sum;    /* sum of the values, in 0.01 mg/dL */
	int64_t sum_sq; /* sum of their squares, in (0.01 mg/dL)^2 */
	int64_t band[GLUCOSE_BAND_COUNT];
};

/* An empty aggregate. */
void glucose_day_init(struct glucose_day *day);

/*
 * Adds one reading. Returns 0, or -1 (leaving *day unchanged) for a value
 * glucose_band_of() refuses or when the aggregate is full
 * (GLUCOSE_READINGS_MAX).
 */
int glucose_day_add(struct glucose_day *day, double mgdl);

/*
 * Removes one reading added before, exactly: used when a reading is
 * replaced (a Nightscout upsert of the same time with a new value is
 * remove(old) then add(new)). Returns 0, or -1 (leaving *day unchanged) for
 * a value glucose_band_of() refuses or one that cannot be in the aggregate
 * (its band is empty). Removing a value that was never added, but whose band
 * is not empty, cannot be detected and leaves the aggregate wrong.
 */
int glucose_day_remove(struct glucose_day *day, double mgdl);

/*
 * Adds everything in `from` to `into`. Returns 0, or -1 (leaving *into
 * unchanged) when the result would hold more than GLUCOSE_READINGS_MAX
 * readings.
 */
int glucose_day_merge(struct glucose_day *into, const struct glucose_day *from);

/*
 * The consensus summary of a period.
 *
 * has_mean: readings >= 1; mean, GMI and the percentages are valid.
 * has_sd:   readings >= 2; SD and CV are valid (the SD is the sample SD,
 *           divisor n - 1, as iglu and the consensus reports use).
 * Fields that are not valid are 0.
 *
 * GMI (Bergenstal et al., Diabetes Care 2018;41:2275-2280):
 *   gmi_percent  = 3.31 + 0.02392 * mean (mg/dL)
 *   gmi_mmol_mol = 12.71 + 4.70587 * mean (mmol/L)
 *
 * band_percent[b] is the share of readings in band b; tir_percent is the
 * in-range band, tbr_percent the two below it together (< 70 mg/dL) and
 * tar_percent the two above (> 180 mg/dL), as the consensus groups them.
 *
 * active_percent, time the CGM was active: the readings present as a share
 * of the readings expected, 100 * readings / (period_minutes /
 * expected_interval_minutes), capped at 100. The caller gives the period
 * (e.g. 14 days = 20160 minutes, as the consensus reports use) and the
 * sensor's interval (5 for Dexcom, 15 for a Libre 1). Only the count of
 * readings is needed, which keeps the daily aggregate mergeable and
 * glucose_day_remove() exact.
 * How it relates to iglu's active_percent (the reference): iglu takes the
 * span from the first reading to the last, counts round(span / dt0) + 1
 * expected readings, and subtracts the readings missing in gaps longer than
 * dt0. Given that period (expected count times the interval) and dt0 as the
 * interval, ours is the same number, up to iglu's rounding of gaps that
 * are not whole intervals, as long as readings are never closer together
 * than the interval: for every iglu reference trace it agrees to 1e-9. Where readings come closer (a second source, a calibration reading),
 * ours counts them, iglu in effect does not; the cap stops that from passing
 * 100, and the store keeps one reading per time. Of the 66 other traces in
 * the shared data, two differ from iglu's formula, by 0.001 and 0.05 points.
 * Unlike iglu with dt0 set larger than the sensor's interval, this does not
 * measure coverage of a coarser grid: give the sensor's real interval.
 */
struct glucose_summary {
	int64_t readings;
	bool has_mean;
	bool has_sd;
	double mean_mgdl;
	double mean_mmol;
	double sd_mgdl;
	double cv_percent;
	double gmi_percent;
	double gmi_mmol_mol;
	double band_percent[GLUCOSE_BAND_COUNT];
	double tir_percent;
	double tbr_percent;
	double tar_percent;
	double active_percent;
};

/*
 * The summary of `n` daily aggregates together, for a period of
 * period_minutes with one reading expected every expected_interval_minutes.
 * Returns 0, or -1 when either length is not a positive number or the days
 * hold more than GLUCOSE_READINGS_MAX readings together.
 */
int glucose_summary_from_days(const struct glucose_day *days, size_t n, double period_minutes,
			      double expected_interval_minutes, struct glucose_summary *out);

/*
 * The same summary computed from the readings themselves; it is exactly
 * (bit for bit) the summary of any set of days those readings were added
 * to. Returns 0, or -1 for a bad length as above or any reading
 * glucose_band_of() refuses.
 */
int glucose_summary_from_readings(const struct glucose_reading *readings, size_t n,
				  double period_minutes, double expected_interval_minutes,
				  struct glucose_summary *out);

/*
 * Shares of readings against targets other than the consensus bands, e.g.
 * the pregnancy range 63-140 mg/dL: below_percent counts value < low,
 * in_percent low <= value <= high, above_percent value > high, each value
 * rounded to whole mg/dL as for the bands (so the three add up to 100).
 */
struct glucose_target_percent {
	double below_percent;
	double in_percent;
	double above_percent;
};

/*
 * Fills *out for the readings against low <= high (mg/dL). Returns 0, or -1
 * for no readings, low > high, or a reading glucose_band_of() refuses.
 */
int glucose_target_percent(const struct glucose_reading *readings, size_t n, double low,
			   double high, struct glucose_target_percent *out);

/*
 * Quantiles of the readings' values (definition 7, see quantile.h), e.g.
 * the median for probs = {0.5}: out[i] is the quantile at probs[i]. Returns
 * 0, or -1 for no readings, a probability outside [0, 1], or a reading
 * glucose_band_of() refuses.
 */
int glucose_quantiles(const struct glucose_reading *readings, size_t n, const double *probs,
		      size_t nprobs, double *out);

#endif
