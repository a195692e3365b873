/*
 * A kind's rules know nothing of HTTP: they return a structured refusal
 * (code, field, message) that the API, the demo and imports each turn into
 * what they need. Run here against a real store, without any request.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/record.h"
#include "store/store.h"

struct case_ctx {
	const struct record_kind *kind;
	json_t *item;
	json_t *old;
	struct field_error err;
	int rc;
};

static int run_check(struct store_tx *tx, void *ctx)
{
	struct case_ctx *c = ctx;

	memset(&c->err, 0, sizeof(c->err));
	c->rc = c->kind->check(tx, 1, c->item, c->old, &c->err);
	return STORE_TX_KEEP;
}

static struct store *open_store(char *dir)
{
	struct store *s;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(store_open(&s, dir, 1), 0);
	return s;
}

static void close_store(struct store *s, const char *dir)
{
	char cmd[128];

	store_close(s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void refusals_are_structured(void **state)
{
	char dir[] = "/tmp/roer-rules-XXXXXX";
	struct store *s = open_store(dir);
	struct case_ctx c = { 0 };

	(void)state;
	/* A discipline for an action nobody professional does: invalid, naming the field. */
	c.kind = &record_actions;
	c.item = json_pack("{s:i,s:s,s:s,s:s,s:s}", "goal_id", 1, "what", "wandelen", "who", "self", "how", "zelf",
			   "who_discipline", "huisarts");
	assert_int_equal(store_run(s, STORE_TX_READ, run_check, &c), STORE_TX_KEEP);
	assert_int_equal(c.rc, 1);
	assert_int_equal(c.err.code, REFUSAL_INVALID);
	assert_string_equal(c.err.field, "who_discipline");
	assert_non_null(strstr(c.err.message, "professional"));
	json_decref(c.item);

	/* A reference to a goal that is not there: invalid, naming the field. */
	c.item = json_pack("{s:i,s:s,s:s,s:s}", "goal_id", 99, "what", "wandelen", "who", "self", "how", "zelf");
	assert_int_equal(store_run(s, STORE_TX_READ, run_check, &c), STORE_TX_KEEP);
	assert_int_equal(c.rc, 1);
	assert_string_equal(c.err.field, "goal_id");
	json_decref(c.item);

	/* A decided decision may not change: a conflict without a field. */
	c.kind = &record_decisions;
	c.item = NULL;
	c.old = json_pack("{s:s,s:s,s:s}", "question", "Verhuizen?", "choice", "Ja", "decided_on", "2026-11-01");
	assert_int_equal(store_run(s, STORE_TX_READ, run_check, &c), STORE_TX_KEEP);
	assert_int_equal(c.rc, 1);
	assert_int_equal(c.err.code, REFUSAL_CONFLICT);
	assert_string_equal(c.err.field, "");
	json_decref(c.old);

	/* What holds passes, and defaults are filled. */
	c.kind = &record_goals;
	c.old = NULL;
	c.item = json_pack("{s:s}", "text", "Weer fietsen");
	assert_int_equal(store_run(s, STORE_TX_READ, run_check, &c), STORE_TX_KEEP);
	assert_int_equal(c.rc, 0);
	assert_string_equal(json_string_value(json_object_get(c.item, "status")), "active");
	json_decref(c.item);
	close_store(s, dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refusals_are_structured),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
