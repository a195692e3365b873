#ifndef ROER_HTTP_ERRORS_H
#define ROER_HTTP_ERRORS_H

/*
 * The one table of API errors: each has a stable code string (what the web
 * page translates), an HTTP status and a default message for developers.
 */
enum api_error {
	ERR_MALFORMED_JSON,
	ERR_INVALID_INPUT,
	ERR_BAD_REQUEST,
	ERR_UNAUTHENTICATED,
	ERR_INVALID_CREDENTIALS,
	ERR_TOTP_REQUIRED,
	ERR_INVALID_TOTP,
	ERR_CSRF_FAILED,
	ERR_ORIGIN_REFUSED,
	ERR_TOTP_ENROLLMENT_REQUIRED,
	ERR_FORBIDDEN,
	ERR_CLIENT_ONLY,
	ERR_NOT_FOUND,
	ERR_METHOD_NOT_ALLOWED,
	ERR_CONFLICT,
	ERR_INVITATION_EXPIRED,
	ERR_INVITATION_USED,
	ERR_INVITATION_WITHDRAWN,
	ERR_ALREADY_MEMBER,
	ERR_PAYLOAD_TOO_LARGE,
	ERR_UNSUPPORTED_MEDIA_TYPE,
	ERR_MISDIRECTED_REQUEST,
	ERR_TOO_MANY_REQUESTS,
	ERR_INTERNAL,
	ERR_BUSY,
	ERR_COUNT
};

struct api_error_info {
	const char *code;
	unsigned status;
	const char *message;
};

/* The entry for `e`; BUG() for a value outside the table. */
const struct api_error_info *api_error_info(enum api_error e);

#endif
