/* `roer demo`: Els's morning measurements and her own ranges. */
#include "demo_measurements.h"

#include <math.h>
#include <stdio.h>

#include "store/measurements.h"
#include "store/store.h"
#include "util/log.h"

#define DAY_MS (86400 * 1000LL)

/*
 * A reading as if she typed it in herself. Same-day readings a few minutes
 * apart, and every morning a little later or earlier, as people do.
 */
static int put(struct store_tx *tx, int64_t client, const char *kind, const char *unit, int64_t at, double value,
	       double value2, int64_t now)
{
	struct store_measurement m = {
		.client_id = client,
		.kind = kind,
		.taken_at = at,
		.source = "manual",
		.value = value,
		.value2 = value2,
		.unit = unit,
		.entered_by = client,
		.via = "client",
		.created_at = at / 1000 < now ? at / 1000 : now,
	};
	int64_t id;

	if (store_measurement_put(tx, &m, &id, NULL) < 0)
		return error("demo: cannot store a %s reading", kind);
	return 0;
}

static int range(struct store_tx *tx, int64_t client, const char *kind, double low, double high, double low2,
		 double high2, int64_t at)
{
	struct store_measurement_target t = {
		.kind = kind, .low = low, .high = high, .low2 = low2, .high2 = high2, .set_by = client, .set_at = at,
	};

	if (store_measurement_target_set(tx, client, &t) < 0)
		return error("demo: cannot set the %s range", kind);
	return 0;
}

int demo_measurements(struct store_tx *tx, int64_t client, int64_t now, int days)
{
	/* 07:40 UTC today: a morning in the Netherlands in summer and winter alike. */
	int64_t today = (now / 86400) * 86400 * 1000LL + (7 * 60 + 40) * 60 * 1000LL;

	if (today > now * 1000)
		today -= DAY_MS;
	if (range(tx, client, "weight", 72.0, 75.5, NAN, NAN, now - 40 * 86400) < 0 ||
	    range(tx, client, "blood_pressure", 100, 140, 60, 90, now - 40 * 86400) < 0)
		return -1;
	for (int i = days - 1; i >= 0; i--) {
		int64_t at = today - i * DAY_MS + (i * 7 % 23) * 60 * 1000LL;
		/*
		 * A smooth wander with a small daily wobble, no randomness: the
		 * demo looks the same every time. Her weight creeps up over the
		 * last days (the sign her plan asks her to watch for) and her
		 * pressure runs high on a few mornings.
		 */
		double weight = 74.2 + 0.6 * sin(i / 6.0) + 0.2 * sin(i * 2.3) + (i < 4 ? (4 - i) * 0.6 : 0);
		double systolic = 131 + 7 * sin(i / 4.0) + 4 * sin(i * 1.7) + (i % 11 == 3 ? 12 : 0);
		double diastolic = 80 + 4 * sin(i / 5.0) + 3 * sin(i * 2.1);
		double pulse = 72 + 5 * sin(i / 3.0) + 3 * sin(i * 1.3);

		/* Some mornings she forgets, as people do. */
		if (i % 9 == 5)
			continue;
		if (put(tx, client, "weight", "kg", at, round(weight * 10) / 10, NAN, now) < 0 ||
		    put(tx, client, "blood_pressure", "mmHg", at + 5 * 60 * 1000LL, round(systolic), round(diastolic),
			now) < 0 ||
		    put(tx, client, "heart_rate", "/min", at + 5 * 60 * 1000LL, round(pulse), NAN, now) < 0)
			return -1;
	}
	return 0;
}
