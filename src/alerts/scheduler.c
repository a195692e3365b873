/* The alert scheduler's thread (see scheduler.h). */
#include "alerts/scheduler.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "alerts/daily_life_check.h"
#include "alerts/engine.h"
#include "store/alerts.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"

/* Due alerts and rules handled per pass: a backlog (after a long stop) is worked off over several passes. */
#define PASS_LIMIT 200
/* How often each client's day at home is judged (on the wall clock: the test clock moves it). */
#define DAILY_LIFE_EVERY_SECONDS 60
/* Live events are kept this long for pages that reconnect. */
#define EVENTS_KEEP_SECONDS (24 * 3600)

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool started, stopping;
	struct store *store;
	int64_t next_purge;
	int64_t next_daily_life;
} sched = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

struct pass {
	struct store_tx *tx;
	int64_t now;
	int rc;
	/* What is due, read first and acted on after: a row changed while its query runs may be seen again. */
	struct due {
		int64_t client_id, id;
	} due[PASS_LIMIT];
	size_t n;
};

static int note_alert(const struct store_alert *a, void *ctx)
{
	struct pass *p = ctx;

	if (p->n < PASS_LIMIT)
		p->due[p->n++] = (struct due){ a->client_id, a->id };
	return 0;
}

static int note_rule(const struct store_alert_rule *r, void *ctx)
{
	struct pass *p = ctx;

	if (p->n < PASS_LIMIT)
		p->due[p->n++] = (struct due){ r->client_id, r->id };
	return 0;
}

static int escalate_one(const struct store_alert *a, void *ctx)
{
	struct pass *p = ctx;

	/* Taken up or closed since it was read: nothing more to do. */
	if (!a->next_step_at || a->next_step_at > p->now || strcmp(a->status, "open"))
		return 0;
	return (p->rc = alerts_escalate(p->tx, a, p->now)) < 0 ? -1 : 0;
}

static int missing_one(const struct store_alert_rule *r, void *ctx)
{
	struct pass *p = ctx;

	if (!r->due_at || r->due_at > p->now || !r->enabled)
		return 0;
	return (p->rc = alerts_missing_due(p->tx, r, p->now)) < 0 ? -1 : 0;
}

/* A deviation of the client's day becomes an alert of their daily-life rule, once per day and kind. */
struct daily {
	struct pass *p;
	const struct store_alert_rule *rule;
};

static json_t *minute_or_null(int m)
{
	char s[6];

	if (m < 0)
		return json_null();
	snprintf(s, sizeof(s), "%02d:%02d", m / 60 % 24, m % 60);
	return json_string(s);
}

static int raise_deviation(const struct daily_life_deviation *d, void *ctx)
{
	struct daily *dl = ctx;
	json_t *details;
	int64_t id;
	int rc;

	details = json_pack("{s:s,s:s,s:s?,s:s,s:s?,s:i,s:i,s:o,s:i,s:i,s:o,s:o,s:b}", "code", "daily_life", "deviation",
			    d->name, "variant", d->variant, "day", d->day, "place", d->place[0] ? d->place : NULL,
			    "threshold", d->threshold, "usual", d->usual, "usual_before",
			    d->usual_before > 0 ? minute_or_null(d->usual_before) : json_null(), "count", d->count,
			    "minutes", d->minutes, "from", minute_or_null(d->from), "to", minute_or_null(d->to), "ongoing",
			    d->ongoing);
	if (!details)
		return STORE_HARD_ERROR;
	rc = alerts_raise(dl->p->tx, dl->rule, details, d->key, 0, dl->p->now, &id);
	json_decref(details);
	return rc < 0 ? rc : 0;
}

static int check_rule(const struct store_alert_rule *r, void *ctx)
{
	struct daily dl = { ctx, r };
	int rc;

	if (strcmp(r->kind, "daily_life") || !r->enabled)
		return 0;
	rc = daily_life_check(dl.p->tx, r->client_id, dl.p->now * 1000, raise_deviation, &dl);
	if (rc < 0)
		dl.p->rc = rc;
	return rc < 0 ? -1 : 0;
}

static int check_daily_life(int64_t client_id, void *ctx)
{
	struct pass *p = ctx;

	return store_alert_rules_each(p->tx, client_id, 0, NULL, check_rule, p) < 0 ? -1 : 0;
}

static int pass_body(struct store_tx *tx, void *ctx)
{
	struct pass *p = ctx;
	int rc;

	p->tx = tx;
	p->rc = 0;
	p->now = time_now();
	p->n = 0;
	if ((rc = store_alerts_due(tx, p->now, PASS_LIMIT, note_alert, p)) < 0)
		return rc;
	for (size_t i = 0; i < p->n; i++) {
		struct store_alert_query q = { .client_id = p->due[i].client_id, .id = p->due[i].id, .limit = 1 };

		if ((rc = store_alerts_each(tx, &q, escalate_one, p)) < 0)
			return p->rc < 0 ? p->rc : rc;
	}
	p->n = 0;
	if ((rc = store_alert_rules_due(tx, p->now, PASS_LIMIT, note_rule, p)) < 0)
		return rc;
	for (size_t i = 0; i < p->n; i++)
		if ((rc = store_alert_rules_each(tx, p->due[i].client_id, p->due[i].id, NULL, missing_one, p)) < 0)
			return p->rc < 0 ? p->rc : rc;
	if (p->now >= sched.next_daily_life) {
		if ((rc = store_daily_life_rule_clients(tx, check_daily_life, p)) < 0)
			return p->rc < 0 ? p->rc : rc;
		sched.next_daily_life = p->now + DAILY_LIFE_EVERY_SECONDS;
	}
	if (p->now >= sched.next_purge) {
		if ((rc = store_events_purge(tx, p->now - EVENTS_KEEP_SECONDS)) < 0)
			return rc;
		sched.next_purge = p->now + 600;
	}
	return STORE_TX_KEEP;
}

static void *scheduler_main(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&sched.lock);
	while (!sched.stopping) {
		struct pass *p = calloc(1, sizeof(*p));
		struct timespec until;

		pthread_mutex_unlock(&sched.lock);
		if (!p || store_run(sched.store, STORE_TX_WRITE, pass_body, p) < 0)
			error("scheduler: a pass failed; it is tried again in a second");
		free(p);
		pthread_mutex_lock(&sched.lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		if (!sched.stopping)
			pthread_cond_timedwait(&sched.wake, &sched.lock, &until);
	}
	pthread_mutex_unlock(&sched.lock);
	return NULL;
}

int scheduler_start(struct store *s)
{
	sched.store = s;
	sched.stopping = false;
	if (pthread_create(&sched.thread, NULL, scheduler_main, NULL))
		return error("scheduler: cannot start its thread");
	sched.started = true;
	return 0;
}

void scheduler_stop(void)
{
	if (!sched.started)
		return;
	pthread_mutex_lock(&sched.lock);
	sched.stopping = true;
	pthread_cond_signal(&sched.wake);
	pthread_mutex_unlock(&sched.lock);
	pthread_join(sched.thread, NULL);
	sched.started = false;
}
