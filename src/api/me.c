/* The signed-in person's own account: read, change, password, export, erase. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/run.h"
#include "auth/password.h"
#include "auth/session.h"
#include "config.h"
#include "util/timeutil.h"

/*
 * Inside a body: asks the access module about `action` on the person's own
 * `category`, and reads the account into *u (released first, so a body may
 * run again). Returns 1, or the value for the body to return.
 */
static int own_account(struct request *req, struct store_tx *tx, enum access_action action,
		       enum access_category category, struct store_user *u)
{
	int rc;

	store_user_release(u);
	if ((rc = api_access(req, tx, req->session.user_id, action, category, NULL)) != 1)
		return rc;
	rc = store_user_by_id(tx, req->session.user_id, u);
	if (rc == STORE_NONE)
		return reply_error(req, ERR_UNAUTHENTICATED, NULL, NULL), STORE_TX_UNDO;
	return rc < 0 ? api_failed(rc, "cannot read the account") : 1;
}

struct me_state {
	struct store_user u;
	char hash[PASSWORD_HASH_MAX];   /* a new password's hash */
	int end_others;
	const char *name, *language;    /* borrowed from req->json */
};

static void me_state_release(void *p)
{
	store_user_release(&((struct me_state *)p)->u);
}

static struct me_state *me_state(struct request *req)
{
	return request_state(req, sizeof(struct me_state), me_state_release);
}

static int me_get_body(struct request *req, struct store_tx *tx)
{
	struct me_state *st = req->state;
	int rc;

	if ((rc = own_account(req, tx, ACCESS_READ, CATEGORY_ACCOUNT, &st->u)) != 1)
		return rc;
	reply_json(req, 200, person_json(req, &st->u, req->session.csrf));
	return STORE_TX_KEEP;
}

int api_me_get(struct request *req)
{
	me_state(req);
	return api_run(req, STORE_TX_READ, me_get_body);
}

static int me_patch_body(struct request *req, struct store_tx *tx)
{
	struct me_state *st = req->state;
	int rc;

	if ((rc = own_account(req, tx, ACCESS_UPDATE, CATEGORY_ACCOUNT, &st->u)) != 1)
		return rc;
	store_user_release(&st->u);
	if ((rc = store_user_update_profile(tx, req->session.user_id, st->name, st->language)) < 0 ||
	    (rc = store_user_by_id(tx, req->session.user_id, &st->u)) != STORE_ONE)
		return api_failed(rc, "cannot update the account");
	reply_json(req, 200, person_json(req, &st->u, req->session.csrf));
	return STORE_TX_KEEP;
}

int api_me_patch(struct request *req)
{
	struct me_state *st = me_state(req);

	if (input_string(req, "name", 1, 200, INPUT_SINGLE_LINE | INPUT_NOT_NULL, &st->name) ||
	    input_language(req, INPUT_NOT_NULL, &st->language))
		return 0;
	return api_run(req, STORE_TX_WRITE, me_patch_body);
}

static int me_password_body(struct request *req, struct store_tx *tx)
{
	struct session_limits lim = { req->srv->cfg->session_idle_seconds, req->srv->cfg->session_absolute_seconds };
	struct me_state *st = req->state;
	struct session_info s;
	int rc;

	if ((rc = own_account(req, tx, ACCESS_UPDATE, CATEGORY_PASSWORD, &st->u)) != 1)
		return rc;
	/* The session that changed the password ends too: a new token replaces it. */
	if ((rc = store_user_update_password(tx, st->u.id, st->hash)) < 0 ||
	    (rc = st->end_others ? store_session_delete_for_user(tx, st->u.id, 0)
				 : store_session_delete(tx, req->session.id)) < 0 ||
	    (rc = session_start(tx, st->u.id, time_now(), &lim, &s)) < 0)
		return api_failed(rc, "cannot change the password");
	reply_session_cookie(req, s.token);
	reply_json(req, 200, person_json(req, &st->u, s.csrf));
	return STORE_TX_KEEP;
}

int api_me_password_post(struct request *req)
{
	struct me_state *st = me_state(req);
	const char *new_password, *why;

	if (input_string(req, "new_password", 0, 4 * PASSWORD_MAX_CHARS, INPUT_REQUIRED, &new_password) ||
	    input_bool(req, "end_other_sessions", 1, &st->end_others))
		return 0;
	if (password_check_rules(new_password, &why))
		return reply_error(req, ERR_INVALID_INPUT, "new_password", "new_password: %s", why);
	if (!api_confirm_password(req, "current_password", &st->u))
		return 0;
	/* Hashed before the transaction: Argon2id is slow and must not hold up the writer. */
	if (password_hash(new_password, st->hash))
		return api_internal_error(req, "cannot hash the password");
	return api_run(req, STORE_TX_WRITE, me_password_body);
}

static int me_delete_body(struct request *req, struct store_tx *tx)
{
	struct me_state *st = req->state;
	int rc;

	if (st->u.totp_secret) {
		rc = api_check_second_factor(req, tx, &st->u, "totp", 0);
		if (rc == -1)
			return api_failed(STORE_HARD_ERROR, "cannot check the second factor");
		/* A wrong code counts like a failed login (api_confirm_password waits before the next try). */
		if (rc == 0)
			api_login_failed(req, st->u.email);
		if (rc != 1)
			return reply_error(req, rc == -2 ? ERR_TOTP_REQUIRED : ERR_INVALID_TOTP, "totp", NULL),
			       STORE_TX_UNDO;
	}
	if ((rc = own_account(req, tx, ACCESS_DELETE, CATEGORY_ACCOUNT, &st->u)) != 1)
		return rc;
	if ((rc = store_user_delete(tx, st->u.id)) != STORE_ONE)
		return api_failed(rc, "cannot erase the account");
	reply_session_cookie(req, NULL);
	reply_no_content(req);
	return STORE_TX_KEEP;
}

int api_me_delete(struct request *req)
{
	struct me_state *st = me_state(req);

	if (!api_confirm_password(req, "password", &st->u))
		return 0;
	return api_run(req, STORE_TX_WRITE, me_delete_body);
}
