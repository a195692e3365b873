#include "api/common.h"

#include "api/api.h"
#include "api/run.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "auth/password.h"
#include "auth/token.h"
#include "auth/totp.h"
#include "config.h"
#include "http/throttle.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"

struct access_actor api_actor(const struct request *req)
{
	struct access_actor a = { req->session.user_id, req->address, req->software };

	return a;
}

int input_string(struct request *req, const char *name, size_t min_chars, size_t max_chars, unsigned flags,
		 const char **out)
{
	json_t *v = json_object_get(req->json, name);
	const char *s;
	size_t n;

	*out = NULL;
	if (json_is_null(v) && (flags & INPUT_NOT_NULL))
		return reply_error(req, ERR_INVALID_INPUT, name, "%s: cannot be removed", name), -1;
	if (!v || json_is_null(v)) {
		if (!(flags & INPUT_REQUIRED))
			return 0;
		return reply_error(req, ERR_INVALID_INPUT, name, "%s: is required", name), -1;
	}
	if (!json_is_string(v))
		return reply_error(req, ERR_INVALID_INPUT, name, "%s: must be a string", name), -1;
	s = json_string_value(v);
	/* jansson accepts \u0000 only with JSON_ALLOW_NUL, which is off: s has no NUL inside. */
	if (strlen(s) != json_string_length(v))
		return reply_error(req, ERR_INVALID_INPUT, name, "%s: must not contain NUL", name), -1;
	if (flags & INPUT_SINGLE_LINE)
		for (const char *p = s; *p; p++)
			if ((unsigned char)*p < 0x20 || *p == 0x7f)
				return reply_error(req, ERR_INVALID_INPUT, name,
						   "%s: must not contain control characters", name), -1;
	n = utf8_length(s);
	if (n < min_chars)
		return reply_error(req, ERR_INVALID_INPUT, name, "%s: must be at least %zu characters", name,
				   min_chars), -1;
	if (n > max_chars)
		return reply_error(req, ERR_INVALID_INPUT, name, "%s: must be at most %zu characters", name,
				   max_chars), -1;
	*out = s;
	return 0;
}

int input_bool(struct request *req, const char *name, int def, int *out)
{
	json_t *v = json_object_get(req->json, name);

	*out = def;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return reply_error(req, ERR_INVALID_INPUT, name, "%s: must be true or false", name), -1;
	*out = json_is_true(v);
	return 0;
}

int input_language(struct request *req, unsigned flags, const char **out)
{
	if (input_string(req, "language", 2, 2, flags, out))
		return -1;
	if (*out && strcmp(*out, "nl") && strcmp(*out, "en"))
		return reply_error(req, ERR_INVALID_INPUT, "language", "language: must be \"nl\" or \"en\""), -1;
	return 0;
}

int input_email(struct request *req, char **out)
{
	const char *s, *at;

	*out = NULL;
	if (input_string(req, "email", 3, 254, INPUT_REQUIRED | INPUT_SINGLE_LINE, &s))
		return -1;
	at = strchr(s, '@');
	if (!at || at == s || !at[1] || strchr(at + 1, '@') || strchr(s, ' '))
		return reply_error(req, ERR_INVALID_INPUT, "email", "email: is not an email address"), -1;
	*out = xstrdup(s);
	for (char *p = *out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return 0;
}

int two_factor_required_for(const struct request *req, unsigned roles)
{
	return config_two_factor_required(req->srv->cfg, (roles & ROLE_PROFESSIONAL) != 0);
}

json_t *roles_json(unsigned roles)
{
	json_t *a = json_array();

	if (roles & ROLE_CLIENT)
		json_array_append_new(a, json_string("client"));
	if (roles & ROLE_PROFESSIONAL)
		json_array_append_new(a, json_string("professional"));
	if (roles & ROLE_OPERATOR)
		json_array_append_new(a, json_string("operator"));
	return a;
}

json_t *person_json(const struct request *req, const struct store_user *u, const char *csrf)
{
	json_t *roles = roles_json(u->roles);
	int totp_on = u->totp_secret != NULL;

	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:s,s:b,s:b,s:b}", "id", (json_int_t)u->id, "name", u->name, "email",
			 u->email, "language", u->language, "roles", roles, "csrf_token", csrf, "totp_enabled",
			 totp_on, "totp_enrollment_required", !totp_on && two_factor_required_for(req, u->roles), "demo",
			 u->demo);
}

int api_reply_refusal(struct request *req, const struct field_error *err)
{
	return reply_error(req, err->code == REFUSAL_CONFLICT ? ERR_CONFLICT : ERR_INVALID_INPUT,
			   err->field[0] ? err->field : NULL, "%s", err->message);
}

int api_internal_error(struct request *req, const char *what)
{
	return reply_error(req, ERR_INTERNAL, NULL, "%s", what);
}

int api_failed(int rc, const char *what)
{
	if (rc == STORE_RETRY || rc == STORE_CONFLICT)
		return rc;
	error("%s", what);
	return STORE_HARD_ERROR;
}

int api_check_second_factor(struct request *req, struct store_tx *tx, const struct store_user *u,
			    const char *totp_field, int allow_recovery)
{
	json_t *code = json_object_get(req->json, totp_field);
	json_t *rec = allow_recovery ? json_object_get(req->json, "recovery_code") : NULL;

	if (json_is_string(code)) {
		int64_t step = totp_verify(u->totp_secret, json_string_value(code), time_now(), u->totp_last_step);

		if (step < 0)
			return -1;
		if (step == 0)
			return 0;
		return store_user_set_totp_step(tx, u->id, step) < 0 ? -1 : 1;
	}
	if (json_is_string(rec)) {
		char norm[RECOVERY_CODE_CHARS + 1];
		unsigned char hash[TOKEN_HASH_BYTES];
		int rc;

		if (recovery_code_normalise(json_string_value(rec), norm))
			return 0;
		token_hash(norm, hash);
		rc = store_recovery_code_use(tx, u->id, hash, time_now());
		return rc < 0 ? -1 : rc == STORE_ONE;
	}
	return -2;
}

struct me_read {
	int64_t id;
	struct store_user *u;
};

static int read_me(struct store_tx *tx, void *ctx)
{
	struct me_read *r = ctx;

	store_user_release(r->u);
	return store_user_by_id(tx, r->id, r->u);
}

int api_read_me(struct request *req, struct store_user *u)
{
	struct me_read r = { req->session.user_id, u };

	memset(u, 0, sizeof(*u));
	if (store_run(req->srv->store, STORE_TX_READ, read_me, &r) != STORE_ONE) {
		store_user_release(u);
		return api_internal_error(req, "cannot read the account"), 0;
	}
	return 1;
}

/*
 * Takes one of the uses `key` has per `window` seconds (throttle_take);
 * when none is left, undoes the body's work (its audit row too) and replies
 * 429. Returns 1 when taken, else the value for the body to return.
 */
static int take_or_refuse(struct request *req, struct store_tx *tx, const char *key, unsigned limit, unsigned window,
			  const char *what)
{
	unsigned wait = throttle_take(req->srv->rates, key, time_limits_ms(), limit, window);
	int rc;

	if (!wait)
		return 1;
	reply_reset(req);
	if ((rc = store_tx_undo(tx)) < 0)
		return api_failed(rc, "cannot undo a throttled access");
	reply_retry_after(req, wait);
	reply_error(req, ERR_TOO_MANY_REQUESTS, NULL, "%s", what);
	return STORE_TX_KEEP;
}

/*
 * Refusals are on the client's log, so a stranger could fill it: past
 * denied_per_minute refusals one person (or, signed out, one address)
 * gets 429 and writes nothing. Returns 1, or the value for the body to return.
 */
static int refusals_bounded(struct request *req, struct store_tx *tx)
{
	char key[80];

	if (req->session.user_id)
		snprintf(key, sizeof(key), "d:%lld", (long long)req->session.user_id);
	else
		snprintf(key, sizeof(key), "d:@%s", req->address);
	return take_or_refuse(req, tx, key, req->srv->cfg->denied_per_minute, 60, "too many refused requests");
}

/*
 * Someone other than the client changes their record at most
 * member_writes_per_hour times an hour, so no member can swamp it (a
 * thousand items in the balance, a flood of messages). Returns 1, or the
 * value for the body to return.
 */
static int member_writes_bounded(struct request *req, struct store_tx *tx, int64_t client_id, enum access_action action)
{
	char key[64];

	if (req->session.user_id == client_id ||
	    (action != ACCESS_CREATE && action != ACCESS_UPDATE && action != ACCESS_DELETE))
		return 1;
	snprintf(key, sizeof(key), "w:%lld:%lld", (long long)req->session.user_id, (long long)client_id);
	return take_or_refuse(req, tx, key, req->srv->cfg->member_writes_per_hour, 3600,
			      "too many changes in this record for now");
}

int api_access(struct request *req, struct store_tx *tx, int64_t client_id, enum access_action action,
	       enum access_category category, const char *object)
{
	struct access_actor actor = api_actor(req);
	int rc = access_check(tx, &actor, client_id, action, category, object);

	if (rc < 0)
		return api_failed(rc, "cannot write the audit row");
	if (rc == 1)
		return member_writes_bounded(req, tx, client_id, action);
	if ((rc = refusals_bounded(req, tx)) != 1)
		return rc;
	reply_error(req, ERR_NOT_FOUND, NULL, NULL);
	return STORE_TX_KEEP;
}

int api_refuse(struct request *req, struct store_tx *tx, int64_t client_id, enum access_action action,
	       enum access_category category, const char *object)
{
	return api_refuse_as(req, tx, client_id, action, category, object, ERR_NOT_FOUND, NULL, NULL);
}

int api_refuse_as(struct request *req, struct store_tx *tx, int64_t client_id, enum access_action action,
		  enum access_category category, const char *object, enum api_error error, const char *field,
		  const char *message)
{
	struct access_actor actor = api_actor(req);
	int rc;

	reply_reset(req);
	if ((rc = store_tx_undo(tx)) < 0)
		return api_failed(rc, "cannot undo the refused access");
	if ((rc = refusals_bounded(req, tx)) != 1)
		return rc;
	if ((rc = access_record(tx, &actor, client_id, action, category, object, OUTCOME_DENIED)) < 0)
		return api_failed(rc, "cannot write the audit row");
	if (message)
		reply_error(req, error, field, "%s", message);
	else
		reply_error(req, error, field, NULL);
	return STORE_TX_KEEP;
}

int api_page_query(struct request *req, struct api_page *page)
{
	long long limit = API_PAGE_DEFAULT, after = 0;

	if (api_query_number(req, "limit", 1, API_PAGE_MAX, &limit) ||
	    api_query_number(req, "after", 1, 9007199254740992LL, &after))
		return -1;
	page->limit = (unsigned)limit;
	page->after = after;
	return 0;
}

int api_run_page(struct request *req, int (*body)(struct request *req, struct store_tx *tx))
{
	struct api_page *page = request_state(req, sizeof(*page), NULL);

	if (api_page_query(req, page))
		return 0;
	return api_run(req, STORE_TX_READ, body);
}

int api_query_number(struct request *req, const char *name, long long min, long long max, long long *out)
{
	const char *v = request_query(req, name);
	char *end;
	long long n;

	if (!v)
		return 0;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (!*v || *end || errno || n < min || n > max) {
		reply_error(req, ERR_INVALID_INPUT, name, "%s: must be a whole number from %lld to %lld", name, min, max);
		return -1;
	}
	*out = n;
	return 0;
}

static int forgery_body(struct request *req, struct store_tx *tx)
{
	struct access_actor actor = api_actor(req);
	int rc = access_record(tx, &actor, req->session.user_id, ACCESS_UPDATE, CATEGORY_SESSION, req->path,
			       OUTCOME_DENIED);

	if (rc < 0)
		return api_failed(rc, "cannot record a refused forgery");
	reply_error(req, ERR_CSRF_FAILED, NULL, NULL);
	return STORE_TX_KEEP;
}

int api_forgery_refused(struct request *req)
{
	return api_run(req, STORE_TX_WRITE, forgery_body);
}

json_t *json_time_or_null(int64_t t)
{
	char s[21];

	if (!t)
		return json_null();
	time_format_iso(t, s);
	return json_string(s);
}
