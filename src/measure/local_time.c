/* Local days and minutes: see local_time.h. */
#include "measure/local_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/log.h"

int local_time_init(const char *zone)
{
	char path[256];

	if (!zone || !*zone)
		zone = "Europe/Amsterdam";
	/* glibc falls back to UTC without a word for a zone it cannot find: check the database first. */
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", zone);
	if (strstr(zone, "..") || access(path, R_OK))
		return error("time zone '%s' is not in the zone database (is tzdata installed?)", zone);
	if (setenv("TZ", zone, 1))
		return error("cannot set the time zone '%s'", zone);
	tzset();
	return 0;
}

static void local_tm(int64_t ms, struct tm *tm)
{
	time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);

	localtime_r(&t, tm);
}

int64_t local_day(int64_t ms)
{
	struct tm tm;

	local_tm(ms, &tm);
	/* The local date read as if it were a UTC one: its day number. */
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_isdst = 0;
	return (int64_t)timegm(&tm) / 86400;
}

int local_minute(int64_t ms)
{
	struct tm tm;

	local_tm(ms, &tm);
	return tm.tm_hour * 60 + tm.tm_min;
}

int64_t local_day_start(int64_t day)
{
	/* The UTC midnight of that date, then back by the zone's offset at that moment (mktime knows it). */
	time_t utc = (time_t)(day * 86400);
	struct tm tm;

	gmtime_r(&utc, &tm);
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm) * 1000;
}

int64_t local_moment(int64_t day, int minute)
{
	int64_t t = local_day_start(day) + (int64_t)minute * 60000;
	int64_t shown = (local_day(t) - day) * 1440 + local_minute(t);

	/* Counted in elapsed minutes from midnight, the clock is off by the day's change (if any) before it. */
	return t - (shown - minute) * 60000;
}
