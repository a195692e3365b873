#ifndef ROER_HTTP_REPLY_H
#define ROER_HTTP_REPLY_H

#include <jansson.h>
#include <stdint.h>

#include "http/errors.h"

struct request;

/*
 * Setting a request's one reply. Each returns 0 so a handler can end with
 * `return reply_json(...)`. Setting a second reply is a BUG().
 */

/* Takes ownership of body (a JSON value; NULL only on allocation failure, which becomes a 500). */
int reply_json(struct request *req, unsigned status, json_t *body);
int reply_no_content(struct request *req);
/*
 * Takes ownership of `text`, JSON the server built itself (malloc'ed; NULL
 * becomes a 500): for a long list whose items are stored as JSON text, so
 * that they are not parsed and printed again.
 */
int reply_json_text(struct request *req, unsigned status, char *text);

/*
 * An error from the table in http/errors.h. `field` names the input field at
 * fault or is NULL; the message is printf-style, or NULL for the table's.
 */
int reply_error(struct request *req, enum api_error e, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Adds a Link header to the next page of a list: this path with ?after=last_id&limit=limit. */
void reply_next_page(struct request *req, int64_t last_id, unsigned limit);

/* Forgets whatever reply was set (a transaction body about to run again, or one whose commit failed). */
void reply_reset(struct request *req);

/* A 200 reply of `content_type` whose body comes from read() as long as it has more (see request.h). */
int reply_stream(struct request *req, const char *content_type, ssize_t (*read)(void *cls, uint64_t pos, char *out, size_t max),
		 void (*release)(void *cls), void *cls);

/* Adds a Set-Cookie for the session token (NULL: clear the cookie). */
void reply_session_cookie(struct request *req, const char *token);
/* Adds Retry-After (seconds). */
void reply_retry_after(struct request *req, unsigned seconds);
/* Marks the reply as a download with this (static) file name. */
void reply_attachment(struct request *req, const char *filename);

/* The session cookie's name: "__Host-roer" behind TLS, "roer" on plain HTTP. */
const char *reply_cookie_name(const struct request *req);

/*
 * A binary reply (an image the server made): `data` (malloc'ed, taken over)
 * of `content_type` (static), shown inline under `filename` (letters,
 * digits, dots and dashes only), cached only by the browser that asked
 * (Cache-Control: private). Returns 0.
 */
int reply_bytes(struct request *req, unsigned status, unsigned char *data, size_t len, const char *content_type,
		const char *filename);

#endif
