/* The glucose sensor's daily sums, kept as readings change: see glucose_days.h. */
#include "api/glucose_days.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "measure/glucose_metrics.h"
#include "measure/local_time.h"
#include "store/measurements.h"
#include "util/log.h"

struct glucose_day_note {
	int64_t day;
	double add, remove;            /* mg/dL; NaN: nothing */
};

int glucose_days_note(struct glucose_days_change *c, int64_t taken_at, double mmol, double previous)
{
	if (isnan(mmol) && isnan(previous))
		return 0;
	if (c->n == c->size) {
		size_t size = c->size ? 2 * c->size : 64;
		struct glucose_day_note *grown = realloc(c->notes, size * sizeof(*grown));

		if (!grown)
			return -1;
		c->notes = grown;
		c->size = size;
	}
	c->notes[c->n++] = (struct glucose_day_note){ local_day(taken_at), glucose_mmol_to_mgdl(mmol),
						      glucose_mmol_to_mgdl(previous) };
	return 0;
}

static int by_day(const void *a, const void *b)
{
	int64_t x = ((const struct glucose_day_note *)a)->day, y = ((const struct glucose_day_note *)b)->day;

	return x < y ? -1 : x > y;
}

int glucose_days_apply(struct store_tx *tx, int64_t client_id, struct glucose_days_change *c)
{
	size_t i = 0;
	int rc;

	if (!c->n)
		return 0;
	qsort(c->notes, c->n, sizeof(*c->notes), by_day);
	while (i < c->n) {
		struct store_glucose_day stored;
		struct glucose_day day;
		int64_t d = c->notes[i].day;

		if ((rc = store_glucose_day_get(tx, client_id, GLUCOSE_DAYS_KIND, d, &stored)) < 0)
			return rc;
		day.count = stored.count;
		day.sum = stored.sum;
		day.sum_sq = stored.sum_sq;
		memcpy(day.band, stored.band, sizeof(day.band));
		for (; i < c->n && c->notes[i].day == d; i++) {
			/* A value outside every band cannot have been stored (the catalogue's range is narrower). */
			if (!isnan(c->notes[i].remove) && glucose_day_remove(&day, c->notes[i].remove))
				return error("glucose day %lld of client %lld: cannot remove %g", (long long)d,
					     (long long)client_id, c->notes[i].remove), STORE_HARD_ERROR;
			if (!isnan(c->notes[i].add) && glucose_day_add(&day, c->notes[i].add))
				return error("glucose day %lld of client %lld: cannot add %g", (long long)d,
					     (long long)client_id, c->notes[i].add), STORE_HARD_ERROR;
		}
		stored.count = day.count;
		stored.sum = day.sum;
		stored.sum_sq = day.sum_sq;
		memcpy(stored.band, day.band, sizeof(stored.band));
		if ((rc = store_glucose_day_put(tx, client_id, GLUCOSE_DAYS_KIND, &stored)) < 0)
			return rc;
	}
	c->n = 0;
	return 0;
}

void glucose_days_change_release(struct glucose_days_change *c)
{
	free(c->notes);
	memset(c, 0, sizeof(*c));
}
