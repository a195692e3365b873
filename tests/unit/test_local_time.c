/*
 * Local days and minutes across the daylight-saving changes of
 * Europe/Amsterdam (2026-03-29: 02:00 CET becomes 03:00 CEST, a day of 23
 * hours; 2026-10-25: 03:00 CEST becomes 02:00 CET, a day of 25 hours), and
 * what the metrics built on them make of those days.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "measure/inr_ttr.h"
#include "measure/local_time.h"

#define MS(s) ((int64_t)(s) * 1000)
/* Days since 1970-01-01 of the dates involved. */
#define MAR_28 20540
#define MAR_29 20541
#define MAR_30 20542
#define OCT_24 20750
#define OCT_25 20751
#define OCT_26 20752
/* UTC seconds of moments around the changes. */
#define MAR_28_2300Z 1774738800LL /* 2026-03-28T23:00:00Z = 00:00 CET on the 29th */
#define MAR_29_0100Z 1774746000LL /* the change: 02:00 CET = 03:00 CEST */
#define MAR_29_2200Z 1774821600LL /* 00:00 CEST on the 30th */
#define OCT_24_2200Z 1792879200LL /* 00:00 CEST on the 25th */
#define OCT_25_0100Z 1792890000LL /* the change: 03:00 CEST = 02:00 CET */
#define OCT_25_2300Z 1792969200LL /* 00:00 CET on the 26th */

static int setup(void **state)
{
	(void)state;
	return local_time_init("Europe/Amsterdam");
}

static void day_numbers_are_dates(void **state)
{
	(void)state;
	/* The constants above are what they say: day numbers of UTC dates. */
	assert_int_equal(MAR_28_2300Z / 86400, MAR_28);
	assert_int_equal(OCT_25_0100Z / 86400, OCT_25);
}

static void spring_forward_day_has_23_hours(void **state)
{
	(void)state;
	assert_int_equal(local_day_start(MAR_29), MS(MAR_28_2300Z));
	assert_int_equal(local_day_start(MAR_30), MS(MAR_29_2200Z));
	assert_int_equal(local_day_start(MAR_30) - local_day_start(MAR_29), MS(23 * 3600));
	/* Just after local midnight is the new day, though UTC still says the 28th. */
	assert_int_equal(local_day(MS(MAR_28_2300Z)), MAR_29);
	assert_int_equal(local_day(MS(MAR_28_2300Z) - 1), MAR_28);
	assert_int_equal(local_day(MS(MAR_29_2200Z) - 1), MAR_29);
	assert_int_equal(local_day(MS(MAR_29_2200Z)), MAR_30);
	/* The clock jumps from 01:59 to 03:00: the minute before and the minute of the change. */
	assert_int_equal(local_minute(MS(MAR_29_0100Z - 60)), 1 * 60 + 59);
	assert_int_equal(local_minute(MS(MAR_29_0100Z)), 3 * 60);
}

static void fall_back_day_has_25_hours(void **state)
{
	(void)state;
	assert_int_equal(local_day_start(OCT_25), MS(OCT_24_2200Z));
	assert_int_equal(local_day_start(OCT_26), MS(OCT_25_2300Z));
	assert_int_equal(local_day_start(OCT_26) - local_day_start(OCT_25), MS(25 * 3600));
	assert_int_equal(local_day(MS(OCT_24_2200Z)), OCT_25);
	assert_int_equal(local_day(MS(OCT_24_2200Z) - 1), OCT_24);
	assert_int_equal(local_day(MS(OCT_25_2300Z) - 1), OCT_25);
	assert_int_equal(local_day(MS(OCT_25_2300Z)), OCT_26);
	/* 02:30 comes twice: an hour apart in UTC, the same minute of the local day. */
	assert_int_equal(local_minute(MS(OCT_25_0100Z - 1800)), 2 * 60 + 30);
	assert_int_equal(local_minute(MS(OCT_25_0100Z + 1800)), 2 * 60 + 30);
}

/*
 * INR by Rosendaal counts whole local days: tests at noon on 24 and 26
 * October are two days apart although 49 hours lie between them, and tests
 * at 23:30 on both sides of the spring change one day, though 23 hours.
 */
static void inr_counts_local_days_across_the_changes(void **state)
{
	struct inr_result r[2];
	struct inr_ttr ttr;

	(void)state;
	r[0] = (struct inr_result){ (int32_t)local_day(MS(OCT_24_2200Z - 12 * 3600)), 2.5 }; /* 24 Oct, 12:00 */
	r[1] = (struct inr_result){ (int32_t)local_day(MS(OCT_25_2300Z + 11 * 3600)), 2.5 }; /* 26 Oct, 12:00 */
	assert_int_equal(inr_ttr(r, 2, 2.0, 3.0, &ttr), 0);
	assert_int_equal(ttr.days_included, 2);
	assert_true(ttr.has_percent);
	assert_true(ttr.percent == 100.0);

	r[0] = (struct inr_result){ (int32_t)local_day(MS(MAR_28_2300Z - 1800)), 2.0 }; /* 28 Mar, 23:30 CET */
	r[1] = (struct inr_result){ (int32_t)local_day(MS(MAR_29_2200Z - 1800)), 3.0 }; /* 29 Mar, 23:30 CEST */
	assert_int_equal(inr_ttr(r, 2, 2.0, 3.0, &ttr), 0);
	assert_int_equal(ttr.days_included, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(day_numbers_are_dates),
		cmocka_unit_test(spring_forward_day_has_23_hours),
		cmocka_unit_test(fall_back_day_has_25_hours),
		cmocka_unit_test(inr_counts_local_days_across_the_changes),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
