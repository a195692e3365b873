/* GET /api/v1/measurement-kinds: the catalogue, for the pages, devices and importers. */
#include <math.h>

#include "api/api.h"
#include "api/common.h"
#include "api/measure.h"
#include "api/run.h"
#include "measure/kinds.h"

/* A kind as the API shows it (docs/api.md). */
static json_t *kind_json(const struct measure_kind *k)
{
	json_t *units = json_array(), *o;

	for (size_t i = 0; i < k->n_units; i++)
		json_array_append_new(units, json_string(k->units[i].name));
	o = json_pack("{s:s,s:s,s:i,s:o,s:o,s:o}", "code", k->code, "unit", k->unit, "decimals", k->decimals, "min",
		      measure_number(k->min, k->decimals), "max", measure_number(k->max, k->decimals), "units", units);
	if (!o)
		return NULL;
	json_object_set_new(o, "value2", k->value2[0] ? json_pack("{s:s,s:o,s:o}", "name", k->value2, "min",
								 measure_number(k->min2, k->decimals), "max",
								 measure_number(k->max2, k->decimals))
						      : json_null());
	json_object_set_new(o, "continuous", k->every_min ? json_pack("{s:i,s:i}", "every_min", k->every_min,
								      "every_max", k->every_max)
							  : json_null());
	json_object_set_new(o, "suggestion",
			    k->suggest_source[0]
				    ? json_pack("{s:o,s:o,s:o,s:o,s:s}", "low", measure_number(k->suggest_low, k->decimals),
						"high", measure_number(k->suggest_high, k->decimals), "low2",
						measure_number(k->suggest_low2, k->decimals), "high2",
						measure_number(k->suggest_high2, k->decimals), "source", k->suggest_source)
				    : json_null());
	json_object_set_new(o, "loinc", k->loinc[0] ? json_string(k->loinc) : json_null());
	json_object_set_new(o, "loinc2", k->loinc2[0] ? json_string(k->loinc2) : json_null());
	return o;
}

static int kinds_body(struct request *req, struct store_tx *tx)
{
	const struct measure_kind *all;
	json_t *list;
	size_t n;
	int rc;

	if ((rc = measure_kinds_load(tx)) < 0)
		return api_failed(rc, "cannot read the measurement kinds");
	all = measure_kinds(&n);
	list = json_array();
	for (size_t i = 0; i < n; i++)
		if (json_array_append_new(list, kind_json(&all[i]))) {
			json_decref(list);
			return api_failed(STORE_HARD_ERROR, "cannot show the measurement kinds");
		}
	reply_json(req, 200, list);
	return STORE_TX_KEEP;
}

int api_measurement_kinds_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, kinds_body);
}
