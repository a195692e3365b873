#ifndef ROER_CONFIG_H
#define ROER_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "util/url.h"

enum require_2fa {
	REQUIRE_2FA_NONE,
	REQUIRE_2FA_PROFESSIONALS,
	REQUIRE_2FA_EVERYONE,
};

/*
 * Every setting of the server. Each has a command-line flag (--name value)
 * and an environment variable (ROER_NAME); the flag wins. The defaults are
 * the safe ones; the table in config.c lists them with their limits.
 */
struct config {
	char *listen;                 /* "127.0.0.1:8080" */
	char *data_dir;               /* "./var" */
	char *web_dir;                /* static front end; default: beside the binary */
	char *public_url;             /* origin the browser uses; default from listen */
	unsigned threads;
	unsigned max_body;            /* bytes of a JSON request body */
	unsigned max_header;          /* bytes of memory per connection for headers */
	unsigned max_connections;
	unsigned max_connections_per_address;
	unsigned idle_timeout_seconds;    /* libmicrohttpd's: restarts at every byte */
	unsigned head_timeout_seconds;    /* from a request's start until its headers are in */
	unsigned request_timeout_seconds; /* from a request's start until its body is in */
	unsigned session_idle_seconds;
	unsigned session_absolute_seconds;
	unsigned login_slow_after;
	unsigned login_lock_after;
	unsigned login_lock_seconds;
	unsigned address_slow_after;
	unsigned address_lock_after;
	unsigned registrations_per_hour;
	unsigned event_streams;           /* open live-event streams in all */
	unsigned event_streams_per_person;
	unsigned costly_per_minute;
	unsigned member_writes_per_hour;
	unsigned denied_per_minute;
	char *time_zone;
	unsigned max_photo;
	enum require_2fa require_2fa;
	char *webhook_url;            /* NULL: no outgoing webhook */
	char *webhook_secret_file;    /* file holding the webhook's shared secret */
	unsigned webhook_retry_seconds;   /* first back-off; doubled per failed attempt */
	unsigned webhook_attempts;        /* attempts before a delivery is given up */

	/* Derived by config_finish and config_set_port, not settings. */
	bool public_url_derived;          /* public_url was made from listen */
	struct url_origin public_origin;  /* public_url, parsed */
	bool listen_local;                /* listen is a loopback or a wildcard address */
	unsigned port;                    /* the port listened on, once bound (0 before) */
};

/* Fills `cfg` with the defaults. Strings are owned by cfg. */
void config_init(struct config *cfg);
void config_release(struct config *cfg);

/* Applies ROER_* environment variables. Returns 0 or -1 after printing why. */
int config_from_env(struct config *cfg);

/*
 * Applies the flag at argv[*i] (and its value at argv[*i + 1]) when it is a
 * setting. Returns 1 when consumed (and advances *i), 0 when it is not a
 * setting flag, -1 for a bad value (after printing why).
 */
int config_from_flag(struct config *cfg, int argc, char **argv, int *i);

/*
 * Derives what was not set (web_dir, public_url: "http://" and listen) and
 * checks public_url: http:// or https://, a host and an optional port, and
 * nothing after them but a "/". A listen address on every interface
 * (0.0.0.0, [::]) needs public_url set, as it is no name a browser can use.
 * A webhook_url must be http:// or https://, a host (no user or password:
 * the signature is what tells the receiver who sent it), an optional port
 * and an optional path and query, and needs webhook_secret_file (whose
 * contents webhook_start reads and checks).
 * Returns 0 or -1 after printing why.
 */
int config_finish(struct config *cfg, const char *argv0);

/*
 * Records the port the server listens on (the one picked for port 0); a
 * public_url derived from listen gets it too. Call before serving.
 */
void config_set_port(struct config *cfg, unsigned port);

/* 1 when two-factor login is required of a person (professional or not). */
int config_two_factor_required(const struct config *cfg, int is_professional);

/* Prints the settings with their defaults, for --help. */
void config_print_help(void);

#endif
