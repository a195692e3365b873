#ifndef ROER_ACCESS_ACCESS_H
#define ROER_ACCESS_ACCESS_H

/*
 * The one place that decides who may see or change what, and that writes
 * the audit log. Every read and write of a client's record asks here first,
 * inside the transaction that does the work, so the audit row commits with
 * it. If the audit row cannot be written the access is refused (fail
 * closed). The default is deny: access is granted only by a rule below.
 */

#include <stddef.h>
#include <stdint.h>

#include "access/vocabulary.h"

struct store_tx;

enum access_action {
	ACCESS_CREATE,
	ACCESS_READ,
	ACCESS_UPDATE,
	ACCESS_DELETE,
	ACCESS_EXPORT,
	ACCESS_SEARCH,
	ACCESS_LOGIN,
	ACCESS_LOGIN_FAILURE,
	ACCESS_GRANT,
	ACCESS_REVOKE,
};

/*
 * CATEGORY_ACCOUNT, CATEGORY_PLAN and so on: one per line of the lists in
 * access/vocabulary.h, where their stored names and properties are.
 * CATEGORY_NETWORK is who is in the network and what they may do (the
 * client's or their representative's). Of the shareable ones,
 * CATEGORY_HELP_REQUESTS at "see" also lets a member offer to take a
 * request, "change" post and close them; CATEGORY_MESSAGES at "see" is
 * taking part: reading and writing in the conversation and one's own
 * thread.
 */
#define ACCESS_CATEGORY_ENUM(id, name, record) CATEGORY_##id,
enum access_category {
	VOCABULARY_OWN_CATEGORIES(ACCESS_CATEGORY_ENUM)
	VOCABULARY_SHARED_CATEGORIES(ACCESS_CATEGORY_ENUM)
};
#undef ACCESS_CATEGORY_ENUM

enum access_outcome { OUTCOME_SUCCESS, OUTCOME_DENIED, OUTCOME_FAILURE };

/* Who is asking: a signed-in person (user_id) or nobody (0), from where, with what software. */
struct access_actor {
	int64_t user_id;
	const char *address;
	const char *software;
};

const char *access_action_name(enum access_action a);
const char *access_category_name(enum access_category c);
const char *access_outcome_name(enum access_outcome o);

/* What the client granted the actor, as the store has it now. */
struct access_grant {
	int level;        /* in this category: 0 nothing, 1 see, 2 see and change */
	int on_behalf;    /* a representative: acts on behalf of the client */
};

/*
 * The rule, without side effects: 1 when `actor_id` may do `action` on
 * `category` of client `client_id`'s record given what the client granted
 * them (`grant`, NULL: nothing), 0 when not. The client may do everything
 * with their own record. Anyone else only what was granted: seeing needs
 * level 1, changing level 2, in the categories of the record; a
 * representative may do what the client may, except anything with the
 * client's own account and credentials. Everything else is refused.
 */
int access_decide(int64_t actor_id, int64_t client_id, enum access_action action,
		  enum access_category category, const struct access_grant *grant);

/*
 * Who takes part in a thread of the client's messages (thread 0: the
 * conversation; else the one-to-one thread with that member): the client
 * and their representatives (`manages`) in every thread whose member still
 * has the messages right; a member with the messages right (`has_messages`)
 * in the conversation and in their own thread. `thread_has_messages`: the
 * thread's member still has the right. A thread with someone who no longer
 * takes part has ended: the client (and their representatives) still read
 * it, as it is theirs, but nobody writes in it (`writes`). Returns 1 or 0.
 */
int access_takes_part(int64_t user, int64_t thread, int manages, int has_messages, int thread_has_messages,
		      int writes);

/*
 * Whether a help request meant for `for_ids` (n ids; for_ids NULL: everyone
 * with the right) is, for `member`, there at all. Returns 1 or 0.
 */
int access_help_meant_for(const int64_t *for_ids, size_t n, int64_t member);

/* Why a change to the network is the client's own to make (access_may_hand_on). */
enum access_handing {
	HANDING_ALLOWED,
	HANDING_CLIENT_ONLY,     /* one's own rights, another representative, appointing one */
	HANDING_LATER_END,       /* rights that would outlast the representative's own mandate */
};

/*
 * Whether `actor_id` may give rights in `client_id`'s network: to member
 * `member_id` (0: whoever accepts an invitation), who is a representative
 * (`member_represents`) or is being made one (`makes_representative`),
 * ending at `until` (0: no end). The client may do all of it. A
 * representative (whose own mandate ends at `actor_until`, 0: no end) acts
 * for the client, not for themself: they may not change their own rights
 * or end date, may not change or remove another representative, may not
 * appoint one, and may not give rights that last longer than their own
 * mandate; so a representative can never leave a foothold that outlasts
 * them. (What they may give is otherwise bounded by what they hold, and a
 * representative holds every shareable category.) Returns a reason.
 */
enum access_handing access_may_hand_on(int64_t actor_id, int64_t client_id, int64_t member_id, int member_represents,
				       int makes_representative, int64_t actor_until, int64_t until);

/*
 * What `actor_id` was granted in `category` of `client_id`'s record now (the
 * client themself counts as a representative). Returns 0 or < 0 (a store status).
 */
int access_grant_of(struct store_tx *tx, int64_t actor_id, int64_t client_id, enum access_category category,
		    struct access_grant *out);

/*
 * Decides and writes the audit row in tx (outcome success or denied); the
 * client's own reads of their own record are granted without a row. In a
 * read transaction the row is written by the group commit before the
 * request's reply goes out (see store.h).
 * Returns 1 granted, 0 denied (the caller replies "not found" and commits
 * tx so the refusal is on record), < 0 (a store status) when the rights
 * could not be read or the audit row written (the caller refuses and rolls
 * back).
 */
int access_check(struct store_tx *tx, const struct access_actor *actor, int64_t client_id,
		 enum access_action action, enum access_category category, const char *object);

/*
 * Writes an audit row for an event that is not a decision here (a login,
 * a failed login, a refused forgery). Returns 0 or < 0 (a store status).
 */
int access_record(struct store_tx *tx, const struct access_actor *actor, int64_t client_id,
		  enum access_action action, enum access_category category, const char *object,
		  enum access_outcome outcome);

#endif
