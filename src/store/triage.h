#ifndef ROER_STORE_TRIAGE_H
#define ROER_STORE_TRIAGE_H

/*
 * Per-client summaries for triage (backend-neutral; see store.h). A
 * summary is refreshed, part by part, in the transaction that changed what
 * it sums up; the triage list reads the summaries of a member's clients
 * with the member's rights beside them.
 */

#include <stdint.h>

#include "store/store.h"

enum summary_part {
	SUMMARY_ALERTS = 1 << 0,
	SUMMARY_HELP = 1 << 1,
	SUMMARY_BALANCE = 1 << 2,
	SUMMARY_CHECKINS = 1 << 3,
};

/* Recomputes the parts (enum summary_part) of the client's summary from their data. Returns 0 or < 0. */
int store_summary_refresh(struct store_tx *tx, int64_t client_id, unsigned parts, int64_t now);

/* The categories triage weighs, as bits of store_triage_row.rights. */
enum triage_right {
	TRIAGE_ALERTS = 1 << 0,
	TRIAGE_HELP = 1 << 1,
	TRIAGE_BALANCE = 1 << 2,
	TRIAGE_CHECKINS = 1 << 3,
	TRIAGE_ALL = 1 << 7,         /* a representative: everything the client may see */
};

struct store_triage_row {
	int64_t client_id;
	const char *discipline;      /* the member's, in this client's network; NULL: none (valid during the call) */
	unsigned rights;             /* enum triage_right: what the member may see now */
	int has_summary;
	int open_alerts, worst_severity;
	int64_t oldest_alert_at;
	int trend_alerts;
	int64_t trend_at;
	int missing_alerts;
	int64_t missing_at;
	int open_help;
	int64_t oldest_help_at;
	int balance_burden;
	int64_t low_checkin_at;
};

/*
 * Calls fn for every client whose network `member` is in, at `now` (rights
 * past their end count as none), without names: ranking needs none, and
 * 10,000 names cost more than the ranking itself.
 */
int store_triage_each(struct store_tx *tx, int64_t member, int64_t now,
		      int (*fn)(const struct store_triage_row *row, void *ctx), void *ctx);

/* The client's name and the member's role and discipline in their network, for a row shown. STORE_NONE: not a member. */
int store_triage_names(struct store_tx *tx, int64_t member, int64_t client_id,
		       int (*fn)(const char *name, const char *role, const char *discipline, void *ctx), void *ctx);

#endif
