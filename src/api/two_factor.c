/* Two-factor login (TOTP): set up, confirm, turn off. */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "api/run.h"
#include "auth/password.h"
#include "auth/token.h"
#include "auth/totp.h"
#include "util/buf.h"
#include "util/timeutil.h"

/* Inside a body: the audit row for a change of two-factor settings. Returns 1 or the value to return. */
static int access_change(struct request *req, struct store_tx *tx, const char *object)
{
	return api_access(req, tx, req->session.user_id, ACCESS_UPDATE, CATEGORY_TWO_FACTOR, object);
}

struct totp_state {
	char secret[TOTP_SECRET_BASE32_MAX + 1];
	struct buf uri, svg;
	unsigned char hashes[RECOVERY_CODES][TOKEN_HASH_BYTES];
	json_t *codes;
	int64_t step;
	struct store_user u;
};

static void totp_state_release(void *p)
{
	struct totp_state *st = p;

	buf_release(&st->uri);
	buf_release(&st->svg);
	json_decref(st->codes);
	store_user_release(&st->u);
}

static struct totp_state *totp_state(struct request *req)
{
	struct totp_state *st = request_state(req, sizeof(*st), totp_state_release);

	buf_init(&st->uri, 0);
	buf_init(&st->svg, 0);
	return st;
}

static int setup_body(struct request *req, struct store_tx *tx)
{
	struct totp_state *st = req->state;
	int rc;

	if ((rc = access_change(req, tx, "setup")) != 1)
		return rc;
	if ((rc = store_user_set_totp_pending(tx, req->session.user_id, st->secret)) < 0)
		return api_failed(rc, "cannot store the pending secret");
	reply_json(req, 200,
		   json_pack("{s:s,s:s,s:s}", "secret", st->secret, "otpauth_uri", st->uri.data, "qr_svg", st->svg.data));
	return STORE_TX_KEEP;
}

int api_me_totp_setup_post(struct request *req)
{
	struct totp_state *st = totp_state(req);
	struct store_user u;

	if (!api_read_me(req, &u))
		return 0;
	if (u.totp_secret) {
		store_user_release(&u);
		return reply_error(req, ERR_CONFLICT, NULL, "two-factor login is already on");
	}
	if (totp_secret_new(st->secret)) {
		store_user_release(&u);
		return api_internal_error(req, "cannot make a secret");
	}
	totp_uri(&st->uri, u.email, st->secret);
	store_user_release(&u);
	if (totp_qr_svg(&st->svg, st->uri.data))
		return api_internal_error(req, "cannot draw the QR code");
	return api_run(req, STORE_TX_WRITE, setup_body);
}

static int confirm_body(struct request *req, struct store_tx *tx)
{
	struct totp_state *st = req->state;
	int rc;

	if ((rc = access_change(req, tx, "enable")) != 1)
		return rc;
	if ((rc = store_user_enable_totp(tx, req->session.user_id, st->step)) != STORE_ONE ||
	    (rc = store_recovery_codes_replace(tx, req->session.user_id, (const unsigned char(*)[32])st->hashes,
					       RECOVERY_CODES)) < 0)
		return api_failed(rc, "cannot turn on two-factor login");
	reply_json(req, 200, json_pack("{s:O}", "recovery_codes", st->codes));
	return STORE_TX_KEEP;
}

int api_me_totp_confirm_post(struct request *req)
{
	char code_text[RECOVERY_CODE_CHARS + 1];
	struct totp_state *st = totp_state(req);
	struct store_user u;
	const char *code;
	unsigned wait;

	if (input_string(req, "code", 1, 20, INPUT_REQUIRED, &code) || !api_read_me(req, &u))
		return 0;
	if (!u.totp_pending) {
		store_user_release(&u);
		return reply_error(req, ERR_CONFLICT, NULL, "no two-factor set-up is pending; start with /me/totp/setup");
	}
	/* Every place that checks a code shares the login's throttle. */
	if ((wait = api_login_wait(req, u.email))) {
		store_user_release(&u);
		reply_retry_after(req, wait);
		return reply_error(req, ERR_TOO_MANY_REQUESTS, NULL, "too many wrong codes; try again later");
	}
	st->step = totp_verify(u.totp_pending, code, time_now(), 0);
	if (st->step == 0)
		api_login_failed(req, u.email);
	store_user_release(&u);
	if (st->step < 0)
		return api_internal_error(req, "cannot check the code");
	if (st->step == 0)
		return reply_error(req, ERR_INVALID_TOTP, "code", NULL);
	st->codes = json_array();
	for (int i = 0; i < RECOVERY_CODES; i++) {
		recovery_code_new(code_text);
		token_hash(code_text, st->hashes[i]);
		json_array_append_new(st->codes, json_string(code_text));
	}
	return api_run(req, STORE_TX_WRITE, confirm_body);
}

static int disable_body(struct request *req, struct store_tx *tx)
{
	struct totp_state *st = req->state;
	int rc;

	if ((rc = access_change(req, tx, "disable")) != 1)
		return rc;
	rc = api_check_second_factor(req, tx, &st->u, "code", 0);
	if (rc == -1)
		return api_failed(STORE_HARD_ERROR, "cannot check the code");
	/* A wrong code counts like a failed login: guessing codes here is as slow as at the login. */
	if (rc == 0)
		api_login_failed(req, st->u.email);
	if (rc != 1)
		return reply_error(req, rc == -2 ? ERR_INVALID_INPUT : ERR_INVALID_TOTP, "code",
				   rc == -2 ? "code: is required" : NULL),
		       STORE_TX_UNDO;
	if ((rc = store_user_disable_totp(tx, req->session.user_id)) < 0)
		return api_failed(rc, "cannot turn off two-factor login");
	reply_no_content(req);
	return STORE_TX_KEEP;
}

int api_me_totp_disable_post(struct request *req)
{
	struct totp_state *st = totp_state(req);

	if (!api_confirm_password(req, "password", &st->u))
		return 0;
	if (!st->u.totp_secret)
		return reply_error(req, ERR_CONFLICT, NULL, "two-factor login is not on");
	if (two_factor_required_for(req, st->u.roles))
		return reply_error(req, ERR_FORBIDDEN, NULL, "this installation requires two-factor login");
	return api_run(req, STORE_TX_WRITE, disable_body);
}
