/* Two-factor login (TOTP): set up, confirm, turn off. */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "auth/password.h"
#include "auth/token.h"
#include "auth/totp.h"
#include "util/buf.h"
#include "util/timeutil.h"

/* Begins a write transaction with the audit row for a change of two-factor settings. NULL after replying. */
static struct store_tx *begin_change(struct request *req, const char *object)
{
	return api_begin_access(req, req->session.user_id, ACCESS_UPDATE, CATEGORY_TWO_FACTOR, object);
}

int api_me_totp_setup_post(struct request *req)
{
	char secret[TOTP_SECRET_BASE32_MAX + 1];
	struct buf uri = BUF_INIT, svg = BUF_INIT;
	struct store_user u;
	struct store_tx *tx;

	if (!api_read_me(req, &u))
		return 0;
	if (u.totp_secret) {
		store_user_release(&u);
		return reply_error(req, ERR_CONFLICT, NULL, "two-factor login is already on");
	}
	if (totp_secret_new(secret)) {
		store_user_release(&u);
		return api_internal_error(req, NULL, "cannot make a secret");
	}
	totp_uri(&uri, u.email, secret);
	store_user_release(&u);
	if (totp_qr_svg(&svg, uri.data)) {
		api_internal_error(req, NULL, "cannot draw the QR code");
		goto out;
	}
	if (!(tx = begin_change(req, "setup")))
		goto out;
	if (store_user_set_totp_pending(tx, req->session.user_id, secret) < 0) {
		api_internal_error(req, tx, "cannot store the pending secret");
		goto out;
	}
	if (!api_commit(req, tx))
		reply_json(req, 200,
			   json_pack("{s:s,s:s,s:s}", "secret", secret, "otpauth_uri", uri.data, "qr_svg", svg.data));
out:
	buf_release(&uri);
	buf_release(&svg);
	return 0;
}

int api_me_totp_confirm_post(struct request *req)
{
	unsigned char hashes[RECOVERY_CODES][TOKEN_HASH_BYTES];
	char codes[RECOVERY_CODES][RECOVERY_CODE_CHARS + 1];
	struct store_user u;
	struct store_tx *tx;
	const char *code;
	json_t *list;
	int64_t step;

	if (input_string(req, "code", 1, 20, INPUT_REQUIRED, &code) || !api_read_me(req, &u))
		return 0;
	if (!u.totp_pending) {
		store_user_release(&u);
		return reply_error(req, ERR_CONFLICT, NULL, "no two-factor set-up is pending; start with /me/totp/setup");
	}
	step = totp_verify(u.totp_pending, code, time_now(), 0);
	store_user_release(&u);
	if (step < 0)
		return api_internal_error(req, NULL, "cannot check the code");
	if (step == 0)
		return reply_error(req, ERR_INVALID_TOTP, "code", NULL);
	list = json_array();
	for (int i = 0; i < RECOVERY_CODES; i++) {
		recovery_code_new(codes[i]);
		token_hash(codes[i], hashes[i]);
		json_array_append_new(list, json_string(codes[i]));
	}
	if (!(tx = begin_change(req, "enable"))) {
		json_decref(list);
		return 0;
	}
	if (store_user_enable_totp(tx, req->session.user_id, step) != STORE_ONE ||
	    store_recovery_codes_replace(tx, req->session.user_id, (const unsigned char(*)[32])hashes,
					 RECOVERY_CODES) < 0) {
		json_decref(list);
		return api_internal_error(req, tx, "cannot turn on two-factor login");
	}
	if (api_commit(req, tx)) {
		json_decref(list);
		return 0;
	}
	return reply_json(req, 200, json_pack("{s:o}", "recovery_codes", list));
}

int api_me_totp_disable_post(struct request *req)
{
	struct store_user u;
	struct store_tx *tx;
	int rc;

	if (!api_confirm_password(req, "password", &u))
		return 0;
	if (!u.totp_secret) {
		store_user_release(&u);
		return reply_error(req, ERR_CONFLICT, NULL, "two-factor login is not on");
	}
	if (two_factor_required_for(req, u.roles)) {
		store_user_release(&u);
		return reply_error(req, ERR_FORBIDDEN, NULL, "this installation requires two-factor login");
	}
	if (!(tx = begin_change(req, "disable"))) {
		store_user_release(&u);
		return 0;
	}
	rc = api_check_second_factor(req, tx, &u, "code", 0);
	store_user_release(&u);
	if (rc != 1) {
		store_rollback(tx);
		if (rc == -1)
			return api_internal_error(req, NULL, "cannot check the code");
		return reply_error(req, rc == -2 ? ERR_INVALID_INPUT : ERR_INVALID_TOTP, "code",
				   rc == -2 ? "code: is required" : NULL);
	}
	if (store_user_disable_totp(tx, req->session.user_id) < 0)
		return api_internal_error(req, tx, "cannot turn off two-factor login");
	if (api_commit(req, tx))
		return 0;
	return reply_no_content(req);
}
