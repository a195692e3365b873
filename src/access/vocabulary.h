#ifndef ROER_ACCESS_VOCABULARY_H
#define ROER_ACCESS_VOCABULARY_H

/*
 * The words the server and the pages share, spelled once: the access
 * categories (the kinds of information the audit log names and a client
 * can share) and the disciplines of professionals. Everything else derives
 * from here: the enum and the name table of access.c, the rights an
 * invitation or a member can hold (api/network.c), the disciplines the
 * API accepts, `roer vocabulary` and GET /api/v1/vocabulary, which the
 * web pages read instead of keeping copies. The stored names are what the
 * store, the audit log and the translation files (web/i18n/nl.json, en.json) use:
 * never rename one, only add.
 *
 * Adding a category is one line in one of the two lists below, in the
 * place the pages should show it, and its words in the translation files
 * (the browser suite's i18n test reads `roer vocabulary` and fails until
 * they are there). "signals" was retired unused and became "alerts"
 * (migration 0020), the one rename, made before anything used it.
 */

#include <stddef.h>

/*
 * X(ID, "stored name", part of the record): ID gives the enum value
 * CATEGORY_ID (access.h). "Part of the record" is the client's own
 * account of their life and care, as opposed to asking for help and
 * talking together.
 */

/* What is the client's alone: their account, its credentials and their network. Never shared. */
#define VOCABULARY_OWN_CATEGORIES(X)            \
	X(ACCOUNT, "account", 0)                \
	X(SESSION, "session", 0)                \
	X(PASSWORD, "password", 0)              \
	X(TWO_FACTOR, "two_factor", 0)          \
	X(AUDIT, "audit", 0)                    \
	X(NETWORK, "network", 0)

/*
 * What a client can share with a member of their network, "see" or
 * "change", in the order the client is asked about them.
 */
#define VOCABULARY_SHARED_CATEGORIES(X)         \
	X(WHAT_MATTERS, "what_matters", 1)      \
	X(DOMAINS, "domains", 1)                \
	X(BALANCE, "balance", 1)                \
	X(PLAN, "plan", 1)                      \
	X(CHECKINS, "checkins", 1)              \
	X(DECISIONS, "decisions", 1)            \
	X(THINKING_AHEAD, "thinking_ahead", 1)  \
	X(MEASUREMENTS, "measurements", 1)      \
	X(ALERTS, "alerts", 1)                  \
	X(DAILY_LIFE, "daily_life", 1)          \
	X(PHOTOS, "photos", 1)                  \
	X(HELP_REQUESTS, "help_requests", 0)    \
	X(MESSAGES, "messages", 0)

enum vocabulary_category_flags {
	VOCABULARY_SHAREABLE = 1 << 0,   /* a client can grant it to a member */
	VOCABULARY_RECORD = 1 << 1,      /* part of the client's record */
};

struct vocabulary_category {
	const char *name;                /* stored name */
	unsigned flags;                  /* enum vocabulary_category_flags */
};

/*
 * Every category, indexed by enum access_category: the client's own ones
 * first, then the shareable ones, each list in its order above.
 */
extern const struct vocabulary_category vocabulary_categories[];
extern const size_t vocabulary_categories_count;

/* The disciplines of a professional, in the order the pages offer them. NULL-terminated. */
extern const char *const vocabulary_disciplines[];

/*
 * Rights a client gives besides the categories, stored beside them under
 * these names (store_right_set): being told when things are not going
 * well, and acting on the client's behalf (a representative). No category
 * may take one of these names. NULL-terminated.
 */
#define VOCABULARY_RECEIVES_ALERTS "receives_alerts"
#define VOCABULARY_ACTS_ON_BEHALF "acts_on_behalf"
extern const char *const vocabulary_special_rights[];

#endif
