#ifndef ROER_API_RECORD_H
#define ROER_API_RECORD_H

/*
 * The client's own record (what matters, life domains, balance, goals,
 * actions, check-ins, decisions, advance care plan) as kinds of items that
 * share one set of handlers. A kind says which fields its items have,
 * which access category guards it, and what else must hold.
 */

#include <jansson.h>

#include "access/access.h"
#include "api/fields.h"

struct request;
struct store_tx;

enum record_kind_flags {
	KIND_APPEND_ONLY = 1 << 0,   /* items are kept as written: no change, no removal (history by design) */
	KIND_VERSIONED = 1 << 1,     /* each item is a version; the list numbers them */
};

struct record_kind {
	const char *kind;                  /* stored name */
	enum access_category category;
	const struct field_spec *fields;
	unsigned flags;
	/*
	 * Checks what the field specification cannot (references to other
	 * items, combinations, frozen states) and may fill defaults in `item`.
	 * `old` is the item before a change, NULL when creating. `item` is NULL
	 * when asking whether `old` may change or go at all (before a change is
	 * validated, and before a removal). Returns 0 when fine, 1 when refused
	 * (*err filled), or < 0 (a store status). Knows nothing of HTTP: the
	 * API, the demo and imports run the same rules.
	 */
	int (*check)(struct store_tx *tx, int64_t client_id, json_t *item, const json_t *old, struct field_error *err);
	/* The field a unique index of the store holds to one item per value (a clash is a 409), or NULL. */
	const char *unique_field;
	/*
	 * Fields only the client (or their representative) sets, NULL-terminated,
	 * or NULL: a member with "change" may propose an item without them and
	 * change the rest, never these (a balance item's weight is the client's).
	 */
	const char *const *clients_own;
};

extern const struct record_kind record_what_matters, record_domains, record_balance, record_balance_judgements,
	record_goals, record_actions, record_checkins, record_checkin_rhythm, record_decisions, record_advance_care_plan;

/* The value of the kind's unique field in item (borrowed), or NULL. */
const char *record_unique_key(const struct record_kind *k, const json_t *item);

/* Every kind, for the export. NULL-terminated. */
extern const struct record_kind *const record_kinds[];

/* Handlers shared by every kind: the kind comes from req->route->arg. */
int api_record_list(struct request *req);
int api_record_create(struct request *req);
int api_record_get(struct request *req);
int api_record_update(struct request *req);
int api_record_delete(struct request *req);

/* GET .../balance/history: the dated totals of both sides, one entry per change. */
int api_balance_history_get(struct request *req);

/* The items of every kind of the client, grouped by kind, for the export. Returns a store status. */
int record_export(struct store_tx *tx, int64_t client_id, json_t *out);

#endif
