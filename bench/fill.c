/*
 * Adds N rows to one of a client's lists, through the store layer, in the
 * store of a stopped server's data directory. The growth benchmark fills its
 * lists with this: through HTTP a million rows would take hours.
 *
 * usage: fill DIR LIST CLIENT MEMBER N
 *   LIST    audit, messages, notifications, help_requests, members, goals, checkins or clients
 *   CLIENT  whose list it is (an existing account); for clients: the professional whose
 *           clients they become
 *   MEMBER  an existing member of CLIENT's network: the other actor in the
 *           audit rows, the other party of the messages, the actor of the
 *           notifications, whom some help requests are for
 *
 * The rows look like the ones the server writes for the same actions (the
 * same kinds, objects and JSON fields), with times spread over the past.
 * Rows are added in transactions of BATCH rows.
 *
 * The store is being reworked (a transaction runner, store_run); all of this
 * program's use of transactions is in fill_batches(), so that is the one
 * place to adapt. The row functions only call store_*_insert on a given tx.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/alerts.h"
#include "store/store.h"
#include "store/triage.h"
#include "util/log.h"
#include "util/timeutil.h"

#define BATCH 10000

struct fill {
	int64_t client, member;
	long n;
	int64_t start;      /* the time of row 0; row i is STEP seconds later */
};

#define STEP 60

static const char software[] = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

static const char *const sentences[] = {
	"Hoi mam, ik kom dinsdag om tien uur langs voor de boodschappen.",
	"Fijn, ik maak een lijstje. Neem je de krant mee?",
	"Hoe was de nacht? Je klonk gisteren moe.",
	"De fysiotherapeut komt donderdag om half drie.",
	"Zal ik zaterdag de tuin doen? Dan kunnen we daarna koffie drinken.",
	"Ik heb de huisarts gebeld, de uitslag komt volgende week.",
	"Goed geslapen vandaag, en even in het park gewandeld.",
	"Vergeet je niet je pillen van de avond te nemen?",
};
#define SENTENCE(i) sentences[(unsigned long)(i) % (sizeof(sentences) / sizeof(sentences[0]))]

static int64_t at(const struct fill *f, long i)
{
	return f->start + (int64_t)i * STEP;
}

/* Mostly the client's own looks at their record, every tenth one a member's. */
static int audit_row(struct store_tx *tx, const struct fill *f, long i)
{
	static const char *const categories[][2] = {
		{ "plan", "goal" }, { "checkins", "checkin" }, { "balance", "balance" }, { "what_matters", "profile" },
		{ "messages", "thread/0" }, { "help_requests", "help_requests" }, { "audit", NULL },
	};
	const char *const *c = categories[(unsigned long)i % (sizeof(categories) / sizeof(categories[0]))];
	struct store_audit a = {
		.at = at(f, i), .actor_id = i % 10 == 9 ? f->member : f->client, .client_id = f->client,
		.software = software, .action = i % 7 == 3 ? "update" : "read", .category = c[0], .object = c[1],
		.outcome = "success", .address = "127.0.0.1",
	};

	return store_audit_insert(tx, &a);
}

/* The conversation (thread 0) and the one-to-one thread with the member, in turn. */
static int message_row(struct store_tx *tx, const struct fill *f, long i)
{
	struct store_message m = {
		.client_id = f->client, .thread = i % 2 ? f->member : 0, .author_id = i % 3 ? f->client : f->member,
		.text = SENTENCE(i), .at = at(f, i),
	};
	int64_t id;

	return store_message_insert(tx, &m, &id);
}

/* What the member did around the client, told to the client. */
static int notification_row(struct store_tx *tx, const struct fill *f, long i)
{
	char object[40];
	struct store_notification n = {
		.user_id = f->client, .kind = i % 2 ? "help_offered" : "message", .client_id = f->client,
		.actor_id = f->member, .object = object, .at = at(f, i),
	};

	if (i % 2)
		snprintf(object, sizeof(object), "help_request/%ld", i + 1);
	else
		snprintf(object, sizeof(object), "thread/0");
	return store_notification_insert(tx, &n);
}

/* A request for a day, some only for the member (as POST /help-requests stores it). */
static int help_row(struct store_tx *tx, const struct fill *f, long i)
{
	char day[21], data[300];
	int64_t id;

	time_format_iso(at(f, i) + 3 * 86400, day);
	day[10] = '\0';
	if (i % 4 == 0)
		snprintf(data, sizeof(data), "{\"text\":\"Rijden naar de cardioloog\",\"day\":\"%s\",\"time\":\"14:30\","
			 "\"for\":[%lld]}", day, (long long)f->member);
	else
		snprintf(data, sizeof(data), "{\"text\":\"Boodschappen doen\",\"day\":\"%s\",\"time\":\"10:00\"}", day);
	return store_help_insert(tx, f->client, f->client, at(f, i), data, &id);
}

/* A new account in the client's network, seeing the plan (as an accepted invitation leaves it). */
static int member_row(struct store_tx *tx, const struct fill *f, long i)
{
	static const char *const roles[] = { "naaste", "mantelzorger", "buur", "vrijwilliger" };
	char email[80], name[40];
	struct store_user u = { .email = email, .name = name, .language = "nl", .roles = ROLE_CLIENT,
				.password_hash = "!" };
	int rc;

	snprintf(email, sizeof(email), "lid-%lld-%ld-%d@example.nl", (long long)f->client, i, (int)getpid());
	snprintf(name, sizeof(name), "Lid %ld", i);
	if ((rc = store_user_insert(tx, &u)) != STORE_ONE)
		return rc < 0 ? rc : STORE_HARD_ERROR;
	if ((rc = store_member_add(tx, f->client, u.id, roles[i % 4], NULL, at(f, i))) < 0)
		return rc;
	return store_right_set(tx, f->client, u.id, "plan", 1, 0);
}

static int goal_row(struct store_tx *tx, const struct fill *f, long i)
{
	char data[300];
	int64_t id;

	snprintf(data, sizeof(data), "{\"text\":\"Weer zelf boodschappen doen, stap %ld\",\"domains\":"
		 "[\"participation\",\"daily_life\"],\"status\":\"%s\"}", i, i % 5 ? "reached" : "active");
	return store_item_insert(tx, f->client, "goal", f->client, at(f, i), data, NULL, &id);
}

static int checkin_row(struct store_tx *tx, const struct fill *f, long i)
{
	char data[300];
	int64_t id;

	snprintf(data, sizeof(data), "{\"mood\":%ld,\"text\":\"%s\"}", 1 + i % 5, SENTENCE(i));
	return store_item_insert(tx, f->client, "checkin", f->client, at(f, i), data, NULL, &id);
}

/*
 * A new client whose network the professional (f->client) is in, sharing
 * alerts, help requests, balance and check-ins. One in ten has an alert
 * nobody took up (urgent and warning in turn), one in twenty an open help
 * request, one in twenty-five a low check-in: what triage ranks.
 */
static int client_row(struct store_tx *tx, const struct fill *f, long i)
{
	static const char *const shared[] = { "alerts", "help_requests", "balance", "checkins" };
	char email[80], name[40];
	struct store_user u = { .email = email, .name = name, .language = "nl", .roles = ROLE_CLIENT,
				.password_hash = "!" };
	unsigned parts = 0;
	int64_t id;
	int rc;

	snprintf(email, sizeof(email), "client-%lld-%ld-%d@example.nl", (long long)f->client, i, (int)getpid());
	snprintf(name, sizeof(name), "Client %05ld", i);
	if ((rc = store_user_insert(tx, &u)) != STORE_ONE)
		return rc < 0 ? rc : STORE_HARD_ERROR;
	if ((rc = store_member_add(tx, u.id, f->client, "professional", "huisarts", at(f, i))) < 0)
		return rc;
	for (size_t k = 0; k < sizeof(shared) / sizeof(shared[0]); k++)
		if ((rc = store_right_set(tx, u.id, f->client, shared[k], 1, 0)) < 0)
			return rc;
	if (i % 10 == 0) {
		struct store_alert a = {
			.client_id = u.id, .kind = "urgent", .severity = i % 20 ? "warning" : "urgent",
			.details = "{\"code\":\"urgent_low\",\"measure_kind\":\"cgm\",\"value\":2.7,\"limit\":3}",
			.raised_at = at(f, i), .chain = "[]", .step_minutes = 10, .then_everyone = 1,
		};

		if ((rc = store_alert_insert(tx, &a, &id)) < 0)
			return rc;
		parts |= SUMMARY_ALERTS;
	}
	if (i % 20 == 5) {
		if ((rc = store_help_insert(tx, u.id, u.id, at(f, i), "{\"text\":\"Boodschappen doen\",\"day\":\"2026-12-20\"}",
					    &id)) < 0)
			return rc;
		parts |= SUMMARY_HELP;
	}
	if (i % 25 == 7) {
		if ((rc = store_item_insert(tx, u.id, "checkin", u.id, at(f, i), "{\"mood\":1}", NULL, &id)) < 0)
			return rc;
		parts |= SUMMARY_CHECKINS;
	}
	return parts ? store_summary_refresh(tx, u.id, parts, at(f, i)) : 0;
}

/* After the notifications: the client has read them, as people do (the newest few come unread later). */
static int notifications_done(struct store_tx *tx, const struct fill *f)
{
	return store_notifications_mark_read(tx, f->client, 0);
}

static const struct list {
	const char *name;
	int (*row)(struct store_tx *tx, const struct fill *f, long i);
	int (*done)(struct store_tx *tx, const struct fill *f);
} lists[] = {
	{ "audit", audit_row, NULL },
	{ "messages", message_row, NULL },
	{ "notifications", notification_row, notifications_done },
	{ "help_requests", help_row, NULL },
	{ "members", member_row, NULL },
	{ "goals", goal_row, NULL },
	{ "checkins", checkin_row, NULL },
	{ "clients", client_row, NULL },
};

/* One batch: rows [from, to) of a list, or its last step (from == to). */
struct batch {
	const struct list *l;
	const struct fill *f;
	long from, to;
};

static int batch_body(struct store_tx *tx, void *ctx)
{
	const struct batch *b = ctx;
	int rc;

	if (b->from == b->to)
		return b->l->done(tx, b->f) < 0 ? STORE_HARD_ERROR : STORE_TX_KEEP;
	for (long i = b->from; i < b->to; i++)
		if ((rc = b->l->row(tx, b->f, i)) < 0)
			return error("cannot add row %ld to '%s'", i, b->l->name), rc;
	return STORE_TX_KEEP;
}

/* All of this program's transactions: BATCH rows each through the store's runner, then l->done in a last one. */
static int fill_batches(struct store *s, const struct list *l, const struct fill *f)
{
	for (long i = 0; i < f->n; i += BATCH) {
		struct batch b = { l, f, i, i + BATCH < f->n ? i + BATCH : f->n };

		if (store_run(s, STORE_TX_WRITE, batch_body, &b) < 0)
			return -1;
	}
	if (l->done) {
		struct batch b = { l, f, 0, 0 };

		if (store_run(s, STORE_TX_WRITE, batch_body, &b) < 0)
			return error("cannot finish '%s'", l->name);
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct list *l = NULL;
	struct store *s;
	struct fill f;
	int rc;

	if (argc != 6) {
		fprintf(stderr, "usage: fill DIR LIST CLIENT MEMBER N\n");
		return 2;
	}
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (!strcmp(argv[2], lists[i].name))
			l = &lists[i];
	if (!l) {
		fprintf(stderr, "fill: unknown list '%s'\n", argv[2]);
		return 2;
	}
	f.client = atoll(argv[3]);
	f.member = atoll(argv[4]);
	f.n = atol(argv[5]);
	if (f.client <= 0 || f.member <= 0 || f.n < 0) {
		fprintf(stderr, "fill: CLIENT and MEMBER must be ids, N a count\n");
		return 2;
	}
	f.start = time_now() - (int64_t)f.n * STEP;
	if (store_open(&s, argv[1], 1))
		return 1;
	rc = fill_batches(s, l, &f);
	store_close(s);
	return rc ? 1 : 0;
}
