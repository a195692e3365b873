#include "util/timeutil.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#ifdef ROER_TEST_CLOCK
#include <stdlib.h>

/*
 * Test builds only (the sanitizer build): ROER_TEST_CLOCK_FILE names a file
 * holding a number of seconds to add to the wall clock, read at every call,
 * so a test can let an invitation or a right run out without waiting. The
 * release binary has no such knob.
 */
static int64_t test_clock_offset(void)
{
	const char *path = getenv("ROER_TEST_CLOCK_FILE");
	long long offset = 0;
	FILE *f;

	if (!path || !(f = fopen(path, "r")))
		return 0;
	if (fscanf(f, "%lld", &offset) != 1)
		offset = 0;
	fclose(f);
	return offset;
}

/*
 * ROER_TEST_LIMITS_CLOCK_FILE names a file holding the milliseconds the
 * rate limits' clock shows; while it holds a number, that clock stands still.
 */
static bool test_limits_clock(int64_t *ms)
{
	const char *path = getenv("ROER_TEST_LIMITS_CLOCK_FILE");
	long long value;
	bool ok;
	FILE *f;

	if (!path || !(f = fopen(path, "r")))
		return false;
	ok = fscanf(f, "%lld", &value) == 1;
	fclose(f);
	if (ok)
		*ms = value;
	return ok;
}
#else
static int64_t test_clock_offset(void)
{
	return 0;
}

static bool test_limits_clock(int64_t *ms)
{
	(void)ms;
	return false;
}
#endif

int64_t time_now(void)
{
	return (int64_t)time(NULL) + test_clock_offset();
}

int64_t time_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_limits_ms(void)
{
	int64_t ms;

	return test_limits_clock(&ms) ? ms : time_monotonic_ms();
}

void time_format_iso(int64_t t, char out[21])
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int time_parse_iso(const char *s, int64_t *t)
{
	int y, mo, d, h = 0, mi = 0, sec = 0;
	size_t len = strlen(s);
	struct tm tm = { 0 };
	time_t r;

	if (len < 10 || digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, 2, &d))
		return -1;
	if (len == 10)
		goto build;
	if (s[10] != 'T' || len < 17 || digits(s + 11, 2, &h) || s[13] != ':' ||
	    digits(s + 14, 2, &mi))
		return -1;
	if (len == 17 && s[16] == 'Z')
		goto build;
	if (len != 20 || s[16] != ':' || digits(s + 17, 2, &sec) || s[19] != 'Z')
		return -1;
build:
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59 || y < 1970)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	r = timegm(&tm);
	/* timegm normalises 30 February to 2 March: refuse such dates. */
	if (tm.tm_mday != d || tm.tm_mon != mo - 1)
		return -1;
	*t = (int64_t)r;
	return 0;
}

/*
 * Parses the seconds, fraction and zone that may follow "HH:MM" at s:
 * "", ":SS", ":SS.f" to ":SS.fffffffff" (cut to milliseconds), then "Z",
 * "+HH:MM", "-HH:MM", "+HHMM" or "-HHMM". Returns 0 or -1.
 */
static int parse_rest(const char *s, int *sec, int *ms, int *offset_min)
{
	int oh, om;

	*sec = *ms = *offset_min = 0;
	if (*s == ':') {
		if (digits(s + 1, 2, sec))
			return -1;
		s += 3;
		if (*s == '.') {
			int n = 0;

			for (s++; *s >= '0' && *s <= '9'; s++, n++)
				if (n < 3)
					*ms = *ms * 10 + (*s - '0');
			if (n == 0 || n > 9)
				return -1;
			for (; n < 3; n++)
				*ms *= 10;
		}
	}
	if (!strcmp(s, "Z"))
		return 0;
	if ((*s != '+' && *s != '-') || digits(s + 1, 2, &oh))
		return -1;
	if (s[3] == ':' ? digits(s + 4, 2, &om) || s[6] : digits(s + 3, 2, &om) || s[5])
		return -1;
	if (oh > 14 || om > 59)
		return -1;
	*offset_min = (*s == '-' ? -1 : 1) * (oh * 60 + om);
	return 0;
}

int time_parse_iso_ms(const char *s, int64_t *ms_out)
{
	char date[11];
	int h, mi, sec, ms, offset;
	int64_t day;

	/* The date part, checked by the plain parser (impossible dates, before 1970). */
	if (strlen(s) < 16 || s[10] != 'T')
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (time_parse_iso(date, &day) || digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) ||
	    h > 23 || mi > 59 || parse_rest(s + 16, &sec, &ms, &offset) || sec > 59)
		return -1;
	*ms_out = ((day + h * 3600 + mi * 60 + sec) - (int64_t)offset * 60) * 1000 + ms;
	return 0;
}

void time_format_iso_ms(int64_t ms, char out[25])
{
	int64_t sec = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
	time_t tt = (time_t)sec;
	struct tm tm;

	gmtime_r(&tt, &tm);
	/* strftime for the date (its width is known), then the milliseconds, always three digits. */
	if (strftime(out, 20, "%Y-%m-%dT%H:%M:%S", &tm) != 19) {
		out[0] = '\0';
		return;
	}
	snprintf(out + 19, 6, ".%03uZ", (unsigned)(ms - sec * 1000) % 1000u);
}
