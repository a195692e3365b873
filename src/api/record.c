/* The shared handlers of the client's own record: list, create, read, change, remove. */
#include <string.h>

#include "api/common.h"
#include "api/record.h"
#include "api/run.h"
#include "http/request.h"
#include "store/store.h"
#include "store/triage.h"
#include "util/buf.h"
#include "util/log.h"
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

/* The kind's stored name and the item id as an audit object, e.g. "goal/12". */
static void object_name(const struct request *req, char *out, size_t n)
{
	const struct record_kind *k = req->route->arg;

	if (req->ids[1])
		snprintf(out, n, "%s/%lld", k->kind, (long long)req->ids[1]);
	else
		snprintf(out, n, "%s", k->kind);
}

/* Asks access for this request on its kind (see api_access). */
static int access_kind(struct request *req, struct store_tx *tx, enum access_action action)
{
	const struct record_kind *k = req->route->arg;
	char object[64];

	object_name(req, object, sizeof(object));
	return api_access(req, tx, req->ids[0], action, k->category, object);
}

/*
 * A page of items as JSON text: the stored fields are already a compact
 * JSON object (validated when written), so each item is that object with
 * its id, times and writers put in front, without parsing and printing it
 * again (what a list read spent most of its time on).
 */
struct list_text {
	struct buf text;
	unsigned n;
	int64_t last_id;
	int64_t version;          /* the next version number, or 0 for kinds without versions */
};

static int add_item_text(const struct store_item *it, void *ctx)
{
	struct list_text *l = ctx;
	char created[21], updated[21];

	if (it->data[0] != '{')
		return error("item %lld holds no JSON object", (long long)it->id);
	time_format_iso(it->created_at, created);
	time_format_iso(it->updated_at, updated);
	buf_addf(&l->text, "%s{\"id\":%lld,\"created_at\":\"%s\",\"updated_at\":\"%s\",\"created_by\":%lld,"
		 "\"updated_by\":%lld", l->n ? "," : "", (long long)it->id, created, updated, (long long)it->created_by,
		 (long long)it->updated_by);
	if (l->version)
		buf_addf(&l->text, ",\"version\":%lld", (long long)l->version++);
	/* The stored object's members follow, or it was empty. */
	if (it->data[1] != '}')
		buf_addch(&l->text, ',');
	buf_adds(&l->text, it->data + 1);
	l->n++;
	l->last_id = it->id;
	return 0;
}

static int list_body(struct request *req, struct store_tx *tx)
{
	const struct record_kind *k = req->route->arg;
	const struct api_page *page = req->state;
	struct list_text l = { BUF_INIT, 0, 0, 0 };
	int rc;

	if ((rc = access_kind(req, tx, ACCESS_READ)) != 1)
		goto out;
	/* A version's number is its place among all versions, also on a later page. */
	if ((k->flags & KIND_VERSIONED) &&
	    (rc = store_item_count_before(tx, req->ids[0], k->kind, page->after + 1, &l.version)) < 0) {
		rc = api_failed(rc, "cannot number the versions");
		goto out;
	}
	if (k->flags & KIND_VERSIONED)
		l.version++;
	buf_addch(&l.text, '[');
	if ((rc = store_item_each(tx, req->ids[0], k->kind, page->after, page->limit, add_item_text, &l)) < 0) {
		rc = api_failed(rc, "cannot read the items");
		goto out;
	}
	buf_addch(&l.text, ']');
	if (l.n == page->limit)
		reply_next_page(req, l.last_id, page->limit);
	reply_json_text(req, 200, buf_detach(&l.text, NULL));
	rc = STORE_TX_KEEP;
out:
	buf_release(&l.text);
	return rc;
}

int api_record_list(struct request *req)
{
	return api_run_page(req, list_body);
}

const char *record_unique_key(const struct record_kind *k, const json_t *item)
{
	return k->unique_field ? json_string_value(json_object_get(item, k->unique_field)) : NULL;
}

/* Keeps the client's triage summary (store/triage.h) up to date with the parts it sums up. */
static int refresh_summary(struct store_tx *tx, int64_t client_id, const struct record_kind *k)
{
	unsigned part = !strcmp(k->kind, "balance") ? SUMMARY_BALANCE : !strcmp(k->kind, "checkin") ? SUMMARY_CHECKINS : 0;

	return part ? store_summary_refresh(tx, client_id, part, time_now()) : 0;
}

/* Stores `clean` as a new item or a change of req->ids[1], then replies with the item. */
static int save(struct request *req, struct store_tx *tx, const json_t *clean, unsigned status)
{
	const struct record_kind *k = req->route->arg;
	char *text = json_dumps(clean, JSON_COMPACT);
	json_t *out = NULL;
	int64_t id = req->ids[1];
	int rc;

	if (!text)
		return api_failed(STORE_HARD_ERROR, "cannot encode the item");
	rc = id ? store_item_update(tx, req->ids[0], k->kind, id, req->session.user_id, time_now(), text,
				    record_unique_key(k, clean))
		: store_item_insert(tx, req->ids[0], k->kind, req->session.user_id, time_now(), text,
				    record_unique_key(k, clean), &id);
	free(text);
	if (rc == STORE_NONE)
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL), STORE_TX_UNDO;
	/* The store's unique rules (one answer per question of ours) refused it. */
	if (rc == STORE_CONFLICT)
		return reply_error(req, ERR_CONFLICT, k->unique_field, "%s: %s", k->unique_field ? k->unique_field : "item",
				   "already there; change that one"), STORE_TX_UNDO;
	if (rc >= 0 && (rc = refresh_summary(tx, req->ids[0], k)) < 0)
		return api_failed(rc, "cannot sum up the record for triage");
	if (rc < 0 || (rc = store_item_get(tx, req->ids[0], k->kind, id, keep_one, &out)) != STORE_ONE) {
		json_decref(out);
		return api_failed(rc, "cannot store the item");
	}
	reply_json(req, status, out);
	return STORE_TX_KEEP;
}

/*
 * Runs the kind's own rules (see struct record_kind). Returns 0 when they
 * hold; otherwise the value for the body to return (STORE_TX_UNDO after
 * replying with the refusal, or a store failure).
 */
static int rules_hold(struct request *req, struct store_tx *tx, json_t *item, const json_t *old)
{
	const struct record_kind *k = req->route->arg;
	struct field_error err;
	int rc = k->check ? k->check(tx, req->ids[0], item, old, &err) : 0;

	if (rc < 0)
		return api_failed(rc, "cannot check the item");
	if (rc)
		return api_reply_refusal(req, &err), STORE_TX_UNDO;
	return 0;
}

/*
 * The fields only the client sets (struct record_kind's clients_own): a
 * member who sets one (old NULL) or changes one refuses the whole change,
 * on the client's log as denied. Returns 1 when the item may be saved;
 * otherwise the value for the body to return (as api_access).
 */
static int clients_own_kept(struct request *req, struct store_tx *tx, enum access_action action, const json_t *item,
			    const json_t *old)
{
	const struct record_kind *k = req->route->arg;
	struct access_grant grant;
	char object[64], message[96];
	int rc;

	if (!k->clients_own)
		return 1;
	if ((rc = access_grant_of(tx, req->session.user_id, req->ids[0], k->category, &grant)) < 0)
		return api_failed(rc, "cannot read the rights");
	if (grant.on_behalf)
		return 1;
	for (const char *const *f = k->clients_own; *f; f++) {
		json_t *now = json_object_get(item, *f), *before = old ? json_object_get(old, *f) : NULL;

		if (!now || json_equal(now, before))
			continue;
		object_name(req, object, sizeof(object));
		snprintf(message, sizeof(message), "%s: only the client sets this; propose the item without it", *f);
		return api_refuse_as(req, tx, req->ids[0], action, k->category, object, ERR_CLIENT_ONLY, *f, message);
	}
	return 1;
}

/* What create validated before its transaction: the clean item, or why there is none. */
struct create_state {
	json_t *clean;
	struct field_error err;
};

static void create_state_release(void *p)
{
	json_decref(((struct create_state *)p)->clean);
}

static int create_body(struct request *req, struct store_tx *tx)
{
	struct create_state *st = req->state;
	json_t *item;
	int rc;

	if ((rc = access_kind(req, tx, ACCESS_CREATE)) != 1)
		return rc;
	/* Checked after access: a stranger learns nothing, not even which fields are wrong. */
	if (!st->clean)
		return api_reply_refusal(req, &st->err), STORE_TX_UNDO;
	/* The rules may fill defaults: a copy, since the body may run again. */
	item = json_deep_copy(st->clean);
	if ((rc = clients_own_kept(req, tx, ACCESS_CREATE, item, NULL)) == 1 && !(rc = rules_hold(req, tx, item, NULL)))
		rc = save(req, tx, item, 201);
	json_decref(item);
	return rc;
}

int api_record_create(struct request *req)
{
	const struct record_kind *k = req->route->arg;
	struct create_state *st = request_state(req, sizeof(*st), create_state_release);

	st->clean = fields_validate(k->fields, req->json, &st->err);
	return api_run(req, STORE_TX_WRITE, create_body);
}

/* Reads item req->ids[1] in tx into *out: 1, or the value for the body to return (404 replied, or a failure). */
static int load(struct request *req, struct store_tx *tx, json_t **out)
{
	const struct record_kind *k = req->route->arg;
	int rc;

	*out = NULL;
	rc = store_item_get(tx, req->ids[0], k->kind, req->ids[1], keep_one, out);
	if (rc < 0)
		return api_failed(rc, "cannot read the item");
	if (rc == STORE_NONE)
		/* The look was granted and is on record; the item is simply not there. */
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL), STORE_TX_KEEP;
	return 1;
}

static int get_body(struct request *req, struct store_tx *tx)
{
	json_t *item;
	int rc;

	if ((rc = access_kind(req, tx, ACCESS_READ)) != 1 || (rc = load(req, tx, &item)) != 1)
		return rc;
	reply_json(req, 200, item);
	return STORE_TX_KEEP;
}

int api_record_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, get_body);
}

static const char *const meta_fields[] = { "id", "created_at", "updated_at", "created_by", "updated_by", NULL };

/* Kinds kept as written have no change or removal; a route that offers one is a mistake caught here too. */
static int refuse_append_only(struct request *req)
{
	const struct record_kind *k = req->route->arg;

	if (!(k->flags & KIND_APPEND_ONLY))
		return 0;
	router_allow_header(METHOD_GET | METHOD_POST, req->allow, sizeof(req->allow));
	reply_error(req, ERR_METHOD_NOT_ALLOWED, NULL, "%s items are kept as written", k->kind);
	return 1;
}

static int update_body(struct request *req, struct store_tx *tx)
{
	const struct record_kind *k = req->route->arg;
	json_t *old, *merged, *clean;
	struct field_error err;
	const char *key;
	json_t *value;
	int rc;

	if ((rc = access_kind(req, tx, ACCESS_UPDATE)) != 1 || (rc = load(req, tx, &old)) != 1)
		return rc;
	/* May it change at all (a decided decision may not), whatever the change is? */
	if ((rc = rules_hold(req, tx, NULL, old))) {
		json_decref(old);
		return rc;
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
	clean = fields_validate(k->fields, merged, &err);
	json_decref(merged);
	if (!clean) {
		json_decref(old);
		return api_reply_refusal(req, &err), STORE_TX_UNDO;
	}
	if ((rc = clients_own_kept(req, tx, ACCESS_UPDATE, clean, old)) == 1 && !(rc = rules_hold(req, tx, clean, old)))
		rc = save(req, tx, clean, 200);
	json_decref(old);
	json_decref(clean);
	return rc;
}

int api_record_update(struct request *req)
{
	if (refuse_append_only(req))
		return 0;
	return api_run(req, STORE_TX_WRITE, update_body);
}

static int delete_body(struct request *req, struct store_tx *tx)
{
	const struct record_kind *k = req->route->arg;
	json_t *old;
	int rc;

	if ((rc = access_kind(req, tx, ACCESS_DELETE)) != 1 || (rc = load(req, tx, &old)) != 1)
		return rc;
	rc = rules_hold(req, tx, NULL, old);
	json_decref(old);
	if (rc)
		return rc;
	if ((rc = store_item_remove(tx, req->ids[0], k->kind, req->ids[1], req->session.user_id, time_now())) !=
	    STORE_ONE)
		return api_failed(rc, "cannot remove the item");
	if ((rc = refresh_summary(tx, req->ids[0], k)) < 0)
		return api_failed(rc, "cannot sum up the record for triage");
	reply_no_content(req);
	return STORE_TX_KEEP;
}

int api_record_delete(struct request *req)
{
	if (refuse_append_only(req))
		return 0;
	return api_run(req, STORE_TX_WRITE, delete_body);
}

/* ---- the balance over time ---- */

/*
 * The totals of both sides after each change, kept as running sums: each
 * change adds what the item weighs now and takes off what it weighed
 * before (the store gives both), so the history costs one pass at any size.
 */
struct balance_replay {
	json_t *history;
	long long strengths, burdens;
};

/* What an item's fields add to each side: an item not weighed yet (a member's proposal) adds nothing. */
static void balance_weigh(const char *data, long long *strength, long long *burden, json_t **parsed)
{
	json_t *o = data ? json_loads(data, 0, NULL) : NULL;
	const char *side = json_string_value(json_object_get(o, "side"));
	long long weight = json_integer_value(json_object_get(o, "weight"));

	*strength = *burden = 0;
	if (side && !strcmp(side, "strength"))
		*strength = weight;
	else if (side && !strcmp(side, "burden"))
		*burden = weight;
	if (parsed)
		*parsed = o;
	else
		json_decref(o);
}

static int replay_change(const struct store_item *ch, void *ctx)
{
	struct balance_replay *r = ctx;
	long long s_new, b_new, s_old, b_old;
	json_t *data, *entry;
	const char *side;
	char at[21];

	balance_weigh(ch->data, &s_new, &b_new, &data);
	if (!(side = json_string_value(json_object_get(data, "side")))) {
		json_decref(data);
		return -1;
	}
	balance_weigh(ch->previous, &s_old, &b_old, NULL);
	if (!strcmp(ch->change, "remove"))
		s_new = b_new = 0;
	r->strengths += s_new - s_old;
	r->burdens += b_new - b_old;
	time_format_iso(ch->at, at);
	entry = json_pack("{s:s,s:I,s:I,s:{s:I,s:s,s:s,s:O?,s:O?,s:O?}}", "at", at, "strengths",
			  (json_int_t)r->strengths, "burdens", (json_int_t)r->burdens, "change", "item_id",
			  (json_int_t)ch->id, "what", ch->change, "side", side, "text", json_object_get(data, "text"),
			  "weight", json_object_get(data, "weight"), "why", json_object_get(data, "why"));
	json_decref(data);
	return entry ? json_array_append_new(r->history, entry) : -1;
}

static int balance_history_body(struct request *req, struct store_tx *tx)
{
	struct balance_replay r = { json_array(), 0, 0 };
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_BALANCE, "balance/history")) != 1) {
		json_decref(r.history);
		return rc;
	}
	if ((rc = store_item_changes_each(tx, req->ids[0], record_balance.kind, replay_change, &r)) < 0) {
		json_decref(r.history);
		return api_failed(rc, "cannot read the balance history");
	}
	reply_json(req, 200, r.history);
	return STORE_TX_KEEP;
}

int api_balance_history_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, balance_history_body);
}

int record_export(struct store_tx *tx, int64_t client_id, json_t *out)
{
	for (const struct record_kind *const *k = record_kinds; *k; k++) {
		json_t *list = json_array();

		if (store_item_each(tx, client_id, (*k)->kind, 0, UINT32_MAX, collect, list) < 0) {
			json_decref(list);
			return STORE_HARD_ERROR;
		}
		json_object_set_new(out, (*k)->kind, list);
	}
	return STORE_ONE;
}
