#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/log.h"

/* SETTING_OPTIONAL: a string whose empty value means "not set" (NULL), for a feature that is off unless set. */
enum setting_type { SETTING_STRING, SETTING_OPTIONAL, SETTING_UINT, SETTING_2FA };

struct setting {
	const char *flag;
	const char *env;
	enum setting_type type;
	size_t offset;
	const char *def;
	unsigned min, max;
	const char *help;
};

#define OFF(field) offsetof(struct config, field)

static const struct setting settings[] = {
	{ "listen", "ROER_LISTEN", SETTING_STRING, OFF(listen), "127.0.0.1:8080", 0, 0,
	  "address and port to serve on (port 0 picks a free one)" },
	{ "data", "ROER_DATA", SETTING_STRING, OFF(data_dir), "./var", 0, 0,
	  "directory of the SQLite store" },
	{ "web", "ROER_WEB", SETTING_STRING, OFF(web_dir), NULL, 0, 0,
	  "directory of the built front end (default: web/dist beside the binary's folder)" },
	{ "time-zone", "ROER_TIME_ZONE", SETTING_STRING, OFF(time_zone), "Europe/Amsterdam", 0, 0,
	  "the zone clients' days and times of day are counted in (a name of the tz database)" },
	{ "public-url", "ROER_PUBLIC_URL", SETTING_STRING, OFF(public_url), NULL, 0, 0,
	  "origin browsers use, e.g. https://roer.example.nl (default: http://LISTEN)" },
	{ "threads", "ROER_THREADS", SETTING_UINT, OFF(threads), "4", 1, 64,
	  "worker threads" },
	{ "max-body", "ROER_MAX_BODY", SETTING_UINT, OFF(max_body), "1048576", 1024, 64u << 20,
	  "largest JSON request body in bytes" },
	{ "max-photo", "ROER_MAX_PHOTO", SETTING_UINT, OFF(max_photo), "10485760", 65536, 64u << 20,
	  "largest photo upload in bytes (a wound photo from a phone camera)" },
	{ "max-header", "ROER_MAX_HEADER", SETTING_UINT, OFF(max_header), "32768", 4096, 1u << 20,
	  "memory per connection for the request line and headers, in bytes" },
	{ "max-connections", "ROER_MAX_CONNECTIONS", SETTING_UINT, OFF(max_connections), "4096", 4, 100000,
	  "connections in total" },
	{ "max-connections-per-address", "ROER_MAX_CONNECTIONS_PER_ADDRESS", SETTING_UINT,
	  OFF(max_connections_per_address), "64", 1, 100000, "connections from one address" },
	{ "event-streams", "ROER_EVENT_STREAMS", SETTING_UINT, OFF(event_streams), "2048", 0, 100000,
	  "open live-event streams in all (each an open page; 0: none); at most half the connections are used" },
	{ "event-streams-per-person", "ROER_EVENT_STREAMS_PER_PERSON", SETTING_UINT, OFF(event_streams_per_person),
	  "16", 1, 10000, "open live-event streams of one person (their open pages)" },
	{ "idle-timeout", "ROER_IDLE_TIMEOUT_SECONDS", SETTING_UINT, OFF(idle_timeout_seconds), "30", 1, 3600,
	  "seconds a connection may stay idle" },
	{ "head-timeout", "ROER_HEAD_TIMEOUT_SECONDS", SETTING_UINT, OFF(head_timeout_seconds), "5", 1, 600,
	  "seconds a request's line and headers may take to arrive, however slowly they trickle" },
	{ "request-timeout", "ROER_REQUEST_TIMEOUT_SECONDS", SETTING_UINT, OFF(request_timeout_seconds), "60", 1, 3600,
	  "seconds a whole request (headers and body) may take to arrive" },
	{ "session-idle", "ROER_SESSION_IDLE_SECONDS", SETTING_UINT, OFF(session_idle_seconds), "1800", 1, 86400,
	  "seconds of inactivity that end a session" },
	{ "session-absolute", "ROER_SESSION_ABSOLUTE_SECONDS", SETTING_UINT, OFF(session_absolute_seconds),
	  "43200", 1, 604800, "seconds after login that end a session in any case" },
	{ "login-slow-after", "ROER_LOGIN_SLOW_AFTER", SETTING_UINT, OFF(login_slow_after), "3", 1, 1000,
	  "failed logins for an account before further tries are slowed" },
	{ "login-lock-after", "ROER_LOGIN_LOCK_AFTER", SETTING_UINT, OFF(login_lock_after), "10", 1, 10000,
	  "failed logins for an account before it is refused for a while" },
	{ "login-lock-seconds", "ROER_LOGIN_LOCK_SECONDS", SETTING_UINT, OFF(login_lock_seconds), "900", 1, 86400,
	  "how long that refusal lasts after the last failure" },
	{ "address-slow-after", "ROER_ADDRESS_SLOW_AFTER", SETTING_UINT, OFF(address_slow_after), "20", 1, 100000,
	  "failed logins from one address before its tries are slowed" },
	{ "address-lock-after", "ROER_ADDRESS_LOCK_AFTER", SETTING_UINT, OFF(address_lock_after), "100", 1, 1000000,
	  "failed logins from one address before it is refused for a while" },
	{ "registrations-per-hour", "ROER_REGISTRATIONS_PER_HOUR", SETTING_UINT, OFF(registrations_per_hour),
	  "30", 1, 1000000, "new accounts per address per hour" },
	{ "costly-per-minute", "ROER_COSTLY_PER_MINUTE", SETTING_UINT, OFF(costly_per_minute), "10", 1, 100000,
	  "costly calls (export, password change) per session per minute" },
	{ "member-writes-per-hour", "ROER_MEMBER_WRITES_PER_HOUR", SETTING_UINT, OFF(member_writes_per_hour), "300", 1,
	  1000000, "changes one member (not the client) may make in one client's record per hour" },
	{ "denied-per-minute", "ROER_DENIED_PER_MINUTE", SETTING_UINT, OFF(denied_per_minute), "30", 1, 1000000,
	  "refused accesses one person (or address) may cause per minute; more are refused without an audit row" },
	{ "require-2fa", "ROER_REQUIRE_2FA", SETTING_2FA, OFF(require_2fa), "none", 0, 0,
	  "two-factor login required for: none, professionals or everyone" },
	{ "webhook-url", "ROER_WEBHOOK_URL", SETTING_OPTIONAL, OFF(webhook_url), NULL, 0, 0,
	  "http:// or https:// URL each alert is POSTed to, signed; empty: no webhook" },
	{ "webhook-secret-file", "ROER_WEBHOOK_SECRET_FILE", SETTING_OPTIONAL, OFF(webhook_secret_file), NULL, 0, 0,
	  "file holding the webhook's shared secret (at least 32 bytes; needed with --webhook-url)" },
	{ "webhook-retry-seconds", "ROER_WEBHOOK_RETRY_SECONDS", SETTING_UINT, OFF(webhook_retry_seconds), "10", 1,
	  3600, "seconds before a failed webhook delivery is tried again, doubled each time (at most an hour)" },
	{ "webhook-attempts", "ROER_WEBHOOK_ATTEMPTS", SETTING_UINT, OFF(webhook_attempts), "8", 1, 100,
	  "attempts at a webhook delivery before it is given up" },
};

static int parse_uint(const char *s, unsigned *out)
{
	char *end;
	unsigned long v;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > UINT_MAX)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int apply(struct config *cfg, const struct setting *st, const char *value, const char *source)
{
	char *field = (char *)cfg + st->offset;
	unsigned u;

	switch (st->type) {
	case SETTING_STRING:
		if (!*value)
			return error("%s: must not be empty", source);
		free(*(char **)field);
		*(char **)field = xstrdup(value);
		return 0;
	case SETTING_OPTIONAL:
		free(*(char **)field);
		*(char **)field = *value ? xstrdup(value) : NULL;
		return 0;
	case SETTING_UINT:
		if (parse_uint(value, &u) || u < st->min || u > st->max)
			return error("%s: '%s' is not a whole number from %u to %u", source, value,
				     st->min, st->max);
		*(unsigned *)field = u;
		return 0;
	case SETTING_2FA:
		if (!strcmp(value, "none"))
			*(enum require_2fa *)field = REQUIRE_2FA_NONE;
		else if (!strcmp(value, "professionals"))
			*(enum require_2fa *)field = REQUIRE_2FA_PROFESSIONALS;
		else if (!strcmp(value, "everyone"))
			*(enum require_2fa *)field = REQUIRE_2FA_EVERYONE;
		else
			return error("%s: '%s' is not one of none, professionals, everyone", source, value);
		return 0;
	}
	BUG("unknown setting type %d", st->type);
}

void config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (settings[i].def && apply(cfg, &settings[i], settings[i].def, "default"))
			BUG("bad default for '%s'", settings[i].flag);
}

void config_release(struct config *cfg)
{
	free(cfg->listen);
	free(cfg->data_dir);
	free(cfg->web_dir);
	free(cfg->public_url);
	free(cfg->time_zone);
	free(cfg->webhook_url);
	free(cfg->webhook_secret_file);
	memset(cfg, 0, sizeof(*cfg));
}

int config_from_env(struct config *cfg)
{
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		const char *v = getenv(settings[i].env);

		if (v && apply(cfg, &settings[i], v, settings[i].env))
			return -1;
	}
	return 0;
}

int config_from_flag(struct config *cfg, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];
	const char *eq;
	size_t name_len;

	if (strncmp(arg, "--", 2))
		return 0;
	arg += 2;
	eq = strchr(arg, '=');
	name_len = eq ? (size_t)(eq - arg) : strlen(arg);
	for (size_t k = 0; k < sizeof(settings) / sizeof(settings[0]); k++) {
		const struct setting *st = &settings[k];
		char source[80];

		if (strlen(st->flag) != name_len || strncmp(st->flag, arg, name_len))
			continue;
		snprintf(source, sizeof(source), "--%s", st->flag);
		if (eq)
			return apply(cfg, st, eq + 1, source) ? -1 : 1;
		if (*i + 1 >= argc)
			return error("%s needs a value", source);
		(*i)++;
		return apply(cfg, st, argv[*i], source) ? -1 : 1;
	}
	return 0;
}

/*
 * "http[s]://host[:port][/path][?query]": the host as url_authority_parse
 * takes it (so no "user:password@", which would be a second, unsigned
 * secret in logs and process lists), then only visible ASCII, no fragment.
 */
static int check_webhook_url(const char *url)
{
	const char *rest, *end;
	char host[URL_HOST_MAX];
	unsigned port;
	bool https = !strncasecmp(url, "https://", 8);

	if (!https && strncasecmp(url, "http://", 7))
		return error("--webhook-url: '%s' must start with http:// or https://", url);
	rest = url + (https ? 8 : 7);
	end = rest + strcspn(rest, "/?#");
	if (url_authority_parse(rest, (size_t)(end - rest), https ? 443 : 80, host, &port))
		return error("--webhook-url: '%s' needs a host name or address and an optional port after the scheme "
			     "(no user or password: deliveries are signed with the secret instead)", url);
	for (const char *p = end; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '#')
			return error("--webhook-url: '%s' may hold a path and a query of visible ASCII characters, "
				     "without spaces or a '#' fragment", url);
	if (!https && strcmp(host, "localhost") && strncmp(host, "127.", 4) && strcmp(host, "[::1]"))
		warning("--webhook-url: '%s' is plain http to another machine: alerts about clients would cross the "
			"network unencrypted; use https://", url);
	return 0;
}

int config_finish(struct config *cfg, const char *argv0)
{
	if (!cfg->web_dir) {
		/* The binary lives in build/ (or build/asan/): find web/dist above it. */
		char exe[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		struct buf path = BUF_INIT;

		if (n <= 0)
			return error("cannot find the binary's folder from '%s'; set --web", argv0);
		exe[n] = '\0';
		for (int up = 0; up < 3; up++) {
			char *slash = strrchr(exe, '/');

			if (!slash)
				break;
			*slash = '\0';
			buf_reset(&path);
			buf_addf(&path, "%s/web/dist", exe);
			if (!access(path.data, R_OK))
				break;
		}
		cfg->web_dir = buf_detach(&path, NULL);
	}
	{
		/* The host part of listen: what the listener is reachable as on this machine. */
		const char *colon = strrchr(cfg->listen, ':');
		size_t hl = colon ? (size_t)(colon - cfg->listen) : 0;
		const char *h = cfg->listen;
		int wildcard = (hl == 7 && !strncmp(h, "0.0.0.0", hl)) || (hl == 4 && !strncmp(h, "[::]", hl));

		cfg->listen_local = wildcard || (hl >= 4 && !strncmp(h, "127.", 4)) ||
				    (hl == 9 && !strncmp(h, "localhost", hl)) || (hl == 5 && !strncmp(h, "[::1]", hl));
		if (!cfg->public_url && wildcard)
			return error("--listen %s serves every address, which is no name a browser can use: "
				     "set --public-url to the one it should use", cfg->listen);
	}
	if (!cfg->public_url) {
		struct buf url = BUF_INIT;

		buf_addf(&url, "http://%s", cfg->listen);
		cfg->public_url = buf_detach(&url, NULL);
		cfg->public_url_derived = true;
	}
	/*
	 * One made from listen may not parse yet (port 0 picks one when bound,
	 * and a bad listen is reported then): config_set_port parses it again.
	 */
	if (url_origin_parse(cfg->public_url, true, &cfg->public_origin) && !cfg->public_url_derived)
		return error("--public-url: '%s' must be http:// or https:// and a host, with an optional port and "
			     "nothing after them", cfg->public_url);
	if (cfg->webhook_url) {
		if (check_webhook_url(cfg->webhook_url))
			return -1;
		if (!cfg->webhook_secret_file)
			return error("--webhook-url needs --webhook-secret-file (ROER_WEBHOOK_SECRET_FILE): every delivery "
				     "is signed with that shared secret, so that the receiver can tell it came from this "
				     "installation and was not changed on the way");
	}
	if (cfg->login_slow_after > cfg->login_lock_after)
		cfg->login_slow_after = cfg->login_lock_after;
	if (cfg->address_slow_after > cfg->address_lock_after)
		cfg->address_slow_after = cfg->address_lock_after;
	return 0;
}

void config_set_port(struct config *cfg, unsigned port)
{
	const char *colon = strrchr(cfg->listen, ':');
	struct buf url = BUF_INIT;

	cfg->port = port;
	if (!cfg->public_url_derived || !colon)
		return;
	buf_addf(&url, "http://%.*s:%u", (int)(colon - cfg->listen), cfg->listen, port);
	free(cfg->public_url);
	cfg->public_url = buf_detach(&url, NULL);
	if (url_origin_parse(cfg->public_url, false, &cfg->public_origin))
		BUG("cannot parse the public URL '%s' made from --listen", cfg->public_url);
}

int config_two_factor_required(const struct config *cfg, int is_professional)
{
	return cfg->require_2fa == REQUIRE_2FA_EVERYONE ||
	       (cfg->require_2fa == REQUIRE_2FA_PROFESSIONALS && is_professional);
}

void config_print_help(void)
{
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		const struct setting *st = &settings[i];

		printf("  --%-30s %s\n  %-32s (%s; default %s)\n", st->flag, st->help, "", st->env,
		       st->def ? st->def : st->type == SETTING_OPTIONAL ? "none" : "see above");
	}
}
