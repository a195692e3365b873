#ifndef ROER_API_DAILY_LIFE_H
#define ROER_API_DAILY_LIFE_H

/*
 * Looking along at a distance in the API (docs/api.md, "Daily life"): the
 * signals of home sensors sent and listed, the day view (the usual day,
 * its thresholds and today's deviations, as codes and numbers: the words
 * are the page's), and the client's own thresholds. The `daily_life` right.
 */

#include <jansson.h>
#include <stdint.h>

struct request;
struct store_tx;

int api_signals_post(struct request *req);
int api_signals_get(struct request *req);
int api_daily_life_get(struct request *req);
int api_daily_life_settings_put(struct request *req);

/* *out gets the client's signals and thresholds for their export (owned). Returns 0 or < 0. */
int daily_life_export(struct store_tx *tx, int64_t client_id, json_t **out);

#endif
