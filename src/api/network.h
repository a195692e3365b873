#ifndef ROER_API_NETWORK_H
#define ROER_API_NETWORK_H

#include <jansson.h>
#include <stdint.h>

#include "api/fields.h"

struct store_tx;

/* The categories a client can share, each "see" or "change": the rights of an invitation or a member. */
extern const struct field_spec network_rights_fields[];

/*
 * Up to `limit` members of client_id's network with their rights
 * (by_client 0), or of the clients user_id supports with what each shares
 * (by_client 1), ids above `after`, as a new JSON array in *out. Returns 0
 * or < 0.
 */
int network_people_json(struct store_tx *tx, int64_t id, int by_client, int64_t after, unsigned limit, json_t **out);

/* For an export: every help request of the client, every message in the client's threads, and the
 * person's notifications, appended to `list`. Each returns 0 or < 0. */
int help_requests_export(struct store_tx *tx, int64_t client_id, json_t *list);
int messages_export(struct store_tx *tx, int64_t client_id, json_t *list);
int notifications_export(struct store_tx *tx, int64_t user, json_t *list);

#endif
