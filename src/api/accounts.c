/* Registration, login and logout. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
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

/* Starts a session for u in tx, commits, and replies with the person object and the cookie. */
static int reply_signed_in(struct request *req, struct store_tx *tx, const struct store_user *u, unsigned status)
{
	struct session_limits lim = limits_of(req);
	struct session_info s;

	if (session_start(tx, u->id, time_now(), &lim, &s) < 0)
		return api_internal_error(req, tx, "cannot start a session");
	if (api_commit(req, tx))
		return 0;
	reply_session_cookie(req, s.token);
	return reply_json(req, status, person_json(req, u, s.csrf));
}

int api_auth_register_post(struct request *req)
{
	const struct config *cfg = req->srv->cfg;
	struct access_actor actor = api_actor(req);
	struct store_user u = { 0 };
	const char *password, *name, *language, *role, *why;
	char hash[PASSWORD_HASH_MAX], key[80];
	struct store_tx *tx;
	char *email = NULL;
	unsigned wait;
	int rc;

	if (input_email(req, &email))
		return 0;
	if (input_string(req, "password", 0, 4 * PASSWORD_MAX_CHARS, INPUT_REQUIRED, &password) ||
	    input_string(req, "name", 1, 200, INPUT_REQUIRED | INPUT_SINGLE_LINE, &name) ||
	    input_language(req, INPUT_REQUIRED, &language) ||
	    input_string(req, "role", 1, 20, 0, &role))
		goto out;
	if (password_check_rules(password, &why)) {
		reply_error(req, ERR_INVALID_INPUT, "password", "password: %s", why);
		goto out;
	}
	if (role && strcmp(role, "client") && strcmp(role, "professional")) {
		reply_error(req, ERR_INVALID_INPUT, "role", "role: must be \"client\" or \"professional\"");
		goto out;
	}
	snprintf(key, sizeof(key), "r:%s", req->address);
	wait = throttle_take(req->srv->rates, key, time_monotonic_ms(), cfg->registrations_per_hour, 3600);
	if (wait) {
		reply_retry_after(req, wait);
		reply_error(req, ERR_TOO_MANY_REQUESTS, NULL, "too many new accounts from this address");
		goto out;
	}
	/* Hash before the transaction: Argon2id takes a while and must not hold the write lock. */
	if (password_hash(password, hash)) {
		api_internal_error(req, NULL, "cannot hash the password");
		goto out;
	}
	u.email = email;
	u.name = (char *)name;
	u.language = (char *)language;
	u.roles = role && !strcmp(role, "professional") ? ROLE_PROFESSIONAL : ROLE_CLIENT;
	u.password_hash = hash;
	if (!(tx = store_begin(req->srv->store, STORE_TX_WRITE))) {
		api_internal_error(req, NULL, "cannot begin");
		goto out;
	}
	rc = store_user_insert(tx, &u);
	if (rc == STORE_NONE) {
		store_rollback(tx);
		reply_error(req, ERR_CONFLICT, "email", "email: an account with this email exists");
		goto out;
	}
	actor.user_id = u.id;
	if (rc < 0 || access_check(tx, &actor, u.id, ACCESS_CREATE, CATEGORY_ACCOUNT, NULL) != 1) {
		api_internal_error(req, tx, "cannot create the account");
		goto out;
	}
	reply_signed_in(req, tx, &u, 201);
out:
	free(email);
	return 0;
}

/* Puts a failed login on the account's record (when there is an account), then replies. */
static int reply_login_failure(struct request *req, const struct store_user *u, const char *object, enum api_error e)
{
	struct access_actor nobody = { 0, req->address, req->software };
	struct store_tx *tx;

	if (u->id) {
		if (!(tx = store_begin(req->srv->store, STORE_TX_WRITE)))
			return api_internal_error(req, NULL, "cannot begin");
		if (access_record(tx, &nobody, u->id, ACCESS_LOGIN_FAILURE, CATEGORY_SESSION, object,
				  OUTCOME_FAILURE) < 0)
			return api_internal_error(req, tx, "cannot record a failed login");
		if (api_commit(req, tx))
			return 0;
	}
	return reply_error(req, e, NULL, NULL);
}

int api_auth_login_post(struct request *req)
{
	struct access_actor actor = api_actor(req);
	struct store_user u = { 0 };
	const char *password;
	char rehash[PASSWORD_HASH_MAX];
	struct store_tx *tx;
	char *email = NULL;
	unsigned wait;
	int rc, ok;

	if (input_email(req, &email))
		return 0;
	if (input_string(req, "password", 0, 4 * PASSWORD_MAX_CHARS, INPUT_REQUIRED, &password))
		goto out;
	if ((wait = api_login_wait(req, email))) {
		reply_retry_after(req, wait);
		reply_error(req, ERR_TOO_MANY_REQUESTS, NULL, "too many failed logins; try again later");
		goto out;
	}
	if (!(tx = store_begin(req->srv->store, STORE_TX_READ))) {
		api_internal_error(req, NULL, "cannot begin");
		goto out;
	}
	rc = store_user_by_email(tx, email, &u);
	store_rollback(tx);
	if (rc < 0) {
		api_internal_error(req, NULL, "cannot read the account");
		goto out;
	}
	if (rc == STORE_ONE) {
		ok = password_verify(u.password_hash, password) == 1;
	} else {
		/* Same work and same reply as a wrong password: nothing tells whether the email has an account. */
		password_verify_dummy(password);
		ok = 0;
	}
	if (!ok) {
		api_login_failed(req, email);
		reply_login_failure(req, &u, "password", ERR_INVALID_CREDENTIALS);
		goto out;
	}
	rehash[0] = '\0';
	if (password_needs_rehash(u.password_hash) && password_hash(password, rehash))
		rehash[0] = '\0';

	if (!(tx = store_begin(req->srv->store, STORE_TX_WRITE))) {
		api_internal_error(req, NULL, "cannot begin");
		goto out;
	}
	if (u.totp_secret) {
		rc = api_check_second_factor(req, tx, &u, "totp", 1);
		if (rc == -1) {
			api_internal_error(req, tx, "cannot check the second factor");
			goto out;
		}
		if (rc == -2) {
			store_rollback(tx);
			reply_error(req, ERR_TOTP_REQUIRED, NULL, NULL);
			goto out;
		}
		if (rc == 0) {
			store_rollback(tx);
			api_login_failed(req, email);
			reply_login_failure(req, &u, "two_factor", ERR_INVALID_TOTP);
			goto out;
		}
	}
	actor.user_id = u.id;
	/* Sessions that ran out are only found when presented again; sweep them at each login. */
	if (store_session_purge(tx, time_now(), time_now() - req->srv->cfg->session_idle_seconds) < 0 ||
	    (rehash[0] && store_user_update_password(tx, u.id, rehash) < 0) ||
	    access_record(tx, &actor, u.id, ACCESS_LOGIN, CATEGORY_SESSION, NULL, OUTCOME_SUCCESS) < 0) {
		api_internal_error(req, tx, "cannot record the login");
		goto out;
	}
	api_login_succeeded(req, email);
	reply_signed_in(req, tx, &u, 200);
out:
	store_user_release(&u);
	free(email);
	return 0;
}

int api_auth_logout_post(struct request *req)
{
	struct access_actor actor = api_actor(req);
	struct store_tx *tx = store_begin(req->srv->store, STORE_TX_WRITE);

	if (!tx)
		return api_internal_error(req, NULL, "cannot begin");
	if (access_check(tx, &actor, req->session.user_id, ACCESS_DELETE, CATEGORY_SESSION, NULL) != 1 ||
	    store_session_delete(tx, req->session.id) < 0)
		return api_internal_error(req, tx, "cannot end the session");
	if (api_commit(req, tx))
		return 0;
	reply_session_cookie(req, NULL);
	return reply_no_content(req);
}
