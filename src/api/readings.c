/* A reading sent in, checked; a reading and its flag as shown. See api/measure.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/measure.h"
#include "measure/kinds.h"
#include "util/log.h"
#include "util/timeutil.h"

/* Readings before this are refused as a wrong date (2000-01-01): no home meter is that old. */
#define MEASURE_EARLIEST_MS 946684800000LL

static const struct field_spec note_fields[] = {
	{ "note", FIELD_TEXT, FIELD_MULTILINE, 1, 500, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

/* Refuses field `field` (after `prefix`) with "path: what". Returns 1. */
static int bad(struct field_error *err, const char *prefix, const char *field, const char *what)
{
	char path[96];

	snprintf(path, sizeof(path), "%s%s", prefix, field);
	return refuse(err, REFUSAL_INVALID, path, "%s: %s", path, what);
}

/* A JSON number (not a string, not a boolean), finite. Returns 0 or 1 (refused). */
static int number(json_t *v, double *out)
{
	if (!json_is_number(v))
		return 1;
	*out = json_number_value(v);
	return !isfinite(*out);
}

/* Refuses a value outside [min, max] (both in the stored unit), naming the field and the range. */
static int in_range(struct field_error *err, const char *prefix, const char *field, double v, double min,
		    double max, const struct measure_kind *k)
{
	char path[96];

	if (v >= min && v <= max)
		return 0;
	snprintf(path, sizeof(path), "%s%s", prefix, field);
	return refuse(err, REFUSAL_INVALID, path, "%s: %.*f %s cannot be right for %s (possible: %.*f to %.*f)", path,
		      k->decimals, v, k->unit, k->code, k->decimals, min, k->decimals, max);
}

int reading_parse(json_t *in, int64_t now_ms, const char *prefix, struct reading_input *out, struct field_error *err)
{
	const char *code, *when, *unit;
	const struct measure_kind *k, *hr;
	json_t *v2 = json_object_get(in, "value2"), *pulse = json_object_get(in, "pulse"), *clean;
	double factor;

	memset(out, 0, sizeof(*out));
	out->value2 = out->pulse = NAN;
	if (!json_is_object(in))
		return bad(err, prefix, "", "must be an object");
	if (!json_is_string(json_object_get(in, "kind")))
		return bad(err, prefix, "kind", "required, one of GET /api/v1/measurement-kinds");
	code = json_string_value(json_object_get(in, "kind"));
	if (!(k = measure_kind_find(code)))
		return bad(err, prefix, "kind", "unknown kind (see GET /api/v1/measurement-kinds)");
	out->kind = k;

	if (!json_is_string(json_object_get(in, "taken_at")))
		return bad(err, prefix, "taken_at", "required, an ISO 8601 time with a zone");
	when = json_string_value(json_object_get(in, "taken_at"));
	if (time_parse_iso_ms(when, &out->taken_at))
		return bad(err, prefix, "taken_at", "not an ISO 8601 time with a zone, such as 2026-12-01T08:30:00+01:00");
	if (out->taken_at > now_ms + MEASURE_FUTURE_MS)
		return bad(err, prefix, "taken_at", "lies in the future");
	if (out->taken_at < MEASURE_EARLIEST_MS)
		return bad(err, prefix, "taken_at", "before the year 2000");

	unit = json_object_get(in, "unit") ? json_string_value(json_object_get(in, "unit")) : k->unit;
	if (!unit || !(factor = measure_kind_factor(k, unit)))
		return bad(err, prefix, "unit", "not a unit this kind accepts (see its units)");
	snprintf(out->unit, sizeof(out->unit), "%s", unit);

	if (number(json_object_get(in, "value"), &out->value))
		return bad(err, prefix, "value", "required, a number");
	out->value *= factor;
	if (in_range(err, prefix, "value", out->value, k->min, k->max, k))
		return 1;
	if (k->value2[0]) {
		if (number(v2, &out->value2))
			return bad(err, prefix, "value2", "required for this kind, a number (the second value, such as diastolic)");
		out->value2 *= factor;
		if (in_range(err, prefix, "value2", out->value2, k->min2, k->max2, k))
			return 1;
		/* Blood pressure: the second (diastolic) is the lower one; swapped values are a typo. */
		if (out->value2 >= out->value)
			return bad(err, prefix, "value2", "must be lower than value");
	} else if (v2) {
		return bad(err, prefix, "value2", "this kind has one value");
	}

	if (pulse) {
		if (strcmp(k->code, "blood_pressure") || !(hr = measure_kind_find("heart_rate")))
			return bad(err, prefix, "pulse", "only with blood_pressure");
		if (number(pulse, &out->pulse))
			return bad(err, prefix, "pulse", "a number");
		if (in_range(err, prefix, "pulse", out->pulse, hr->min, hr->max, hr))
			return 1;
	}

	if (json_object_get(in, "note")) {
		json_t *only = json_pack("{s:O}", "note", json_object_get(in, "note"));

		clean = fields_validate(note_fields, only, err);
		json_decref(only);
		if (!clean) {
			char path[96];

			snprintf(path, sizeof(path), "%s%s", prefix, err->field);
			snprintf(err->field, sizeof(err->field), "%s", path);
			return 1;
		}
		out->note = strdup(json_string_value(json_object_get(clean, "note")));
		json_decref(clean);
		if (!out->note)
			return refuse(err, REFUSAL_INVALID, "", "out of memory");
	}
	return 0;
}

void reading_input_release(struct reading_input *r)
{
	free(r->note);
	r->note = NULL;
}

/* ---- ranges ---- */

static int keep_target(const struct store_measurement_target *t, void *ctx)
{
	struct measure_targets *all = ctx;
	struct store_measurement_target *grown = realloc(all->list, (all->n + 1) * sizeof(*grown));
	const struct measure_kind *k = measure_kind_find(t->kind);

	if (!grown)
		return -1;
	all->list = grown;
	/* The kind's code from the catalogue: it outlives the row. */
	if (!k)
		return 0;
	grown[all->n] = *t;
	grown[all->n].kind = k->code;
	grown[all->n].set_by_name = NULL;
	all->n++;
	return 0;
}

int measure_targets_read(struct store_tx *tx, int64_t client_id, struct measure_targets *out)
{
	out->list = NULL;
	out->n = 0;
	return store_measurement_targets_each(tx, client_id, NULL, keep_target, out);
}

void measure_targets_release(struct measure_targets *t)
{
	free(t->list);
	t->list = NULL;
	t->n = 0;
}

const struct store_measurement_target *measure_target_of(const struct measure_targets *t, const char *kind)
{
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->list[i].kind, kind))
			return &t->list[i];
	return NULL;
}

const char *measure_flag(const struct store_measurement_target *t, double value, double value2)
{
	if (!t)
		return NULL;
	if (value < t->low || (!isnan(value2) && value2 < t->low2))
		return "low";
	if (value > t->high || (!isnan(value2) && value2 > t->high2))
		return "high";
	return "in_range";
}

/* ---- as shown ---- */

json_t *measure_number(double v, int decimals)
{
	double scale = pow(10, decimals);

	return isnan(v) ? json_null() : json_real(round(v * scale) / scale);
}

json_t *reading_json(const struct store_measurement *m, const struct store_measurement_target *t)
{
	const struct measure_kind *k = measure_kind_find(m->kind);
	/* Shown with one decimal more than the kind's: a value entered in another unit keeps its meaning. */
	int decimals = k ? k->decimals + 1 : 3;
	const char *flag = measure_flag(t, m->value, m->value2);
	char at[25], created[21];
	json_t *o;

	time_format_iso_ms(m->taken_at, at);
	time_format_iso(m->created_at, created);
	o = json_pack("{s:I,s:s,s:s,s:o,s:o,s:s,s:s,s:s,s:I,s:s?,s:s}", "id", (json_int_t)m->id, "kind", m->kind,
		      "taken_at", at, "value", measure_number(m->value, decimals), "value2",
		      measure_number(m->value2, decimals), "unit", k ? k->unit : m->unit, "entered_unit", m->unit,
		      "via", m->via, "entered_by", (json_int_t)m->entered_by, "flag", flag, "source", m->source);
	if (!o)
		return NULL;
	json_object_set_new(o, "device", m->device_id ? json_integer(m->device_id) : json_null());
	json_object_set_new(o, "note", m->note ? json_string(m->note) : json_null());
	json_object_set_new(o, "created_at", json_string(created));
	if (m->extra) {
		json_t *extra = json_loads(m->extra, 0, NULL);

		if (json_is_object(extra))
			json_object_set_new(o, "extra", extra);
		else
			json_decref(extra);
	}
	return o;
}
