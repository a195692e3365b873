#ifndef ROER_MEASURE_DAILY_LIFE_H
#define ROER_MEASURE_DAILY_LIFE_H

/*
 * Looking along at a distance (leefstijlmonitoring): from the signals of
 * home sensors, already read, the features of each local day, the usual
 * day learned from the client's own last 28 days, the thresholds that
 * follow from it (or that the client set), and the deviations of one day
 * from it. Pure: no store, no HTTP, no clock (the caller says what "now"
 * is). Days and times of day are local (measure/local_time.h, daylight
 * saving included). Roer shows and explains; nothing here is a diagnosis,
 * and everything it uses is in the day view the client sees.
 *
 * THE FEATURES OF A DAY (struct daily_life_features), from its signals up
 * to the moment it is judged (the end of the day, or now for today):
 *   first activity   the local time of the first signal that is not
 *                    bed_in, at or after 05:00;
 *   parts            the number of signals in the night (00-06), morning
 *                    (06-12), afternoon (12-18) and evening (18-24);
 *   nights out       the times out of bed at night. With a bed sensor (any
 *                    bed_in or bed_out in the 28 days): each bed_out from
 *                    00:00 to 06:00, lasting until the next bed_in, at the
 *                    latest 06:00. Without one: each run of motion signals
 *                    from 00:00 to 06:00 outside the bedroom (a place whose
 *                    name holds "slaapkamer" or "bedroom") with at most 15
 *                    minutes between them, lasting from its first signal to
 *                    its last. `night_longest` is the longest in minutes;
 *   bathroom         a visit is a run of consecutive bathroom signals (type
 *                    toilet, or a place whose name holds "badkamer",
 *                    "bathroom", "toilet" or "wc"), from its first signal
 *                    to the next signal elsewhere; when that comes more
 *                    than 3 hours after the run's last signal (the sensors
 *                    saw nothing: asleep, away) or not at all, the visit
 *                    ends at its last signal, except today, when a visit
 *                    with nothing after it lasts until now (someone who
 *                    went to the bathroom and was not seen since).
 *                    `bathroom_minutes` is the day's total, 
 *                    `bathroom_longest` its longest visit;
 *   kitchen first    the time of the first kitchen signal (type kitchen or
 *                    fridge, or a place whose name holds "keuken" or
 *                    "kitchen") at or after 05:00; the same per place;
 *   daytime          the number of signals from 09:00 to 21:00, and the
 *                    longest stretch in that window without any signal (up
 *                    to now, today: a stretch still going on counts).
 *
 * THE USUAL DAY: the days with at least one signal among the 28 local days
 * before the day judged. With fewer than 7 of them Roer is still learning:
 * only thresholds the client set are judged. For each feature: the median,
 * the spread (interquartile range) and the 90th percentile (quantile.h).
 *
 * THE THRESHOLDS, learned (a client's own value overrides each one):
 *   first_activity_by     90th percentile of first activity + 30 minutes,
 *                         rounded up to 5 minutes (at most 23:55);
 *   kitchen_by            the same of the kitchen's first use, when the
 *                         kitchen was used on at least 7 of the days;
 *   nights_out_max        90th percentile of nights out, rounded up, + 1;
 *   night_minutes_max     90th percentile of the longest time out of bed at
 *                         night + 30 minutes, rounded up to 5;
 *   silent_minutes        90th percentile of the longest daytime silence,
 *                         rounded up to 30 minutes, + 60, at least 240; only
 *                         judged when the usual day has 2 or more daytime
 *                         signals an hour (median of 24 or more from 09:00
 *                         to 21:00): fewer say too little of a silence;
 *   bathroom_minutes_max  90th percentile of the longest visit + 30
 *                         minutes, rounded up to 5, when there were visits
 *                         on at least 7 of the days.
 *
 * THE DEVIATIONS of a day, each at most once per local day and code (the
 * key "code:YYYY-MM-DD"), judged as of the moment given:
 *   late_morning     once the clock has passed first_activity_by: no
 *                    activity before it (variant "no_activity"); or else,
 *                    once it has passed kitchen_by, no kitchen signal before
 *                    it (variant "kitchen": "no movement in the kitchen
 *                    yet; usually before 8:30").
 *   night_wandering  more nights out than nights_out_max (variant "times"),
 *                    or a time out of bed at night longer than
 *                    night_minutes_max (variant "long").
 *   silent_day       a daytime stretch without any signal of at least
 *                    silent_minutes (today: one that has lasted that long).
 *   long_bathroom    a visit to the bathroom longer than
 *                    bathroom_minutes_max (today: one still going on too).
 * A past day without any signal is "no_data": nothing is judged of it (the
 * sensors may have been off). Today is judged however quiet it is.
 */

#include <stddef.h>
#include <stdint.h>

enum daily_life_type {
	DAILY_LIFE_MOTION,
	DAILY_LIFE_DOOR,
	DAILY_LIFE_BED_OUT,
	DAILY_LIFE_BED_IN,
	DAILY_LIFE_KITCHEN,
	DAILY_LIFE_FRIDGE,
	DAILY_LIFE_TOILET,
	DAILY_LIFE_TYPES
};

/* The types' names as stored and sent, indexed by the enum, NULL-terminated (for FIELD_ENUM). */
extern const char *const daily_life_type_names[];
/* The type of a name, or -1. */
int daily_life_type_parse(const char *name);

/* A place is at most 60 characters: this many bytes of UTF-8 and a NUL. */
#define DAILY_LIFE_PLACE_BYTES 241
/* Per-place figures are kept for this many places (a home has far fewer rooms with sensors). */
#define DAILY_LIFE_PLACES 32
/* The days the usual day is learned from, and how many of them need signals. */
#define DAILY_LIFE_HISTORY_DAYS 28
#define DAILY_LIFE_MIN_DAYS 7
/* Not there: no such time, value or place. */
#define DAILY_LIFE_NONE (-1)

struct daily_life_signal {
	int64_t at;                   /* milliseconds UTC */
	int64_t day;                  /* its local day (local_day) */
	int minute;                   /* its local minute of the day */
	enum daily_life_type type;
	int place;                    /* index into the list's places */
};

/*
 * Signals, each place's name kept once. Add them in any order; the
 * analysis sorts them. The list owns its arrays and names.
 */
struct daily_life_signals {
	struct daily_life_signal *v;
	size_t n, alloc;
	char **places;
	unsigned *place_kind;         /* enum daily_life_place_kind flags, per place */
	size_t n_places, alloc_places;
	int sorted;
};
#define DAILY_LIFE_SIGNALS_INIT { NULL, 0, 0, NULL, NULL, 0, 0, 1 }

enum daily_life_place_kind {
	DAILY_LIFE_PLACE_KITCHEN = 1 << 0,
	DAILY_LIFE_PLACE_BATHROOM = 1 << 1,
	DAILY_LIFE_PLACE_BEDROOM = 1 << 2,
};

/* Adds a signal (place: any non-empty text, copied). Returns 0, or -1 when out of memory. */
int daily_life_signals_add(struct daily_life_signals *l, int64_t at, enum daily_life_type type, const char *place);
void daily_life_signals_release(struct daily_life_signals *l);

enum daily_life_part { DAILY_LIFE_NIGHT, DAILY_LIFE_MORNING, DAILY_LIFE_AFTERNOON, DAILY_LIFE_EVENING, DAILY_LIFE_PARTS };
extern const char *const daily_life_part_names[];

/* One day's features (see the top of this file); minutes of the day are local, DAILY_LIFE_NONE when none. */
struct daily_life_features {
	int64_t day;
	int complete;                 /* 1: judged as of the day's end; 0: today, as of now */
	int signals;
	int first_activity;
	int parts[DAILY_LIFE_PARTS];
	int nights_out;
	int night_longest;            /* minutes */
	int night_longest_from;       /* minute it began */
	int night_open;               /* 1: the longest is still going on */
	int bathroom_minutes;
	int bathroom_longest;
	int bathroom_longest_from;    /* minute it began */
	int bathroom_open;            /* 1: the longest visit is still going on */
	int bathroom_place;           /* place index of the longest visit's first signal */
	int kitchen_first;
	int daytime_signals;
	int silent_longest;           /* minutes */
	int silent_from, silent_to;   /* minutes of the day it began and ended */
	int silent_open;              /* 1: it is still going on */
	int place_first[DAILY_LIFE_PLACES]; /* per place index: first use at or after 05:00 */
};

/*
 * The features of local day `day` as of now_ms (the end of the day when
 * now_ms is past it). bed_sensor: whether the client has a bed sensor
 * (daily_life_has_bed_sensor). Sorts the list if needed.
 */
void daily_life_features_of(struct daily_life_signals *l, int64_t day, int64_t now_ms, int bed_sensor,
			    struct daily_life_features *f);
/* 1 when the list holds a bed_in or bed_out. */
int daily_life_has_bed_sensor(const struct daily_life_signals *l);

struct daily_life_stat {
	int n;                        /* days it is over; 0: nothing learned, the rest is 0 */
	double median, spread, p90;   /* spread: the interquartile range */
};

struct daily_life_usual {
	int days_with_data;
	int learning;                 /* fewer than DAILY_LIFE_MIN_DAYS days with data */
	int bed_sensor;
	struct daily_life_stat first_activity, parts[DAILY_LIFE_PARTS], nights_out, night_longest, bathroom_minutes,
		bathroom_longest, kitchen_first, daytime_signals, silent_longest;
	struct daily_life_stat place_first[DAILY_LIFE_PLACES];
	int kitchen_place, bathroom_place; /* the most used kitchen and bathroom place, or DAILY_LIFE_NONE */
};

enum daily_life_threshold {
	DAILY_LIFE_FIRST_ACTIVITY_BY,
	DAILY_LIFE_KITCHEN_BY,
	DAILY_LIFE_NIGHTS_OUT_MAX,
	DAILY_LIFE_NIGHT_MINUTES_MAX,
	DAILY_LIFE_SILENT_MINUTES,
	DAILY_LIFE_BATHROOM_MINUTES_MAX,
	DAILY_LIFE_THRESHOLDS
};

/* The thresholds' names (as the API and the store's columns spell them), indexed by the enum, NULL-terminated. */
extern const char *const daily_life_threshold_names[];
/* 1 for the thresholds that are a time of day (minutes after local midnight) rather than a number. */
int daily_life_threshold_is_time(enum daily_life_threshold t);

/* The client's own thresholds: DAILY_LIFE_NONE for "learned". */
struct daily_life_settings {
	int value[DAILY_LIFE_THRESHOLDS];
};

struct daily_life_threshold_value {
	int value;                    /* what is judged: the client's, else the learned one; NONE: not judged */
	int learned;                  /* NONE: not learned (still learning, or no such sensor) */
	int set_by_client;            /* 1: value is the client's own */
};

enum daily_life_code { DAILY_LIFE_LATE_MORNING, DAILY_LIFE_NIGHT_WANDERING, DAILY_LIFE_SILENT_DAY,
		       DAILY_LIFE_LONG_BATHROOM, DAILY_LIFE_CODES };

/*
 * One deviation, self-contained (no pointer into the signals), so the
 * alert engine may keep it. Numbers that do not apply are DAILY_LIFE_NONE.
 */
struct daily_life_deviation {
	enum daily_life_code code;
	const char *name;             /* "late_morning", "night_wandering", "silent_day", "long_bathroom" (static) */
	const char *variant;          /* late_morning: "no_activity" or "kitchen"; night_wandering: "times" or
				       * "long"; NULL for the others (static) */
	char day[11];                 /* the local day, "2026-12-02" */
	char key[40];                 /* "late_morning:2026-12-02": one per local day and code */
	char place[DAILY_LIFE_PLACE_BYTES]; /* the kitchen or bathroom it is about; "" when none */
	int threshold;                /* what was crossed: a minute of the day, a count or minutes */
	int usual;                    /* late_morning: usual minute (median); night_wandering "times": usual
				       * count, "long": usual minutes; silent_day: usual daytime signals an
				       * hour; long_bathroom: usual longest visit in minutes */
	int usual_before;             /* late_morning: minute it usually happens before (p90 rounded up to 5) */
	int count;                    /* night_wandering: times out of bed */
	int minutes;                  /* night_wandering "long", silent_day, long_bathroom: how long */
	int from, to;                 /* minutes of the day the stretch began and ended (or now) */
	int ongoing;                  /* 1: still going on at the moment judged */
};

/* The codes' names, indexed by the enum, NULL-terminated. */
extern const char *const daily_life_code_names[];

enum daily_life_status { DAILY_LIFE_NORMAL, DAILY_LIFE_DEVIATION, DAILY_LIFE_LEARNING, DAILY_LIFE_NO_DATA };
extern const char *const daily_life_status_names[];

struct daily_life_result {
	int64_t day;
	struct daily_life_features features;
	struct daily_life_usual usual;
	struct daily_life_threshold_value thresholds[DAILY_LIFE_THRESHOLDS];
	struct daily_life_deviation deviations[DAILY_LIFE_CODES];
	size_t n_deviations;
	enum daily_life_status status;
};

/*
 * Judges local day `day` as of now_ms against the usual day learned from
 * the DAILY_LIFE_HISTORY_DAYS days before it, with the client's own
 * thresholds (NULL: all learned). The list should hold the signals of
 * those days and of `day` (others are ignored). Sorts the list if needed.
 * Fills *out; allocates nothing.
 */
void daily_life_analyse(struct daily_life_signals *l, int64_t day, int64_t now_ms,
			const struct daily_life_settings *settings, struct daily_life_result *out);

/* Writes local day `day` as "YYYY-MM-DD" (11 bytes). */
void daily_life_day_name(int64_t day, char out[11]);
/* Parses "YYYY-MM-DD" into a local day number. Returns 0, or -1. */
int daily_life_day_parse(const char *s, int64_t *day);

#endif
