/*
 * Wounds and their photos (the `photos` right, apart from measurements):
 * a named wound with a note, photos from a phone camera (JPEG or PNG up to
 * --max-photo) that are checked, decoded and encoded again without any
 * metadata before they are stored (media/image_clean.h), a timeline per
 * wound, and each photo served only to those with the right.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/measure.h"
#include "api/run.h"
#include "media/image_clean.h"
#include "store/wounds.h"
#include "util/timeutil.h"

static const struct field_spec wound_fields[] = {
	{ "name", FIELD_TEXT, FIELD_REQUIRED, 1, 80, NULL, NULL },
	{ "note", FIELD_TEXT, FIELD_MULTILINE, 1, 1000, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static const struct field_spec wound_change_fields[] = {
	{ "name", FIELD_TEXT, 0, 1, 80, NULL, NULL },
	{ "note", FIELD_TEXT, FIELD_MULTILINE, 0, 1000, NULL, NULL },
	{ "healed", FIELD_BOOL, 0, 0, 0, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static json_t *wound_json(const struct store_wound *w)
{
	char created[21], healed[21], last[25];

	time_format_iso(w->created_at, created);
	time_format_iso(w->healed_at, healed);
	time_format_iso_ms(w->last_photo_at, last);
	return json_pack("{s:I,s:s,s:s?,s:I,s:s,s:s?,s:I,s:s?}", "id", (json_int_t)w->id, "name", w->name, "note",
			 w->note, "created_by", (json_int_t)w->created_by, "created_at", created, "healed_at",
			 w->healed_at ? healed : NULL, "photos", (json_int_t)w->photos, "last_photo_at",
			 w->last_photo_at ? last : NULL);
}

static int collect_wound(const struct store_wound *w, void *ctx)
{
	return json_array_append_new(ctx, wound_json(w));
}

static json_t *photo_json(const struct store_wound_photo *p)
{
	char taken[25], created[21], url[128], thumb[140];

	time_format_iso_ms(p->taken_at, taken);
	time_format_iso(p->created_at, created);
	snprintf(url, sizeof(url), "/api/v1/clients/%lld/wounds/%lld/photos/%lld", (long long)p->client_id,
		 (long long)p->wound_id, (long long)p->id);
	snprintf(thumb, sizeof(thumb), "%s?thumb=1", url);
	return json_pack("{s:I,s:I,s:s,s:s?,s:i,s:i,s:I,s:I,s:s,s:s,s:s}", "id", (json_int_t)p->id, "wound",
			 (json_int_t)p->wound_id, "taken_at", taken, "note", p->note, "width", (int)p->width, "height",
			 (int)p->height, "bytes", (json_int_t)p->bytes, "created_by", (json_int_t)p->created_by,
			 "created_at", created, "url", url, "thumb_url", thumb);
}

static int collect_photo(const struct store_wound_photo *p, void *ctx)
{
	return json_array_append_new(ctx, photo_json(p));
}

/* For checking that a wound is there. */
static int exists(const struct store_wound *w, void *ctx)
{
	(void)w;
	(void)ctx;
	return 0;
}

/* Replies with one wound (after a change). Returns the value for the body to return. */
static int reply_wound(struct request *req, struct store_tx *tx, int64_t id, unsigned status)
{
	json_t *one = json_array();
	int rc = store_wounds_each(tx, req->ids[0], id, collect_wound, one);

	if (rc != STORE_ONE) {
		json_decref(one);
		return rc < 0 ? api_failed(rc, "cannot read the wound") : (reply_error(req, ERR_NOT_FOUND, NULL, NULL),
									       STORE_TX_UNDO);
	}
	reply_json(req, status, json_incref(json_array_get(one, 0)));
	json_decref(one);
	return STORE_TX_KEEP;
}

/* ---- wounds ---- */

static int wounds_get_body(struct request *req, struct store_tx *tx)
{
	json_t *list = json_array();
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_PHOTOS, "wounds")) == 1 &&
	    (rc = store_wounds_each(tx, req->ids[0], 0, collect_wound, list)) >= 0)
		return reply_json(req, 200, list), STORE_TX_KEEP;
	json_decref(list);
	return rc < 0 ? api_failed(rc, "cannot read the wounds") : rc;
}

int api_wounds_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, wounds_get_body);
}

struct wound_state {
	json_t *clean;
	struct field_error err;
};

static void wound_state_release(void *p)
{
	json_decref(((struct wound_state *)p)->clean);
}

static int wounds_post_body(struct request *req, struct store_tx *tx)
{
	struct wound_state *st = req->state;
	struct store_wound w = { 0 };
	int64_t id;
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_CREATE, CATEGORY_PHOTOS, "wounds")) != 1)
		return rc;
	if (!st->clean)
		return api_reply_refusal(req, &st->err), STORE_TX_UNDO;
	w.client_id = req->ids[0];
	w.name = json_string_value(json_object_get(st->clean, "name"));
	w.note = json_string_value(json_object_get(st->clean, "note"));
	w.created_by = req->session.user_id;
	w.created_at = time_now();
	if ((rc = store_wound_insert(tx, &w, &id)) != STORE_ONE)
		return api_failed(rc < 0 ? rc : STORE_HARD_ERROR, "cannot store the wound");
	return reply_wound(req, tx, id, 201);
}

int api_wounds_post(struct request *req)
{
	struct wound_state *st = request_state(req, sizeof(*st), wound_state_release);

	st->clean = fields_validate(wound_fields, req->json, &st->err);
	return api_run(req, STORE_TX_WRITE, wounds_post_body);
}

/* The wound as stored, for a change: name and note copied (owned). */
struct one_wound {
	char *name, *note;
	int64_t healed_at;
};

static int keep_wound(const struct store_wound *w, void *ctx)
{
	struct one_wound *o = ctx;

	o->name = strdup(w->name);
	o->note = w->note ? strdup(w->note) : NULL;
	o->healed_at = w->healed_at;
	return o->name && (!w->note || o->note) ? 0 : -1;
}

static int wound_patch_body(struct request *req, struct store_tx *tx)
{
	struct wound_state *st = req->state;
	struct one_wound old = { NULL, NULL, 0 };
	struct store_wound w = { 0 };
	char object[40];
	json_t *v;
	int rc;

	snprintf(object, sizeof(object), "wound/%lld", (long long)req->ids[1]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_UPDATE, CATEGORY_PHOTOS, object)) != 1)
		return rc;
	if (!st->clean)
		return api_reply_refusal(req, &st->err), STORE_TX_UNDO;
	if ((rc = store_wounds_each(tx, req->ids[0], req->ids[1], keep_wound, &old)) != STORE_ONE) {
		free(old.name);
		free(old.note);
		return rc < 0 ? api_failed(rc, "cannot read the wound") : (reply_error(req, ERR_NOT_FOUND, NULL, NULL),
									       STORE_TX_UNDO);
	}
	w.client_id = req->ids[0];
	w.id = req->ids[1];
	w.name = (v = json_object_get(st->clean, "name")) ? json_string_value(v) : old.name;
	w.note = (v = json_object_get(st->clean, "note")) ? (*json_string_value(v) ? json_string_value(v) : NULL)
							   : old.note;
	w.healed_at = (v = json_object_get(st->clean, "healed")) ? (json_is_true(v) ? (old.healed_at ? old.healed_at
												    : time_now())
										    : 0)
								 : old.healed_at;
	rc = store_wound_update(tx, &w);
	free(old.name);
	free(old.note);
	if (rc < 0)
		return api_failed(rc, "cannot change the wound");
	return reply_wound(req, tx, req->ids[1], 200);
}

int api_wound_patch(struct request *req)
{
	struct wound_state *st = request_state(req, sizeof(*st), wound_state_release);

	st->clean = fields_validate(wound_change_fields, req->json, &st->err);
	return api_run(req, STORE_TX_WRITE, wound_patch_body);
}

/* ---- photos ---- */

static int photos_get_body(struct request *req, struct store_tx *tx)
{
	json_t *list = json_array();
	char object[40];
	int rc;

	snprintf(object, sizeof(object), "wound/%lld", (long long)req->ids[1]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_PHOTOS, object)) != 1) {
		json_decref(list);
		return rc;
	}
	/* A wound that is not there is not found, whether or not it would have photos. */
	if ((rc = store_wounds_each(tx, req->ids[0], req->ids[1], exists, NULL)) == STORE_NONE) {
		json_decref(list);
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL), STORE_TX_KEEP;
	}
	if (rc < 0 || (rc = store_wound_photos_each(tx, req->ids[0], req->ids[1], 0, collect_photo, list)) < 0) {
		json_decref(list);
		return api_failed(rc, "cannot read the photos");
	}
	reply_json(req, 200, list);
	return STORE_TX_KEEP;
}

int api_wound_photos_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, photos_get_body);
}

/*
 * How many uploads are decoded at once. Decoding runs on one of the HTTP
 * pool's threads and may hold 120 MB (media/image_clean.h): two at a time
 * leave the other threads to serve everyone else, and a third upload is
 * asked to come back in a moment (503 with Retry-After) rather than queued.
 */
#define CLEANING_AT_ONCE 2
static atomic_int cleaning;

struct upload_state {
	struct image_clean_result img;
	enum image_clean_status status;
	int busy;                     /* no decoding slot was free */
	int64_t taken_at;             /* ms */
	char *note;                   /* owned; NULL: none */
	struct field_error err;
	int refused;
};

static void upload_state_release(void *p)
{
	struct upload_state *st = p;

	image_clean_result_release(&st->img);
	free(st->note);
}

/* How a refused upload is told: the HTTP error and a message, by what image_clean found. */
static int reply_not_an_image(struct request *req, enum image_clean_status status)
{
	switch (status) {
	case IMAGE_CLEAN_TOO_MANY_PIXELS:
	case IMAGE_CLEAN_BAD_SIZE:
		return reply_error(req, ERR_PAYLOAD_TOO_LARGE, "photo", "photo: too many pixels (%s)",
				   image_clean_reason(status));
	case IMAGE_CLEAN_NOT_AN_IMAGE:
	case IMAGE_CLEAN_TYPE_MISMATCH:
		return reply_error(req, ERR_UNSUPPORTED_MEDIA_TYPE, "photo", "photo: send a JPEG or PNG photo (%s)",
				   image_clean_reason(status));
	case IMAGE_CLEAN_INTERNAL:
		return reply_error(req, ERR_INTERNAL, NULL, "cannot read photos now");
	default:
		return reply_error(req, ERR_INVALID_INPUT, "photo", "photo: cannot be read (%s)", image_clean_reason(status));
	}
}

static int upload_body(struct request *req, struct store_tx *tx)
{
	struct upload_state *st = req->state;
	struct store_wound_photo p = { 0 };
	json_t *one;
	char object[40];
	int64_t id;
	int rc;

	snprintf(object, sizeof(object), "wound/%lld", (long long)req->ids[1]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_CREATE, CATEGORY_PHOTOS, object)) != 1)
		return rc;
	if ((rc = store_wounds_each(tx, req->ids[0], req->ids[1], exists, NULL)) < 0)
		return api_failed(rc, "cannot read the wound");
	if (rc == STORE_NONE)
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL), STORE_TX_UNDO;
	if (st->refused)
		return api_reply_refusal(req, &st->err), STORE_TX_UNDO;
	if (st->busy) {
		reply_error(req, ERR_BUSY, NULL, "photos are being read for others: try again in a moment");
		reply_retry_after(req, 2);
		return STORE_TX_UNDO;
	}
	if (st->status != IMAGE_CLEAN_OK)
		return reply_not_an_image(req, st->status), STORE_TX_UNDO;
	p.client_id = req->ids[0];
	p.wound_id = req->ids[1];
	p.taken_at = st->taken_at;
	p.note = st->note;
	p.width = st->img.width;
	p.height = st->img.height;
	p.created_by = req->session.user_id;
	p.created_at = time_now();
	if ((rc = store_wound_photo_insert(tx, &p, st->img.data, st->img.len, st->img.thumb, st->img.thumb_len, &id)) < 0)
		return api_failed(rc, "cannot store the photo");
	p.id = id;
	p.bytes = (int64_t)st->img.len;
	one = photo_json(&p);
	reply_json(req, 201, one);
	return STORE_TX_KEEP;
}

/*
 * Whether the uploader may add photos for this client at all, asked of the
 * rule (access_decide) without a row on the log: the write that follows
 * asks again through api_access, which decides what is answered and logs
 * it once. Only what may be stored is worth decoding.
 */
struct upload_precheck {
	int64_t actor, client;
	int allowed;
};

static int upload_precheck_body(struct store_tx *tx, void *ctx)
{
	struct upload_precheck *c = ctx;
	struct access_grant grant;
	int rc;

	if ((rc = access_grant_of(tx, c->actor, c->client, CATEGORY_PHOTOS, &grant)) < 0)
		return rc;
	c->allowed = access_decide(c->actor, c->client, ACCESS_CREATE, CATEGORY_PHOTOS, &grant);
	return 0;
}

int api_wound_photos_post(struct request *req)
{
	struct upload_precheck pre = { req->session.user_id, req->ids[0], 0 };
	struct upload_state *st = request_state(req, sizeof(*st), upload_state_release);
	const char *taken = request_query(req, "taken_at"), *note = request_query(req, "note");

	st->taken_at = time_now() * 1000;
	if (taken && time_parse_iso_ms(taken, &st->taken_at))
		st->refused = refuse(&st->err, REFUSAL_INVALID, "taken_at", "taken_at: an ISO 8601 time with a zone");
	else if (st->taken_at > time_now() * 1000 + MEASURE_FUTURE_MS)
		st->refused = refuse(&st->err, REFUSAL_INVALID, "taken_at", "taken_at: lies in the future");
	if (note && !st->refused) {
		json_t *in = json_pack("{s:s}", "note", note), *clean = NULL;
		static const struct field_spec note_spec[] = {
			{ "note", FIELD_TEXT, FIELD_MULTILINE, 1, 500, NULL, NULL },
			{ NULL, 0, 0, 0, 0, NULL, NULL },
		};

		if (!in || !(clean = fields_validate(note_spec, in, &st->err)))
			st->refused = 1;
		else
			st->note = strdup(json_string_value(json_object_get(clean, "note")));
		json_decref(in);
		json_decref(clean);
	}
	/*
	 * Decoded and encoded again here, before the transaction: the slow part
	 * runs on this request's thread, not on the store's writer; and only
	 * for someone who may add photos: anyone else's upload goes straight on
	 * to its refusal (upload_body, where it is logged).
	 */
	if (!st->refused && store_run(req->srv->store, STORE_TX_READ, upload_precheck_body, &pre) < 0)
		return api_internal_error(req, "cannot read the rights");
	if (st->refused || !pre.allowed)
		return api_run(req, STORE_TX_WRITE, upload_body);
	if (atomic_fetch_add(&cleaning, 1) >= CLEANING_AT_ONCE)
		st->busy = 1;
	else
		st->status = image_clean(req->body.data, req->body.len, request_header(req, "Content-Type"), NULL, &st->img);
	atomic_fetch_sub(&cleaning, 1);
	return api_run(req, STORE_TX_WRITE, upload_body);
}

static int photo_get_body(struct request *req, struct store_tx *tx)
{
	char object[64], name[64];
	unsigned char *data;
	size_t len;
	int thumb = request_query(req, "thumb") != NULL;
	int rc;

	snprintf(object, sizeof(object), "wound/%lld/photo/%lld", (long long)req->ids[1], (long long)req->ids[2]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_PHOTOS, object)) != 1)
		return rc;
	rc = store_wound_photo_bytes(tx, req->ids[0], req->ids[1], req->ids[2], thumb, &data, &len);
	if (rc < 0)
		return api_failed(rc, "cannot read the photo");
	if (rc == STORE_NONE)
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL), STORE_TX_KEEP;
	snprintf(name, sizeof(name), "wound-%lld-photo-%lld%s.jpg", (long long)req->ids[1], (long long)req->ids[2],
		 thumb ? "-small" : "");
	reply_bytes(req, 200, data, len, "image/jpeg", name);
	return STORE_TX_KEEP;
}

int api_wound_photo_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, photo_get_body);
}

static int photo_delete_body(struct request *req, struct store_tx *tx)
{
	char object[64];
	int rc;

	snprintf(object, sizeof(object), "wound/%lld/photo/%lld", (long long)req->ids[1], (long long)req->ids[2]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_DELETE, CATEGORY_PHOTOS, object)) != 1)
		return rc;
	if ((rc = store_wound_photo_remove(tx, req->ids[0], req->ids[1], req->ids[2])) < 0)
		return api_failed(rc, "cannot remove the photo");
	if (rc == STORE_NONE)
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL), STORE_TX_UNDO;
	reply_no_content(req);
	return STORE_TX_KEEP;
}

int api_wound_photo_delete(struct request *req)
{
	return api_run(req, STORE_TX_WRITE, photo_delete_body);
}

/* ---- the export ---- */

struct export_ctx {
	struct store_tx *tx;
	json_t *list;
};

static int export_wound(const struct store_wound *w, void *ctx)
{
	struct export_ctx *e = ctx;
	json_t *one = wound_json(w), *photos = json_array();

	if (!one || !photos || json_object_set_new(one, "photo_list", photos) ||
	    store_wound_photos_each(e->tx, w->client_id, w->id, 0, collect_photo, photos) < 0) {
		json_decref(one);
		return -1;
	}
	return json_array_append_new(e->list, one);
}

int wounds_export(struct store_tx *tx, int64_t client_id, json_t **out)
{
	struct export_ctx e = { tx, json_array() };
	int rc = store_wounds_each(tx, client_id, 0, export_wound, &e);

	if (rc < 0) {
		json_decref(e.list);
		*out = NULL;
		return rc;
	}
	*out = e.list;
	return 0;
}
