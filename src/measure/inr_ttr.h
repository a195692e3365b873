#ifndef ROER_MEASURE_INR_TTR_H
#define ROER_MEASURE_INR_TTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Time in therapeutic range (TTR) of INR results for a person on a vitamin K
 * antagonist (warfarin and the like), by Rosendaal's linear interpolation:
 * the INR is taken to change in a straight line from one result to the
 * next, and TTR is the share of those days on which the line lies inside
 * the range.
 *
 * Conventions: those of the eCQM custom calculation for warfarin TTR as
 * projecttacoma/hqmf2js implements it (our fixtures hold its test cases),
 * with the range as parameters instead of fixed at 2.0-3.0:
 * - Clean-up, in this order: a value above 10 counts as 10.0; a value
 *   below 0.8 (or not a number) is dropped; of several results on one day,
 *   the one closest to the middle of the range is kept (2.5 for 2.0-3.0,
 *   which is hqmf2js's fixed set point; the middle of the client's own range
 *   otherwise). A result with several values is given as several results
 *   on the same day, which the same rule reduces to one. Results are then
 *   taken in date order, whatever order they came in.
 *   On a tie (2.3 and 2.7 around 2.5) we keep the lower value; hqmf2js
 *   keeps the one it met first, which would make the result depend on the
 *   order the store returns rows in.
 * - The range is inclusive: low <= INR <= high is in range.
 * - An interval between consecutive results of INR_GAP_DAYS (57) days or
 *   more is left out: it adds neither days in range nor days.
 * - Days in range of an interval of d days from INR a to INR b:
 *     both in range: d; both below, or both above: 0;
 *     one in, one out ("crossing"): |bound - in| / |in - out| * d, with the
 *       bound on the side of the one out (low if below, high if above);
 *     one below, one above ("spanning"): (high - low) / |a - b| * d.
 * - TTR % = 100 * days in range / days in the included intervals.
 * hqmf2js also withholds the percentage unless there are at least two
 * included intervals; that is the measure's rule for who is counted, not
 * part of the computation, so we give the percentage from one interval on
 * and report the number of intervals for a caller that applies it.
 *
 * Days are whole calendar days: a result's `day` is a day number (e.g. days
 * since 1970-01-01) of the date the caller assigns it. The measure uses the
 * UTC date of the result's time; a caller may prefer the client's local
 * date. Interval lengths are differences of these numbers.
 */

#define INR_MIN_PLAUSIBLE 0.8
#define INR_CAP 10.0
#define INR_GAP_DAYS 57

struct inr_result {
	int32_t day;
	double inr;
};

/*
 * Cleans `results` as described above into `out`, which has room for n
 * results, sorted by day with one result per day. `target` is the value
 * kept results are chosen closest to (the middle of the range), with
 * 0 <= target <= INR_CAP. Returns the number of results written to out.
 * Never fails.
 */
size_t inr_clean(const struct inr_result *results, size_t n, double target, struct inr_result *out);

/*
 * Days in range, by the rules above, of the interval from result a to a
 * later result b (b.day > a.day), whatever its length (the 57-day rule is
 * applied by inr_ttr(), not here). The caller checks low < high.
 */
double inr_interval_days_in_range(const struct inr_result *a, const struct inr_result *b, double low,
				  double high);

struct inr_ttr {
	double days_in_range;      /* over the included intervals */
	int64_t days_included;     /* total length of the included intervals */
	bool has_percent;          /* days_included > 0 */
	double percent;            /* 100 * days_in_range / days_included, or 0 */
	size_t results_used;       /* results left after the clean-up */
	size_t intervals_included; /* intervals shorter than INR_GAP_DAYS */
	size_t intervals_excluded; /* intervals of INR_GAP_DAYS or more */
};

/*
 * TTR of n results (any order, uncleaned) for the range low-high (the
 * client's own; 2.0-3.0 for most). Fills *out and returns 0, or returns -1
 * when the range is not two numbers with 0 < low < high <= INR_CAP (a range
 * above the cap could never be reached). With fewer than two
 * results left after the clean-up, or only excluded intervals, there is no
 * percentage (has_percent is false). Allocates scratch memory for the length
 * of the call only.
 */
int inr_ttr(const struct inr_result *results, size_t n, double low, double high, struct inr_ttr *out);

#endif
