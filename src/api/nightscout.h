#ifndef ROER_API_NIGHTSCOUT_H
#define ROER_API_NIGHTSCOUT_H

/*
 * The Nightscout API v1, as the glucose uploaders people already run speak
 * it (xDrip+, Loop, oref0, nightscout-connect, share2nightscout-bridge,
 * minimed-connect-to-nightscout), served under /nightscout: the site URL a
 * person enters in the uploader is https://HOST/nightscout and its "API
 * secret" is a device token of theirs (docs/nightscout.md). A device acts
 * for the client it belongs to, with the rights of whoever connected it,
 * for the kinds it was given: sensor glucose (`sgv`) is `cgm`, a meter's
 * (`mbg`) is `glucose`, treatments are `carbohydrates` and `insulin`.
 */

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct request;
struct store_tx;

/* Replies in Nightscout's error shape: {"status", "message", "description"}. Returns 0. */
int nightscout_error(struct request *req, unsigned status, const char *description);

/* A Nightscout `_id` (24 hex digits, like a MongoDB ObjectId) for a row id. */
void nightscout_id(int64_t id, char out[25]);

/*
 * Inside a transaction body: the request's device must be there and may
 * reach each of the n `kinds`; asks the access module once (one audit row,
 * with `object`). Returns 1, or the value for the body to return after
 * replying (401, or 403 for a kind the device was not given).
 */
int nightscout_access(struct request *req, struct store_tx *tx, int action, const char *const *kinds, size_t n,
		      const char *object);

int nightscout_status_get(struct request *req);
int nightscout_verifyauth_get(struct request *req);
int nightscout_experiments_test_get(struct request *req);
int nightscout_entries_post(struct request *req);
int nightscout_entries_get(struct request *req);
int nightscout_entries_sgv_get(struct request *req);
int nightscout_entries_current_get(struct request *req);
int nightscout_treatments_post(struct request *req);
int nightscout_treatments_get(struct request *req);
int nightscout_devicestatus_post(struct request *req);
int nightscout_devicestatus_get(struct request *req);

#endif
