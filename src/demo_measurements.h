#ifndef ROER_DEMO_MEASUREMENTS_H
#define ROER_DEMO_MEASUREMENTS_H

#include <stdint.h>

struct store_tx;

/*
 * Els's home measurements for the demo: what her plan says she does every
 * morning (weigh herself, measure her blood pressure, with her pulse) over
 * the last `days` days, and the ranges she set with her GP. Returns 0, or
 * < 0 after saying why.
 */
int demo_measurements(struct store_tx *tx, int64_t client, int64_t now, int days);

#endif
