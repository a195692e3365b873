/* The usual day and its deviations: see daily_life.h, whose top comment defines every figure. */
#include "measure/daily_life.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "measure/local_time.h"
#include "measure/quantile.h"
#include "util/timeutil.h"

const char *const daily_life_type_names[] = { "motion", "door", "bed_out", "bed_in", "kitchen", "fridge", "toilet",
					       NULL };
const char *const daily_life_part_names[] = { "night", "morning", "afternoon", "evening", NULL };
const char *const daily_life_threshold_names[] = { "first_activity_by", "kitchen_by", "nights_out_max",
						    "night_minutes_max", "silent_minutes", "bathroom_minutes_max", NULL };
const char *const daily_life_code_names[] = { "late_morning", "night_wandering", "silent_day", "long_bathroom", NULL };
const char *const daily_life_status_names[] = { "normal", "deviation", "learning", "no_data", NULL };

#define DAY_STARTS 300                 /* 05:00: activity before it is the night's */
#define NIGHT_ENDS 360                 /* 06:00 */
#define DAYTIME_FROM 540               /* 09:00 */
#define DAYTIME_TO 1260                /* 21:00 */
#define NIGHT_RUN_GAP_MS (15 * 60000)  /* motion runs at night without a bed sensor */
#define VISIT_GAP_MS (3 * 3600000)     /* a bathroom visit with nothing seen for longer ends at its last signal */
#define SILENT_RATE_MIN 24             /* 2 signals an hour from 09:00 to 21:00 */

int daily_life_type_parse(const char *name)
{
	for (int i = 0; daily_life_type_names[i]; i++)
		if (!strcmp(name, daily_life_type_names[i]))
			return i;
	return -1;
}

int daily_life_threshold_is_time(enum daily_life_threshold t)
{
	return t == DAILY_LIFE_FIRST_ACTIVITY_BY || t == DAILY_LIFE_KITCHEN_BY;
}

/* 1 when `name`, lower-cased (ASCII), holds any of the words. */
static int name_holds(const char *name, const char *const *words)
{
	char low[DAILY_LIFE_PLACE_BYTES];
	size_t i;

	for (i = 0; name[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[i] = '\0';
	for (; *words; words++)
		if (strstr(low, *words))
			return 1;
	return 0;
}

static unsigned place_kind_of(const char *name)
{
	static const char *const kitchen[] = { "keuken", "kitchen", NULL };
	static const char *const bathroom[] = { "badkamer", "bathroom", "toilet", "wc", NULL };
	static const char *const bedroom[] = { "slaapkamer", "bedroom", NULL };

	return (name_holds(name, kitchen) ? DAILY_LIFE_PLACE_KITCHEN : 0) |
	       (name_holds(name, bathroom) ? DAILY_LIFE_PLACE_BATHROOM : 0) |
	       (name_holds(name, bedroom) ? DAILY_LIFE_PLACE_BEDROOM : 0);
}

/* The index of a place, added when new. Returns -1 when out of memory. */
static int place_index(struct daily_life_signals *l, const char *place)
{
	for (size_t i = 0; i < l->n_places; i++)
		if (!strcmp(l->places[i], place))
			return (int)i;
	if (l->n_places == l->alloc_places) {
		size_t n = l->alloc_places ? l->alloc_places * 2 : 8;
		char **p = realloc(l->places, n * sizeof(*p));
		unsigned *k;

		if (!p)
			return -1;
		l->places = p;
		if (!(k = realloc(l->place_kind, n * sizeof(*k))))
			return -1;
		l->place_kind = k;
		l->alloc_places = n;
	}
	if (!(l->places[l->n_places] = strdup(place)))
		return -1;
	l->place_kind[l->n_places] = place_kind_of(place);
	return (int)l->n_places++;
}

int daily_life_signals_add(struct daily_life_signals *l, int64_t at, enum daily_life_type type, const char *place)
{
	struct daily_life_signal *s;
	int p = place_index(l, place);

	if (p < 0)
		return -1;
	if (l->n == l->alloc) {
		size_t n = l->alloc ? l->alloc * 2 : 256;
		struct daily_life_signal *v = realloc(l->v, n * sizeof(*v));

		if (!v)
			return -1;
		l->v = v;
		l->alloc = n;
	}
	s = &l->v[l->n];
	s->at = at;
	s->day = local_day(at);
	s->minute = local_minute(at);
	s->type = type;
	s->place = p;
	if (l->n && l->v[l->n - 1].at > at)
		l->sorted = 0;
	l->n++;
	return 0;
}

void daily_life_signals_release(struct daily_life_signals *l)
{
	for (size_t i = 0; i < l->n_places; i++)
		free(l->places[i]);
	free(l->places);
	free(l->place_kind);
	free(l->v);
	*l = (struct daily_life_signals)DAILY_LIFE_SIGNALS_INIT;
}

static int by_time(const void *a, const void *b)
{
	const struct daily_life_signal *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

static void ensure_sorted(struct daily_life_signals *l)
{
	if (!l->sorted) {
		qsort(l->v, l->n, sizeof(*l->v), by_time);
		l->sorted = 1;
	}
}

/* The first signal of local day `day` or later (the list is sorted, and local days grow with time). */
static size_t first_of_day(const struct daily_life_signals *l, int64_t day)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->v[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int daily_life_has_bed_sensor(const struct daily_life_signals *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].type == DAILY_LIFE_BED_OUT || l->v[i].type == DAILY_LIFE_BED_IN)
			return 1;
	return 0;
}

static int is_kitchen(const struct daily_life_signals *l, const struct daily_life_signal *s)
{
	return s->type == DAILY_LIFE_KITCHEN || s->type == DAILY_LIFE_FRIDGE ||
	       (l->place_kind[s->place] & DAILY_LIFE_PLACE_KITCHEN);
}

static int is_bathroom(const struct daily_life_signals *l, const struct daily_life_signal *s)
{
	return s->type == DAILY_LIFE_TOILET || (l->place_kind[s->place] & DAILY_LIFE_PLACE_BATHROOM);
}

static int minutes_between(int64_t from, int64_t to)
{
	return to > from ? (int)((to - from) / 60000) : 0;
}

/* Times out of bed at night: see the top of daily_life.h. s..e are the day's signals. */
static void nights_out(const struct daily_life_signals *l, size_t s, size_t e, int64_t day, int64_t until,
		       int bed_sensor, struct daily_life_features *f)
{
	int64_t night_end = local_moment(day, NIGHT_ENDS);

	if (night_end > until)
		night_end = until;
	for (size_t i = s; i < e && l->v[i].minute < NIGHT_ENDS && l->v[i].at < night_end; i++) {
		const struct daily_life_signal *x = &l->v[i];
		int64_t from = x->at, to;
		int minutes;

		if (bed_sensor) {
			if (x->type != DAILY_LIFE_BED_OUT)
				continue;
			to = night_end;
			for (size_t j = i + 1; j < e && l->v[j].at < night_end; j++)
				if (l->v[j].type == DAILY_LIFE_BED_IN) {
					to = l->v[j].at;
					break;
				}
		} else {
			size_t j = i;

			if (x->type != DAILY_LIFE_MOTION || (l->place_kind[x->place] & DAILY_LIFE_PLACE_BEDROOM))
				continue;
			/* The run: the night's motion outside the bedroom, at most 15 minutes apart. */
			to = x->at;
			for (j = i + 1; j < e && l->v[j].at < night_end; j++) {
				const struct daily_life_signal *y = &l->v[j];

				if (y->type != DAILY_LIFE_MOTION || (l->place_kind[y->place] & DAILY_LIFE_PLACE_BEDROOM))
					continue;
				if (y->at - to > NIGHT_RUN_GAP_MS)
					break;
				to = y->at;
			}
			i = j - 1;
		}
		f->nights_out++;
		minutes = minutes_between(from, to);
		if (minutes > f->night_longest || f->night_longest_from == DAILY_LIFE_NONE) {
			f->night_longest = minutes;
			f->night_longest_from = x->minute;
			/* Out of bed with no bed_in yet, while the night is not over. */
			f->night_open = bed_sensor && to == until;
		}
	}
}

/* Visits to the bathroom: see the top of daily_life.h. */
static void bathroom_visits(const struct daily_life_signals *l, size_t s, size_t e, int64_t until,
			    struct daily_life_features *f)
{
	for (size_t i = s; i < e; i++) {
		size_t j = i;
		int64_t end;
		int minutes, open = 0;

		if (!is_bathroom(l, &l->v[i]))
			continue;
		while (j + 1 < e && is_bathroom(l, &l->v[j + 1]))
			j++;
		if (j + 1 < e && l->v[j + 1].at - l->v[j].at <= VISIT_GAP_MS)
			end = l->v[j + 1].at;
		else if (j + 1 == e && !f->complete) {
			end = until;
			open = 1;
		} else
			end = l->v[j].at;
		minutes = minutes_between(l->v[i].at, end);
		f->bathroom_minutes += minutes;
		if (minutes > f->bathroom_longest || f->bathroom_longest_from == DAILY_LIFE_NONE) {
			f->bathroom_longest = minutes;
			f->bathroom_longest_from = l->v[i].minute;
			f->bathroom_open = open;
			f->bathroom_place = l->v[i].place;
		}
		i = j;
	}
}

/* The longest daytime stretch without a signal, and the daytime count. */
static void daytime(const struct daily_life_signals *l, size_t s, size_t e, int64_t day, int64_t until,
		    struct daily_life_features *f)
{
	int64_t from = local_moment(day, DAYTIME_FROM), to = local_moment(day, DAYTIME_TO), prev = from;

	if (until < to)
		to = until;
	if (to <= from)
		return;
	for (size_t i = s; i < e; i++) {
		int64_t at = l->v[i].at;

		if (at < from)
			continue;
		if (at >= to)
			break;
		f->daytime_signals++;
		if (minutes_between(prev, at) > f->silent_longest) {
			f->silent_longest = minutes_between(prev, at);
			f->silent_from = local_minute(prev);
			f->silent_to = l->v[i].minute;
		}
		prev = at;
	}
	if (minutes_between(prev, to) > f->silent_longest) {
		f->silent_longest = minutes_between(prev, to);
		f->silent_from = local_minute(prev);
		f->silent_to = local_minute(to);
		f->silent_open = to == until && !f->complete;
	}
}

void daily_life_features_of(struct daily_life_signals *l, int64_t day, int64_t now_ms, int bed_sensor,
			    struct daily_life_features *f)
{
	int64_t day_end = local_day_start(day + 1), until = now_ms < day_end ? now_ms : day_end;
	size_t s, e;

	ensure_sorted(l);
	memset(f, 0, sizeof(*f));
	f->day = day;
	f->complete = now_ms >= day_end;
	f->first_activity = f->kitchen_first = DAILY_LIFE_NONE;
	f->night_longest_from = f->bathroom_longest_from = f->bathroom_place = DAILY_LIFE_NONE;
	f->silent_from = f->silent_to = DAILY_LIFE_NONE;
	for (int p = 0; p < DAILY_LIFE_PLACES; p++)
		f->place_first[p] = DAILY_LIFE_NONE;
	s = first_of_day(l, day);
	for (e = s; e < l->n && l->v[e].day == day && l->v[e].at < until; e++) {
		const struct daily_life_signal *x = &l->v[e];

		f->signals++;
		f->parts[x->minute / 360]++;
		if (x->minute < DAY_STARTS || x->type == DAILY_LIFE_BED_IN)
			continue;
		if (f->first_activity == DAILY_LIFE_NONE)
			f->first_activity = x->minute;
		if (f->kitchen_first == DAILY_LIFE_NONE && is_kitchen(l, x))
			f->kitchen_first = x->minute;
		if (x->place < DAILY_LIFE_PLACES && f->place_first[x->place] == DAILY_LIFE_NONE)
			f->place_first[x->place] = x->minute;
	}
	nights_out(l, s, e, day, until, bed_sensor, f);
	bathroom_visits(l, s, e, until, f);
	daytime(l, s, e, day, until, f);
}

/* ---- the usual day ---- */

static struct daily_life_stat stat_of(double *v, int n)
{
	struct daily_life_stat st = { 0, 0, 0, 0 };

	if (n <= 0)
		return st;
	quantile_sort(v, (size_t)n);
	st.n = n;
	st.median = quantile_sorted(v, (size_t)n, 0.5);
	st.spread = quantile_sorted(v, (size_t)n, 0.75) - quantile_sorted(v, (size_t)n, 0.25);
	st.p90 = quantile_sorted(v, (size_t)n, 0.9);
	return st;
}

/* What stat_over can take of a day. */
enum feature { F_FIRST_ACTIVITY, F_PART, F_NIGHTS_OUT, F_NIGHT_LONGEST, F_BATHROOM_MINUTES, F_BATHROOM_LONGEST,
	       F_KITCHEN_FIRST, F_DAYTIME_SIGNALS, F_SILENT_LONGEST, F_PLACE_FIRST };

/* A day's value of a feature (arg: the part or the place), or DAILY_LIFE_NONE to leave the day out of it. */
static int feature_of(const struct daily_life_features *f, enum feature which, int arg)
{
	int visited = f->bathroom_longest_from != DAILY_LIFE_NONE;

	switch (which) {
	case F_FIRST_ACTIVITY: return f->first_activity;
	case F_PART: return f->parts[arg];
	case F_NIGHTS_OUT: return f->nights_out;
	case F_NIGHT_LONGEST: return f->nights_out ? f->night_longest : 0;
	/* A day without a visit says nothing of how long visits last. */
	case F_BATHROOM_MINUTES: return visited ? f->bathroom_minutes : DAILY_LIFE_NONE;
	case F_BATHROOM_LONGEST: return visited ? f->bathroom_longest : DAILY_LIFE_NONE;
	case F_KITCHEN_FIRST: return f->kitchen_first;
	case F_DAYTIME_SIGNALS: return f->daytime_signals;
	case F_SILENT_LONGEST: return f->silent_longest;
	case F_PLACE_FIRST: return f->place_first[arg];
	}
	return DAILY_LIFE_NONE;
}

static struct daily_life_stat stat_over(const struct daily_life_features *days, int n, enum feature which, int arg)
{
	double v[DAILY_LIFE_HISTORY_DAYS];
	int k = 0;

	for (int d = 0; d < n; d++) {
		int x = feature_of(&days[d], which, arg);

		if (x != DAILY_LIFE_NONE)
			v[k++] = x;
	}
	return stat_of(v, k);
}

static int imin(int a, int b)
{
	return a < b ? a : b;
}

static int imax(int a, int b)
{
	return a > b ? a : b;
}

/* The most used place among signals of the history that pass `want`, or DAILY_LIFE_NONE. */
static int most_used_place(const struct daily_life_signals *l, size_t s, size_t e,
			   int (*want)(const struct daily_life_signals *l, const struct daily_life_signal *x))
{
	unsigned count[DAILY_LIFE_PLACES] = { 0 };
	int best = DAILY_LIFE_NONE;

	for (size_t i = s; i < e; i++)
		if (l->v[i].place < DAILY_LIFE_PLACES && want(l, &l->v[i]))
			count[l->v[i].place]++;
	for (int p = 0; p < DAILY_LIFE_PLACES; p++)
		if (count[p] && (best == DAILY_LIFE_NONE || count[p] > count[best]))
			best = p;
	return best;
}

static int ceil_to(double v, int step)
{
	return (int)ceil(v / step - 1e-9) * step;
}

static void learn(struct daily_life_signals *l, int64_t day, struct daily_life_usual *u,
		  struct daily_life_threshold_value *t)
{
	struct daily_life_features days[DAILY_LIFE_HISTORY_DAYS];
	int n = 0;

	memset(u, 0, sizeof(*u));
	u->bed_sensor = daily_life_has_bed_sensor(l);
	for (int64_t d = day - DAILY_LIFE_HISTORY_DAYS; d < day; d++) {
		daily_life_features_of(l, d, INT64_MAX, u->bed_sensor, &days[n]);
		if (days[n].signals)
			n++;
	}
	u->days_with_data = n;
	u->learning = n < DAILY_LIFE_MIN_DAYS;
	u->first_activity = stat_over(days, n, F_FIRST_ACTIVITY, 0);
	for (int p = 0; p < DAILY_LIFE_PARTS; p++)
		u->parts[p] = stat_over(days, n, F_PART, p);
	u->nights_out = stat_over(days, n, F_NIGHTS_OUT, 0);
	u->night_longest = stat_over(days, n, F_NIGHT_LONGEST, 0);
	u->bathroom_minutes = stat_over(days, n, F_BATHROOM_MINUTES, 0);
	u->bathroom_longest = stat_over(days, n, F_BATHROOM_LONGEST, 0);
	u->kitchen_first = stat_over(days, n, F_KITCHEN_FIRST, 0);
	u->daytime_signals = stat_over(days, n, F_DAYTIME_SIGNALS, 0);
	u->silent_longest = stat_over(days, n, F_SILENT_LONGEST, 0);
	for (int p = 0; p < DAILY_LIFE_PLACES && (size_t)p < l->n_places; p++)
		u->place_first[p] = stat_over(days, n, F_PLACE_FIRST, p);
	{
		size_t s = first_of_day(l, day - DAILY_LIFE_HISTORY_DAYS), e = first_of_day(l, day);

		u->kitchen_place = most_used_place(l, s, e, is_kitchen);
		u->bathroom_place = most_used_place(l, s, e, is_bathroom);
	}

	for (int i = 0; i < DAILY_LIFE_THRESHOLDS; i++)
		t[i].learned = DAILY_LIFE_NONE;
	if (u->learning)
		return;
	t[DAILY_LIFE_FIRST_ACTIVITY_BY].learned =
		u->first_activity.n ? imin(ceil_to(u->first_activity.p90 + 30, 5), 1435) : DAILY_LIFE_NONE;
	if (u->kitchen_first.n >= DAILY_LIFE_MIN_DAYS)
		t[DAILY_LIFE_KITCHEN_BY].learned = imin(ceil_to(u->kitchen_first.p90 + 30, 5), 1435);
	t[DAILY_LIFE_NIGHTS_OUT_MAX].learned = (int)ceil(u->nights_out.p90 - 1e-9) + 1;
	t[DAILY_LIFE_NIGHT_MINUTES_MAX].learned = ceil_to(u->night_longest.p90 + 30, 5);
	if (u->daytime_signals.median >= SILENT_RATE_MIN)
		t[DAILY_LIFE_SILENT_MINUTES].learned = imax(ceil_to(u->silent_longest.p90, 30) + 60, 240);
	if (u->bathroom_longest.n >= DAILY_LIFE_MIN_DAYS)
		t[DAILY_LIFE_BATHROOM_MINUTES_MAX].learned = ceil_to(u->bathroom_longest.p90 + 30, 5);
}

/* ---- judging a day ---- */

static int rounded(double v)
{
	return (int)lround(v);
}

static struct daily_life_deviation *deviation(struct daily_life_result *r, enum daily_life_code code,
					      const char *variant)
{
	struct daily_life_deviation *d = &r->deviations[r->n_deviations++];
	char day[11];

	memset(d, 0, sizeof(*d));
	d->code = code;
	d->name = daily_life_code_names[code];
	d->variant = variant;
	daily_life_day_name(r->day, day);
	memcpy(d->day, day, sizeof(day));
	snprintf(d->key, sizeof(d->key), "%s:%s", d->name, day);
	d->threshold = d->usual = d->usual_before = d->count = d->minutes = d->from = d->to = DAILY_LIFE_NONE;
	return d;
}

static void place_name(const struct daily_life_signals *l, int place, struct daily_life_deviation *d)
{
	if (place != DAILY_LIFE_NONE && (size_t)place < l->n_places)
		snprintf(d->place, sizeof(d->place), "%s", l->places[place]);
}

static int usual_or_none(const struct daily_life_stat *st)
{
	return st->n ? rounded(st->median) : DAILY_LIFE_NONE;
}

static void judge_late_morning(const struct daily_life_signals *l, struct daily_life_result *r, int clock)
{
	const struct daily_life_features *f = &r->features;
	const struct daily_life_usual *u = &r->usual;
	int first = r->thresholds[DAILY_LIFE_FIRST_ACTIVITY_BY].value, kitchen = r->thresholds[DAILY_LIFE_KITCHEN_BY].value;
	struct daily_life_deviation *d;

	/* Judged only once the clock has passed the threshold: before it, nothing is late yet. */
	if (first != DAILY_LIFE_NONE && clock >= first &&
	    (f->first_activity == DAILY_LIFE_NONE || f->first_activity >= first)) {
		d = deviation(r, DAILY_LIFE_LATE_MORNING, "no_activity");
		d->threshold = first;
		d->usual = usual_or_none(&u->first_activity);
		d->usual_before = u->first_activity.n ? imin(ceil_to(u->first_activity.p90, 5), 1435) : DAILY_LIFE_NONE;
		d->from = f->first_activity;
		d->ongoing = f->first_activity == DAILY_LIFE_NONE;
		return;
	}
	if (kitchen != DAILY_LIFE_NONE && u->kitchen_place != DAILY_LIFE_NONE && clock >= kitchen &&
	    (f->kitchen_first == DAILY_LIFE_NONE || f->kitchen_first >= kitchen)) {
		d = deviation(r, DAILY_LIFE_LATE_MORNING, "kitchen");
		place_name(l, u->kitchen_place, d);
		d->threshold = kitchen;
		d->usual = usual_or_none(&u->kitchen_first);
		d->usual_before = u->kitchen_first.n ? imin(ceil_to(u->kitchen_first.p90, 5), 1435) : DAILY_LIFE_NONE;
		d->from = f->kitchen_first;
		d->ongoing = f->kitchen_first == DAILY_LIFE_NONE;
	}
}

static void judge_night(struct daily_life_result *r)
{
	const struct daily_life_features *f = &r->features;
	int times = r->thresholds[DAILY_LIFE_NIGHTS_OUT_MAX].value, longest = r->thresholds[DAILY_LIFE_NIGHT_MINUTES_MAX].value;
	struct daily_life_deviation *d;

	if (times != DAILY_LIFE_NONE && f->nights_out > times) {
		d = deviation(r, DAILY_LIFE_NIGHT_WANDERING, "times");
		d->threshold = times;
		d->usual = usual_or_none(&r->usual.nights_out);
	} else if (longest != DAILY_LIFE_NONE && f->nights_out && f->night_longest > longest) {
		d = deviation(r, DAILY_LIFE_NIGHT_WANDERING, "long");
		d->threshold = longest;
		d->usual = usual_or_none(&r->usual.night_longest);
	} else
		return;
	d->count = f->nights_out;
	d->minutes = f->night_longest;
	d->from = f->night_longest_from;
	d->to = (f->night_longest_from + f->night_longest) % 1440;
	d->ongoing = f->night_open;
}

static void judge_silence(struct daily_life_result *r)
{
	const struct daily_life_features *f = &r->features;
	int silent = r->thresholds[DAILY_LIFE_SILENT_MINUTES].value;
	struct daily_life_deviation *d;

	if (silent == DAILY_LIFE_NONE || f->silent_longest < silent)
		return;
	d = deviation(r, DAILY_LIFE_SILENT_DAY, NULL);
	d->threshold = silent;
	d->usual = r->usual.daytime_signals.n ? rounded(r->usual.daytime_signals.median / 12) : DAILY_LIFE_NONE;
	d->minutes = f->silent_longest;
	d->from = f->silent_from;
	d->to = f->silent_to;
	d->ongoing = f->silent_open;
}

static void judge_bathroom(const struct daily_life_signals *l, struct daily_life_result *r)
{
	const struct daily_life_features *f = &r->features;
	int most = r->thresholds[DAILY_LIFE_BATHROOM_MINUTES_MAX].value;
	struct daily_life_deviation *d;

	if (most == DAILY_LIFE_NONE || f->bathroom_longest_from == DAILY_LIFE_NONE || f->bathroom_longest <= most)
		return;
	d = deviation(r, DAILY_LIFE_LONG_BATHROOM, NULL);
	place_name(l, f->bathroom_place, d);
	d->threshold = most;
	d->usual = usual_or_none(&r->usual.bathroom_longest);
	d->minutes = f->bathroom_longest;
	d->from = f->bathroom_longest_from;
	d->to = (f->bathroom_longest_from + f->bathroom_longest) % 1440;
	d->ongoing = f->bathroom_open;
}

void daily_life_analyse(struct daily_life_signals *l, int64_t day, int64_t now_ms,
			const struct daily_life_settings *settings, struct daily_life_result *out)
{
	int64_t start = local_day_start(day);
	int clock;

	memset(out, 0, sizeof(*out));
	out->day = day;
	ensure_sorted(l);
	learn(l, day, &out->usual, out->thresholds);
	for (int i = 0; i < DAILY_LIFE_THRESHOLDS; i++) {
		struct daily_life_threshold_value *t = &out->thresholds[i];
		int own = settings ? settings->value[i] : DAILY_LIFE_NONE;

		t->set_by_client = own != DAILY_LIFE_NONE;
		t->value = t->set_by_client ? own : t->learned;
	}
	daily_life_features_of(l, day, now_ms, out->usual.bed_sensor, &out->features);
	if (out->features.complete && !out->features.signals) {
		/* A past day without a single signal: the sensors may have been off; nothing is judged. */
		out->status = DAILY_LIFE_NO_DATA;
		return;
	}
	if (now_ms >= start) {
		clock = out->features.complete ? 1440 : local_minute(now_ms);
		judge_late_morning(l, out, clock);
		judge_night(out);
		judge_silence(out);
		judge_bathroom(l, out);
	}
	out->status = out->n_deviations ? DAILY_LIFE_DEVIATION
		      : out->usual.learning ? DAILY_LIFE_LEARNING
		      : out->features.signals ? DAILY_LIFE_NORMAL : DAILY_LIFE_NO_DATA;
}

void daily_life_day_name(int64_t day, char out[11])
{
	time_t t = (time_t)(day * 86400);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
		 (unsigned)tm.tm_mday % 100u);
}

int daily_life_day_parse(const char *s, int64_t *day)
{
	int64_t t;

	if (strlen(s) != 10 || time_parse_iso(s, &t))
		return -1;
	*day = t / 86400;
	return 0;
}
