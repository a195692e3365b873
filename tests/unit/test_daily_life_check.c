/*
 * daily_life_check as the alert scheduler will call it: against a real
 * store, without any request. Four weeks of an ordinary (plain) day and a
 * morning without any signal: exactly one deviation, under its key; the
 * client is on the scheduler's list while her sensors speak, and not once
 * they have been silent for two days. A signal sent twice is stored once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/daily_life_check.h"
#include "measure/local_time.h"
#include "store/daily_life.h"

#define DEC_02 20789

struct fill {
	int64_t client;
	int puts;                     /* signals stored */
	int put_twice;                /* STORE_NONE answers of a second put */
};

static int fill_body(struct store_tx *tx, void *ctx)
{
	struct fill *f = ctx;
	struct store_user u = { .email = "els@roer.example", .name = "Els", .language = "nl", .roles = 1,
				.password_hash = "x", .created_at = 1 };
	int rc;

	if ((rc = store_user_insert(tx, &u)) != STORE_ONE)
		return rc < 0 ? rc : STORE_HARD_ERROR;
	f->client = u.id;
	for (int64_t d = DEC_02 - 28; d < DEC_02; d++) {
		for (int m = 7 * 60 + 15 + (int)(d % 7); m < 22 * 60; m += 20) {
			struct store_daily_signal s = { 0, u.id, local_moment(d, m), m < 7 * 60 + 30 ? "bed_out" : "motion",
							m % 60 < 20 ? "Keuken" : "Woonkamer", 0, 1 };

			if ((rc = store_daily_signal_put(tx, &s)) != STORE_ONE)
				return rc < 0 ? rc : STORE_HARD_ERROR;
			f->puts++;
			f->put_twice += store_daily_signal_put(tx, &s) == STORE_NONE;
		}
	}
	return STORE_TX_KEEP;
}

struct check {
	int64_t client, now;
	int stop;                     /* what raise returns */
	int raised, rc;
	char keys[4][40];
	int clients;
	int64_t listed;
};

static int raise_one(const struct daily_life_deviation *d, void *ctx)
{
	struct check *c = ctx;

	if (c->raised < 4)
		snprintf(c->keys[c->raised], sizeof(c->keys[0]), "%s", d->key);
	c->raised++;
	return c->stop;
}

static int list_one(int64_t client, void *ctx)
{
	struct check *c = ctx;

	c->listed = client;
	return 0;
}

static int check_body(struct store_tx *tx, void *ctx)
{
	struct check *c = ctx;

	c->rc = daily_life_check(tx, c->client, c->now, raise_one, c);
	c->clients = daily_life_clients(tx, c->now, list_one, c);
	return STORE_TX_KEEP;
}

static void the_scheduler_gets_each_deviation_with_its_key(void **state)
{
	char dir[] = "/tmp/roer-daily-XXXXXX", cmd[64];
	struct store *s;
	struct fill f = { 0, 0, 0 };
	struct check c = { 0 };

	(void)state;
	assert_int_equal(local_time_init("Europe/Amsterdam"), 0);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(store_open(&s, dir, 1), 0);
	assert_int_equal(store_run(s, STORE_TX_WRITE, fill_body, &f), STORE_TX_KEEP);
	assert_true(f.puts > 28 * 40);
	assert_int_equal(f.put_twice, f.puts);

	/* 07:00: nothing is late yet, and she is on the list. */
	c.client = f.client;
	c.now = local_moment(DEC_02, 7 * 60);
	assert_int_equal(store_run(s, STORE_TX_READ, check_body, &c), STORE_TX_KEEP);
	assert_int_equal(c.rc, 0);
	assert_int_equal(c.raised, 0);
	assert_int_equal(c.clients, 1);
	assert_int_equal(c.listed, f.client);

	/* 10:00 without a signal: a late morning, once. */
	c.now = local_moment(DEC_02, 10 * 60);
	assert_int_equal(store_run(s, STORE_TX_READ, check_body, &c), STORE_TX_KEEP);
	assert_int_equal(c.rc, 1);
	assert_int_equal(c.raised, 1);
	assert_string_equal(c.keys[0], "late_morning:2026-12-02");

	/* 14:00: late, and silent since 09:00 too; a raise that fails stops the check with its value. */
	c.raised = 0;
	c.now = local_moment(DEC_02, 14 * 60);
	assert_int_equal(store_run(s, STORE_TX_READ, check_body, &c), STORE_TX_KEEP);
	assert_int_equal(c.rc, 2);
	assert_string_equal(c.keys[1], "silent_day:2026-12-02");
	c.raised = 0;
	c.stop = -7;
	assert_int_equal(store_run(s, STORE_TX_READ, check_body, &c), STORE_TX_KEEP);
	assert_int_equal(c.rc, -7);
	assert_int_equal(c.raised, 1);

	/* Two days later the sensors have said nothing for more than two days: off the list. */
	c.stop = 0;
	c.listed = 0;
	c.now = local_moment(DEC_02 + 2, 12 * 60);
	assert_int_equal(store_run(s, STORE_TX_READ, check_body, &c), STORE_TX_KEEP);
	assert_int_equal(c.clients, 0);
	assert_int_equal(c.listed, 0);

	store_close(s);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_scheduler_gets_each_deviation_with_its_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
