#ifndef ROER_MEASURE_LOCAL_TIME_H
#define ROER_MEASURE_LOCAL_TIME_H

/*
 * Days and times of day as the client lives them: the server's zone
 * (Europe/Amsterdam unless ROER_TIME_ZONE says otherwise), through the C
 * library's zone database (tzdata), daylight saving included. Set once
 * at start with local_time_init(); thread-safe after that.
 */

#include <stdint.h>

/* Sets the zone for the process (NULL: Europe/Amsterdam). Returns 0, or -1 when the zone is unknown. */
int local_time_init(const char *zone);

/* The local day of a moment (milliseconds UTC), as days since 1970-01-01 on the local calendar. */
int64_t local_day(int64_t ms);

/* The local minute of the day of a moment (0 to 1439). */
int local_minute(int64_t ms);

/* The moment (milliseconds UTC) local midnight starts on local day `day`. */
int64_t local_day_start(int64_t day);

/*
 * The moment (milliseconds UTC) the local clock shows `minute` (0 to 1439)
 * on local day `day`: 09:00 is 9 hours after midnight on an ordinary day,
 * 8 on the day of 23 hours and 10 on the day of 25. For a minute the
 * clock skips or shows twice (between 02:00 and 03:00 on the days of the
 * change) it gives a moment within the hour around it; from 03:00 on the
 * answer is exact whatever the day.
 */
int64_t local_moment(int64_t day, int minute);

#endif
