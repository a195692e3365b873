/* The client's measurements in their export: every reading of every kind, their ranges and devices. */
#include <stdint.h>

#include "api/measure.h"
#include "measure/kinds.h"
#include "util/timeutil.h"

static int add_reading(const struct store_measurement *m, void *ctx)
{
	return json_array_append_new(ctx, reading_json(m, NULL));
}

static int add_target(const struct store_measurement_target *t, void *ctx)
{
	const struct measure_kind *k = measure_kind_find(t->kind);
	int d = k ? k->decimals : 1;

	return json_array_append_new(ctx, json_pack("{s:s,s:o,s:o,s:o,s:o,s:I}", "kind", t->kind, "low",
						     measure_number(t->low, d), "high", measure_number(t->high, d),
						     "low2", measure_number(t->low2, d), "high2",
						     measure_number(t->high2, d), "set_by", (json_int_t)t->set_by));
}

static int add_device(const struct store_device *d, void *ctx)
{
	json_t *kinds = json_loads(d->kinds, 0, NULL);
	char created[21];

	time_format_iso(d->created_at, created);
	return json_array_append_new(ctx, json_pack("{s:I,s:s,s:o,s:s,s:b}", "id", (json_int_t)d->id, "name", d->name,
						    "kinds", kinds ? kinds : json_array(), "created_at", created,
						    "revoked", d->revoked_at != 0));
}

int measurements_export(struct store_tx *tx, int64_t client_id, json_t **out)
{
	json_t *readings = json_array(), *targets = json_array(), *devices = json_array();
	const struct measure_kind *kinds;
	size_t n;
	int rc;

	*out = NULL;
	if ((rc = measure_kinds_load(tx)) < 0)
		goto fail;
	kinds = measure_kinds(&n);
	/* Kind by kind, each in time order, as the index holds them. */
	for (size_t i = 0; i < n; i++) {
		struct store_measurement_query q = { client_id, kinds[i].code, 0, INT64_MAX, 0, NULL, UINT32_MAX, true };

		if ((rc = store_measurements_each(tx, &q, add_reading, readings)) < 0)
			goto fail;
	}
	if ((rc = store_measurement_targets_each(tx, client_id, NULL, add_target, targets)) < 0 ||
	    (rc = store_devices_each(tx, client_id, 0, add_device, devices)) < 0)
		goto fail;
	*out = json_pack("{s:o,s:o,s:o}", "readings", readings, "targets", targets, "devices", devices);
	return *out ? 0 : -1;
fail:
	json_decref(readings);
	json_decref(targets);
	json_decref(devices);
	return rc < 0 ? rc : -1;
}
