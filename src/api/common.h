#ifndef ROER_API_COMMON_H
#define ROER_API_COMMON_H

/* Helpers every capability's handlers share: input checks, the actor, the person object. */

#include <jansson.h>
#include <stddef.h>

#include "access/access.h"
#include "http/reply.h"
#include "http/request.h"
#include "store/store.h"

/* The signed-in person (or nobody) making this request, for the access module. */
struct access_actor api_actor(const struct request *req);

enum input_flags {
	INPUT_REQUIRED = 1 << 0,
	INPUT_SINGLE_LINE = 1 << 1,   /* no control characters at all */
	INPUT_NOT_NULL = 1 << 2,      /* may be absent, but null is refused (it cannot be removed) */
};

/*
 * Reads string field `name` of the body: *out is borrowed from req->json, or
 * NULL when absent and optional. Length is counted in Unicode characters.
 * On a bad value it replies 400 invalid_input naming the field and returns -1.
 */
int input_string(struct request *req, const char *name, size_t min_chars, size_t max_chars, unsigned flags,
		 const char **out);
/* A boolean field with a default. Returns 0 or replies and returns -1. */
int input_bool(struct request *req, const char *name, int def, int *out);
/* "nl" or "en". */
int input_language(struct request *req, unsigned flags, const char **out);
/* An email address, lower-cased into *out (owned by the caller). */
int input_email(struct request *req, char **out);

/* Reads a whole-number query argument in [min, max]; absent leaves *out. Returns 0, or -1 after replying. */
int api_query_number(struct request *req, const char *name, long long min, long long max, long long *out);

/* The roles as a JSON array of names. */
json_t *roles_json(unsigned roles);

/* The person object of docs/api.md. `csrf` is the session's anti-forgery token. */
json_t *person_json(const struct request *req, const struct store_user *u, const char *csrf);

/* 1 when this installation requires two-factor login for someone with `roles`. */
int two_factor_required_for(const struct request *req, unsigned roles);

/* Rolls back tx (when not NULL) and replies 500. Returns 0. */
int api_internal_error(struct request *req, struct store_tx *tx, const char *what);

/* Ends with a commit; replies 500 when the commit fails. Returns 0 on success, -1 after replying. */
int api_commit(struct request *req, struct store_tx *tx);

/*
 * Checks the second factor of `u` from the body: a 6-digit code in `totp_field`
 * (each works once) or, when allow_recovery, a single-use "recovery_code".
 * Records its use in tx. Returns 1 accepted, 0 wrong (nothing replied),
 * -2 missing (nothing replied), -1 store error.
 */
int api_check_second_factor(struct request *req, struct store_tx *tx, const struct store_user *u,
			    const char *totp_field, int allow_recovery);

/*
 * Begins a write transaction and asks the access module whether this
 * request's actor may do `action` on `category` of client_id's record
 * (which writes the audit row). Returns the transaction when granted; NULL
 * after replying otherwise: a refusal answers 404 (as if the record were not
 * there) after committing its audit row; a failed audit write answers 500.
 */
struct store_tx *api_begin_access(struct request *req, int64_t client_id, enum access_action action,
				  enum access_category category, const char *object);

/*
 * Refuses an access that the category's right allowed but the thing itself
 * does not (a thread one takes no part in, a help request meant for others):
 * rolls back tx, puts the refusal on the client's log as denied and replies
 * 404 as if it were not there. Returns 0.
 */
int api_refuse(struct request *req, struct store_tx *tx, int64_t client_id, enum access_action action,
	       enum access_category category, const char *object);

/*
 * Reads the signed-in person's account in a short read transaction, for
 * checks that must happen outside a write transaction. Returns 1 with *u
 * filled (release it), or 0 after replying.
 */
int api_read_me(struct request *req, struct store_user *u);

/*
 * Login throttling, per account (by email, existing or not) and per source
 * address: the seconds a try must still wait (0: go ahead), and counting a
 * failure or a success.
 */
unsigned api_login_wait(const struct request *req, const char *email);
void api_login_failed(const struct request *req, const char *email);
void api_login_succeeded(const struct request *req, const char *email);

/*
 * Checks the signed-in person's password, re-entered in body field `field`,
 * outside any transaction (Argon2id is slow); wrong guesses count like
 * failed logins. Returns 1 with *u filled (release it), or 0 after replying.
 */
int api_confirm_password(struct request *req, const char *field, struct store_user *u);

#endif
