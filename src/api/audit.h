#ifndef ROER_API_AUDIT_H
#define ROER_API_AUDIT_H

#include <jansson.h>

#include "store/store.h"

/* One audit row as the JSON item of docs/api.md (GET /me/audit and the export). */
json_t *audit_item_json(const struct store_audit *a);

/* Appends the audit rows matching q to `items`. Returns a store status. */
int audit_collect(struct store_tx *tx, const struct store_audit_query *q, json_t *items);

#endif
