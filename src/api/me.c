/* The signed-in person's own account: read, change, password, export, erase. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "auth/password.h"
#include "auth/session.h"
#include "config.h"
#include "util/timeutil.h"

/*
 * Begins a write transaction, asks the access module about `action` on
 * the person's own `category`, and reads the account. Returns the
 * transaction, or NULL after replying (refused, gone or a store error).
 */
static struct store_tx *begin_own(struct request *req, enum access_action action, enum access_category category,
				  struct store_user *u)
{
	struct store_tx *tx = api_begin_access(req, req->session.user_id, action, category, NULL);
	int rc;

	memset(u, 0, sizeof(*u));
	if (!tx)
		return NULL;
	rc = store_user_by_id(tx, req->session.user_id, u);
	if (rc != STORE_ONE) {
		if (rc < 0)
			api_internal_error(req, tx, "cannot read the account");
		else
			store_rollback(tx), reply_error(req, ERR_UNAUTHENTICATED, NULL, NULL);
		return NULL;
	}
	return tx;
}

int api_me_get(struct request *req)
{
	struct store_user u;
	struct store_tx *tx = begin_own(req, ACCESS_READ, CATEGORY_ACCOUNT, &u);

	if (!tx)
		return 0;
	if (!api_commit(req, tx))
		reply_json(req, 200, person_json(req, &u, req->session.csrf));
	store_user_release(&u);
	return 0;
}

int api_me_patch(struct request *req)
{
	const char *name, *language;
	struct store_user u;
	struct store_tx *tx;

	if (input_string(req, "name", 1, 200, INPUT_SINGLE_LINE | INPUT_NOT_NULL, &name) ||
	    input_language(req, INPUT_NOT_NULL, &language))
		return 0;
	if (!(tx = begin_own(req, ACCESS_UPDATE, CATEGORY_ACCOUNT, &u)))
		return 0;
	store_user_release(&u);
	if (store_user_update_profile(tx, req->session.user_id, name, language) < 0 ||
	    store_user_by_id(tx, req->session.user_id, &u) != STORE_ONE)
		return api_internal_error(req, tx, "cannot update the account");
	if (!api_commit(req, tx))
		reply_json(req, 200, person_json(req, &u, req->session.csrf));
	store_user_release(&u);
	return 0;
}

int api_me_password_post(struct request *req)
{
	struct session_limits lim = { req->srv->cfg->session_idle_seconds, req->srv->cfg->session_absolute_seconds };
	const char *new_password, *why;
	char hash[PASSWORD_HASH_MAX];
	struct session_info s;
	struct store_user u;
	struct store_tx *tx;
	int end_others;

	if (input_string(req, "new_password", 0, 4 * PASSWORD_MAX_CHARS, INPUT_REQUIRED, &new_password) ||
	    input_bool(req, "end_other_sessions", 1, &end_others))
		return 0;
	if (password_check_rules(new_password, &why))
		return reply_error(req, ERR_INVALID_INPUT, "new_password", "new_password: %s", why);
	if (!api_confirm_password(req, "current_password", &u))
		return 0;
	store_user_release(&u);
	if (password_hash(new_password, hash))
		return api_internal_error(req, NULL, "cannot hash the password");
	if (!(tx = begin_own(req, ACCESS_UPDATE, CATEGORY_PASSWORD, &u)))
		return 0;
	/* The session that changed the password ends too: a new token replaces it. */
	if (store_user_update_password(tx, u.id, hash) < 0 ||
	    (end_others ? store_session_delete_for_user(tx, u.id, 0) : store_session_delete(tx, req->session.id)) < 0 ||
	    session_start(tx, u.id, time_now(), &lim, &s) < 0) {
		store_user_release(&u);
		return api_internal_error(req, tx, "cannot change the password");
	}
	if (!api_commit(req, tx)) {
		reply_session_cookie(req, s.token);
		reply_json(req, 200, person_json(req, &u, s.csrf));
	}
	store_user_release(&u);
	return 0;
}

int api_me_delete(struct request *req)
{
	struct store_user u;
	struct store_tx *tx;
	int rc;

	if (!api_confirm_password(req, "password", &u))
		return 0;
	if (u.totp_secret) {
		if (!(tx = store_begin(req->srv->store, STORE_TX_WRITE))) {
			store_user_release(&u);
			return api_internal_error(req, NULL, "cannot begin");
		}
		rc = api_check_second_factor(req, tx, &u, "totp", 0);
		store_user_release(&u);
		if (rc == -1)
			return api_internal_error(req, tx, "cannot check the second factor");
		if (rc != 1) {
			store_rollback(tx);
			return reply_error(req, rc == -2 ? ERR_TOTP_REQUIRED : ERR_INVALID_TOTP, "totp", NULL);
		}
		if (api_commit(req, tx))
			return 0;
	}
	store_user_release(&u);
	if (!(tx = begin_own(req, ACCESS_DELETE, CATEGORY_ACCOUNT, &u)))
		return 0;
	rc = store_user_delete(tx, u.id);
	store_user_release(&u);
	if (rc != STORE_ONE)
		return api_internal_error(req, tx, "cannot erase the account");
	if (api_commit(req, tx))
		return 0;
	reply_session_cookie(req, NULL);
	return reply_no_content(req);
}
