/* Registration, login and logout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/run.h"
#include "auth/password.h"
#include "auth/session.h"
#include "config.h"
#include "http/throttle.h"
#include "util/buf.h"
#include "util/log.h"
#include "util/timeutil.h"

static struct session_limits limits_of(const struct request *req)
{
	struct session_limits lim = { req->srv->cfg->session_idle_seconds, req->srv->cfg->session_absolute_seconds };

	return lim;
}

/* Inside a body: starts a session for u and sets the reply with the person object and the cookie. */
static int signed_in(struct request *req, struct store_tx *tx, const struct store_user *u, unsigned status)
{
	struct session_limits lim = limits_of(req);
	struct session_info s;
	int rc;

	if ((rc = session_start(tx, u->id, time_now(), &lim, &s)) < 0)
		return api_failed(rc, "cannot start a session");
	reply_session_cookie(req, s.token);
	reply_json(req, status, person_json(req, u, s.csrf));
	return STORE_TX_KEEP;
}

struct account_state {
	struct store_user u;          /* register: the new account (strings borrowed); login: the account read */
	char *email;
	char hash[PASSWORD_HASH_MAX];
	char rehash[PASSWORD_HASH_MAX];
	const char *failure_object;   /* login: set when the password was wrong */
	bool owns_user;
};

static void account_state_release(void *p)
{
	struct account_state *st = p;

	if (st->owns_user)
		store_user_release(&st->u);
	free(st->email);
}

static int register_body(struct request *req, struct store_tx *tx)
{
	struct account_state *st = req->state;
	struct access_actor actor = api_actor(req);
	int rc = store_user_insert(tx, &st->u);

	if (rc == STORE_NONE)
		return reply_error(req, ERR_CONFLICT, "email", "email: an account with this email exists"), STORE_TX_UNDO;
	actor.user_id = st->u.id;
	if (rc < 0 || (rc = access_check(tx, &actor, st->u.id, ACCESS_CREATE, CATEGORY_ACCOUNT, NULL)) != 1)
		return api_failed(rc < 0 ? rc : STORE_HARD_ERROR, "cannot create the account");
	return signed_in(req, tx, &st->u, 201);
}

int api_auth_register_post(struct request *req)
{
	const struct config *cfg = req->srv->cfg;
	struct account_state *st = request_state(req, sizeof(*st), account_state_release);
	const char *password, *name, *language, *role, *why;
	char key[80];
	unsigned wait;

	if (input_email(req, &st->email))
		return 0;
	if (input_string(req, "password", 0, 4 * PASSWORD_MAX_CHARS, INPUT_REQUIRED, &password) ||
	    input_string(req, "name", 1, 200, INPUT_REQUIRED | INPUT_SINGLE_LINE, &name) ||
	    input_language(req, INPUT_REQUIRED, &language) ||
	    input_string(req, "role", 1, 20, 0, &role))
		return 0;
	if (password_check_rules(password, &why))
		return reply_error(req, ERR_INVALID_INPUT, "password", "password: %s", why);
	if (role && strcmp(role, "client") && strcmp(role, "professional"))
		return reply_error(req, ERR_INVALID_INPUT, "role", "role: must be \"client\" or \"professional\"");
	snprintf(key, sizeof(key), "r:%s", req->address);
	wait = throttle_take(req->srv->rates, key, time_limits_ms(), cfg->registrations_per_hour, 3600);
	if (wait) {
		reply_retry_after(req, wait);
		return reply_error(req, ERR_TOO_MANY_REQUESTS, NULL, "too many new accounts from this address");
	}
	/* Hash before the transaction: Argon2id takes a while and must not hold up the writer. */
	if (password_hash(password, st->hash))
		return api_internal_error(req, "cannot hash the password");
	st->u.email = st->email;
	st->u.name = (char *)name;
	st->u.language = (char *)language;
	st->u.roles = role && !strcmp(role, "professional") ? ROLE_PROFESSIONAL : ROLE_CLIENT;
	st->u.password_hash = st->hash;
	return api_run(req, STORE_TX_WRITE, register_body);
}

/* A failed login on the account's record (when there is an account), then its error reply. */
static int login_failure_body(struct request *req, struct store_tx *tx)
{
	struct account_state *st = req->state;
	struct access_actor nobody = { 0, req->address, req->software };
	int rc;

	if ((rc = access_record(tx, &nobody, st->u.id, ACCESS_LOGIN_FAILURE, CATEGORY_SESSION, st->failure_object,
				OUTCOME_FAILURE)) < 0)
		return api_failed(rc, "cannot record a failed login");
	reply_error(req, !strcmp(st->failure_object, "password") ? ERR_INVALID_CREDENTIALS : ERR_INVALID_TOTP, NULL,
		    NULL);
	return STORE_TX_KEEP;
}

static int login_body(struct request *req, struct store_tx *tx)
{
	struct account_state *st = req->state;
	struct access_actor actor = api_actor(req);
	int rc;

	if (st->u.totp_secret) {
		rc = api_check_second_factor(req, tx, &st->u, "totp", 1);
		if (rc == -1)
			return api_failed(STORE_HARD_ERROR, "cannot check the second factor");
		if (rc == -2)
			return reply_error(req, ERR_TOTP_REQUIRED, NULL, NULL), STORE_TX_UNDO;
		if (rc == 0) {
			api_login_failed(req, st->email);
			st->failure_object = "two_factor";
			return login_failure_body(req, tx);
		}
	}
	actor.user_id = st->u.id;
	/* Sessions that ran out are only found when presented again; sweep them at each login. */
	if ((rc = store_session_purge(tx, time_now(), time_now() - req->srv->cfg->session_idle_seconds)) < 0 ||
	    (st->rehash[0] && (rc = store_user_update_password(tx, st->u.id, st->rehash)) < 0) ||
	    (rc = access_record(tx, &actor, st->u.id, ACCESS_LOGIN, CATEGORY_SESSION, NULL, OUTCOME_SUCCESS)) < 0)
		return api_failed(rc, "cannot record the login");
	api_login_succeeded(req, st->email);
	return signed_in(req, tx, &st->u, 200);
}

struct by_email {
	const char *email;
	struct store_user *u;
};

static int read_by_email(struct store_tx *tx, void *ctx)
{
	struct by_email *b = ctx;

	store_user_release(b->u);
	return store_user_by_email(tx, b->email, b->u);
}

int api_auth_login_post(struct request *req)
{
	struct account_state *st = request_state(req, sizeof(*st), account_state_release);
	struct by_email b = { NULL, &st->u };
	const char *password;
	unsigned wait;
	int rc, ok;

	if (input_email(req, &st->email))
		return 0;
	if (input_string(req, "password", 0, 4 * PASSWORD_MAX_CHARS, INPUT_REQUIRED, &password))
		return 0;
	if ((wait = api_login_wait(req, st->email))) {
		reply_retry_after(req, wait);
		return reply_error(req, ERR_TOO_MANY_REQUESTS, NULL, "too many failed logins; try again later");
	}
	st->owns_user = true;
	b.email = st->email;
	rc = store_run(req->srv->store, STORE_TX_READ, read_by_email, &b);
	if (rc < 0)
		return api_internal_error(req, "cannot read the account");
	if (rc == STORE_ONE) {
		ok = password_verify(st->u.password_hash, password) == 1;
	} else {
		/* Same work and same reply as a wrong password: nothing tells whether the email has an account. */
		password_verify_dummy(password);
		ok = 0;
	}
	if (!ok) {
		api_login_failed(req, st->email);
		if (!st->u.id)
			return reply_error(req, ERR_INVALID_CREDENTIALS, NULL, NULL);
		st->failure_object = "password";
		return api_run(req, STORE_TX_WRITE, login_failure_body);
	}
	if (password_needs_rehash(st->u.password_hash) && password_hash(password, st->rehash))
		st->rehash[0] = '\0';
	return api_run(req, STORE_TX_WRITE, login_body);
}

static int logout_body(struct request *req, struct store_tx *tx)
{
	struct access_actor actor = api_actor(req);
	int rc;

	if ((rc = access_check(tx, &actor, req->session.user_id, ACCESS_DELETE, CATEGORY_SESSION, NULL)) != 1 ||
	    (rc = store_session_delete(tx, req->session.id)) < 0)
		return api_failed(rc < 0 ? rc : STORE_HARD_ERROR, "cannot end the session");
	reply_session_cookie(req, NULL);
	reply_no_content(req);
	return STORE_TX_KEEP;
}

int api_auth_logout_post(struct request *req)
{
	return api_run(req, STORE_TX_WRITE, logout_body);
}
