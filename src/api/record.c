/* The shared handlers of the client's own record: list, create, read, change, remove. */
#include <string.h>

#include "api/common.h"
#include "api/record.h"
#include "http/request.h"
#include "store/store.h"
#include "util/timeutil.h"

/* An item as the API shows it: its fields plus id, times and who wrote it. Caller owns it. */
static json_t *item_json(const struct store_item *it)
{
	json_t *o = json_loads(it->data, 0, NULL);
	char created[21], updated[21];

	if (!json_is_object(o)) {
		json_decref(o);
		return NULL;
	}
	time_format_iso(it->created_at, created);
	time_format_iso(it->updated_at, updated);
	json_object_set_new(o, "id", json_integer(it->id));
	json_object_set_new(o, "created_at", json_string(created));
	json_object_set_new(o, "updated_at", json_string(updated));
	json_object_set_new(o, "created_by", json_integer(it->created_by));
	json_object_set_new(o, "updated_by", json_integer(it->updated_by));
	return o;
}

static int collect(const struct store_item *it, void *ctx)
{
	json_t *o = item_json(it);

	return o ? json_array_append_new(ctx, o) : -1;
}

static int keep_one(const struct store_item *it, void *ctx)
{
	json_t **out = ctx;

	*out = item_json(it);
	return *out ? 0 : -1;
}

/* Begins the transaction of a request on this kind, with its access check (see api_begin_access). */
static struct store_tx *begin_access(struct request *req, enum access_action action, const char *object)
{
	const struct record_kind *k = req->route->arg;

	return api_begin_access(req, req->ids[0], action, k->category, object);
}

/* The kind's stored name and the item id as an audit object, e.g. "goal/12". */
static void object_name(const struct request *req, char *out, size_t n)
{
	const struct record_kind *k = req->route->arg;

	if (req->ids[1])
		snprintf(out, n, "%s/%lld", k->kind, (long long)req->ids[1]);
	else
		snprintf(out, n, "%s", k->kind);
}

static json_t *validated(struct request *req, json_t *in)
{
	const struct record_kind *k = req->route->arg;
	struct field_error err;
	json_t *clean = fields_validate(k->fields, in, &err);

	if (!clean)
		reply_error(req, ERR_INVALID_INPUT, err.field, "%s", err.message);
	return clean;
}

int api_record_list(struct request *req)
{
	const struct record_kind *k = req->route->arg;
	struct store_tx *tx;
	char object[64];
	json_t *list;

	object_name(req, object, sizeof(object));
	if (!(tx = begin_access(req, ACCESS_READ, object)))
		return 0;
	list = json_array();
	if (store_item_each(tx, req->ids[0], k->kind, collect, list) < 0) {
		json_decref(list);
		return api_internal_error(req, tx, "cannot read the items");
	}
	if (k->flags & KIND_VERSIONED)
		for (size_t i = 0; i < json_array_size(list); i++)
			json_object_set_new(json_array_get(list, i), "version", json_integer((json_int_t)i + 1));
	if (api_commit(req, tx)) {
		json_decref(list);
		return 0;
	}
	return reply_json(req, 200, list);
}

/* Stores `clean` as a new item or a change of req->ids[1], then replies with the item. */
static int save(struct request *req, struct store_tx *tx, json_t *clean, unsigned status)
{
	const struct record_kind *k = req->route->arg;
	char *text = json_dumps(clean, JSON_COMPACT);
	json_t *out = NULL;
	int64_t id = req->ids[1];
	int rc;

	json_decref(clean);
	if (!text)
		return api_internal_error(req, tx, "cannot encode the item");
	rc = id ? store_item_update(tx, req->ids[0], k->kind, id, req->session.user_id, time_now(), text)
		: store_item_insert(tx, req->ids[0], k->kind, req->session.user_id, time_now(), text, &id);
	free(text);
	if (rc == STORE_NONE) {
		store_rollback(tx);
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL);
	}
	if (rc < 0 || store_item_get(tx, req->ids[0], k->kind, id, keep_one, &out) != STORE_ONE) {
		json_decref(out);
		return api_internal_error(req, tx, "cannot store the item");
	}
	if (api_commit(req, tx)) {
		json_decref(out);
		return 0;
	}
	return reply_json(req, status, out);
}

/*
 * Runs the kind's own rules (see struct record_kind). Returns 0 when they
 * hold; otherwise ends tx (a refusal was replied, or a store error becomes
 * a 500) and returns -1.
 */
static int rules_hold(struct request *req, struct store_tx *tx, json_t *item, const json_t *old)
{
	const struct record_kind *k = req->route->arg;
	int rc = k->check ? k->check(req, tx, req->ids[0], item, old) : 0;

	if (rc < 0)
		api_internal_error(req, tx, "cannot check the item");
	else if (rc)
		store_rollback(tx);
	return rc ? -1 : 0;
}

int api_record_create(struct request *req)
{
	struct store_tx *tx;
	char object[64];
	json_t *clean;

	object_name(req, object, sizeof(object));
	if (!(tx = begin_access(req, ACCESS_CREATE, object)))
		return 0;
	/* Checked after access: a stranger learns nothing, not even which fields are wrong. */
	if (!(clean = validated(req, req->json))) {
		store_rollback(tx);
		return 0;
	}
	if (rules_hold(req, tx, clean, NULL)) {
		json_decref(clean);
		return 0;
	}
	return save(req, tx, clean, 201);
}

/* Reads item req->ids[1] in tx into *out: 1, or 0 after replying 404 (and rolling back), -1 on error. */
static int load(struct request *req, struct store_tx *tx, json_t **out)
{
	const struct record_kind *k = req->route->arg;
	int rc;

	*out = NULL;
	rc = store_item_get(tx, req->ids[0], k->kind, req->ids[1], keep_one, out);
	if (rc < 0)
		return api_internal_error(req, tx, "cannot read the item"), -1;
	if (rc == STORE_NONE) {
		/* The look was granted and is on record; the item is simply not there. */
		if (!api_commit(req, tx))
			reply_error(req, ERR_NOT_FOUND, NULL, NULL);
		return 0;
	}
	return 1;
}

int api_record_get(struct request *req)
{
	struct store_tx *tx;
	char object[64];
	json_t *item;

	object_name(req, object, sizeof(object));
	if (!(tx = begin_access(req, ACCESS_READ, object)) || load(req, tx, &item) != 1)
		return 0;
	if (api_commit(req, tx)) {
		json_decref(item);
		return 0;
	}
	return reply_json(req, 200, item);
}

static const char *const meta_fields[] = { "id", "created_at", "updated_at", "created_by", "updated_by", NULL };

int api_record_update(struct request *req)
{
	json_t *old, *merged, *clean;
	struct store_tx *tx;
	char object[64];
	const char *key;
	json_t *value;
	int rc;

	object_name(req, object, sizeof(object));
	if (!(tx = begin_access(req, ACCESS_UPDATE, object)) || load(req, tx, &old) != 1)
		return 0;
	/* May it change at all (a decided decision may not), whatever the change is? */
	if (rules_hold(req, tx, NULL, old)) {
		json_decref(old);
		return 0;
	}
	/* A change names only the fields it changes; null removes an optional field. */
	merged = json_deep_copy(old);
	for (const char *const *m = meta_fields; *m; m++)
		json_object_del(merged, *m);
	json_object_foreach(req->json, key, value) {
		if (fields_in(meta_fields, key))
			continue;
		if (json_is_null(value))
			json_object_del(merged, key);
		else
			json_object_set(merged, key, value);
	}
	clean = validated(req, merged);
	json_decref(merged);
	if (!clean) {
		json_decref(old);
		store_rollback(tx);
		return 0;
	}
	rc = rules_hold(req, tx, clean, old);
	json_decref(old);
	if (rc) {
		json_decref(clean);
		return 0;
	}
	return save(req, tx, clean, 200);
}

int api_record_delete(struct request *req)
{
	const struct record_kind *k = req->route->arg;
	struct store_tx *tx;
	char object[64];
	json_t *old;
	int rc;

	object_name(req, object, sizeof(object));
	if (!(tx = begin_access(req, ACCESS_DELETE, object)) || load(req, tx, &old) != 1)
		return 0;
	rc = rules_hold(req, tx, NULL, old);
	json_decref(old);
	if (rc)
		return 0;
	if (store_item_remove(tx, req->ids[0], k->kind, req->ids[1], req->session.user_id, time_now()) !=
	    STORE_ONE)
		return api_internal_error(req, tx, "cannot remove the item");
	if (api_commit(req, tx))
		return 0;
	return reply_no_content(req);
}

/* ---- the balance over time ---- */

#define BALANCE_MAX_ITEMS 4096

struct balance_replay {
	json_t *history;
	int64_t ids[BALANCE_MAX_ITEMS];
	int weights[BALANCE_MAX_ITEMS];    /* positive: strength, negative: burden, 0: gone */
	size_t n;
	int strengths, burdens;
};

static int replay_change(const struct store_item *ch, void *ctx)
{
	struct balance_replay *r = ctx;
	json_t *data = json_loads(ch->data, 0, NULL);
	int weight = (int)json_integer_value(json_object_get(data, "weight"));
	const char *side = json_string_value(json_object_get(data, "side"));
	size_t i;
	char at[21];

	if (!side) {
		json_decref(data);
		return -1;
	}
	for (i = 0; i < r->n && r->ids[i] != ch->id; i++)
		;
	if (i == r->n) {
		if (r->n == BALANCE_MAX_ITEMS) {
			json_decref(data);
			return -1;
		}
		r->ids[r->n++] = ch->id;
		r->weights[i] = 0;
	}
	r->weights[i] = !strcmp(ch->change, "remove") ? 0 : !strcmp(side, "strength") ? weight : -weight;
	r->strengths = r->burdens = 0;
	for (size_t k = 0; k < r->n; k++) {
		if (r->weights[k] > 0)
			r->strengths += r->weights[k];
		else
			r->burdens -= r->weights[k];
	}
	time_format_iso(ch->at, at);
	json_array_append_new(r->history,
			      json_pack("{s:s,s:i,s:i,s:{s:I,s:s,s:s,s:O?,s:i,s:O?}}", "at", at, "strengths",
					r->strengths, "burdens", r->burdens, "change", "item_id", (json_int_t)ch->id,
					"what", ch->change, "side", side, "text", json_object_get(data, "text"), "weight",
					weight, "why", json_object_get(data, "why")));
	json_decref(data);
	return 0;
}

int api_balance_history_get(struct request *req)
{
	struct balance_replay *r;
	struct store_tx *tx;

	if (!(tx = begin_access(req, ACCESS_READ, "balance/history")))
		return 0;
	r = xcalloc(1, sizeof(*r));
	r->history = json_array();
	if (store_item_changes_each(tx, req->ids[0], record_balance.kind, replay_change, r) < 0) {
		json_decref(r->history);
		free(r);
		return api_internal_error(req, tx, "cannot read the balance history");
	}
	if (api_commit(req, tx)) {
		json_decref(r->history);
		free(r);
		return 0;
	}
	reply_json(req, 200, r->history);
	free(r);
	return 0;
}

int record_export(struct store_tx *tx, int64_t client_id, json_t *out)
{
	for (const struct record_kind *const *k = record_kinds; *k; k++) {
		json_t *list = json_array();

		if (store_item_each(tx, client_id, (*k)->kind, collect, list) < 0) {
			json_decref(list);
			return STORE_HARD_ERROR;
		}
		json_object_set_new(out, (*k)->kind, list);
	}
	return STORE_ONE;
}
