/* The kinds of items in the client's own record: their fields and their rules. */
#include <string.h>

#include "access/vocabulary.h"
#include "api/record.h"
#include "store/store.h"

static const char *const domain_names[] = { "body", "mind", "meaning", "quality_of_life", "participation",
					    "daily_life", NULL };

/* ---- 1. what matters: answers to open questions, in the client's own words ---- */

static const char *const question_keys[] = { "who_am_i", "what_matters", "feeling_well", "still_want", "worries",
					     NULL };

static const struct field_spec what_matters_fields[] = {
	{ "question_key", FIELD_ENUM, 0, 0, 0, question_keys, NULL },
	{ "question", FIELD_TEXT, 0, 1, 300, NULL, NULL },
	{ "answer", FIELD_TEXT, FIELD_MULTILINE, 0, 5000, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

/* One answer per question of ours is the store's rule (a unique index): a second one is a conflict (409). */
static int check_what_matters(struct store_tx *tx, int64_t client_id, json_t *item, const json_t *old,
			      struct field_error *err)
{
	(void)tx;
	(void)client_id;
	(void)old;
	if (!item)
		return 0;
	if (!!json_object_get(item, "question_key") == !!json_object_get(item, "question"))
		return refuse(err, REFUSAL_INVALID, "question",
			      "question: give either a question_key (one of ours) or a question of your own");
	return 0;
}

const struct record_kind record_what_matters = { "what_matters", CATEGORY_WHAT_MATTERS, what_matters_fields, 0,
						 check_what_matters, "question_key", NULL };

/* ---- life domains: six self-ratings from 0 to 10 with a note, kept with their date ---- */

static const struct field_spec rating_fields[] = {
	{ "score", FIELD_INT, FIELD_REQUIRED, 0, 10, NULL, NULL },
	{ "note", FIELD_TEXT, FIELD_MULTILINE, 0, 1000, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static const struct field_spec domains_fields[] = {
	{ "body", FIELD_OBJECT, FIELD_REQUIRED, 0, 0, NULL, rating_fields },
	{ "mind", FIELD_OBJECT, FIELD_REQUIRED, 0, 0, NULL, rating_fields },
	{ "meaning", FIELD_OBJECT, FIELD_REQUIRED, 0, 0, NULL, rating_fields },
	{ "quality_of_life", FIELD_OBJECT, FIELD_REQUIRED, 0, 0, NULL, rating_fields },
	{ "participation", FIELD_OBJECT, FIELD_REQUIRED, 0, 0, NULL, rating_fields },
	{ "daily_life", FIELD_OBJECT, FIELD_REQUIRED, 0, 0, NULL, rating_fields },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

const struct record_kind record_domains = { "domains", CATEGORY_DOMAINS, domains_fields, KIND_APPEND_ONLY, NULL, NULL, NULL };

/* ---- 2. balance: strengths and burdens, each weighed by the client alone ---- */

static const char *const sides[] = { "strength", "burden", NULL };
static const char *const whose[] = { "mine", "network", "surroundings", NULL };

static const struct field_spec balance_fields[] = {
	{ "side", FIELD_ENUM, FIELD_REQUIRED, 0, 0, sides, NULL },
	{ "text", FIELD_TEXT, FIELD_REQUIRED, 1, 500, NULL, NULL },
	{ "weight", FIELD_INT, 0, 1, 5, NULL, NULL },
	{ "domain", FIELD_ENUM, 0, 0, 0, domain_names, NULL },
	{ "whose", FIELD_ENUM, FIELD_REQUIRED, 0, 0, whose, NULL },
	{ "why", FIELD_TEXT, FIELD_MULTILINE, 0, 1000, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

/* How heavy something weighs is the client's alone (principle 3): a member proposes, the client weighs. */
static const char *const balance_clients_own[] = { "weight", NULL };

const struct record_kind record_balance = { "balance", CATEGORY_BALANCE, balance_fields, 0, NULL, NULL,
					    balance_clients_own };

/* The client's own words on how the balance stands; the software never judges it for them. */
static const char *const leanings[] = { "strengths", "even", "burdens", "unsure", NULL };

static const struct field_spec judgement_fields[] = {
	{ "text", FIELD_TEXT, FIELD_REQUIRED | FIELD_MULTILINE, 1, 2000, NULL, NULL },
	{ "leaning", FIELD_ENUM, 0, 0, 0, leanings, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

const struct record_kind record_balance_judgements = { "balance_judgement", CATEGORY_BALANCE, judgement_fields,
						       KIND_APPEND_ONLY, NULL, NULL, NULL };

/* ---- 3. plan: goals, actions, check-ins ---- */

struct ref_check {
	const char *side;         /* for balance items: the side it must be on, or NULL */
	int ok;
};

static int ref_found(const struct store_item *it, void *ctx)
{
	struct ref_check *r = ctx;
	json_t *data;

	if (!r->side) {
		r->ok = 1;
		return 0;
	}
	data = json_loads(it->data, 0, NULL);
	r->ok = json_is_string(json_object_get(data, "side")) &&
		!strcmp(json_string_value(json_object_get(data, "side")), r->side);
	json_decref(data);
	return 0;
}

/*
 * Checks that each id in item[field] (one id or a list) is a live item of
 * `kind` of this client (on `side` for balance items). Returns 0, 1 when
 * refused (*err filled), < 0 on a store error.
 */
static int check_refs(struct store_tx *tx, int64_t client_id, json_t *item, const char *field, const char *kind,
		      const char *side, struct field_error *err)
{
	json_t *v = json_object_get(item, field), *id;
	size_t i, n = json_is_array(v) ? json_array_size(v) : v ? 1 : 0;

	for (i = 0; i < n; i++) {
		struct ref_check r = { side, 0 };
		int rc;

		id = json_is_array(v) ? json_array_get(v, i) : v;
		rc = store_item_get(tx, client_id, kind, json_integer_value(id), ref_found, &r);
		if (rc < 0)
			return rc;
		if (!r.ok)
			return refuse(err, REFUSAL_INVALID, field, "%s: %lld is not one of your %s%s%s", field,
				      (long long)json_integer_value(id), side ? side : kind, side ? "s" : "",
				      side ? "" : " items");
	}
	return 0;
}

static const char *const goal_statuses[] = { "active", "reached", "stopped", NULL };

static const struct field_spec goal_fields[] = {
	{ "text", FIELD_TEXT, FIELD_REQUIRED | FIELD_MULTILINE, 1, 500, NULL, NULL },
	{ "domains", FIELD_ENUM_LIST, 0, 0, 6, domain_names, NULL },
	{ "relieves", FIELD_ID_LIST, 0, 0, 50, NULL, NULL },
	{ "strengthens", FIELD_ID_LIST, 0, 0, 50, NULL, NULL },
	{ "status", FIELD_ENUM, 0, 0, 0, goal_statuses, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static int check_goal(struct store_tx *tx, int64_t client_id, json_t *item, const json_t *old, struct field_error *err)
{
	int rc;

	(void)old;
	if (!item)
		return 0;
	if (!json_object_get(item, "status"))
		json_object_set_new(item, "status", json_string("active"));
	if ((rc = check_refs(tx, client_id, item, "relieves", "balance", "burden", err)))
		return rc;
	return check_refs(tx, client_id, item, "strengthens", "balance", "strength", err);
}

const struct record_kind record_goals = { "goal", CATEGORY_PLAN, goal_fields, 0, check_goal, NULL, NULL };

static const char *const who_kinds[] = { "self", "network", "professional", NULL };
static const char *const hows[] = { "zelf", "thuis", "digitaal", NULL };
static const char *const action_statuses[] = { "planned", "doing", "done", "stopped", NULL };

static const struct field_spec action_fields[] = {
	{ "goal_id", FIELD_INT, FIELD_REQUIRED, 1, 9007199254740992LL, NULL, NULL },
	{ "what", FIELD_TEXT, FIELD_REQUIRED | FIELD_MULTILINE, 1, 500, NULL, NULL },
	{ "who", FIELD_ENUM, FIELD_REQUIRED, 0, 0, who_kinds, NULL },
	{ "who_name", FIELD_TEXT, 0, 0, 200, NULL, NULL },
	{ "who_discipline", FIELD_ENUM, 0, 0, 0, vocabulary_disciplines, NULL },
	{ "how", FIELD_ENUM, FIELD_REQUIRED, 0, 0, hows, NULL },
	{ "when", FIELD_TEXT, 0, 0, 200, NULL, NULL },
	{ "status", FIELD_ENUM, 0, 0, 0, action_statuses, NULL },
	{ "note", FIELD_TEXT, FIELD_MULTILINE, 0, 2000, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static int check_action(struct store_tx *tx, int64_t client_id, json_t *item, const json_t *old,
			struct field_error *err)
{
	(void)old;
	if (!item)
		return 0;
	if (!json_object_get(item, "status"))
		json_object_set_new(item, "status", json_string("planned"));
	if (json_object_get(item, "who_discipline") && strcmp(json_string_value(json_object_get(item, "who")),
							      "professional"))
		return refuse(err, REFUSAL_INVALID, "who_discipline", "who_discipline: only for actions a professional does");
	return check_refs(tx, client_id, item, "goal_id", "goal", NULL, err);
}

const struct record_kind record_actions = { "action", CATEGORY_PLAN, action_fields, 0, check_action, NULL, NULL };

static const struct field_spec checkin_fields[] = {
	{ "mood", FIELD_INT, FIELD_REQUIRED, 1, 5, NULL, NULL },
	{ "text", FIELD_TEXT, FIELD_MULTILINE, 0, 2000, NULL, NULL },
	{ "went_well", FIELD_ID_LIST, 0, 0, 50, NULL, NULL },
	{ "went_badly", FIELD_ID_LIST, 0, 0, 50, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static int check_checkin(struct store_tx *tx, int64_t client_id, json_t *item, const json_t *old,
			 struct field_error *err)
{
	int rc;

	(void)old;
	if ((rc = check_refs(tx, client_id, item, "went_well", "goal", NULL, err)))
		return rc;
	return check_refs(tx, client_id, item, "went_badly", "goal", NULL, err);
}

const struct record_kind record_checkins = { "checkin", CATEGORY_CHECKINS, checkin_fields, KIND_APPEND_ONLY,
					     check_checkin, NULL, NULL };

/* How often the client wants to be asked "hoe gaat het?": the newest setting counts. */
static const char *const rhythms[] = { "daily", "weekly", "whenever", NULL };

static const struct field_spec rhythm_fields[] = {
	{ "rhythm", FIELD_ENUM, FIELD_REQUIRED, 0, 0, rhythms, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

const struct record_kind record_checkin_rhythm = { "checkin_rhythm", CATEGORY_CHECKINS, rhythm_fields,
						   KIND_APPEND_ONLY, NULL, NULL, NULL };

/* ---- 4. shared decisions: the three good questions ---- */

static const struct field_spec option_fields[] = {
	{ "option", FIELD_TEXT, FIELD_REQUIRED, 1, 300, NULL, NULL },
	{ "pros", FIELD_TEXT, FIELD_MULTILINE, 0, 2000, NULL, NULL },
	{ "cons", FIELD_TEXT, FIELD_MULTILINE, 0, 2000, NULL, NULL },
	{ "for_me", FIELD_TEXT, FIELD_MULTILINE, 0, 2000, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static const struct field_spec decision_fields[] = {
	{ "question", FIELD_TEXT, FIELD_REQUIRED | FIELD_MULTILINE, 1, 500, NULL, NULL },
	{ "options", FIELD_LIST, 0, 0, 10, NULL, option_fields },
	{ "what_matters", FIELD_TEXT, FIELD_MULTILINE, 0, 2000, NULL, NULL },
	{ "talked_with", FIELD_TEXT, FIELD_MULTILINE, 0, 1000, NULL, NULL },
	{ "choice", FIELD_TEXT, FIELD_MULTILINE, 0, 1000, NULL, NULL },
	{ "decided_on", FIELD_DATE, 0, 0, 0, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static int check_decision(struct store_tx *tx, int64_t client_id, json_t *item, const json_t *old,
			  struct field_error *err)
{
	json_t *choice = item ? json_object_get(item, "choice") : NULL;

	(void)tx;
	(void)client_id;
	/* A decided record is kept as it was. */
	if (old && json_object_get(old, "decided_on"))
		return refuse(err, REFUSAL_CONFLICT, NULL, "this decision was made; it is kept as it was");
	if (item && json_object_get(item, "decided_on") && (!choice || !*json_string_value(choice)))
		return refuse(err, REFUSAL_INVALID, "choice", "choice: say what you chose before the date");
	return 0;
}

const struct record_kind record_decisions = { "decision", CATEGORY_DECISIONS, decision_fields, 0, check_decision, NULL, NULL };

/* ---- 5. thinking ahead: wishes for future care, every version kept ---- */

static const char *const wishes[] = { "yes", "no", "not_decided", NULL };

static const struct field_spec wish_fields[] = {
	{ "wish", FIELD_ENUM, FIELD_REQUIRED, 0, 0, wishes, NULL },
	{ "explanation", FIELD_TEXT, FIELD_MULTILINE, 0, 2000, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static const struct field_spec spokesperson_fields[] = {
	{ "name", FIELD_TEXT, 0, 0, 200, NULL, NULL },
	{ "contact", FIELD_TEXT, 0, 0, 300, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

static const struct field_spec acp_fields[] = {
	{ "what_matters", FIELD_TEXT, FIELD_MULTILINE, 0, 5000, NULL, NULL },
	{ "place_of_care", FIELD_TEXT, FIELD_MULTILINE, 0, 2000, NULL, NULL },
	{ "resuscitation", FIELD_OBJECT, FIELD_REQUIRED, 0, 0, NULL, wish_fields },
	{ "hospital_admission", FIELD_OBJECT, FIELD_REQUIRED, 0, 0, NULL, wish_fields },
	{ "intensive_care", FIELD_OBJECT, FIELD_REQUIRED, 0, 0, NULL, wish_fields },
	{ "spokesperson", FIELD_OBJECT, 0, 0, 0, NULL, spokesperson_fields },
	{ "documents", FIELD_TEXT, FIELD_MULTILINE, 0, 2000, NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL },
};

const struct record_kind record_advance_care_plan = { "advance_care_plan", CATEGORY_THINKING_AHEAD, acp_fields,
						      KIND_APPEND_ONLY | KIND_VERSIONED, NULL, NULL, NULL };

const struct record_kind *const record_kinds[] = {
	&record_what_matters, &record_domains, &record_balance,	 &record_balance_judgements,
	&record_goals,	      &record_actions, &record_checkins, &record_checkin_rhythm, &record_decisions,
	&record_advance_care_plan, NULL,
};
