#ifndef ROER_API_FIELDS_H
#define ROER_API_FIELDS_H

/*
 * Field specifications: what a JSON object from a client may hold, so one
 * validator checks every kind of record item the same way. The validator
 * builds a new object with only the known fields, so nothing unchecked is
 * ever stored, and names the first field at fault ("options[2].pros").
 */

#include <jansson.h>
#include <stddef.h>

enum field_type {
	FIELD_TEXT,       /* string; min/max in Unicode characters */
	FIELD_INT,        /* whole number in [min, max] */
	FIELD_BOOL,
	FIELD_DATE,       /* "YYYY-MM-DD" */
	FIELD_ENUM,       /* one of values[] */
	FIELD_ENUM_LIST,  /* array of distinct values[], min..max long */
	FIELD_ID_LIST,    /* array of distinct positive ids, min..max long */
	FIELD_OBJECT,     /* object with the fields of `fields` */
	FIELD_LIST,       /* array of objects with the fields of `fields`, min..max long */
};

enum field_flags {
	FIELD_REQUIRED = 1 << 0,
	FIELD_MULTILINE = 1 << 1,   /* text may hold line breaks and tabs */
};

struct field_spec {
	const char *name;                    /* NULL ends a list of fields */
	enum field_type type;
	unsigned flags;
	long long min, max;
	const char *const *values;           /* NULL-terminated, for FIELD_ENUM and FIELD_ENUM_LIST */
	const struct field_spec *fields;     /* for FIELD_OBJECT and FIELD_LIST */
};

/*
 * Why something was refused, by the field validator or a domain rule (a
 * kind's check, later an alert rule or an import), without any HTTP: the
 * API turns it into its reply (api_reply_refusal), the demo and importers
 * into a message of their own.
 */
enum refusal_code {
	REFUSAL_INVALID,        /* the input is wrong (400 invalid_input) */
	REFUSAL_CONFLICT,       /* it clashes with what is stored (409 conflict) */
};

struct field_error {
	enum refusal_code code;
	char field[96];                      /* the path of the field at fault; "" when none */
	char message[200];
};

/* Fills err (message printf-style, for developers) and returns 1, so a rule can `return refuse(...)`. */
int refuse(struct field_error *err, enum refusal_code code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Checks `in` (a JSON object) against the fields of `spec`. Returns a new
 * object holding only the fields of spec that were present (the caller
 * owns it), or NULL with *err filled. Absent optional fields stay absent.
 */
json_t *fields_validate(const struct field_spec *spec, json_t *in, struct field_error *err);

/* 1 when `s` is one of the NULL-terminated values. */
int fields_in(const char *const *values, const char *s);

#endif
