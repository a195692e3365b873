#ifndef ROER_API_GLUCOSE_DAYS_H
#define ROER_API_GLUCOSE_DAYS_H

/*
 * Keeping the glucose sensor's daily sums (store: glucose_days) up to date
 * as readings are stored, replaced and removed: a request notes each
 * change, then applies them with one read and one write per day it touched
 * (a batch of 1,000 readings touches about four days).
 */

#include <stddef.h>
#include <stdint.h>

struct store_tx;

/* The kind whose days are kept. */
#define GLUCOSE_DAYS_KIND "cgm"

struct glucose_days_change {
	struct glucose_day_note *notes;   /* owned */
	size_t n, size;
};

/* Notes that a reading taken at `taken_at` (ms) now holds `mmol` where it held `previous` (NaN: none). Either may be NaN. */
int glucose_days_note(struct glucose_days_change *c, int64_t taken_at, double mmol, double previous);
/* Applies the notes to the client's days in tx. Returns 0 or < 0 (a store status). */
int glucose_days_apply(struct store_tx *tx, int64_t client_id, struct glucose_days_change *c);
void glucose_days_change_release(struct glucose_days_change *c);

#endif
