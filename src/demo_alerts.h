#ifndef ROER_DEMO_ALERTS_H
#define ROER_DEMO_ALERTS_H

#include <stdint.h>

struct store_tx;

/*
 * Els's alerts for the demo: her daughter may see them and receives them;
 * a rule for her weight (up 2 kg or more within 3 days, the sign her plan
 * watches for), one for her blood pressure (outside her range twice in a
 * row), one for a weighing that did not come (48 hours); and the call for
 * help she made two days ago, which Marieke took up and closed. Returns 0
 * or -1.
 */
int demo_alerts(struct store_tx *tx, int64_t client, int64_t carer, int64_t now);

#endif
