#include "measure/glucose_agp.h"

#include <stdlib.h>
#include <string.h>

#include "measure/quantile.h"
#include "util/buf.h"

int glucose_agp_from_readings(const struct glucose_reading *readings, size_t n,
			      struct glucose_agp *out)
{
	size_t start[GLUCOSE_AGP_SLOTS + 1] = { 0 };
	size_t next[GLUCOSE_AGP_SLOTS];
	double *values;

	memset(out, 0, sizeof(*out));
	for (int s = 0; s < GLUCOSE_AGP_SLOTS; s++)
		out->slot[s].start_minute = s * GLUCOSE_AGP_SLOT_MINUTES;
	for (size_t i = 0; i < n; i++) {
		enum glucose_band band;
		int minute = readings[i].minute_of_day;

		if (minute < 0 || minute >= 24 * 60 || glucose_band_of(readings[i].mgdl, &band) < 0)
			return -1;
		out->slot[minute / GLUCOSE_AGP_SLOT_MINUTES].readings++;
	}
	if (n == 0)
		return 0;

	/* Group the values by slot (a counting sort), then sort each slot's run. */
	for (int s = 0; s < GLUCOSE_AGP_SLOTS; s++)
		start[s + 1] = start[s] + out->slot[s].readings;
	memcpy(next, start, sizeof(next));
	values = xmalloc(n * sizeof(*values));
	for (size_t i = 0; i < n; i++)
		values[next[readings[i].minute_of_day / GLUCOSE_AGP_SLOT_MINUTES]++] = readings[i].mgdl;

	for (int s = 0; s < GLUCOSE_AGP_SLOTS; s++) {
		struct glucose_agp_slot *slot = &out->slot[s];
		double *v = values + start[s];

		if (slot->readings == 0)
			continue;
		quantile_sort(v, slot->readings);
		slot->p5 = quantile_sorted(v, slot->readings, 0.05);
		slot->p25 = quantile_sorted(v, slot->readings, 0.25);
		slot->p50 = quantile_sorted(v, slot->readings, 0.50);
		slot->p75 = quantile_sorted(v, slot->readings, 0.75);
		slot->p95 = quantile_sorted(v, slot->readings, 0.95);
	}
	free(values);
	return 0;
}
