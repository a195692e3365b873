/* roer: command line, configuration, signals, start and stop. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/webhook.h"
#include "api/vocabulary.h"
#include "auth/password.h"
#include "auth/totp.h"
#include "alerts/events.h"
#include "alerts/scheduler.h"
#include "config.h"
#include "measure/local_time.h"
#include "demo.h"
#include "http/dispatch.h"
#include "http/route_table.h"
#include "http/server.h"
#include "http/throttle.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/log.h"

#ifndef ROER_VERSION
#define ROER_VERSION "0.1.0"
#endif

static void usage(FILE *out)
{
	fprintf(out,
		"usage: roer serve [SETTINGS]      serve Roer over HTTP\n"
		"       roer migrate [--data DIR]  bring the store's schema up to date\n"
		"       roer backup FILE [--data DIR]  write an online copy of the store to FILE\n"
		"       roer check [--data DIR]    run the store's integrity check (prints \"ok\")\n"
		"       roer demo [--data DIR]     add a demo client (marked as demo) to a fresh store\n"
		"       roer webhooks [N] [--data DIR]  list the last N (20) webhook deliveries and their attempts\n"
		"       roer routes                print the route table as JSON (for tests and docs)\n"
		"       roer vocabulary            print the access categories and disciplines as JSON\n"
		"       roer --help | --version\n"
		"\n"
		"Settings (flag or environment variable; the flag wins):\n");
	if (out == stdout)
		config_print_help();
}

/* Parses the settings after the command; `file` receives one positional argument when wanted. */
static int parse_settings(struct config *cfg, int argc, char **argv, const char **file)
{
	if (config_from_env(cfg))
		return -1;
	for (int i = 2; i < argc; i++) {
		int rc = config_from_flag(cfg, argc, argv, &i);

		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		if (file && !*file && argv[i][0] != '-') {
			*file = argv[i];
			continue;
		}
		return error("unknown argument '%s' (see roer --help)", argv[i]);
	}
	return config_finish(cfg, argv[0]);
}

static int serve(struct config *cfg)
{
	struct server_ctx ctx = { .cfg = cfg };
	struct http_server *http = NULL;
	sigset_t signals;
	unsigned port;
	int sig = 0, fd;

	if (password_init() || totp_init())
		return 1;
	/* Threads started from here on inherit the blocked signals; only sigwait below takes them. */
	sigemptyset(&signals);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Readers: one per worker thread, one for the rest (session use) and one for the webhook's thread. */
	if (store_open(&ctx.store, cfg->data_dir, cfg->threads + 2))
		return 1;
	/* Before the first request and the scheduler, which raise alerts whose events it sends. */
	if (webhook_start(ctx.store, cfg)) {
		store_close(ctx.store);
		return 1;
	}
	ctx.login_failures = throttle_new(65536);
	ctx.rates = throttle_new(65536);
	fd = http_listen(cfg->listen, &port);
	/* Before the first request: a public URL made from --listen gets the real port (port 0 picks one). */
	if (fd >= 0)
		config_set_port(cfg, port);
	/* Streams never take more than half the connections: the other half is for everything else. */
	if (fd < 0 ||
	    events_start(ctx.store, cfg->event_streams < cfg->max_connections / 2 ? cfg->event_streams : cfg->max_connections / 2,
			 cfg->event_streams_per_person) ||
	    scheduler_start(ctx.store) || http_server_start(&http, &ctx, fd)) {
		events_end_streams();
		scheduler_stop();
		events_stop();
		webhook_stop();
		store_close(ctx.store);
		throttle_free(ctx.login_failures);
		throttle_free(ctx.rates);
		return 1;
	}
	{
		/* Report the real port (port 0 picks one) with the host part of --listen. */
		const char *colon = strrchr(cfg->listen, ':');

		printf("roer: listening on http://%.*s:%u (data in %s; Ctrl-C stops)\n", (int)(colon - cfg->listen),
		       cfg->listen, port, cfg->data_dir);
		fflush(stdout);
	}
	sigwait(&signals, &sig);
	info("received %s: finishing requests in flight", sig == SIGINT ? "SIGINT" : "SIGTERM");
	/* Open event streams end first: libmicrohttpd stops only with no connection suspended. */
	events_end_streams();
	http_server_stop(http);
	scheduler_stop();
	events_stop();
	/* After the requests and the scheduler (their alerts' events are in the outbox), before the store. */
	webhook_stop();
	store_close(ctx.store);
	throttle_free(ctx.login_failures);
	throttle_free(ctx.rates);
	password_shutdown();
	totp_shutdown();
	info("stopped");
	return 0;
}

static int with_store(struct config *cfg, const char *command, const char *file)
{
	struct store *store;
	struct buf result = BUF_INIT;
	int rc = 0, applied;

	if (store_open(&store, cfg->data_dir, 1))
		return 1;
	if (!strcmp(command, "migrate")) {
		/* store_open already applied what was pending; say so plainly. */
		rc = store_migrate(store, &applied);
		if (!rc)
			printf("roer: the store in %s is up to date\n", cfg->data_dir);
	} else if (!strcmp(command, "demo")) {
		rc = demo_create(store);
		if (!rc)
			printf("roer: demo client added to %s: sign in as %s (the client) or %s (her daughter) "
			       "with password \"%s\"\n", cfg->data_dir, DEMO_EMAIL, DEMO_CARER_EMAIL, DEMO_PASSWORD);
	} else if (!strcmp(command, "webhooks")) {
		unsigned long limit = 20;
		char *end = NULL;

		if (file) {
			limit = strtoul(file, &end, 10);
			if (*end || !limit || limit > 100000) {
				error("roer webhooks: '%s' is not a number of deliveries from 1 to 100000", file);
				rc = -1;
			}
		}
		if (!rc)
			rc = webhook_report(store, (unsigned)limit, stdout);
	} else if (!strcmp(command, "backup")) {
		rc = store_backup(store, file);
		if (!rc)
			printf("roer: backup written to %s\n", file);
	} else {
		rc = store_check(store, &result);
		if (!rc)
			printf("%s\n", result.data);
		if (strcmp(result.data, "ok"))
			rc = -1;
	}
	buf_release(&result);
	store_close(store);
	return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
	struct config cfg;
	const char *command = argc > 1 ? argv[1] : NULL;
	const char *file = NULL;
	int rc;

	if (!command || !strcmp(command, "--help") || !strcmp(command, "-h") || !strcmp(command, "help")) {
		usage(command ? stdout : stderr);
		return command ? 0 : 2;
	}
	if (!strcmp(command, "routes") || !strcmp(command, "vocabulary")) {
		/* Tables as data: the tests that cover every route or every word are generated from them. */
		json_t *table = !strcmp(command, "routes") ? route_table_json() : vocabulary_json();

		rc = json_dumpf(table, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER) || puts("") == EOF;
		json_decref(table);
		return rc ? 1 : 0;
	}
	if (!strcmp(command, "--version")) {
		printf("roer %s\n", ROER_VERSION);
		return 0;
	}
	if (strcmp(command, "serve") && strcmp(command, "migrate") && strcmp(command, "backup") &&
	    strcmp(command, "check") && strcmp(command, "demo") && strcmp(command, "webhooks")) {
		error("unknown command '%s' (see roer --help)", command);
		return 2;
	}
	config_init(&cfg);
	if (parse_settings(&cfg, argc, argv,
			   !strcmp(command, "backup") || !strcmp(command, "webhooks") ? &file : NULL)) {
		config_release(&cfg);
		return 2;
	}
	/* Days and times of day of readings are the client's local ones (measure/local_time.h). */
	if (local_time_init(cfg.time_zone)) {
		config_release(&cfg);
		return 2;
	}
	if (!strcmp(command, "backup") && !file) {
		error("roer backup needs a FILE to write");
		config_release(&cfg);
		return 2;
	}
	rc = !strcmp(command, "serve") ? serve(&cfg) : with_store(&cfg, command, file);
	config_release(&cfg);
	return rc;
}
