/*
 * The route table: every API route, its handler and what the http layer
 * checks before the handler runs. Scanned in order; the first match wins.
 * Anything not marked ROUTE_PUBLIC needs a live session.
 */
#include "api/api.h"
#include "http/dispatch.h"

const struct route api_routes[] = {
	{ METHOD_GET, "/api/v1/health", api_health_get, ROUTE_PUBLIC },

	{ METHOD_POST, "/api/v1/auth/register", api_auth_register_post, ROUTE_PUBLIC },
	{ METHOD_POST, "/api/v1/auth/login", api_auth_login_post, ROUTE_PUBLIC },
	{ METHOD_POST, "/api/v1/auth/logout", api_auth_logout_post, ROUTE_ENROLLMENT_OK },

	{ METHOD_GET, "/api/v1/me", api_me_get, ROUTE_ENROLLMENT_OK },
	{ METHOD_PATCH, "/api/v1/me", api_me_patch, ROUTE_ENROLLMENT_OK },
	{ METHOD_DELETE, "/api/v1/me", api_me_delete, 0 },
	{ METHOD_POST, "/api/v1/me/password", api_me_password_post, ROUTE_COSTLY },
	{ METHOD_GET, "/api/v1/me/export", api_me_export_get, ROUTE_COSTLY },
	{ METHOD_GET, "/api/v1/me/audit", api_me_audit_get, 0 },

	{ METHOD_POST, "/api/v1/me/totp/setup", api_me_totp_setup_post, ROUTE_ENROLLMENT_OK },
	{ METHOD_POST, "/api/v1/me/totp/confirm", api_me_totp_confirm_post, ROUTE_ENROLLMENT_OK },
	{ METHOD_POST, "/api/v1/me/totp/disable", api_me_totp_disable_post, 0 },
};

const size_t api_routes_count = sizeof(api_routes) / sizeof(api_routes[0]);
