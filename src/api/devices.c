/*
 * The devices that send readings: connected by the client, a
 * representative or a member who may change measurements, for a named
 * device and chosen kinds. The secret is shown once, when it is made, and
 * stored only as hashes; a device can be disconnected at any time, and its
 * list shows when each was last used and its last status.
 */
#include <stdio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/measure.h"
#include "api/run.h"
#include "auth/device_secret.h"
#include "measure/kinds.h"
#include "util/timeutil.h"

static const struct field_spec device_fields[] = {
	{ "name", FIELD_TEXT, FIELD_REQUIRED, 1, 80, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static json_t *device_json(const struct store_device *d)
{
	char created[21], used[21], status_at[21];
	json_t *kinds = json_loads(d->kinds, 0, NULL), *status = d->status ? json_loads(d->status, 0, NULL) : NULL;

	time_format_iso(d->created_at, created);
	time_format_iso(d->last_used_at, used);
	time_format_iso(d->status_at, status_at);
	return json_pack("{s:I,s:s,s:o,s:I,s:s,s:s?,s:b,s:o,s:s?}", "id", (json_int_t)d->id, "name", d->name, "kinds",
			 kinds ? kinds : json_array(), "created_by", (json_int_t)d->created_by, "created_at", created,
			 "last_used_at", d->last_used_at ? used : NULL, "revoked", d->revoked_at != 0, "status",
			 status ? status : json_null(), "status_at", d->status_at ? status_at : NULL);
}

static int collect_device(const struct store_device *d, void *ctx)
{
	return json_array_append_new(ctx, device_json(d));
}

static int list_body(struct request *req, struct store_tx *tx)
{
	json_t *list = json_array();
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_MEASUREMENTS, "devices")) == 1 &&
	    (rc = store_devices_each(tx, req->ids[0], 0, collect_device, list)) >= 0)
		return reply_json(req, 200, list), STORE_TX_KEEP;
	json_decref(list);
	return rc < 0 ? api_failed(rc, "cannot read the devices") : rc;
}

int api_devices_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, list_body);
}

struct post_state {
	json_t *clean;                /* the name */
	json_t *kinds;                /* a reference to the body's list, checked in the body (the catalogue) */
	struct field_error err;
	char token[TOKEN_CHARS + 1];
};

static void post_state_release(void *p)
{
	struct post_state *st = p;

	json_decref(st->clean);
	json_decref(st->kinds);
	sodium_memzero(st->token, sizeof(st->token));
}

/*
 * The kind of a device that sends daily-life signals (POST /signals,
 * api/daily_life_signals.c) rather than readings: not a measurement kind,
 * and given only by someone who may change the client's daily life too.
 */
#define DAILY_LIFE_KIND "daily_life"

/* 1 when a list of kinds holds the daily-life kind. */
static int has_daily_life(json_t *kinds)
{
	size_t i;
	json_t *k;

	json_array_foreach(kinds, i, k)
		if (json_is_string(k) && !strcmp(json_string_value(k), DAILY_LIFE_KIND))
			return 1;
	return 0;
}

/*
 * The kinds a new device asks for: 1 or more distinct codes of the
 * catalogue or the daily-life kind. Returns 0 or 1 (err filled).
 */
static int check_kinds(json_t *kinds, struct field_error *err)
{
	size_t i, j, n = json_array_size(kinds);

	if (!json_is_array(kinds) || !n || n > 32)
		return refuse(err, REFUSAL_INVALID, "kinds", "kinds: a list of the measurement kinds it may send");
	for (i = 0; i < n; i++) {
		const char *code = json_string_value(json_array_get(kinds, i));

		if (!code || (!measure_kind_find(code) && strcmp(code, DAILY_LIFE_KIND)))
			return refuse(err, REFUSAL_INVALID, "kinds", "kinds[%zu]: not a measurement kind nor daily_life", i);
		for (j = 0; j < i; j++)
			if (!strcmp(code, json_string_value(json_array_get(kinds, j))))
				return refuse(err, REFUSAL_INVALID, "kinds", "kinds[%zu]: twice", i);
	}
	return 0;
}

static int post_body(struct request *req, struct store_tx *tx)
{
	struct post_state *st = req->state;
	unsigned char token_hash_[TOKEN_HASH_BYTES], sha1[TOKEN_HASH_BYTES], sha512[TOKEN_HASH_BYTES];
	struct store_device d = { 0 };
	char *kinds;
	json_t *shown = json_array(), *one;
	int rc;

	if ((rc = measure_kinds_load(tx)) < 0) {
		json_decref(shown);
		return api_failed(rc, "cannot read the measurement kinds");
	}
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_CREATE, CATEGORY_MEASUREMENTS, "devices")) != 1 ||
	    (has_daily_life(st->kinds) &&
	     (rc = api_access(req, tx, req->ids[0], ACCESS_CREATE, CATEGORY_DAILY_LIFE, "devices")) != 1)) {
		json_decref(shown);
		return rc;
	}
	if (!st->clean || check_kinds(st->kinds, &st->err)) {
		json_decref(shown);
		return api_reply_refusal(req, &st->err), STORE_TX_UNDO;
	}
	if (!(kinds = json_dumps(st->kinds, JSON_COMPACT))) {
		json_decref(shown);
		return api_failed(STORE_HARD_ERROR, "cannot encode the kinds");
	}
	/* A new secret each time the body runs: one that was not stored is never shown. */
	token_new(st->token);
	device_secret_hashes(st->token, token_hash_, sha1, sha512);
	d.client_id = req->ids[0];
	d.name = json_string_value(json_object_get(st->clean, "name"));
	d.kinds = kinds;
	d.created_by = req->session.user_id;
	d.created_at = time_now();
	rc = store_device_insert(tx, &d, token_hash_, sha1, sha512, &d.id);
	free(kinds);
	if (rc < 0 || (rc = store_devices_each(tx, req->ids[0], d.id, collect_device, shown)) != STORE_ONE) {
		json_decref(shown);
		return api_failed(rc < 0 ? rc : STORE_HARD_ERROR, "cannot store the device");
	}
	one = json_incref(json_array_get(shown, 0));
	json_decref(shown);
	/* Shown once: only hashes of it are kept. */
	json_object_set_new(one, "token", json_string(st->token));
	reply_json(req, 201, one);
	return STORE_TX_KEEP;
}

int api_devices_post(struct request *req)
{
	struct post_state *st = request_state(req, sizeof(*st), post_state_release);

	st->clean = fields_validate(device_fields, req->json, &st->err);
	st->kinds = json_incref(json_object_get(req->json, "kinds"));
	return api_run(req, STORE_TX_WRITE, post_body);
}

static int delete_body(struct request *req, struct store_tx *tx)
{
	char object[40];
	int rc;

	snprintf(object, sizeof(object), "device/%lld", (long long)req->ids[1]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_DELETE, CATEGORY_MEASUREMENTS, object)) != 1)
		return rc;
	if ((rc = store_device_revoke(tx, req->ids[0], req->ids[1], time_now())) < 0)
		return api_failed(rc, "cannot disconnect the device");
	if (rc == STORE_NONE)
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL), STORE_TX_UNDO;
	reply_no_content(req);
	return STORE_TX_KEEP;
}

int api_device_delete(struct request *req)
{
	return api_run(req, STORE_TX_WRITE, delete_body);
}
