/*
 * libFuzzer target: the field validator and the record kinds' rules, the
 * way a handler runs them on a JSON body, without HTTP.
 *
 * Input: the first byte picks a field table (its value modulo the number of
 * tables: 0 rights, 1 invitation, 2 member, 3 help request, 4 closing a help
 * request, 5 message, 6 marking notifications read, then the record kinds
 * in the order of record_kinds[]: 7 what_matters ... 16 advance_care_plan);
 * the rest is the body, parsed as the dispatcher parses it.
 *
 * Besides the sanitizers, it checks what callers rely on:
 *  - a refusal names a field and says why; an acceptance is an object with
 *    only the table's fields, and its dates read back as written;
 *  - what was accepted is accepted again unchanged (it is what is stored,
 *    and a change re-validates it) and survives being stored as JSON text;
 *  - a kind's rule, run in a read transaction of a store holding the demo
 *    client (so references to her items resolve), refuses with a message
 *    or accepts, never fails the store; the defaults it fills still pass
 *    the fields; it also answers whether the item may change or go.
 *
 * Run with `make fuzz`; a finding is written to build/fuzz/fuzz_fields-crash-<sha1>
 * and replayed with `build/fuzz/fuzz_fields FILE`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/api.h"
#include "api/network.h"
#include "api/record.h"
#include "demo.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct table {
	const char *name;
	const struct field_spec *fields;
	const struct record_kind *kind;    /* NULL for a table that is not a record kind */
};

#define MAX_TABLES 64
static struct table tables[MAX_TABLES];
static size_t n_tables;

static struct store *store;
static int64_t client_id;
static char dir[256];

#define FAIL(...) (fprintf(stderr, "fuzz_fields: " __VA_ARGS__), fputc('\n', stderr), abort())

static void add_table(const char *name, const struct field_spec *fields, const struct record_kind *kind)
{
	if (n_tables == MAX_TABLES)
		FAIL("more than %d field tables", MAX_TABLES);
	tables[n_tables++] = (struct table){ name, fields, kind };
}

static void cleanup(void)
{
	char cmd[300];

	store_close(store);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "fuzz_fields: cannot remove %s\n", dir);
}

static int find_client(struct store_tx *tx, void *ctx)
{
	struct store_user u = { 0 };
	int rc = store_user_by_email(tx, DEMO_EMAIL, &u);

	(void)ctx;
	client_id = u.id;
	store_user_release(&u);
	return rc == STORE_ONE ? STORE_TX_KEEP : STORE_HARD_ERROR;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = access("/dev/shm", W_OK) ? getenv("TMPDIR") : "/dev/shm";

	(void)argc;
	(void)argv;
	log_set_quiet(1);
	add_table("rights", network_rights_fields, NULL);
	add_table("invitation", invitation_fields, NULL);
	add_table("member", member_fields, NULL);
	add_table("help_request", help_request_fields, NULL);
	add_table("help_request_close", help_request_close_fields, NULL);
	add_table("message", message_fields, NULL);
	add_table("notification_read", notification_read_fields, NULL);
	for (const struct record_kind *const *k = record_kinds; *k; k++)
		add_table((*k)->kind, (*k)->fields, *k);

	snprintf(dir, sizeof(dir), "%s/roer-fuzz-fields-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		FAIL("cannot make a directory like %s", dir);
	if (store_open(&store, dir, 1) || demo_create(store) ||
	    store_run(store, STORE_TX_READ, find_client, NULL) != STORE_TX_KEEP)
		FAIL("cannot set up the store with the demo client in %s", dir);
	atexit(cleanup);
	return 0;
}

/* Aborts unless spec names every field of `clean`. */
static void only_known_fields(const struct field_spec *spec, const json_t *clean)
{
	const char *key;
	json_t *v;

	if (!json_is_object(clean))
		FAIL("an accepted body is not an object");
	json_object_foreach((json_t *)clean, key, v) {
		const struct field_spec *f = spec;

		while (f->name && strcmp(f->name, key))
			f++;
		if (!f->name)
			FAIL("accepted field '%s' is not in the table", key);
		if (f->type == FIELD_DATE) {
			int64_t t;
			char back[21];

			/* A date that passed is a real one: it reads back as written. */
			if (time_parse_iso(json_string_value(v), &t))
				FAIL("accepted date %s does not parse", json_string_value(v));
			time_format_iso(t, back);
			if (strncmp(back, json_string_value(v), 10))
				FAIL("accepted date %s reads back as %.10s", json_string_value(v), back);
		} else if (f->type == FIELD_OBJECT) {
			only_known_fields(f->fields, v);
		} else if (f->type == FIELD_LIST) {
			size_t i;
			json_t *item;

			json_array_foreach(v, i, item)
				only_known_fields(f->fields, item);
		}
	}
}

static void refusal_is_explained(const struct field_error *err, const char *what)
{
	if (!err->message[0] || !memchr(err->message, '\0', sizeof(err->message)) ||
	    !memchr(err->field, '\0', sizeof(err->field)))
		FAIL("%s without a message", what);
	if (err->code != REFUSAL_INVALID && err->code != REFUSAL_CONFLICT)
		FAIL("%s with code %d", what, (int)err->code);
}

/* Aborts unless `clean` passes `spec` again unchanged and round-trips through its stored text. */
static void stable(const struct field_spec *spec, json_t *clean, const char *what)
{
	struct field_error err = { 0 };
	json_t *again = fields_validate(spec, clean, &err), *back;
	char *text;

	if (!again)
		FAIL("%s is refused when validated again: %s", what, err.message);
	if (!json_equal(again, clean))
		FAIL("%s changes when validated again", what);
	json_decref(again);
	if (!(text = json_dumps(clean, JSON_COMPACT)))
		FAIL("%s cannot be written as JSON", what);
	back = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	if (!back || !json_equal(back, clean))
		FAIL("%s does not survive its stored text %s", what, text);
	json_decref(back);
	free(text);
}

struct rule_case {
	const struct record_kind *kind;
	json_t *clean;
};

/* A rule's answer: 0 or 1 with a message; a store failure is a finding too. */
static int rule_answer(int rc, const struct field_error *err, const char *what)
{
	if (rc < 0 || rc > 1)
		FAIL("the %s rule answered %d", what, rc);
	if (rc)
		refusal_is_explained(err, what);
	return rc;
}

static int run_rules(struct store_tx *tx, void *ctx)
{
	struct rule_case *c = ctx;
	const struct record_kind *k = c->kind;
	json_t *item = json_deep_copy(c->clean);
	struct field_error err = { 0 };

	/* Creating: the rule may fill defaults, which must pass the fields. */
	if (!rule_answer(k->check(tx, client_id, item, NULL, &err), &err, k->kind))
		stable(k->fields, item, "an item with the rule's defaults");
	/* May the item as stored change or go at all, and may it become this? */
	memset(&err, 0, sizeof(err));
	rule_answer(k->check(tx, client_id, NULL, c->clean, &err), &err, k->kind);
	memset(&err, 0, sizeof(err));
	rule_answer(k->check(tx, client_id, item, c->clean, &err), &err, k->kind);
	record_unique_key(k, item);
	json_decref(item);
	return STORE_TX_KEEP;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct table *t;
	struct field_error err;
	json_error_t jerr;
	json_t *in, *clean;

	if (!size)
		return 0;
	t = &tables[data[0] % n_tables];
	in = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
	if (!in)
		return 0;
	memset(&err, 0, sizeof(err));
	clean = fields_validate(t->fields, in, &err);
	if (!clean) {
		refusal_is_explained(&err, "a refusal");
	} else {
		only_known_fields(t->fields, clean);
		stable(t->fields, clean, "an accepted body");
		if (t->kind && t->kind->check) {
			struct rule_case c = { t->kind, clean };

			if (store_run(store, STORE_TX_READ, run_rules, &c) != STORE_TX_KEEP)
				FAIL("the %s rules' read transaction failed", t->name);
		}
	}
	json_decref(clean);
	json_decref(in);
	return 0;
}
