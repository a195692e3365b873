/*
 * A request that carries a device's secret instead of a session: which
 * device, and whether it may still be used. A device acts for the person
 * who connected it, with that person's rights as they are now (so a member
 * whose right ended cannot go on through a device), on one client's record.
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "auth/device_secret.h"
#include "util/log.h"

struct found_device {
	int found;
	int revoked;
	int64_t id, client_id, created_by;
	char kinds[512];
};

static int keep_device(const struct store_device *d, void *ctx)
{
	struct found_device *f = ctx;

	f->found = 1;
	f->revoked = d->revoked_at != 0;
	f->id = d->id;
	f->client_id = d->client_id;
	f->created_by = d->created_by;
	if ((size_t)snprintf(f->kinds, sizeof(f->kinds), "%s", d->kinds) >= sizeof(f->kinds))
		return error("device %lld: its kinds do not fit", (long long)d->id);
	return 0;
}

struct lookup {
	enum store_device_secret form;
	unsigned char hash[TOKEN_HASH_BYTES];
	struct found_device *out;
};

static int lookup_body(struct store_tx *tx, void *ctx)
{
	struct lookup *l = ctx;
	int rc = store_device_by_hash(tx, l->form, l->hash, keep_device, l->out);

	return rc < 0 ? rc : STORE_TX_KEEP;
}

int api_device_authenticate(struct request *req, const char *presented, const char **why)
{
	struct found_device f = { 0 };
	struct lookup l = { DEVICE_SECRET_TOKEN, { 0 }, &f };

	*why = "this device secret is not known here";
	if (device_secret_lookup(presented, &l.form, l.hash))
		return 0;
	if (store_run(req->srv->store, STORE_TX_READ, lookup_body, &l) < 0)
		return -1;
	if (!f.found)
		return 0;
	if (f.revoked) {
		*why = "this device was disconnected";
		return 0;
	}
	req->device.id = f.id;
	req->device.client_id = f.client_id;
	memcpy(req->device.kinds, f.kinds, sizeof(f.kinds));
	req->session.user_id = f.created_by;
	return 1;
}
