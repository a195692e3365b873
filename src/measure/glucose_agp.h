#ifndef ROER_MEASURE_GLUCOSE_AGP_H
#define ROER_MEASURE_GLUCOSE_AGP_H

#include <stddef.h>

#include "measure/glucose_metrics.h"

/*
 * The ambulatory glucose profile (AGP): all days of a period laid over one
 * another, and for each slot of the day the 5th, 25th, 50th, 75th and 95th
 * percentiles of the readings that fall in it.
 *
 * Slots are 15 minutes wide, starting at local midnight (00:00-00:14,
 * 00:15-00:29, ...: 96 slots). Why 15: narrow enough to keep the shape of a
 * meal peak, which rises and falls within one to two hours (30-minute slots
 * flatten it); wide enough that 14 days of a 5-minute sensor give some 42
 * readings per slot, so the 5th and 95th percentiles rest on more than the
 * two outermost values; and a 15-minute sensor (Libre 1) gives exactly one
 * reading per slot per day.
 *
 * Percentiles: definition 7 (quantile.h), R's default and iglu's. The curves
 * are not smoothed; a report may smooth them for drawing.
 *
 * A slot with no readings is empty: readings == 0 and its percentiles are 0.
 * A caller may want a minimum number of readings before drawing a slot; the
 * count is there for that.
 */

#define GLUCOSE_AGP_SLOT_MINUTES 15
#define GLUCOSE_AGP_SLOTS (24 * 60 / GLUCOSE_AGP_SLOT_MINUTES)

struct glucose_agp_slot {
	int start_minute; /* minute of the day the slot starts at */
	size_t readings;
	double p5;
	double p25;
	double p50;
	double p75;
	double p95;
};

struct glucose_agp {
	struct glucose_agp_slot slot[GLUCOSE_AGP_SLOTS];
};

/*
 * Fills *out from the readings, each placed by its minute_of_day (the local
 * time, 0-1439, computed by the caller). Returns 0, or -1 for a minute
 * outside 0-1439 or a value glucose_band_of() refuses; *out is then
 * unspecified. Allocates scratch memory for the length of the call only.
 */
int glucose_agp_from_readings(const struct glucose_reading *readings, size_t n,
			      struct glucose_agp *out);

#endif
