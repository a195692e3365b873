#include "http/dispatch.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "config.h"
#include "http/gunzip.h"
#include "http/reply.h"
#include "http/request.h"
#include "http/throttle.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/url.h"

static int is_state_changing(enum http_method m)
{
	return m & (METHOD_POST | METHOD_PUT | METHOD_PATCH | METHOD_DELETE);
}

static int host_is_ours(const struct config *cfg, const char *host, unsigned port)
{
	if (!strcmp(host, cfg->public_origin.host) && port == cfg->public_origin.port)
		return 1;
	return cfg->listen_local && port == cfg->port &&
	       (!strcmp(host, "127.0.0.1") || !strcmp(host, "localhost") || !strcmp(host, "[::1]"));
}

/*
 * DNS rebinding: a page of another site, whose name its owner then points
 * at this server's address, reaches the server with that name in Host, and
 * to the browser its requests are same-origin (Origin and Sec-Fetch-Site
 * agree with it), so only Host tells them apart. The server answers to the
 * host and port of its public URL and, when it listens on a loopback (or
 * every) address, to 127.0.0.1, localhost and [::1] at the port it listens
 * on: what a proxy or a tool on the same machine sends, and a name no other
 * site can make a browser send. Returns 1, or 0 after replying (421, or
 * 400 for a request without Host, as RFC 9112 asks; HTTP/1.0 included, as
 * there is nothing to check).
 */
static int host_allowed(struct request *req)
{
	const struct config *cfg = req->srv->cfg;
	const char *value = request_header(req, "Host");
	char host[URL_HOST_MAX];
	unsigned port;

	if (!value) {
		reply_error(req, ERR_BAD_REQUEST, NULL, "a Host header is required");
		return 0;
	}
	if (!url_authority_parse(value, strlen(value), cfg->public_origin.https ? 443 : 80, host, &port) &&
	    host_is_ours(cfg, host, port))
		return 1;
	reply_error(req, ERR_MISDIRECTED_REQUEST, NULL, NULL);
	return 0;
}

/*
 * Browsers send Origin on every state-changing request and Sec-Fetch-Site
 * on modern ones; software that sends neither is not a browser that could
 * be tricked into a forged request. An Origin must be the public URL's
 * exactly, scheme, host and port: not whatever Host the request names (a
 * rebinding page's Origin matches its Host), and not https for a server
 * whose public URL is http.
 */
static int origin_allowed(struct request *req)
{
	const char *site = request_header(req, "Sec-Fetch-Site");
	const char *origin = request_header(req, "Origin");
	struct url_origin o;

	if (site && strcmp(site, "same-origin") && strcmp(site, "none"))
		return 0;
	if (!origin)
		return 1;
	return !url_origin_parse(origin, false, &o) && url_origin_equal(&o, &req->srv->cfg->public_origin);
}

static int content_type_is_json(struct request *req)
{
	const char *ct = request_header(req, "Content-Type");
	size_t n = strlen("application/json");

	return ct && !strncasecmp(ct, "application/json", n) && (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/*
 * Parses the body into req->json; an empty body is an empty object. A
 * Nightscout route takes an array too, and a body labelled text/plain or
 * not labelled at all (as its uploaders send them). Returns 0 or replies.
 */
static int parse_body(struct request *req)
{
	int nightscout = (req->route->flags & ROUTE_NIGHTSCOUT) != 0;
	json_error_t err;

	if (!req->body.len) {
		req->json = json_object();
		return 0;
	}
	if (!content_type_is_json(req) && !nightscout) {
		reply_error(req, ERR_UNSUPPORTED_MEDIA_TYPE, NULL, NULL);
		return -1;
	}
	req->json = json_loadb(req->body.data, req->body.len, JSON_REJECT_DUPLICATES, &err);
	if (!req->json) {
		reply_error(req, ERR_MALFORMED_JSON, NULL, "malformed JSON at byte %d: %s", err.position, err.text);
		return -1;
	}
	if (!json_is_object(req->json) && !(nightscout && json_is_array(req->json))) {
		reply_error(req, ERR_MALFORMED_JSON, NULL, "the body must be a JSON object");
		return -1;
	}
	return 0;
}

/*
 * A body sent with Content-Encoding: gzip (as xDrip+ and other uploaders
 * send larger batches) is decompressed in place, to no more than the
 * route's body limit: a small body that unpacks to gigabytes (a bomb) is
 * stopped at the limit. Other encodings are refused, so nothing reads a
 * body it cannot understand as if it were plain. Returns 0, or -1 after
 * replying.
 */
static int decode_body(struct request *req)
{
	const char *encoding = request_header(req, "Content-Encoding");
	unsigned limit = req->route->flags & ROUTE_UPLOAD ? req->srv->cfg->max_photo : req->srv->cfg->max_body;
	struct buf plain = BUF_INIT;
	const char *why = NULL;
	enum gunzip_status rc;

	if (!encoding || !strcasecmp(encoding, "identity"))
		return 0;
	if (strcasecmp(encoding, "gzip") && strcasecmp(encoding, "x-gzip")) {
		reply_error(req, ERR_UNSUPPORTED_MEDIA_TYPE, NULL, "Content-Encoding: only gzip is understood");
		return -1;
	}
	rc = gunzip(req->body.data, req->body.len, limit, &plain, &why);
	if (rc == GUNZIP_TOO_LARGE) {
		buf_release(&plain);
		reply_error(req, ERR_PAYLOAD_TOO_LARGE, NULL, "the body unpacks to more than %u bytes", limit);
		return -1;
	}
	if (rc != GUNZIP_OK) {
		buf_release(&plain);
		reply_error(req, ERR_BAD_REQUEST, NULL, "the gzip body cannot be read: %s", why);
		return -1;
	}
	buf_release(&req->body);
	req->body = plain;
	return 0;
}

static int check_session(struct request *req)
{
	const struct config *cfg = req->srv->cfg;
	struct session_limits lim = { cfg->session_idle_seconds, cfg->session_absolute_seconds };
	const char *token = request_cookie(req, reply_cookie_name(req));
	int rc = session_resolve(req->srv->store, token, time_now(), &lim, &req->session);

	if (rc < 0) {
		reply_error(req, ERR_INTERNAL, NULL, "cannot read the session");
		return -1;
	}
	if (rc == 0) {
		if (token)
			reply_session_cookie(req, NULL);
		reply_error(req, ERR_UNAUTHENTICATED, NULL, NULL);
		return -1;
	}
	if (is_state_changing(req->method)) {
		const char *csrf = request_header(req, "X-CSRF-Token");

		if (!csrf || !token_equal(csrf, req->session.csrf)) {
			api_forgery_refused(req);
			return -1;
		}
	}
	if (config_two_factor_required(cfg, (req->session.roles & ROLE_PROFESSIONAL) != 0) &&
	    !req->session.totp_enabled && !(req->route->flags & ROUTE_ENROLLMENT_OK)) {
		reply_error(req, ERR_TOTP_ENROLLMENT_REQUIRED, NULL, NULL);
		return -1;
	}
	if (req->route->flags & ROUTE_COSTLY) {
		char key[40];
		unsigned wait;

		snprintf(key, sizeof(key), "c:%lld", (long long)req->session.id);
		wait = throttle_take(req->srv->rates, key, time_limits_ms(), cfg->costly_per_minute, 60);
		if (wait) {
			reply_retry_after(req, wait);
			reply_error(req, ERR_TOO_MANY_REQUESTS, NULL, "at most %u of these per minute",
				    cfg->costly_per_minute);
			return -1;
		}
	}
	return 0;
}

/*
 * A device's request: its token in `Authorization: Bearer`, on a route a
 * device may call, for the one client it belongs to. No cookie is looked
 * at (and nothing of a browser's session can be borrowed): such a request
 * is not a browser's, so it needs no anti-forgery token. Returns 0, or -1
 * after replying.
 */
static int check_device(struct request *req, const char *authorization)
{
	const char *why;
	int rc;

	if (!(req->route->flags & ROUTE_DEVICE)) {
		reply_error(req, ERR_UNAUTHENTICATED, NULL, "a device token does not work here; sign in");
		return -1;
	}
	if ((rc = api_device_authenticate(req, authorization + strlen("Bearer "), &why)) < 0) {
		reply_error(req, ERR_INTERNAL, NULL, "cannot read the devices");
		return -1;
	}
	if (rc == 0) {
		reply_error(req, ERR_UNAUTHENTICATED, NULL, "%s", why);
		return -1;
	}
	for (int i = 0; i < ROUTE_MAX_IDS; i++)
		if (req->ids[i] == ROUTE_ID_ME)
			req->ids[i] = req->device.client_id;
	/* Another client's record is, for a device, not there. */
	if (req->ids[0] && req->ids[0] != req->device.client_id) {
		reply_error(req, ERR_NOT_FOUND, NULL, NULL);
		return -1;
	}
	return 0;
}

unsigned http_body_limit(const struct config *cfg, const char *method, const char *path)
{
	struct route_match m;

	router_match(api_routes, api_routes_count, http_method_parse(method), path, &m);
	return m.route && (m.route->flags & ROUTE_UPLOAD) ? cfg->max_photo : cfg->max_body;
}

bool http_is_upload(const char *method, const char *path)
{
	struct route_match m;

	router_match(api_routes, api_routes_count, http_method_parse(method), path, &m);
	return m.route && (m.route->flags & ROUTE_UPLOAD);
}

static void api_dispatch(struct request *req)
{
	struct route_match m;
	const char *authorization;

	if (req->body_too_large) {
		reply_error(req, ERR_PAYLOAD_TOO_LARGE, NULL, "the body is larger than %u bytes",
			    http_body_limit(req->srv->cfg, http_method_name(req->method), req->path));
		return;
	}
	router_match(api_routes, api_routes_count, req->method, req->path, &m);
	if (!m.route) {
		if (m.allowed) {
			router_allow_header(m.allowed, req->allow, sizeof(req->allow));
			reply_error(req, ERR_METHOD_NOT_ALLOWED, NULL, "use %s", req->allow);
		} else {
			reply_error(req, ERR_NOT_FOUND, NULL, "no such route");
		}
		return;
	}
	req->route = m.route;
	memcpy(req->ids, m.ids, sizeof(req->ids));
	/* Another site may neither change nor read anything, with or without a session. */
	if (!origin_allowed(req)) {
		reply_error(req, ERR_ORIGIN_REFUSED, NULL, NULL);
		return;
	}
	if (m.route->flags & ROUTE_NIGHTSCOUT) {
		if (nightscout_authenticate(req) || decode_body(req) || parse_body(req))
			return;
		m.route->handler(req);
		if (!req->pending && !req->replied)
			BUG("handler for %s %s set no reply", http_method_name(req->method), req->path);
		return;
	}
	if (decode_body(req))
		return;
	if (m.route->flags & ROUTE_UPLOAD)
		req->json = json_object();   /* the body is the file, left as it came for the handler */
	else if (parse_body(req))
		return;
	authorization = request_header(req, "Authorization");
	if (authorization && !strncmp(authorization, "Bearer ", strlen("Bearer "))) {
		if (check_device(req, authorization))
			return;
	} else if (!(m.route->flags & ROUTE_PUBLIC) && check_session(req)) {
		return;
	}
	for (int i = 0; i < ROUTE_MAX_IDS; i++)
		if (req->ids[i] == ROUTE_ID_ME)
			req->ids[i] = req->session.user_id;
	m.route->handler(req);
	/* A handler that ran a transaction is done with req: its job sets the reply, maybe on another thread. */
	if (!req->pending && !req->replied)
		BUG("handler for %s %s set no reply", http_method_name(req->method), req->path);
}

void http_dispatch(struct request *req)
{
	if (!host_allowed(req))
		return;
	if (req->is_api)
		api_dispatch(req);
	else
		static_serve(req);
}
