/*
 * Who is on duty for a client ("ik heb dienst vannacht"): whoever is on
 * duty is told of an alert first (docs/api.md, "Alerts").
 */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/run.h"
#include "store/alerts.h"
#include "util/timeutil.h"

/* A duty covers at most two weeks: longer is a standing arrangement, made in the rule's order. */
#define DUTY_SECONDS_MAX (14 * 24 * 3600)

static int collect_duty(const struct store_duty *d, void *ctx)
{
	return json_array_append_new(
		ctx, json_pack("{s:I,s:{s:I,s:s?},s:o,s:o,s:s?,s:I}", "id", (json_int_t)d->id, "member", "id",
			       (json_int_t)d->member_id, "name", d->member_name, "from", json_time_or_null(d->starts_at),
			       "until", json_time_or_null(d->ends_at), "note", d->note, "created_by",
			       (json_int_t)d->created_by));
}

static int duty_get_body(struct request *req, struct store_tx *tx)
{
	json_t *list;
	int rc;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_READ, CATEGORY_ALERTS, "duty")) != 1)
		return rc;
	list = json_array();
	if ((rc = store_duty_each(tx, req->ids[0], time_now(), collect_duty, list)) < 0) {
		json_decref(list);
		return api_failed(rc, "cannot read who is on duty");
	}
	reply_json(req, 200, list);
	return STORE_TX_KEEP;
}

int api_duty_get(struct request *req)
{
	return api_run(req, STORE_TX_READ, duty_get_body);
}

static const struct field_spec duty_fields[] = {
	{ "member_id", FIELD_INT, 0, 1, 9007199254740991LL, NULL, NULL },
	{ "from", FIELD_TEXT, 0, 1, 40, NULL, NULL },
	{ "until", FIELD_TEXT, FIELD_REQUIRED, 1, 40, NULL, NULL },
	{ "note", FIELD_TEXT, 0, 1, 200, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

struct duty_state {
	json_t *clean;
	struct store_duty d;
};

static void duty_state_release(void *p)
{
	json_decref(((struct duty_state *)p)->clean);
}

/* 1 when the actor manages the client's alerts (the client, a representative, or the right to change them). */
static int manages(struct request *req, struct store_tx *tx, int *out)
{
	struct access_grant g;

	if (access_grant_of(tx, req->session.user_id, req->ids[0], CATEGORY_ALERTS, &g) < 0)
		return -1;
	*out = req->session.user_id == req->ids[0] || g.on_behalf || g.level >= 2;
	return 0;
}

static int duty_post_body(struct request *req, struct store_tx *tx)
{
	struct duty_state *st = req->state;
	struct store_duty d = st->d;
	int level = 0, on_behalf = 0, manager = 0, rc;
	int64_t id;

	if ((rc = api_access(req, tx, req->ids[0], ACCESS_UPDATE, CATEGORY_ALERTS, "duty")) != 1)
		return rc;
	if (manages(req, tx, &manager) < 0)
		return api_failed(STORE_HARD_ERROR, "cannot read the rights");
	if (!d.member_id)
		d.member_id = req->session.user_id;
	/* One takes one's own duty; whoever manages the alerts may put anyone on duty. */
	if (d.member_id != req->session.user_id && !manager)
		return api_refuse(req, tx, req->ids[0], ACCESS_UPDATE, CATEGORY_ALERTS, "duty");
	if ((rc = store_right_get(tx, req->ids[0], d.member_id, "alerts", d.starts_at, &level, &on_behalf)) < 0)
		return api_failed(rc, "cannot read the rights");
	if (level < 1 && !on_behalf)
		return reply_error(req, ERR_INVALID_INPUT, "member_id", "member_id: not a member who may see the alerts"),
		       STORE_TX_UNDO;
	d.client_id = req->ids[0];
	d.created_by = req->session.user_id;
	d.created_at = time_now();
	if ((rc = store_duty_insert(tx, &d, &id)) < 0)
		return api_failed(rc, "cannot store the duty");
	{
		json_t *list = json_array(), *mine = NULL, *v;
		size_t i;

		if ((rc = store_duty_each(tx, req->ids[0], time_now(), collect_duty, list)) < 0) {
			json_decref(list);
			return api_failed(rc, "cannot read who is on duty");
		}
		json_array_foreach(list, i, v) {
			if (json_integer_value(json_object_get(v, "id")) == id)
				mine = v;
		}
		reply_json(req, 201, mine ? json_incref(mine) : json_pack("{s:I}", "id", (json_int_t)id));
		json_decref(list);
	}
	return STORE_TX_KEEP;
}

int api_duty_post(struct request *req)
{
	struct duty_state *st = request_state(req, sizeof(*st), duty_state_release);
	struct field_error err;
	int64_t now = time_now(), from_ms, until_ms;
	const char *from, *until;

	if (!(st->clean = fields_validate(duty_fields, req->json, &err)))
		return api_reply_refusal(req, &err);
	from = json_string_value(json_object_get(st->clean, "from"));
	until = json_string_value(json_object_get(st->clean, "until"));
	if (from && time_parse_iso_ms(from, &from_ms))
		return reply_error(req, ERR_INVALID_INPUT, "from", "from: a time with its zone, e.g. 2026-12-02T22:00+01:00");
	if (time_parse_iso_ms(until, &until_ms))
		return reply_error(req, ERR_INVALID_INPUT, "until", "until: a time with its zone, e.g. 2026-12-03T08:00+01:00");
	st->d.starts_at = from ? from_ms / 1000 : now;
	st->d.ends_at = until_ms / 1000;
	if (st->d.ends_at <= st->d.starts_at || st->d.ends_at <= now)
		return reply_error(req, ERR_INVALID_INPUT, "until", "until: after from, and in the future");
	if (st->d.ends_at - st->d.starts_at > DUTY_SECONDS_MAX)
		return reply_error(req, ERR_INVALID_INPUT, "until", "until: a duty lasts at most 14 days");
	st->d.member_id = json_integer_value(json_object_get(st->clean, "member_id"));
	st->d.note = json_string_value(json_object_get(st->clean, "note"));
	return api_run(req, STORE_TX_WRITE, duty_post_body);
}

struct duty_owner {
	int64_t id, member;
};

static int find_duty(const struct store_duty *d, void *ctx)
{
	struct duty_owner *o = ctx;

	if (d->id == o->id)
		o->member = d->member_id;
	return 0;
}

static int duty_delete_body(struct request *req, struct store_tx *tx)
{
	struct duty_owner o = { req->ids[1], 0 };
	char object[32];
	int manager = 0, rc;

	snprintf(object, sizeof(object), "duty/%lld", (long long)req->ids[1]);
	if ((rc = api_access(req, tx, req->ids[0], ACCESS_UPDATE, CATEGORY_ALERTS, object)) != 1)
		return rc;
	if ((rc = store_duty_each(tx, req->ids[0], time_now(), find_duty, &o)) < 0 || manages(req, tx, &manager) < 0)
		return api_failed(rc < 0 ? rc : STORE_HARD_ERROR, "cannot read who is on duty");
	if (!o.member)
		return reply_error(req, ERR_NOT_FOUND, NULL, NULL), STORE_TX_UNDO;
	if (o.member != req->session.user_id && !manager)
		return api_refuse(req, tx, req->ids[0], ACCESS_UPDATE, CATEGORY_ALERTS, object);
	if ((rc = store_duty_end(tx, req->ids[0], req->ids[1], time_now())) < 0)
		return api_failed(rc, "cannot end the duty");
	reply_no_content(req);
	return STORE_TX_KEEP;
}

int api_duty_delete(struct request *req)
{
	return api_run(req, STORE_TX_WRITE, duty_delete_body);
}
