#ifndef ROER_API_COMMON_H
#define ROER_API_COMMON_H

/* Helpers every capability's handlers share: input checks, the actor, the person object. */

#include <jansson.h>
#include <stddef.h>

#include "access/access.h"
#include "api/fields.h"
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

/*
 * One page of a list: at most `limit` rows after the row `after` (0: from
 * the start). Lists that reply with a JSON array say where the next page
 * starts in a Link header (rel="next", RFC 8288) when this one was full.
 */
#define API_PAGE_DEFAULT 100
#define API_PAGE_MAX 500
struct api_page {
	unsigned limit;
	int64_t after;
};

/* Reads ?limit (1 to API_PAGE_MAX, default API_PAGE_DEFAULT) and ?after. Returns 0, or -1 after replying 400. */
int api_page_query(struct request *req, struct api_page *page);

/*
 * A paged list's handler: reads the page of the query into the request's
 * state (a struct api_page, req->state for the body) and runs body as a
 * read (see api_run). Returns 0.
 */
int api_run_page(struct request *req, int (*body)(struct request *req, struct store_tx *tx));

/* A moment (seconds) as an ISO 8601 string, or null for 0 (not yet, never). */
json_t *json_time_or_null(int64_t t);

/* The roles as a JSON array of names. */
json_t *roles_json(unsigned roles);

/* The person object of docs/api.md. `csrf` is the session's anti-forgery token. */
json_t *person_json(const struct request *req, const struct store_user *u, const char *csrf);

/* 1 when this installation requires two-factor login for someone with `roles`. */
int two_factor_required_for(const struct request *req, unsigned roles);

/* Replies with a refusal of the field validator or a domain rule: 400 invalid_input or 409 conflict. Returns 0. */
int api_reply_refusal(struct request *req, const struct field_error *err);

/* Replies 500 (outside a transaction body). Returns 0. */
int api_internal_error(struct request *req, const char *what);

/*
 * Inside a transaction body: a store call failed with rc. Logs `what` for
 * a hard error and returns the status for the body to return (a 500, or a
 * retry of the body for STORE_RETRY).
 */
int api_failed(int rc, const char *what);

/*
 * Checks the second factor of `u` from the body: a 6-digit code in `totp_field`
 * (each works once) or, when allow_recovery, a single-use "recovery_code".
 * Records its use in tx. Returns 1 accepted, 0 wrong (nothing replied),
 * -2 missing (nothing replied), -1 store error.
 */
int api_check_second_factor(struct request *req, struct store_tx *tx, const struct store_user *u,
			    const char *totp_field, int allow_recovery);

/*
 * Inside a transaction body: asks the access module whether this request's
 * actor may do `action` on `category` of client_id's record (which writes
 * the audit row in tx, see access_check). Returns 1 when granted; otherwise
 * the value for the body to return: STORE_TX_KEEP after setting a 404 reply
 * (as if the record were not there; the refusal is on the log), or < 0.
 * Use: `if ((rc = api_access(...)) != 1) return rc;`
 */
int api_access(struct request *req, struct store_tx *tx, int64_t client_id, enum access_action action,
	       enum access_category category, const char *object);

/*
 * Inside a transaction body: refuses an access that the category's right
 * allowed but the thing itself does not (a thread one takes no part in, a
 * help request meant for others): undoes what the body did, puts the
 * refusal on the client's log as denied and replies 404 as if it were not
 * there. Returns the value for the body to return.
 */
int api_refuse(struct request *req, struct store_tx *tx, int64_t client_id, enum access_action action,
	       enum access_category category, const char *object);

/* The same with another reply than 404: `error` with `field` and `message` (both may be NULL). */
int api_refuse_as(struct request *req, struct store_tx *tx, int64_t client_id, enum access_action action,
		  enum access_category category, const char *object, enum api_error error, const char *field,
		  const char *message);

/*
 * Reads the signed-in person's account in a read transaction of its own,
 * for checks that must happen before the request's transaction (outside a
 * body). Returns 1 with *u filled (release it), or 0 after replying.
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
