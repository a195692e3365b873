/* The catalogue of kinds, loaded once: see kinds.h. */
#include "measure/kinds.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "store/measurements.h"
#include "util/log.h"

/* The catalogue is small and fixed by migrations; this bound is checked when it is read. */
#define KINDS_MAX 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct measure_kind kinds[KINDS_MAX];
static size_t n_kinds;
/* Set (under the lock, after everything else) once the catalogue is whole; read without the lock after that. */
static int loaded;

static int copy(char *dst, size_t size, const char *src, const char *what)
{
	if ((size_t)snprintf(dst, size, "%s", src ? src : "") >= size)
		return error("measurement kind: %s '%s' is too long", what, src);
	return 0;
}

static int add_kind(const struct store_measurement_kind *k, void *ctx)
{
	struct measure_kind *m;

	(void)ctx;
	if (n_kinds == KINDS_MAX)
		return error("more than %d measurement kinds", KINDS_MAX);
	m = &kinds[n_kinds];
	memset(m, 0, sizeof(*m));
	if (copy(m->code, sizeof(m->code), k->code, "code") || copy(m->unit, sizeof(m->unit), k->unit, "unit") ||
	    copy(m->value2, sizeof(m->value2), k->value2, "value2") ||
	    copy(m->suggest_source, sizeof(m->suggest_source), k->suggest_source, "source") ||
	    copy(m->loinc, sizeof(m->loinc), k->loinc, "loinc") || copy(m->loinc2, sizeof(m->loinc2), k->loinc2, "loinc2"))
		return -1;
	m->decimals = k->decimals;
	m->min = k->min;
	m->max = k->max;
	m->min2 = k->min2;
	m->max2 = k->max2;
	m->every_min = k->every_min;
	m->every_max = k->every_max;
	m->suggest_low = k->suggest_low;
	m->suggest_high = k->suggest_high;
	m->suggest_low2 = k->suggest_low2;
	m->suggest_high2 = k->suggest_high2;
	n_kinds++;
	return 0;
}

static struct measure_kind *find(const char *code)
{
	for (size_t i = 0; i < n_kinds; i++)
		if (!strcmp(kinds[i].code, code))
			return &kinds[i];
	return NULL;
}

static int add_unit(const char *kind, const char *unit, double factor, void *ctx)
{
	struct measure_kind *k = find(kind);

	(void)ctx;
	if (!k || k->n_units == MEASURE_KIND_UNITS_MAX || !(factor > 0))
		return error("measurement unit '%s' of '%s' does not fit the catalogue", unit, kind);
	if (copy(k->units[k->n_units].name, sizeof(k->units[0].name), unit, "unit"))
		return -1;
	k->units[k->n_units++].factor = factor;
	return 0;
}

int measure_kinds_load(struct store_tx *tx)
{
	int rc = 0;

	if (__atomic_load_n(&loaded, __ATOMIC_ACQUIRE))
		return 0;
	pthread_mutex_lock(&lock);
	if (!loaded) {
		n_kinds = 0;
		if ((rc = store_measurement_kinds_each(tx, add_kind, NULL)) >= 0 &&
		    (rc = store_measurement_units_each(tx, add_unit, NULL)) >= 0) {
			rc = 0;
			__atomic_store_n(&loaded, 1, __ATOMIC_RELEASE);
		}
	}
	pthread_mutex_unlock(&lock);
	return rc;
}

const struct measure_kind *measure_kinds(size_t *n)
{
	*n = __atomic_load_n(&loaded, __ATOMIC_ACQUIRE) ? n_kinds : 0;
	return kinds;
}

const struct measure_kind *measure_kind_find(const char *code)
{
	return __atomic_load_n(&loaded, __ATOMIC_ACQUIRE) && code ? find(code) : NULL;
}

double measure_kind_factor(const struct measure_kind *k, const char *unit)
{
	for (size_t i = 0; i < k->n_units; i++)
		if (!strcmp(k->units[i].name, unit))
			return k->units[i].factor;
	return 0;
}
