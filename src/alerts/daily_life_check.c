/* Judging a client's today for the alert engine: see daily_life_check.h. */
#include "alerts/daily_life_check.h"

#include <stdlib.h>

#include "measure/local_time.h"
#include "store/daily_life.h"
#include "util/log.h"

#define RECENT_MS (2 * 86400000LL)

static int keep_signal(const struct store_daily_signal *s, void *ctx)
{
	int type = daily_life_type_parse(s->type);

	/* The store's CHECK admits only known types; anything else is our bug, not the client's. */
	if (type < 0)
		return error("daily-life signal %lld: unknown type '%s'", (long long)s->id, s->type);
	return daily_life_signals_add(ctx, s->at, (enum daily_life_type)type, s->place) ? error("out of memory") : 0;
}

static int setting(int64_t v)
{
	return v < 0 ? DAILY_LIFE_NONE : (int)v;
}

int daily_life_load(struct store_tx *tx, int64_t client_id, int64_t day, int64_t now_ms,
		    struct daily_life_signals *l, struct daily_life_settings *s)
{
	struct store_daily_settings own;
	int64_t from = local_day_start(day - DAILY_LIFE_HISTORY_DAYS), to = local_day_start(day + 1);
	int rc;

	if (now_ms + 1 < to)
		to = now_ms + 1;
	if ((rc = store_daily_signals_each(tx, client_id, from, to, 0, 0, 0, keep_signal, l)) < 0)
		return rc;
	if ((rc = store_daily_settings_get(tx, client_id, &own)) < 0)
		return rc;
	s->value[DAILY_LIFE_FIRST_ACTIVITY_BY] = setting(own.first_activity_by);
	s->value[DAILY_LIFE_KITCHEN_BY] = setting(own.kitchen_by);
	s->value[DAILY_LIFE_NIGHTS_OUT_MAX] = setting(own.nights_out_max);
	s->value[DAILY_LIFE_NIGHT_MINUTES_MAX] = setting(own.night_minutes_max);
	s->value[DAILY_LIFE_SILENT_MINUTES] = setting(own.silent_minutes);
	s->value[DAILY_LIFE_BATHROOM_MINUTES_MAX] = setting(own.bathroom_minutes_max);
	return 0;
}

int daily_life_check(struct store_tx *tx, int64_t client_id, int64_t now_ms,
		     int (*raise)(const struct daily_life_deviation *d, void *ctx), void *ctx)
{
	struct daily_life_signals l = DAILY_LIFE_SIGNALS_INIT;
	struct daily_life_settings own;
	struct daily_life_result *r;
	int64_t today = local_day(now_ms);
	int rc;

	/* The result holds every per-place figure: kept off the stack of a server thread. */
	if (!(r = malloc(sizeof(*r)))) {
		error("out of memory");
		return STORE_HARD_ERROR;
	}
	if ((rc = daily_life_load(tx, client_id, today, now_ms, &l, &own)) < 0)
		goto out;
	daily_life_analyse(&l, today, now_ms, &own, r);
	rc = 0;
	for (size_t i = 0; i < r->n_deviations; i++) {
		int raised = raise(&r->deviations[i], ctx);

		if (raised < 0) {
			rc = raised;
			goto out;
		}
		rc++;
	}
out:
	daily_life_signals_release(&l);
	free(r);
	return rc;
}

int daily_life_clients(struct store_tx *tx, int64_t now_ms, int (*fn)(int64_t client_id, void *ctx), void *ctx)
{
	return store_daily_clients_since(tx, now_ms - RECENT_MS, fn, ctx);
}
