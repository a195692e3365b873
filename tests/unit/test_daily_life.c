/*
 * The usual day and its deviations (measure/daily_life.h) on synthetic
 * weeks: a generator makes an ordinary day of an older woman living alone
 * (a bed sensor, motion in every room, a kitchen and a bathroom) with
 * jitter from a fixed seed, and each test changes one thing of one day.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "measure/daily_life.h"
#include "measure/local_time.h"
#include "util/timeutil.h"

/* 2026-12-02 and the days of the daylight-saving changes, as local day numbers. */
#define DEC_02 20789
#define MAR_29 20541
#define OCT_25 20751

static uint32_t seed;

/* A small LCG: the same weeks on every run. */
static int jitter(int range)
{
	seed = seed * 1103515245u + 12345u;
	return (int)((seed >> 16) % (unsigned)(2 * range + 1)) - range;
}

/* What to change of an ordinary day. */
struct day_opts {
	int wake;                     /* minute she gets up (0: the usual, about 07:15) */
	int no_kitchen_before;        /* minute before which the kitchen sees nothing (0: none) */
	int nights_out;               /* times out of bed in the night (-1: the usual 0 or 1) */
	int quiet_from, quiet_to;     /* minutes without any signal (0, 0: none) */
	int bath_at, bath_minutes;    /* a long visit to the bathroom (0: none) */
	int until;                    /* the last minute with signals (0: the whole day) */
};

static void add(struct daily_life_signals *l, int64_t day, int minute, int seconds, enum daily_life_type type,
		const char *place, const struct day_opts *o)
{
	if (minute < 0 || minute >= 1440)
		return;
	/* The quiet stretch is quiet everywhere but in the long visit to the bathroom. */
	if (o->quiet_to && minute >= o->quiet_from && minute < o->quiet_to &&
	    !(o->bath_minutes && minute >= o->bath_at && minute < o->bath_at + o->bath_minutes &&
	      !strcmp(place, "Badkamer")))
		return;
	if (o->until && minute > o->until)
		return;
	if (o->no_kitchen_before && minute < o->no_kitchen_before &&
	    (type == DAILY_LIFE_KITCHEN || type == DAILY_LIFE_FRIDGE || !strcmp(place, "Keuken")))
		return;
	assert_int_equal(daily_life_signals_add(l, local_moment(day, minute) + seconds * 1000, type, place), 0);
}

static void make_day(struct daily_life_signals *l, int64_t day, const struct day_opts *o)
{
	static const char *const rooms[] = { "Woonkamer", "Keuken", "Gang", "Woonkamer" };
	int wake = o->wake ? o->wake : 435 + jitter(20), m, nights = o->nights_out >= 0 ? o->nights_out : jitter(1) > 0;

	/* The night: in bed since yesterday, now and then out to the toilet. */
	for (int i = 0; i < nights; i++) {
		m = 60 + i * 50 + jitter(10);
		add(l, day, m, 0, DAILY_LIFE_BED_OUT, "Slaapkamer", o);
		add(l, day, m + 2, 0, DAILY_LIFE_TOILET, "Badkamer", o);
		add(l, day, m + 6, 0, DAILY_LIFE_BED_IN, "Slaapkamer", o);
	}
	/* Up, to the bathroom, the kitchen. */
	add(l, day, wake, 0, DAILY_LIFE_BED_OUT, "Slaapkamer", o);
	add(l, day, wake + 2, 0, DAILY_LIFE_TOILET, "Badkamer", o);
	add(l, day, wake + 5, 30, DAILY_LIFE_MOTION, "Badkamer", o);
	add(l, day, wake + 15 + jitter(5), 0, DAILY_LIFE_KITCHEN, "Keuken", o);
	add(l, day, wake + 20 + jitter(5), 0, DAILY_LIFE_FRIDGE, "Keuken", o);
	/* The day: moving about every 10 to 20 minutes, the toilet now and then. */
	for (m = wake + 35; m < 22 * 60 + 15; m += 15 + jitter(5)) {
		add(l, day, m, jitter(20) + 30, DAILY_LIFE_MOTION, rooms[(m / 15) % 4], o);
		if (m % 180 < 15) {
			add(l, day, m + 3, 0, DAILY_LIFE_TOILET, "Badkamer", o);
			add(l, day, m + 6, 0, DAILY_LIFE_MOTION, "Gang", o);
		}
	}
	add(l, day, 10 * 60 + 30 + jitter(10), 0, DAILY_LIFE_DOOR, "Voordeur", o);
	add(l, day, 12 * 60 + jitter(10), 0, DAILY_LIFE_KITCHEN, "Keuken", o);
	add(l, day, 18 * 60 + jitter(10), 0, DAILY_LIFE_KITCHEN, "Keuken", o);
	if (o->bath_minutes) {
		for (m = o->bath_at; m < o->bath_at + o->bath_minutes; m += 5)
			add(l, day, m, 1, DAILY_LIFE_MOTION, "Badkamer", o);
		add(l, day, o->bath_at, 2, DAILY_LIFE_TOILET, "Badkamer", o);
	}
	add(l, day, 22 * 60 + 30 + jitter(15), 0, DAILY_LIFE_BED_IN, "Slaapkamer", o);
}

static const struct day_opts ORDINARY = { 0, 0, -1, 0, 0, 0, 0, 0 };

/* `history` ordinary days before `today`, and today as `o` says. */
static void make_weeks(struct daily_life_signals *l, int64_t today, int history, const struct day_opts *o)
{
	seed = 20261202;
	for (int64_t d = today - history; d < today; d++)
		make_day(l, d, &ORDINARY);
	make_day(l, today, o);
}

/* Judges `today` at local time `minute` (1440: once it is over). */
static void judge(struct daily_life_signals *l, int64_t today, int minute, const struct daily_life_settings *s,
		  struct daily_life_result *r)
{
	int64_t now = minute >= 1440 ? local_day_start(today + 1) : local_moment(today, minute);

	daily_life_analyse(l, today, now, s, r);
}

/* Exactly one deviation, of this code (and variant, when given). */
static const struct daily_life_deviation *only(const struct daily_life_result *r, enum daily_life_code code,
					       const char *variant)
{
	if (r->n_deviations != 1)
		fail_msg("%zu deviations, the first %s", r->n_deviations, r->n_deviations ? r->deviations[0].key : "-");
	assert_int_equal(r->deviations[0].code, code);
	if (variant)
		assert_string_equal(r->deviations[0].variant, variant);
	assert_int_equal(r->status, DAILY_LIFE_DEVIATION);
	return &r->deviations[0];
}

static int setup(void **state)
{
	(void)state;
	return local_time_init("Europe/Amsterdam");
}

static void an_ordinary_day_raises_nothing(void **state)
{
	struct daily_life_signals l = DAILY_LIFE_SIGNALS_INIT;
	struct daily_life_result r;

	(void)state;
	make_weeks(&l, DEC_02, 28, &ORDINARY);
	for (int minute = 8 * 60; minute <= 1440; minute += 30) {
		judge(&l, DEC_02, minute, NULL, &r);
		if (r.n_deviations)
			fail_msg("at %02d:%02d: %s", minute / 60, minute % 60, r.deviations[0].key);
		assert_int_equal(r.status, DAILY_LIFE_NORMAL);
	}
	assert_int_equal(r.usual.days_with_data, 28);
	assert_false(r.usual.learning);
	assert_true(r.usual.bed_sensor);
	/* Up at about 07:15, in the kitchen by about 07:35: thresholds after both, before 09:00. */
	assert_in_range(r.usual.first_activity.median, 420, 450);
	assert_in_range(r.thresholds[DAILY_LIFE_FIRST_ACTIVITY_BY].learned, 470, 510);
	assert_int_equal(r.thresholds[DAILY_LIFE_FIRST_ACTIVITY_BY].learned % 5, 0);
	assert_in_range(r.thresholds[DAILY_LIFE_KITCHEN_BY].learned, 480, 540);
	assert_int_equal(r.thresholds[DAILY_LIFE_NIGHTS_OUT_MAX].learned, 2);
	assert_int_equal(r.thresholds[DAILY_LIFE_SILENT_MINUTES].learned, 240);
	assert_in_range(r.thresholds[DAILY_LIFE_BATHROOM_MINUTES_MAX].learned, 35, 60);
	assert_false(r.thresholds[DAILY_LIFE_FIRST_ACTIVITY_BY].set_by_client);
	assert_string_equal(l.places[r.usual.kitchen_place], "Keuken");
	assert_string_equal(l.places[r.usual.bathroom_place], "Badkamer");
	assert_in_range(r.features.parts[DAILY_LIFE_MORNING], 15, 40);
	daily_life_signals_release(&l);
}

static void a_late_morning_only_once_the_time_has_passed(void **state)
{
	struct daily_life_signals l = DAILY_LIFE_SIGNALS_INIT;
	struct day_opts o = ORDINARY;
	struct daily_life_result r;
	const struct daily_life_deviation *d;
	int by;

	(void)state;
	o.wake = 10 * 60 + 30;
	make_weeks(&l, DEC_02, 28, &o);
	judge(&l, DEC_02, 7 * 60, NULL, &r);
	assert_int_equal(r.n_deviations, 0);
	by = r.thresholds[DAILY_LIFE_FIRST_ACTIVITY_BY].value;
	judge(&l, DEC_02, by - 1, NULL, &r);
	assert_int_equal(r.n_deviations, 0);
	judge(&l, DEC_02, by, NULL, &r);
	d = only(&r, DAILY_LIFE_LATE_MORNING, "no_activity");
	assert_string_equal(d->key, "late_morning:2026-12-02");
	assert_string_equal(d->day, "2026-12-02");
	assert_int_equal(d->threshold, by);
	assert_in_range(d->usual, 420, 450);
	assert_true(d->usual_before <= by - 30 && d->usual_before % 5 == 0);
	assert_true(d->ongoing);
	/* Once she is up it still was a late morning; the same key, so it is raised once. */
	judge(&l, DEC_02, 1440, NULL, &r);
	d = only(&r, DAILY_LIFE_LATE_MORNING, "no_activity");
	assert_string_equal(d->key, "late_morning:2026-12-02");
	assert_false(d->ongoing);
	assert_int_equal(d->from, o.wake);
	daily_life_signals_release(&l);
}

static void no_movement_in_the_kitchen_yet(void **state)
{
	struct daily_life_signals l = DAILY_LIFE_SIGNALS_INIT;
	struct day_opts o = ORDINARY;
	struct daily_life_result r;
	const struct daily_life_deviation *d;

	(void)state;
	o.no_kitchen_before = 11 * 60;
	make_weeks(&l, DEC_02, 28, &o);
	judge(&l, DEC_02, 10 * 60, NULL, &r);
	d = only(&r, DAILY_LIFE_LATE_MORNING, "kitchen");
	assert_string_equal(d->place, "Keuken");
	assert_int_equal(d->threshold, r.thresholds[DAILY_LIFE_KITCHEN_BY].value);
	assert_true(d->usual < d->usual_before && d->usual_before <= d->threshold - 30);
	assert_true(d->ongoing);
	/* Looked back on at the end of the day: the kitchen's first use came late. */
	judge(&l, DEC_02, 1440, NULL, &r);
	d = only(&r, DAILY_LIFE_LATE_MORNING, "kitchen");
	assert_false(d->ongoing);
	assert_in_range(d->from, 11 * 60, 12 * 60 + 10);
	daily_life_signals_release(&l);
}

static void a_night_of_wandering(void **state)
{
	struct daily_life_signals l = DAILY_LIFE_SIGNALS_INIT;
	struct day_opts o = ORDINARY;
	struct daily_life_result r;
	const struct daily_life_deviation *d;

	(void)state;
	o.nights_out = 4;
	make_weeks(&l, DEC_02, 28, &o);
	judge(&l, DEC_02, 12 * 60, NULL, &r);
	d = only(&r, DAILY_LIFE_NIGHT_WANDERING, "times");
	assert_int_equal(d->count, 4);
	assert_int_equal(d->threshold, 2);
	assert_string_equal(d->key, "night_wandering:2026-12-02");
	daily_life_signals_release(&l);

	/* Twice is within her usual (p90 of once a night, + 1): nothing. */
	o.nights_out = 2;
	make_weeks(&l, DEC_02, 28, &o);
	judge(&l, DEC_02, 12 * 60, NULL, &r);
	assert_int_equal(r.n_deviations, 0);
	daily_life_signals_release(&l);
}

static void a_silent_afternoon_once_it_has_lasted(void **state)
{
	struct daily_life_signals l = DAILY_LIFE_SIGNALS_INIT;
	struct day_opts o = ORDINARY;
	struct daily_life_result r;
	const struct daily_life_deviation *d;

	(void)state;
	/* Nothing from 11:00 on (as of 15:30 she has not been seen for 4.5 hours). */
	o.until = 11 * 60;
	make_weeks(&l, DEC_02, 28, &o);
	judge(&l, DEC_02, 14 * 60, NULL, &r);
	assert_int_equal(r.n_deviations, 0);
	judge(&l, DEC_02, 15 * 60 + 30, NULL, &r);
	d = only(&r, DAILY_LIFE_SILENT_DAY, NULL);
	assert_true(d->ongoing);
	assert_true(d->minutes >= 240 && d->minutes <= 275);
	assert_int_equal(d->to, 15 * 60 + 30);
	assert_in_range(d->usual, 3, 5);
	daily_life_signals_release(&l);

	/* A silence that ended: judged over the whole day, not going on. */
	o.until = 0;
	o.quiet_from = 11 * 60;
	o.quiet_to = 16 * 60;
	make_weeks(&l, DEC_02, 28, &o);
	judge(&l, DEC_02, 1440, NULL, &r);
	d = only(&r, DAILY_LIFE_SILENT_DAY, NULL);
	assert_false(d->ongoing);
	assert_in_range(d->from, 10 * 60 + 40, 11 * 60);
	assert_in_range(d->to, 16 * 60, 16 * 60 + 25);
	daily_life_signals_release(&l);
}

static void a_long_time_in_the_bathroom(void **state)
{
	struct daily_life_signals l = DAILY_LIFE_SIGNALS_INIT;
	struct day_opts o = ORDINARY;
	struct daily_life_result r;
	const struct daily_life_deviation *d;

	(void)state;
	o.bath_at = 14 * 60 + 2;
	o.bath_minutes = 75;
	o.quiet_from = 14 * 60;
	o.quiet_to = 15 * 60 + 20;
	make_weeks(&l, DEC_02, 28, &o);
	judge(&l, DEC_02, 1440, NULL, &r);
	d = only(&r, DAILY_LIFE_LONG_BATHROOM, NULL);
	assert_string_equal(d->place, "Badkamer");
	assert_in_range(d->minutes, 75, 100);
	assert_int_equal(d->from, 14 * 60 + 2);
	assert_true(d->usual < d->threshold);
	daily_life_signals_release(&l);

	/* Gone to the bathroom at 14:02 and not seen since: as of 15:00 the visit is going on and too long. */
	o = ORDINARY;
	o.until = 14 * 60 + 2;
	o.bath_at = 14 * 60 + 2;
	o.bath_minutes = 1;
	o.quiet_from = 13 * 60 + 50;
	o.quiet_to = 14 * 60 + 2;
	make_weeks(&l, DEC_02, 28, &o);
	judge(&l, DEC_02, 15 * 60, NULL, &r);
	d = only(&r, DAILY_LIFE_LONG_BATHROOM, NULL);
	assert_true(d->ongoing);
	assert_in_range(d->minutes, 57, 58);
	daily_life_signals_release(&l);
}

static void too_little_history_is_still_learning(void **state)
{
	struct daily_life_signals l = DAILY_LIFE_SIGNALS_INIT;
	struct daily_life_settings own = { { DAILY_LIFE_NONE, DAILY_LIFE_NONE, DAILY_LIFE_NONE, DAILY_LIFE_NONE,
					     DAILY_LIFE_NONE, DAILY_LIFE_NONE } };
	struct day_opts o = ORDINARY;
	struct daily_life_result r;

	(void)state;
	o.wake = 11 * 60;
	make_weeks(&l, DEC_02, 6, &o);
	judge(&l, DEC_02, 12 * 60, NULL, &r);
	assert_int_equal(r.usual.days_with_data, 6);
	assert_true(r.usual.learning);
	assert_int_equal(r.status, DAILY_LIFE_LEARNING);
	assert_int_equal(r.n_deviations, 0);
	for (int i = 0; i < DAILY_LIFE_THRESHOLDS; i++)
		assert_int_equal(r.thresholds[i].value, DAILY_LIFE_NONE);
	/* What the client set is judged while Roer learns. */
	own.value[DAILY_LIFE_FIRST_ACTIVITY_BY] = 9 * 60;
	judge(&l, DEC_02, 12 * 60, &own, &r);
	assert_int_equal(only(&r, DAILY_LIFE_LATE_MORNING, "no_activity")->threshold, 9 * 60);
	daily_life_signals_release(&l);

	/* Seven days are enough. */
	make_weeks(&l, DEC_02, 7, &o);
	judge(&l, DEC_02, 12 * 60, NULL, &r);
	assert_false(r.usual.learning);
	only(&r, DAILY_LIFE_LATE_MORNING, "no_activity");
	daily_life_signals_release(&l);
}

static void the_clients_threshold_overrides(void **state)
{
	struct daily_life_signals l = DAILY_LIFE_SIGNALS_INIT;
	struct daily_life_settings own = { { DAILY_LIFE_NONE, DAILY_LIFE_NONE, DAILY_LIFE_NONE, DAILY_LIFE_NONE,
					     DAILY_LIFE_NONE, DAILY_LIFE_NONE } };
	struct day_opts o = ORDINARY;
	struct daily_life_result r;
	int learned;

	(void)state;
	o.wake = 8 * 60 + 50;           /* later than usual, but not late by her own setting */
	make_weeks(&l, DEC_02, 28, &o);
	judge(&l, DEC_02, 12 * 60, NULL, &r);
	only(&r, DAILY_LIFE_LATE_MORNING, "no_activity");
	learned = r.thresholds[DAILY_LIFE_FIRST_ACTIVITY_BY].learned;
	own.value[DAILY_LIFE_FIRST_ACTIVITY_BY] = 10 * 60;
	own.value[DAILY_LIFE_KITCHEN_BY] = 10 * 60;
	judge(&l, DEC_02, 12 * 60, &own, &r);
	assert_int_equal(r.n_deviations, 0);
	assert_int_equal(r.thresholds[DAILY_LIFE_FIRST_ACTIVITY_BY].value, 10 * 60);
	assert_int_equal(r.thresholds[DAILY_LIFE_FIRST_ACTIVITY_BY].learned, learned);
	assert_true(r.thresholds[DAILY_LIFE_FIRST_ACTIVITY_BY].set_by_client);
	/* And the other way: stricter than learned. */
	own.value[DAILY_LIFE_NIGHTS_OUT_MAX] = 0;
	o = ORDINARY;
	o.nights_out = 1;
	daily_life_signals_release(&l);
	make_weeks(&l, DEC_02, 28, &o);
	judge(&l, DEC_02, 12 * 60, &own, &r);
	assert_int_equal(only(&r, DAILY_LIFE_NIGHT_WANDERING, "times")->threshold, 0);
	daily_life_signals_release(&l);
}

/* Around both changes: days of 23 and 25 hours are ordinary days, their times read on the clock. */
static void days_across_daylight_saving(void **state)
{
	static const int64_t days[] = { MAR_29, OCT_25 };
	struct daily_life_signals l = DAILY_LIFE_SIGNALS_INIT;
	struct day_opts o = ORDINARY;
	struct daily_life_result r;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		o.wake = 7 * 60 + 15;
		/* The change in the middle of the history, and on the day itself. */
		for (int64_t today = days[i]; today <= days[i] + 14; today += 14) {
			make_weeks(&l, today, 28, &o);
			judge(&l, today, 1440, NULL, &r);
			if (r.n_deviations)
				fail_msg("%s", r.deviations[0].key);
			assert_int_equal(r.status, DAILY_LIFE_NORMAL);
			assert_int_equal(r.features.first_activity, 7 * 60 + 15);
			assert_in_range(r.usual.first_activity.median, 420, 450);
			assert_int_equal(r.usual.days_with_data, 28);
			daily_life_signals_release(&l);
		}
		/* Late on the day of the change itself, judged by the clock. */
		o.wake = 11 * 60;
		make_weeks(&l, days[i], 28, &o);
		judge(&l, days[i], 10 * 60, NULL, &r);
		only(&r, DAILY_LIFE_LATE_MORNING, "no_activity");
		daily_life_signals_release(&l);
	}
	/* 09:00 on the day of 23 hours is 8 hours after midnight; on the day of 25, 10. */
	assert_int_equal(local_moment(MAR_29, 540) - local_day_start(MAR_29), 8 * 3600000LL);
	assert_int_equal(local_moment(OCT_25, 540) - local_day_start(OCT_25), 10 * 3600000LL);
	assert_int_equal(local_moment(DEC_02, 540) - local_day_start(DEC_02), 9 * 3600000LL);
}

static void a_past_day_without_signals_is_no_data(void **state)
{
	struct daily_life_signals l = DAILY_LIFE_SIGNALS_INIT;
	struct daily_life_result r;

	(void)state;
	make_weeks(&l, DEC_02 - 1, 28, &ORDINARY);
	daily_life_analyse(&l, DEC_02 + 1, local_day_start(DEC_02 + 3), NULL, &r);
	assert_int_equal(r.status, DAILY_LIFE_NO_DATA);
	assert_int_equal(r.n_deviations, 0);
	/* Today, without a signal since midnight, is judged: not up, and silent. */
	daily_life_analyse(&l, DEC_02, local_moment(DEC_02, 14 * 60), NULL, &r);
	assert_int_equal(r.n_deviations, 2);
	assert_int_equal(r.deviations[0].code, DAILY_LIFE_LATE_MORNING);
	assert_int_equal(r.deviations[1].code, DAILY_LIFE_SILENT_DAY);
	daily_life_signals_release(&l);
}

static void names_and_days(void **state)
{
	int64_t day;
	char name[11];

	(void)state;
	assert_int_equal(daily_life_type_parse("bed_out"), DAILY_LIFE_BED_OUT);
	assert_int_equal(daily_life_type_parse("sofa"), -1);
	assert_int_equal(daily_life_day_parse("2026-12-02", &day), 0);
	assert_int_equal(day, DEC_02);
	daily_life_day_name(day, name);
	assert_string_equal(name, "2026-12-02");
	assert_int_equal(daily_life_day_parse("2026-02-30", &day), -1);
	assert_int_equal(daily_life_day_parse("2026-12-02T10:00Z", &day), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(an_ordinary_day_raises_nothing),
		cmocka_unit_test(a_late_morning_only_once_the_time_has_passed),
		cmocka_unit_test(no_movement_in_the_kitchen_yet),
		cmocka_unit_test(a_night_of_wandering),
		cmocka_unit_test(a_silent_afternoon_once_it_has_lasted),
		cmocka_unit_test(a_long_time_in_the_bathroom),
		cmocka_unit_test(too_little_history_is_still_learning),
		cmocka_unit_test(the_clients_threshold_overrides),
		cmocka_unit_test(days_across_daylight_saving),
		cmocka_unit_test(a_past_day_without_signals_is_no_data),
		cmocka_unit_test(names_and_days),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
