#ifndef ROER_CONFIG_H
#define ROER_CONFIG_H

#include <stdint.h>

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
	unsigned costly_per_minute;
	enum require_2fa require_2fa;
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

/* Derives what was not set (web_dir, public_url). Returns 0 or -1. */
int config_finish(struct config *cfg, const char *argv0);

/* 1 when two-factor login is required of a person (professional or not). */
int config_two_factor_required(const struct config *cfg, int is_professional);

/* Prints the settings with their defaults, for --help. */
void config_print_help(void);

#endif
