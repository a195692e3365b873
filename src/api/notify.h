#ifndef ROER_API_NOTIFY_H
#define ROER_API_NOTIFY_H

/*
 * Telling people what happened around them, inside the transaction that
 * made it happen. A notification names the kind, the client, who did it and
 * what it is about (e.g. "help_request/5"), never the content.
 */

#include <stdint.h>

struct store_tx;

/* Tells `user`; nobody is told of what they did themself. Returns 0 or < 0. */
int notify(struct store_tx *tx, int64_t user, const char *kind, int64_t client, int64_t actor, const char *object);

#endif
