/*
 * The Nightscout API's own ground: authentication by the api-secret header,
 * its error shape, the status and authorisation checks uploaders start with.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "api/common.h"
#include "api/nightscout.h"
#include "api/run.h"
#include "util/timeutil.h"

int nightscout_error(struct request *req, unsigned status, const char *description)
{
	const char *message = status == 401 ? "Unauthorized" : status == 403 ? "Forbidden"
			      : status == 404 ? "Not Found" : status >= 500 ? "Internal Server Error" : "Bad Request";

	return reply_json(req, status, json_pack("{s:i,s:s,s:s}", "status", status, "message", message, "description",
						 description));
}

void nightscout_id(int64_t id, char out[25])
{
	snprintf(out, 25, "%024" PRIx64, (uint64_t)id);
}

/* The request's secret: the api-secret header (a hash of the secret), else a Bearer token. */
static const char *presented_secret(struct request *req)
{
	const char *secret = request_header(req, "api-secret"), *auth = request_header(req, "Authorization");

	if (secret)
		return secret;
	if (auth && !strncasecmp(auth, "Bearer ", 7))
		return auth + 7;
	return NULL;
}

int nightscout_authenticate(struct request *req)
{
	int public_route = (req->route->flags & ROUTE_PUBLIC) != 0;
	const char *secret, *why;
	int rc;

	/* A secret in a URL ends up in logs and browser histories: refused even when it is right. */
	if (request_query(req, "token") || request_query(req, "secret"))
		return nightscout_error(req, 401, "Roer takes no secret from the URL: send it in the api-secret header"),
		       -1;
	if (!(secret = presented_secret(req)))
		return public_route ? 0 : (nightscout_error(req, 401, "an api-secret header is required"), -1);
	if ((rc = api_device_authenticate(req, secret, &why)) < 0)
		return nightscout_error(req, 500, "cannot read the devices"), -1;
	if (rc == 0) {
		req->device.id = 0;
		req->session.user_id = 0;
		return public_route ? 0 : (nightscout_error(req, 401, why), -1);
	}
	return 0;
}

int nightscout_access(struct request *req, struct store_tx *tx, int action, const char *const *kinds, size_t n,
		      const char *object)
{
	int rc;

	if (!req->device.id)
		return nightscout_error(req, 401, "an api-secret header is required"), STORE_TX_UNDO;
	for (size_t i = 0; i < n; i++) {
		char quoted[40], why[96];

		snprintf(quoted, sizeof(quoted), "\"%s\"", kinds[i]);
		if (strstr(req->device.kinds, quoted))
			continue;
		/* On the client's log as denied, as any refused access. */
		rc = api_refuse_as(req, tx, req->device.client_id, (enum access_action)action, CATEGORY_MEASUREMENTS,
				   object, ERR_FORBIDDEN, NULL, NULL);
		if (rc >= 0 && req->status == 403) {
			snprintf(why, sizeof(why), "this device was not given %s", kinds[i]);
			reply_reset(req);
			nightscout_error(req, 403, why);
		}
		return rc;
	}
	/* One row in the client's access log for the whole request, however many kinds it touches. */
	rc = api_access(req, tx, req->device.client_id, (enum access_action)action, CATEGORY_MEASUREMENTS, object);
	if (rc != 1 && req->replied && req->status == 404) {
		/* The rights of whoever connected the device ended: for the uploader, it is not let in any more. */
		reply_reset(req);
		nightscout_error(req, 401, "this device's rights have ended");
	}
	return rc;
}

/* ---- GET /api/v1/status(.json): what the server is and can do; no secret needed ---- */

int nightscout_status_get(struct request *req)
{
	char now[25];
	int64_t ms = time_now() * 1000;

	time_format_iso_ms(ms, now);
	return reply_json(req, 200,
			  json_pack("{s:s,s:s,s:s,s:s,s:I,s:b,s:b,s:b,s:{s:s,s:i,s:s,s:s,s:[s],s:{s:i,s:i,s:i,s:i}},"
				    "s:{},s:n}",
				    "status", "ok", "name", "Roer", "version", ROER_VERSION, "serverTime", now,
				    "serverTimeEpoch", (json_int_t)ms, "apiEnabled", 1, "careportalEnabled", 1,
				    "boluscalcEnabled", 0, "settings", "units", "mmol", "timeFormat", 24, "customTitle",
				    "Roer", "language", "nl", "enable", "careportal", "thresholds", "bgHigh", 250,
				    "bgTargetTop", 180, "bgTargetBottom", 70, "bgLow", 54, "extendedSettings",
				    "authorized"));
}

/* ---- GET /api/v1/verifyauth: always 200, saying what the secret allows ---- */

int nightscout_verifyauth_get(struct request *req)
{
	int ok = req->device.id != 0;

	return reply_json(req, 200,
			  json_pack("{s:i,s:{s:b,s:b,s:b,s:s,s:s,s:s}}", "status", 200, "message", "canRead", ok,
				    "canWrite", ok, "isAdmin", 0, "message", ok ? "OK" : "UNAUTHORIZED", "rolefound",
				    ok ? "FOUND" : "NOTFOUND", "permissions", ok ? "ROLE" : "DEFAULT"));
}

/* ---- GET /api/v1/experiments/test: 200 when the secret is right (the route itself answers 401 when not) ---- */

int nightscout_experiments_test_get(struct request *req)
{
	return reply_json(req, 200, json_pack("{s:s}", "status", "ok"));
}
