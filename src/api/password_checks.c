/* Password checks shared by login and the routes that ask for the password again, with their throttling. */
#include <stdio.h>
#include <string.h>

#include "api/common.h"
#include "auth/password.h"
#include "config.h"
#include "http/throttle.h"
#include "util/timeutil.h"

static void failure_keys(const struct request *req, const char *email, char *account, size_t an, char *address,
			 size_t ben)
{
	snprintf(account, an, "a:%s", email);
	snprintf(address, ben, "i:%s", req->address);
}

static void failure_rules(const struct config *cfg, struct failure_rule *account, struct failure_rule *address)
{
	*account = (struct failure_rule){ cfg->login_slow_after, cfg->login_lock_after, cfg->login_lock_seconds };
	*address = (struct failure_rule){ cfg->address_slow_after, cfg->address_lock_after, cfg->login_lock_seconds };
}

/* Seconds a login for `email` from this address must wait; the same whether the account exists or not. */
unsigned api_login_wait(const struct request *req, const char *email)
{
	struct failure_rule acc, adr;
	char ka[300], ki[80];
	int64_t now = time_limits_ms();
	unsigned a, b;

	failure_rules(req->srv->cfg, &acc, &adr);
	failure_keys(req, email, ka, sizeof(ka), ki, sizeof(ki));
	a = throttle_failure_wait(req->srv->login_failures, ka, now, &acc);
	b = throttle_failure_wait(req->srv->login_failures, ki, now, &adr);
	return a > b ? a : b;
}

void api_login_failed(const struct request *req, const char *email)
{
	struct failure_rule acc, adr;
	char ka[300], ki[80];
	int64_t now = time_limits_ms();

	failure_rules(req->srv->cfg, &acc, &adr);
	failure_keys(req, email, ka, sizeof(ka), ki, sizeof(ki));
	throttle_failure_add(req->srv->login_failures, ka, now, &acc);
	throttle_failure_add(req->srv->login_failures, ki, now, &adr);
}

void api_login_succeeded(const struct request *req, const char *email)
{
	char ka[300], ki[80];

	failure_keys(req, email, ka, sizeof(ka), ki, sizeof(ki));
	throttle_failure_clear(req->srv->login_failures, ka);
}

/*
 * Checks the re-entered password of the signed-in person outside any
 * transaction (Argon2id is slow). Wrong guesses count like failed logins.
 * Returns 1 right, 0 after replying.
 */
int api_confirm_password(struct request *req, const char *field, struct store_user *u)
{
	const char *password;
	unsigned wait;

	memset(u, 0, sizeof(*u));
	if (input_string(req, field, 0, 4 * PASSWORD_MAX_CHARS, INPUT_REQUIRED, &password) || !api_read_me(req, u))
		return 0;
	if ((wait = api_login_wait(req, u->email))) {
		store_user_release(u);
		reply_retry_after(req, wait);
		return reply_error(req, ERR_TOO_MANY_REQUESTS, NULL, "too many wrong passwords; try again later"), 0;
	}
	if (password_verify(u->password_hash, password) != 1) {
		api_login_failed(req, u->email);
		store_user_release(u);
		return reply_error(req, ERR_INVALID_CREDENTIALS, field, "%s: is not your password", field), 0;
	}
	return 1;
}
