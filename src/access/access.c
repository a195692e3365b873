#include "access/access.h"

#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"

static const char *const action_names[] = {
	[ACCESS_CREATE] = "create", [ACCESS_READ] = "read",   [ACCESS_UPDATE] = "update",
	[ACCESS_DELETE] = "delete", [ACCESS_EXPORT] = "export", [ACCESS_SEARCH] = "search",
	[ACCESS_LOGIN] = "login",   [ACCESS_LOGIN_FAILURE] = "login_failure",
	[ACCESS_GRANT] = "grant",   [ACCESS_REVOKE] = "revoke",
};

static const char *const category_names[] = {
	[CATEGORY_ACCOUNT] = "account",   [CATEGORY_SESSION] = "session",
	[CATEGORY_PASSWORD] = "password", [CATEGORY_TWO_FACTOR] = "two_factor",
	[CATEGORY_AUDIT] = "audit",
	[CATEGORY_WHAT_MATTERS] = "what_matters", [CATEGORY_DOMAINS] = "domains",
	[CATEGORY_BALANCE] = "balance",   [CATEGORY_PLAN] = "plan",
	[CATEGORY_CHECKINS] = "checkins", [CATEGORY_DECISIONS] = "decisions",
	[CATEGORY_THINKING_AHEAD] = "thinking_ahead",
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
	if ((unsigned)c >= sizeof(category_names) / sizeof(category_names[0]))
		BUG("unknown access category %d", (int)c);
	return category_names[c];
}

const char *access_outcome_name(enum access_outcome o)
{
	if ((unsigned)o >= sizeof(outcome_names) / sizeof(outcome_names[0]))
		BUG("unknown access outcome %d", (int)o);
	return outcome_names[o];
}

int access_decide(int64_t actor_id, int64_t client_id, enum access_action action,
		  enum access_category category)
{
	(void)action;
	(void)category;
	/* Nobody signed in may do nothing; a person may do everything with their own record. */
	if (actor_id <= 0 || client_id <= 0)
		return 0;
	return actor_id == client_id;
}

int access_record(struct store_tx *tx, const struct access_actor *actor, int64_t client_id,
		  enum access_action action, enum access_category category, const char *object,
		  enum access_outcome outcome)
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
	};

	if (store_audit_insert(tx, &row) < 0)
		return error("cannot write the audit row for %s %s; refusing the access", row.action, row.category);
	return 0;
}

int access_check(struct store_tx *tx, const struct access_actor *actor, int64_t client_id,
		 enum access_action action, enum access_category category, const char *object)
{
	int granted = access_decide(actor->user_id, client_id, action, category);

	if (access_record(tx, actor, client_id, action, category, object,
			  granted ? OUTCOME_SUCCESS : OUTCOME_DENIED) < 0)
		return -1;
	return granted;
}
