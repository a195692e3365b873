#ifndef ROER_MEASURE_KINDS_H
#define ROER_MEASURE_KINDS_H

/*
 * The catalogue of what can be measured, read once from the store (where a
 * migration keeps it as data) and then shared read-only by every thread.
 */

#include <stddef.h>

struct store_tx;

#define MEASURE_KIND_UNITS_MAX 4

struct measure_unit {
	char name[16];
	double factor;               /* stored value = entered value * factor */
};

struct measure_kind {
	char code[32];
	char unit[16];               /* the stored unit */
	int decimals;
	double min, max;             /* plausible range, in the stored unit */
	char value2[16];             /* the second value's name, "" when the kind has none */
	double min2, max2;
	int every_min, every_max;    /* a continuous kind's interval in minutes; 0: not continuous */
	double suggest_low, suggest_high, suggest_low2, suggest_high2;   /* NaN: none */
	char suggest_source[160];
	char loinc[16], loinc2[16];  /* "" when none */
	struct measure_unit units[MEASURE_KIND_UNITS_MAX];
	size_t n_units;
};

/*
 * Reads the catalogue in tx the first time (later calls return at once).
 * Returns 0 or < 0 (a store status). Thread-safe.
 */
int measure_kinds_load(struct store_tx *tx);

/* The loaded catalogue, in the pages' order (empty before a load). */
const struct measure_kind *measure_kinds(size_t *n);

/* The kind with this code, or NULL. */
const struct measure_kind *measure_kind_find(const char *code);

/* The factor from `unit` to the kind's stored unit, or 0 when the kind does not accept it. */
double measure_kind_factor(const struct measure_kind *k, const char *unit);

#endif
