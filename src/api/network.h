#ifndef ROER_API_NETWORK_H
#define ROER_API_NETWORK_H

#include <jansson.h>
#include <stdint.h>

#include "access/access.h"
#include "api/fields.h"

struct request;
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

/*
 * Inside a body: whether the signed-in person may give rights in client's
 * network (access_may_hand_on: a representative acts for the client, not
 * for themself). Returns 1 when they may; otherwise the value for the body
 * to return, after undoing its work, putting the refused `action` on the
 * client's log and replying 403 client_only or 400 on "until".
 */
int network_may_hand_on(struct request *req, struct store_tx *tx, int64_t client, int64_t member,
			int member_represents, int makes_representative, int64_t until, enum access_action action,
			const char *object);

/* For an export: every help request of the client, every message in the client's threads, and the
 * person's notifications, appended to `list`. Each returns 0 or < 0. */
int help_requests_export(struct store_tx *tx, int64_t client_id, json_t *list);
int messages_export(struct store_tx *tx, int64_t client_id, json_t *list);
int notifications_export(struct store_tx *tx, int64_t user, json_t *list);

#endif
