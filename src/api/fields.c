#include "api/fields.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "auth/password.h"
#include "util/timeutil.h"

static json_t *validate_object(const struct field_spec *spec, json_t *in, const char *prefix,
			       struct field_error *err);

int refuse(struct field_error *err, enum refusal_code code, const char *field, const char *fmt, ...)
{
	va_list ap;

	err->code = code;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	va_start(ap, fmt);
	if (vsnprintf(err->message, sizeof(err->message), fmt, ap) >= (int)sizeof(err->message))
		err->message[sizeof(err->message) - 1] = '\0';
	va_end(ap);
	return 1;
}

/* Fills err with "path: what" and returns NULL. */
static json_t *fail(struct field_error *err, const char *path, const char *what)
{
	err->code = REFUSAL_INVALID;
	snprintf(err->field, sizeof(err->field), "%s", path);
	if (snprintf(err->message, sizeof(err->message), "%s: %s", path, what) >= (int)sizeof(err->message))
		err->message[sizeof(err->message) - 1] = '\0';
	return NULL;
}

int fields_in(const char *const *values, const char *s)
{
	for (; values && *values; values++)
		if (!strcmp(*values, s))
			return 1;
	return 0;
}

static json_t *check_text(const struct field_spec *f, json_t *v, const char *path, struct field_error *err)
{
	const char *s;
	char range[80];
	size_t n;

	if (!json_is_string(v))
		return fail(err, path, "must be text");
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return fail(err, path, "must not contain NUL");
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if ((c < 0x20 && !((f->flags & FIELD_MULTILINE) && (c == '\n' || c == '\r' || c == '\t'))) || c == 0x7f)
			return fail(err, path, "must not contain control characters");
	}
	n = utf8_length(s);
	if ((long long)n < f->min || (long long)n > f->max) {
		snprintf(range, sizeof(range), "must be %lld to %lld characters long", f->min, f->max);
		return fail(err, path, range);
	}
	return json_string(s);
}

static json_t *check_int(const struct field_spec *f, json_t *v, const char *path, struct field_error *err)
{
	char range[80];

	snprintf(range, sizeof(range), "must be a whole number from %lld to %lld", f->min, f->max);
	if (!json_is_integer(v) || json_integer_value(v) < f->min || json_integer_value(v) > f->max)
		return fail(err, path, range);
	return json_integer(json_integer_value(v));
}

static json_t *check_list(const struct field_spec *f, json_t *v, const char *path, struct field_error *err)
{
	json_t *out, *item;
	char range[80], sub[96];
	size_t i;

	snprintf(range, sizeof(range), "must be a list of %lld to %lld entries", f->min, f->max);
	if (!json_is_array(v) || (long long)json_array_size(v) < f->min || (long long)json_array_size(v) > f->max)
		return fail(err, path, range);
	out = json_array();
	json_array_foreach(v, i, item) {
		json_t *clean = NULL;

		if (snprintf(sub, sizeof(sub), "%s[%zu]", path, i) >= (int)sizeof(sub))
			sub[sizeof(sub) - 1] = '\0';
		if (f->type == FIELD_LIST) {
			clean = validate_object(f->fields, item, sub, err);
		} else if (f->type == FIELD_ENUM_LIST) {
			if (!json_is_string(item) || !fields_in(f->values, json_string_value(item)))
				fail(err, sub, "is not one of the known values");
			else
				clean = json_string(json_string_value(item));
		} else if (!json_is_integer(item) || json_integer_value(item) < 1) {
			fail(err, sub, "must be an id");
		} else {
			clean = json_integer(json_integer_value(item));
		}
		if (!clean) {
			json_decref(out);
			return NULL;
		}
		/* Values in a list of values or ids are a set: a repeat is a mistake. */
		if (f->type != FIELD_LIST)
			for (size_t k = 0; k < json_array_size(out); k++)
				if (json_equal(json_array_get(out, k), clean)) {
					json_decref(clean);
					json_decref(out);
					return fail(err, sub, "appears twice");
				}
		json_array_append_new(out, clean);
	}
	return out;
}

static json_t *check_value(const struct field_spec *f, json_t *v, const char *path, struct field_error *err)
{
	int64_t t;

	switch (f->type) {
	case FIELD_TEXT:
		return check_text(f, v, path, err);
	case FIELD_INT:
		return check_int(f, v, path, err);
	case FIELD_BOOL:
		if (!json_is_boolean(v))
			return fail(err, path, "must be true or false");
		return json_boolean(json_is_true(v));
	case FIELD_DATE:
		if (!json_is_string(v) || json_string_length(v) != 10 || time_parse_iso(json_string_value(v), &t))
			return fail(err, path, "must be a date like 2026-03-14");
		return json_string(json_string_value(v));
	case FIELD_ENUM:
		if (!json_is_string(v) || !fields_in(f->values, json_string_value(v)))
			return fail(err, path, "is not one of the known values");
		return json_string(json_string_value(v));
	case FIELD_OBJECT:
		return validate_object(f->fields, v, path, err);
	case FIELD_ENUM_LIST:
	case FIELD_ID_LIST:
	case FIELD_LIST:
		return check_list(f, v, path, err);
	}
	return fail(err, path, "has an unknown type");
}

static json_t *validate_object(const struct field_spec *spec, json_t *in, const char *prefix,
			       struct field_error *err)
{
	json_t *out;
	char path[96];

	if (!json_is_object(in))
		return fail(err, *prefix ? prefix : "body", "must be an object");
	out = json_object();
	for (const struct field_spec *f = spec; f->name; f++) {
		json_t *v = json_object_get(in, f->name), *clean;

		if (snprintf(path, sizeof(path), "%s%s%s", prefix, *prefix ? "." : "", f->name) >= (int)sizeof(path))
			path[sizeof(path) - 1] = '\0';
		if (!v || json_is_null(v)) {
			if (f->flags & FIELD_REQUIRED) {
				json_decref(out);
				return fail(err, path, "is required");
			}
			continue;
		}
		if (!(clean = check_value(f, v, path, err))) {
			json_decref(out);
			return NULL;
		}
		json_object_set_new(out, f->name, clean);
	}
	return out;
}

json_t *fields_validate(const struct field_spec *spec, json_t *in, struct field_error *err)
{
	return validate_object(spec, in, "", err);
}
