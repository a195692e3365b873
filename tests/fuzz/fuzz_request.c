/*
 * libFuzzer target: what the server does with outside input before a
 * handler touches the store. The input is split at the first newline into
 * a request path (fed to the router with every method, and parsed as an
 * Origin and as a Host header value) and a body (parsed as JSON the way the
 * dispatcher does, then read by the input checks the handlers use). Run
 * with `make fuzz`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/common.h"
#include "auth/password.h"
#include "auth/totp.h"
#include "config.h"
#include "http/dispatch.h"
#include "http/request.h"
#include "util/log.h"
#include "util/timeutil.h"
#include "util/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct config cfg;
static struct server_ctx ctx;

static void once(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	log_set_quiet(1);
	config_init(&cfg);
	config_finish(&cfg, "fuzz");
	ctx.cfg = &cfg;
	if (password_init())
		abort();
}

static void reset_reply(struct request *req)
{
	json_decref(req->reply_body);
	req->reply_body = NULL;
	req->replied = false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t plen = nl ? (size_t)(nl - data) : size;
	char *path = malloc(plen + 1);
	struct request req = { .srv = &ctx, .path = "/fuzz", .file_fd = -1 };
	static const enum http_method methods[] = { METHOD_GET, METHOD_POST, METHOD_PATCH, METHOD_DELETE, METHOD_OTHER };
	json_error_t err;
	const char *s;
	char *email;
	int b;
	int64_t t;
	char norm[RECOVERY_CODE_CHARS + 1];

	once();
	memcpy(path, data, plen);
	path[plen] = '\0';
	for (size_t i = 0; i < sizeof(methods) / sizeof(methods[0]); i++) {
		struct route_match m;

		router_match(api_routes, api_routes_count, methods[i], path, &m);
		if (m.route && !m.route->handler)
			abort();
	}
	time_parse_iso(path, &t);
	{
		/* The path bytes as an Origin and as a Host header value. */
		struct url_origin o;
		char host[URL_HOST_MAX];
		unsigned port;

		url_origin_parse(path, true, &o);
		url_authority_parse((const char *)data, plen, 80, host, &port);
	}
	recovery_code_normalise(path, norm);
	free(path);

	if (nl) {
		req.json = json_loadb((const char *)nl + 1, size - plen - 1, JSON_REJECT_DUPLICATES, &err);
		if (json_is_object(req.json)) {
			if (!input_email(&req, &email))
				free(email);
			reset_reply(&req);
			input_string(&req, "name", 1, 200, INPUT_REQUIRED | INPUT_SINGLE_LINE, &s);
			reset_reply(&req);
			if (!input_string(&req, "password", 0, 1024, INPUT_REQUIRED, &s) && s) {
				const char *why;

				password_check_rules(s, &why);
			}
			reset_reply(&req);
			input_language(&req, 0, &s);
			reset_reply(&req);
			input_bool(&req, "end_other_sessions", 1, &b);
			reset_reply(&req);
		}
		json_decref(req.json);
	}
	return 0;
}
