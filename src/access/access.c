#include "access/access.h"

#include <stdio.h>

#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"

static const char *const action_names[] = {
	[ACCESS_CREATE] = "create", [ACCESS_READ] = "read",   [ACCESS_UPDATE] = "update",
	[ACCESS_DELETE] = "delete", [ACCESS_EXPORT] = "export", [ACCESS_SEARCH] = "search",
	[ACCESS_LOGIN] = "login",   [ACCESS_LOGIN_FAILURE] = "login_failure",
	[ACCESS_GRANT] = "grant",   [ACCESS_REVOKE] = "revoke",
};

static const char *const outcome_names[] = {
	[OUTCOME_SUCCESS] = "success",
	[OUTCOME_DENIED] = "denied",
	[OUTCOME_FAILURE] = "failure",
};

const char *access_action_name(enum access_action a)
{
	if ((unsigned)a >= sizeof(action_names) / sizeof(action_names[0]))
		BUG("unknown access action %d", (int)a);
	return action_names[a];
}

const char *access_category_name(enum access_category c)
{
	if ((unsigned)c >= vocabulary_categories_count)
		BUG("unknown access category %d", (int)c);
	return vocabulary_categories[c].name;
}

const char *access_outcome_name(enum access_outcome o)
{
	if ((unsigned)o >= sizeof(outcome_names) / sizeof(outcome_names[0]))
		BUG("unknown access outcome %d", (int)o);
	return outcome_names[o];
}

/* What a client can share (access/vocabulary.h); the account, its credentials and the network never are. */
static int shareable(enum access_category c)
{
	return (unsigned)c < vocabulary_categories_count && (vocabulary_categories[c].flags & VOCABULARY_SHAREABLE);
}

int access_decide(int64_t actor_id, int64_t client_id, enum access_action action,
		  enum access_category category, const struct access_grant *grant)
{
	if (actor_id <= 0 || client_id <= 0)
		return 0;
	if (actor_id == client_id)
		return 1;
	if (!grant)
		return 0;
	if (grant->on_behalf)
		return shareable(category) || category == CATEGORY_NETWORK ||
		       (category == CATEGORY_AUDIT && action == ACCESS_READ);
	if (!shareable(category))
		return 0;
	switch (action) {
	case ACCESS_READ:
	case ACCESS_SEARCH:
	case ACCESS_EXPORT:
		return grant->level >= 1;
	case ACCESS_UPDATE:
		/* Offering to take a help request is what seeing them is for. */
		if (category == CATEGORY_HELP_REQUESTS)
			return grant->level >= 1;
		/*
		 * Taking up an alert, closing it, snoozing a rule one receives and
		 * taking one's own duty is what receiving alerts is for; the
		 * handlers narrow it to what the member was told or chosen for.
		 */
		if (category == CATEGORY_ALERTS)
			return grant->level >= 1;
		return grant->level >= 2;
	case ACCESS_CREATE:
		/* Writing in the conversation is what taking part in it is. */
		if (category == CATEGORY_MESSAGES)
			return grant->level >= 1;
		return grant->level >= 2;
	case ACCESS_DELETE:
		return grant->level >= 2;
	default:
		return 0;
	}
}

int access_takes_part(int64_t user, int64_t thread, int manages, int has_messages, int thread_has_messages,
		      int writes)
{
	if (thread == 0)
		return manages || has_messages;
	if (manages)
		return thread_has_messages || !writes;
	return thread == user && has_messages && thread_has_messages;
}

int access_help_meant_for(const int64_t *for_ids, size_t n, int64_t member)
{
	if (!for_ids)
		return 1;
	for (size_t i = 0; i < n; i++)
		if (for_ids[i] == member)
			return 1;
	return 0;
}

enum access_handing access_may_hand_on(int64_t actor_id, int64_t client_id, int64_t member_id, int member_represents,
				       int makes_representative, int64_t actor_until, int64_t until)
{
	if (actor_id == client_id)
		return HANDING_ALLOWED;
	if (member_id == actor_id || member_represents || makes_representative)
		return HANDING_CLIENT_ONLY;
	if (actor_until && (!until || until > actor_until))
		return HANDING_LATER_END;
	return HANDING_ALLOWED;
}

static int write_row(struct store_tx *tx, const struct access_actor *actor, int64_t client_id,
		     enum access_action action, enum access_category category, const char *object,
		     enum access_outcome outcome, int on_behalf)
{
	struct store_audit row = {
		.at = time_now(),
		.actor_id = actor->user_id,
		.client_id = client_id,
		.software = actor->software,
		.action = access_action_name(action),
		.category = access_category_name(category),
		.object = object,
		.outcome = access_outcome_name(outcome),
		.address = actor->address,
		.on_behalf = on_behalf,
	};

	int rc = store_audit_insert(tx, &row);

	if (rc < 0 && rc != STORE_RETRY)
		error("cannot write the audit row for %s %s; refusing the access", row.action, row.category);
	return rc < 0 ? rc : 0;
}

int access_record(struct store_tx *tx, const struct access_actor *actor, int64_t client_id,
		  enum access_action action, enum access_category category, const char *object,
		  enum access_outcome outcome)
{
	return write_row(tx, actor, client_id, action, category, object, outcome, 0);
}

int access_grant_of(struct store_tx *tx, int64_t actor_id, int64_t client_id, enum access_category category,
		    struct access_grant *out)
{
	out->level = 0;
	out->on_behalf = 0;
	if (actor_id <= 0 || client_id <= 0)
		return 0;
	if (actor_id == client_id) {
		out->level = 2;
		out->on_behalf = 1;
		return 0;
	}
	int rc = store_right_get(tx, client_id, actor_id, access_category_name(category), time_now(), &out->level,
				 &out->on_behalf);

	if (rc < 0 && rc != STORE_RETRY)
		error("cannot read the rights of %lld on %lld", (long long)actor_id, (long long)client_id);
	return rc < 0 ? rc : 0;
}

int access_check(struct store_tx *tx, const struct access_actor *actor, int64_t client_id,
		 enum access_action action, enum access_category category, const char *object)
{
	struct access_grant grant;
	int granted, rc;

	/* Rights are read at this moment, so a right taken back stops the very next request. */
	rc = access_grant_of(tx, actor->user_id, client_id, category, &grant);
	if (rc < 0)
		return rc;
	granted = access_decide(actor->user_id, client_id, action, category, &grant);
	/*
	 * The log is of access by others (NEN 7513): the client reading their
	 * own record leaves no row, so that it writes nothing at all. Their own
	 * changes, exports and security events are on it.
	 */
	if (granted && actor->user_id == client_id && (action == ACCESS_READ || action == ACCESS_SEARCH))
		return 1;

	/*
	 * A refusal about an id that is nobody's account is not written on that
	 * id's log, which an account made later would inherit: it is kept with
	 * client 0, the operator's, naming the id.
	 */
	if (!granted) {
		struct store_user owner = { 0 };
		char named[96];

		rc = store_user_by_id(tx, client_id, &owner);
		store_user_release(&owner);
		if (rc < 0)
			return rc;
		if (rc == STORE_NONE) {
			snprintf(named, sizeof(named), "client/%lld %s", (long long)client_id, object ? object : "");
			rc = write_row(tx, actor, 0, action, category, named, OUTCOME_DENIED, 0);
			return rc < 0 ? rc : 0;
		}
	}
	/* What a representative does is on the log as done by them on behalf of the client. */
	rc = write_row(tx, actor, client_id, action, category, object, granted ? OUTCOME_SUCCESS : OUTCOME_DENIED,
		       granted && grant.on_behalf && actor->user_id != client_id);
	return rc < 0 ? rc : granted;
}
