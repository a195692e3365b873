/* `roer demo`: a demo client, so a newcomer sees what Roer is for within a minute. */
#include "demo.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "access/access.h"
#include "api/record.h"
#include "auth/password.h"
#include "demo_alerts.h"
#include "demo_measurements.h"
#include "store/store.h"
#include "util/log.h"
#include "util/timeutil.h"

#define WEEK (7 * 86400)

struct demo {
	struct store_tx *tx;
	int64_t client;
	int64_t carer;
	int64_t now;
	int failed;
};

/*
 * Adds one item of `kind`, checked against the kind's fields and rules like
 * any item from the API, dated `weeks_ago`. Takes ownership of `item`.
 * Returns its id, or 0 (and marks the demo failed).
 */
static int64_t add(struct demo *d, const struct record_kind *kind, double weeks_ago, json_t *item)
{
	struct field_error err = { 0 };
	json_t *clean = item ? fields_validate(kind->fields, item, &err) : NULL;
	char *text = NULL;
	int64_t id = 0;
	int rc = 0;

	if (clean && kind->check && (rc = kind->check(d->tx, d->client, clean, NULL, &err)) != 0)
		error("demo %s: %s", kind->kind, rc > 0 ? err.message : "cannot check the item");
	else if (!clean)
		error("demo %s: %s", kind->kind, item ? err.message : "out of memory");
	else if (!(text = json_dumps(clean, JSON_COMPACT)) ||
		 store_item_insert(d->tx, d->client, kind->kind, d->client, d->now - (int64_t)(weeks_ago * WEEK), text,
				   record_unique_key(kind, clean), &id) < 0)
		id = 0;
	if (!id)
		d->failed = 1;
	free(text);
	json_decref(clean);
	json_decref(item);
	return id;
}

/* Changes balance item `id` to `item` (taken), saying why, `weeks_ago`. */
static void change_weight(struct demo *d, int64_t id, double weeks_ago, json_t *item, const char *why)
{
	char *text;

	json_object_set_new(item, "why", json_string(why));
	text = json_dumps(item, JSON_COMPACT);

	if (!text || store_item_update(d->tx, d->client, record_balance.kind, id, d->client,
				       d->now - (int64_t)(weeks_ago * WEEK), text, record_unique_key(&record_balance, item)) !=
			     STORE_ONE)
		d->failed = 1;
	free(text);
	json_decref(item);
}

/* One strength or burden on the scales. */
static json_t *balance_item(const char *side, const char *text, int weight, const char *domain,
			    const char *whose)
{
	return json_pack("{s:s,s:s,s:i,s:s,s:s}", "side", side, "text", text, "weight", weight, "domain", domain,
			 "whose", whose);
}

static json_t *domains(int body, int mind, int meaning, int quality, int participation, int daily, const char *note)
{
	return json_pack("{s:{s:i,s:s},s:{s:i},s:{s:i},s:{s:i},s:{s:i},s:{s:i}}", "body", "score", body, "note", note,
			 "mind", "score", mind, "meaning", "score", meaning, "quality_of_life", "score", quality,
			 "participation", "score", participation, "daily_life", "score", daily);
}

static json_t *wishes(const char *resus, const char *hospital, const char *ic, const char *why)
{
	return json_pack("{s:s,s:s,s:{s:s,s:s},s:{s:s},s:{s:s},s:{s:s,s:s},s:s}", "what_matters",
			 "Thuis zijn, met mijn kat en mijn muziek. Niet lang lijden.", "place_of_care",
			 "Thuis, zolang het kan. Daarna het hospice in Zwolle.", "resuscitation", "wish", resus,
			 "explanation", why, "hospital_admission", "wish", hospital, "intensive_care", "wish", ic,
			 "spokesperson", "name", "Marieke Jansen (dochter)", "contact", "06 - 12 34 56 78", "documents",
			 "Mijn wilsverklaring ligt in de blauwe map in de kast in de gang.");
}

static void fill(struct demo *d)
{
	int64_t stairs, alone, house, daughter, henk, daycare, safe, company;

	add(d, &record_what_matters, 11, json_pack("{s:s,s:s}", "question_key", "who_am_i", "answer",
		"Ik ben Els, 78 jaar. Ik was onderwijzeres. Sinds Jan is overleden woon ik alleen in ons huis in Zwolle."));
	add(d, &record_what_matters, 11, json_pack("{s:s,s:s}", "question_key", "what_matters", "answer",
		"Mijn kleinkinderen zien. In mijn eigen huis blijven wonen. Mijn tuin."));
	add(d, &record_what_matters, 11, json_pack("{s:s,s:s}", "question_key", "feeling_well", "answer",
		"Dat ik zelf mijn dag indeel en 's middags even naar buiten kan."));
	add(d, &record_what_matters, 11, json_pack("{s:s,s:s}", "question_key", "still_want", "answer",
		"Nog één keer naar Texel met mijn dochter."));
	add(d, &record_what_matters, 11, json_pack("{s:s,s:s}", "question_key", "worries", "answer",
		"Dat ik val als er niemand is. Dat ik mijn dochter tot last ben."));
	add(d, &record_what_matters, 10, json_pack("{s:s,s:s}", "question", "Waar word ik blij van?", "answer",
		"Muziek van vroeger en de kat van de buren."));

	add(d, &record_domains, 12, domains(4, 5, 6, 5, 3, 5, "Kortademig bij de trap"));
	add(d, &record_domains, 6, domains(5, 4, 6, 5, 4, 5, "Iets beter met de nieuwe plaspillen"));
	add(d, &record_domains, 1, domains(5, 6, 7, 6, 6, 6, "Wegen helpt me op tijd te bellen"));

	stairs = add(d, &record_balance, 12,
		balance_item("burden", "Traplopen is zwaar door mijn hart", 4, "body", "mine"));
	alone = add(d, &record_balance, 12,
		balance_item("burden", "'s Avonds ben ik veel alleen", 3, "meaning", "mine"));
	add(d, &record_balance, 12,
		balance_item("burden", "Marieke heeft het druk met haar werk", 2, "participation", "network"));
	house = add(d, &record_balance, 12,
		balance_item("burden", "Mijn huis is niet aangepast", 3, "daily_life", "surroundings"));
	daughter = add(d, &record_balance, 12,
		balance_item("strength", "Marieke (mijn dochter) belt elke dag", 4, "mind", "network"));
	add(d, &record_balance, 12,
		balance_item("strength", "Ik kan goed plannen en lijstjes maken", 3, "daily_life", "mine"));
	henk = add(d, &record_balance, 12,
		balance_item("strength", "Buurman Henk doet mijn boodschappen", 3, "daily_life", "network"));
	add(d, &record_balance, 11, balance_item("strength", "Mijn geloof en de kerk", 2, "meaning", "mine"));
	change_weight(d, alone, 8, balance_item("burden", "'s Avonds ben ik veel alleen", 4, "meaning", "mine"),
		      "De winter begint, het is vroeg donker");
	daycare = add(d, &record_balance, 3,
		balance_item("strength", "Dinsdag naar de dagbesteding", 3, "participation", "surroundings"));
	change_weight(d, alone, 2, balance_item("burden", "'s Avonds ben ik veel alleen", 2, "meaning", "mine"),
		      "Sinds de dagbesteding heb ik meer om over te praten");
	add(d, &record_balance_judgements, 1, json_pack("{s:s,s:s}", "text",
		"Het is in balans zolang Henk en Marieke er zijn. De avonden blijven zwaar.", "leaning", "even"));

	safe = add(d, &record_goals, 10, json_pack("{s:s,s:[s,s],s:[I,I],s:[I]}", "text",
		"Veilig in mijn eigen huis blijven wonen", "domains", "body", "daily_life", "relieves",
		(json_int_t)stairs, (json_int_t)house, "strengthens", (json_int_t)henk));
	company = add(d, &record_goals, 6, json_pack("{s:s,s:[s,s],s:[I],s:[I,I]}", "text", "Minder alleen zijn",
		"domains", "meaning", "participation", "relieves", (json_int_t)alone, "strengthens",
		(json_int_t)daughter, (json_int_t)daycare));
	add(d, &record_actions, 10, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "goal_id", (json_int_t)safe, "what",
		"Elke ochtend wegen en mijn bloeddruk meten", "who", "self", "how", "digitaal", "when", "elke ochtend",
		"status", "doing"));
	add(d, &record_actions, 9, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "goal_id", (json_int_t)safe, "what",
		"Een traplift aanvragen bij de gemeente (Wmo)", "who", "network", "who_name", "Marieke", "how", "thuis",
		"status", "planned"));
	add(d, &record_actions, 9, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "goal_id", (json_int_t)safe, "what",
		"Huisbezoek: samen kijken waar ik kan vallen", "who", "professional", "who_discipline",
		"wijkverpleegkundige", "how", "thuis", "when", "donderdag 10 uur", "status", "planned"));
	add(d, &record_actions, 6, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s}", "goal_id", (json_int_t)company, "what",
		"Naar de dagbesteding in het buurthuis", "who", "self", "how", "zelf", "when", "elke dinsdag", "status",
		"doing"));
	add(d, &record_actions, 6, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "goal_id", (json_int_t)company, "what",
		"Elke avond even beeldbellen", "who", "network", "who_name", "Marieke", "how", "digitaal", "when",
		"elke avond om 7 uur", "status", "doing"));

	add(d, &record_checkins, 8, json_pack("{s:i,s:s,s:[I]}", "mood", 2, "text", "Moe, en 's avonds somber.",
		"went_badly", (json_int_t)company));
	add(d, &record_checkins, 5, json_pack("{s:i,s:s}", "mood", 3, "text", "Eerste keer dagbesteding. Spannend."));
	add(d, &record_checkins, 2, json_pack("{s:i,s:s,s:[I]}", "mood", 4, "text", "Fijne week, Henk kwam koffie drinken.",
		"went_well", (json_int_t)company));
	add(d, &record_checkins, 0.3, json_pack("{s:i,s:s,s:[I]}", "mood", 4, "text", "Wegen gaat goed. Traplift nog niet geregeld.",
		"went_well", (json_int_t)safe));

	add(d, &record_decisions, 7, json_pack("{s:s,s:[{s:s,s:s,s:s},{s:s,s:s,s:s}],s:s,s:s,s:s,s:s}", "question",
		"Ga ik naar de dagbesteding?", "options", "option", "Ja, op dinsdag", "pros", "Mensen zien, even de deur uit",
		"cons", "Het is vermoeiend", "option", "Nee", "pros", "Rust in mijn eigen huis", "cons",
		"De avonden blijven lang", "what_matters", "Niet eenzaam zijn, maar ook niet te moe worden.",
		"talked_with", "Marieke en de praktijkondersteuner", "choice", "Ja, één dag per week, op dinsdag",
		"decided_on", "2026-10-05"));
	add(d, &record_decisions, 1, json_pack("{s:s,s:[{s:s,s:s},{s:s,s:s}],s:s}", "question",
		"Wil ik een alarmknop om mijn hals?", "options", "option", "Ja", "pros", "Hulp als ik val", "option",
		"Nee", "cons", "Ik vind het een teken van oud zijn", "talked_with", "Nog met niemand"));

	add(d, &record_advance_care_plan, 9, wishes("not_decided", "yes", "not_decided", "Ik weet het nog niet."));
	add(d, &record_advance_care_plan, 2, wishes("no", "yes", "no", "Besproken met de huisarts op 12 november."));
}

/* Stores a message in the client's conversation (thread 0) or Marieke's thread, `hours_ago`. */
static void message(struct demo *d, int64_t thread, int64_t author, double hours_ago, const char *text)
{
	struct store_message m = { .client_id = d->client, .thread = thread, .author_id = author, .text = text,
				   .at = d->now - (int64_t)(hours_ago * 3600) };
	int64_t id;

	if (store_message_insert(d->tx, &m, &id) != STORE_ONE)
		d->failed = 1;
}

/* A notification to Marieke of something Els did `hours_ago` that she has not seen yet. */
static void unseen(struct demo *d, const char *kind, const char *object, double hours_ago)
{
	struct store_notification n = { .user_id = d->carer, .kind = kind, .client_id = d->client,
					 .actor_id = d->client, .object = object,
					 .at = d->now - (int64_t)(hours_ago * 3600) };

	if (store_notification_insert(d->tx, &n) < 0)
		d->failed = 1;
}

/* A help request `days_ahead` from today, taken by `taker` (0: open). Returns its id (0: failed). */
static int64_t help(struct demo *d, int days_ahead, const char *text, const char *time_of_day, int64_t taker)
{
	char day[21];
	char *data;
	json_t *o;
	int64_t id = 0;

	time_format_iso(d->now + (int64_t)days_ahead * 86400, day);
	day[10] = '\0';
	o = json_pack("{s:s,s:s,s:s}", "text", text, "day", day, "time", time_of_day);
	data = o ? json_dumps(o, JSON_COMPACT) : NULL;
	if (!data || store_help_insert(d->tx, d->client, d->client, d->now - 2 * 86400, data, &id) != STORE_ONE ||
	    (taker && store_help_take(d->tx, d->client, id, taker, d->now - 86400) != STORE_ONE))
		d->failed = 1;
	free(data);
	json_decref(o);
	return id;
}

/*
 * Els's network: her daughter Marieke, mantelzorger, who sees the picture,
 * the plan, the check-ins and the measurements and takes part in help requests and messages,
 * and a few of her looks on Els's access log.
 */
static void fill_network(struct demo *d)
{
	static const char *const sees[] = { "what_matters", "plan", "checkins", "help_requests", "messages",
					     "measurements", NULL };
	struct access_actor marieke = { .user_id = d->carer, .address = "", .software = "demo" };
	static const enum access_category looked_at[] = { CATEGORY_PLAN, CATEGORY_CHECKINS, CATEGORY_HELP_REQUESTS };
	int64_t ride_id;
	char ride[40];
	size_t i;

	if (store_member_add(d->tx, d->client, d->carer, "mantelzorger", NULL, d->now - 10 * WEEK) < 0)
		d->failed = 1;
	for (i = 0; sees[i]; i++) {
		if (store_right_set(d->tx, d->client, d->carer, sees[i], 1, 0) < 0)
			d->failed = 1;
	}
	help(d, 1, "Boodschappen doen", "10:00", d->carer);
	ride_id = help(d, 3, "Rijden naar de cardioloog", "14:30", 0);
	snprintf(ride, sizeof(ride), "help_request/%lld", (long long)ride_id);
	message(d, 0, d->carer, 30, "Hoi mam, ik kom dinsdag om tien uur langs voor de boodschappen.");
	message(d, 0, d->client, 28, "Fijn, ik maak een lijstje. Neem je de krant mee?");
	message(d, d->carer, d->carer, 3, "Hoe was de nacht? Je klonk gisteren moe.");
	/* What Marieke has not seen yet: Els's answer and the request for a ride. */
	unseen(d, "message", "thread/0", 28);
	unseen(d, "help_requested", ride, 48);
	for (i = 0; i < sizeof(looked_at) / sizeof(looked_at[0]); i++) {
		if (access_record(d->tx, &marieke, d->client, ACCESS_READ, looked_at[i], NULL, OUTCOME_SUCCESS) < 0)
			d->failed = 1;
	}
}

/* Makes a demo account; its id goes to *id. Returns 0, or < 0 after saying why. */
static int demo_account(struct store_tx *tx, const char *email, const char *name, const char *hash, int64_t *id)
{
	struct store_user u = { 0 };
	int rc;

	u.email = (char *)email;
	u.name = (char *)name;
	u.language = "nl";
	u.roles = ROLE_CLIENT;
	u.password_hash = (char *)hash;
	u.demo = true;
	rc = store_user_insert(tx, &u);
	if (rc != STORE_ONE)
		return rc == STORE_NONE ? error("this store already has the demo account; use a fresh --data directory")
					: -1;
	*id = u.id;
	return 0;
}

struct demo_run {
	const char *hash;
	struct demo d;
};

static int demo_body(struct store_tx *tx, void *ctx)
{
	struct demo_run *r = ctx;
	struct demo *d = &r->d;

	memset(d, 0, sizeof(*d));
	d->tx = tx;
	/* Both demo people share the demo password, so one hash serves both. */
	if (demo_account(tx, DEMO_EMAIL, "Els Jansen (demo)", r->hash, &d->client) < 0 ||
	    demo_account(tx, DEMO_CARER_EMAIL, "Marieke Jansen (demo)", r->hash, &d->carer) < 0)
		return STORE_HARD_ERROR;
	d->now = time_now();
	fill(d);
	fill_network(d);
	if (demo_measurements(tx, d->client, d->now, 60) < 0 || demo_alerts(tx, d->client, d->carer, d->now) < 0)
		d->failed = 1;
	if (d->failed) {
		error("cannot fill the demo record");
		return STORE_HARD_ERROR;
	}
	return STORE_TX_KEEP;
}

int demo_create(struct store *store)
{
	char hash[PASSWORD_HASH_MAX];
	struct demo_run r = { .hash = hash };
	int rc;

	if (password_init())
		return -1;
	rc = password_hash(DEMO_PASSWORD, hash);
	password_shutdown();
	if (rc)
		return -1;
	return store_run(store, STORE_TX_WRITE, demo_body, &r) < 0 ? -1 : 0;
}
