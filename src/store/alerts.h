#ifndef ROER_STORE_ALERTS_H
#define ROER_STORE_ALERTS_H

/*
 * Alert rules, alerts, who was told, duty and live events, in the store
 * (backend-neutral; see store.h for transactions, statuses and memory).
 * Times are seconds since the epoch unless the name says _ms.
 */

#include <stdint.h>

#include "store/store.h"

struct store_alert_rule {
	int64_t id;
	int64_t client_id;
	const char *kind;            /* out_of_range, urgent, trend, missing, inr, daily_life, help */
	const char *measure_kind;    /* NULL: none */
	const char *params;          /* JSON object text */
	const char *receivers;       /* JSON array text of member ids, in order */
	int step_minutes;
	int then_everyone;
	const char *severity;        /* warning, urgent */
	int enabled;
	int64_t snoozed_until;       /* 0: not snoozed */
	int64_t snoozed_by;
	const char *snooze_reason;   /* NULL: none */
	int streak;
	int armed;
	int64_t last_taken_at;       /* ms; 0: none seen */
	int64_t due_at;              /* 0: none */
	int64_t created_by;
	int64_t created_at;
	int64_t updated_at;
};

typedef int (*store_alert_rule_fn)(const struct store_alert_rule *r, void *ctx);

/* Stores a new rule (id, state and times as given); *id gets its id. STORE_CONFLICT: a second help rule. */
int store_alert_rule_insert(struct store_tx *tx, const struct store_alert_rule *r, int64_t *id);
/* Replaces what a person sets of rule r->id of r->client_id (kind, figures, receivers, severity, enabled). */
int store_alert_rule_update(struct store_tx *tx, const struct store_alert_rule *r);
/* Saves what evaluation remembers (streak, armed, last_taken_at, due_at). */
int store_alert_rule_save_state(struct store_tx *tx, const struct store_alert_rule *r);
/* Sets or ends (until 0) a snooze. STORE_NONE when there is no such rule. */
int store_alert_rule_snooze(struct store_tx *tx, int64_t client_id, int64_t id, int64_t until, int64_t by,
			    const char *reason);
int store_alert_rule_remove(struct store_tx *tx, int64_t client_id, int64_t id);
/*
 * Calls fn for the client's rule `id` (STORE_NONE when absent), or with id 0
 * for every rule of the client (measure_kind NULL) or only those watching
 * measure_kind, by id.
 */
int store_alert_rules_each(struct store_tx *tx, int64_t client_id, int64_t id, const char *measure_kind,
			   store_alert_rule_fn fn, void *ctx);
/* The client's help-button rule: STORE_ONE or STORE_NONE. */
int store_alert_rule_help(struct store_tx *tx, int64_t client_id, store_alert_rule_fn fn, void *ctx);
/* Calls fn for up to `limit` enabled rules whose due_at is at or before `now`, soonest first. */
int store_alert_rules_due(struct store_tx *tx, int64_t now, unsigned limit, store_alert_rule_fn fn, void *ctx);
/* Calls fn for each client that has an enabled daily-life rule, by client id. */
int store_daily_life_rule_clients(struct store_tx *tx, int (*fn)(int64_t client_id, void *ctx), void *ctx);

struct store_alert {
	int64_t id;
	int64_t client_id;
	const char *client_name;     /* filled by reads */
	int64_t rule_id;             /* 0: the rule is gone */
	const char *kind;
	const char *severity;
	const char *details;         /* JSON object text */
	const char *dedupe_key;      /* NULL: none */
	const char *status;          /* open, acknowledged, closed */
	int64_t raised_at;
	const char *chain;           /* JSON array text of member ids */
	int step;
	int step_minutes;
	int then_everyone;
	int64_t next_step_at;        /* 0: none */
	int64_t acknowledged_by;
	const char *acknowledged_by_name; /* filled by reads; NULL when nobody or the account is gone */
	int64_t acknowledged_at;
	int64_t closed_by;
	const char *closed_by_name;
	int64_t closed_at;
	const char *closed_note;
};

typedef int (*store_alert_fn)(const struct store_alert *a, void *ctx);

/* Stores a new alert; *id gets its id. STORE_CONFLICT: its rule raised one with this key already. */
int store_alert_insert(struct store_tx *tx, const struct store_alert *a, int64_t *id);
/* 1 in *open when the rule has an alert that is not closed. */
int store_alert_open_for_rule(struct store_tx *tx, int64_t rule_id, int *open);
/* Records the escalation step: how many were told, and when the next is due (0: none). */
int store_alert_set_step(struct store_tx *tx, int64_t id, int step, int64_t next_step_at);
/* Takes up an open alert: STORE_ONE, or STORE_NONE when it was taken or closed already. */
int store_alert_acknowledge(struct store_tx *tx, int64_t client_id, int64_t id, int64_t by, int64_t now);
/* Closes an alert that is not closed: STORE_ONE or STORE_NONE. Taking it up is recorded too when nobody had. */
int store_alert_close(struct store_tx *tx, int64_t client_id, int64_t id, int64_t by, int64_t now,
		      const char *note);

struct store_alert_query {
	int64_t client_id;           /* 0: of every client (with told_to, or id) */
	int64_t id;                  /* not 0: only this one (of client_id; of anyone when client_id is 0) */
	int64_t told_to;             /* not 0: only alerts this person was told of */
	int open_only;               /* only alerts that are not closed */
	int64_t before;              /* ids below this; 0: from the newest */
	unsigned limit;
};

/* Calls fn for matching alerts, newest first. STORE_NONE when none matched. */
int store_alerts_each(struct store_tx *tx, const struct store_alert_query *q, store_alert_fn fn, void *ctx);
/* Calls fn for up to `limit` alerts whose next step is due at or before `now`. */
int store_alerts_due(struct store_tx *tx, int64_t now, unsigned limit, store_alert_fn fn, void *ctx);

/* Records that `user` was told (again: the first time is kept). */
int store_alert_receipt_add(struct store_tx *tx, int64_t alert_id, int64_t user, int64_t at);
/* Calls fn for each person told of the alert, in the order they were told. */
int store_alert_receipts_each(struct store_tx *tx, int64_t alert_id,
			      int (*fn)(int64_t user, const char *name, int64_t told_at, void *ctx), void *ctx);

struct store_duty {
	int64_t id;
	int64_t client_id;
	int64_t member_id;
	const char *member_name;     /* filled by reads */
	int64_t starts_at;
	int64_t ends_at;
	const char *note;            /* NULL: none */
	int64_t created_by;
	int64_t created_at;
};

int store_duty_insert(struct store_tx *tx, const struct store_duty *d, int64_t *id);
/* Ends a duty now (or removes one that has not started). STORE_NONE when absent or past. */
int store_duty_end(struct store_tx *tx, int64_t client_id, int64_t id, int64_t now);
/* Calls fn for the client's duties that have not ended at `now`, soonest start first. */
int store_duty_each(struct store_tx *tx, int64_t client_id, int64_t now, int (*fn)(const struct store_duty *d, void *ctx),
		    void *ctx);

struct store_event {
	int64_t id;
	int64_t user_id;
	const char *name;
	const char *data;            /* JSON text */
	int64_t at;
};

int store_event_insert(struct store_tx *tx, int64_t user, const char *name, const char *data, int64_t at);
/* Calls fn for up to `limit` events with ids above `after` (of `user`; 0: of everyone), oldest first. */
int store_events_each(struct store_tx *tx, int64_t user, int64_t after, unsigned limit,
		      int (*fn)(const struct store_event *e, void *ctx), void *ctx);
/* The newest event id (0: none). */
int store_events_last(struct store_tx *tx, int64_t *id);
/* Removes events older than `before`. */
int store_events_purge(struct store_tx *tx, int64_t before);

#endif
