#include "http/errors.h"

#include "util/log.h"

static const struct api_error_info table[ERR_COUNT] = {
	[ERR_MALFORMED_JSON] = { "malformed_json", 400, "the body is not a JSON object" },
	[ERR_INVALID_INPUT] = { "invalid_input", 400, "a field is missing or not valid" },
	[ERR_BAD_REQUEST] = { "bad_request", 400, "the request cannot be read" },
	[ERR_UNAUTHENTICATED] = { "unauthenticated", 401, "sign in first" },
	[ERR_INVALID_CREDENTIALS] = { "invalid_credentials", 401, "email or password is wrong" },
	[ERR_TOTP_REQUIRED] = { "totp_required", 401, "a two-factor code is needed" },
	[ERR_INVALID_TOTP] = { "invalid_totp", 401, "the two-factor code is wrong" },
	[ERR_CSRF_FAILED] = { "csrf_failed", 403, "missing or wrong X-CSRF-Token header" },
	[ERR_ORIGIN_REFUSED] = { "origin_refused", 403, "requests from another site are refused" },
	[ERR_TOTP_ENROLLMENT_REQUIRED] = { "totp_enrollment_required", 403,
					   "set up two-factor login first" },
	[ERR_FORBIDDEN] = { "forbidden", 403, "not allowed" },
	[ERR_CLIENT_ONLY] = { "client_only", 403, "only the client can do this, not a representative" },
	[ERR_NOT_FOUND] = { "not_found", 404, "not found" },
	[ERR_METHOD_NOT_ALLOWED] = { "method_not_allowed", 405, "method not allowed on this route" },
	[ERR_CONFLICT] = { "conflict", 409, "this clashes with the current state" },
	[ERR_INVITATION_EXPIRED] = { "invitation_expired", 409, "this invitation has expired" },
	[ERR_INVITATION_USED] = { "invitation_used", 409, "this invitation was already accepted" },
	[ERR_INVITATION_WITHDRAWN] = { "invitation_withdrawn", 409, "this invitation was withdrawn" },
	[ERR_ALREADY_MEMBER] = { "already_member", 409,
				 "you are in this network already and keep the rights you hold; the client changes them" },
	[ERR_PAYLOAD_TOO_LARGE] = { "payload_too_large", 413, "the body is too large" },
	[ERR_UNSUPPORTED_MEDIA_TYPE] = { "unsupported_media_type", 415,
					 "send the body as application/json" },
	[ERR_MISDIRECTED_REQUEST] = { "misdirected_request", 421,
				      "this server does not answer to that host name; use its own address" },
	[ERR_TOO_MANY_REQUESTS] = { "too_many_requests", 429, "too many requests; try again later" },
	[ERR_INTERNAL] = { "internal", 500, "something went wrong on our side" },
	[ERR_BUSY] = { "busy", 503, "the store is busy; try again in a moment" },
};

const struct api_error_info *api_error_info(enum api_error e)
{
	if ((unsigned)e >= ERR_COUNT || !table[e].code)
		BUG("unknown api error %d", (int)e);
	return &table[e];
}
