/*
 * GET /api/v1/vocabulary: the words the server and the pages share
 * (access/vocabulary.h), so that the pages keep no copies. Public: it is
 * the same for everyone and holds no personal data. No store.
 */
#include <string.h>

#include "access/vocabulary.h"
#include "api/api.h"
#include "api/common.h"
#include "api/record.h"
#include "api/vocabulary.h"
#include "http/dispatch.h"
#include "http/route_table.h"

#define CLIENT_PREFIX "/api/v1/clients/{client}/"
#define ITEM_SUFFIX "/{id}"

/* Adds to `parts` (once each) the paths under /clients/{client}/ of the record routes guarding their items by `category`. */
static void add_parts(json_t *parts, enum access_category category)
{
	for (size_t i = 0; i < api_routes_count; i++) {
		const struct record_kind *kind = route_record_kind(&api_routes[i]);
		const char *pattern = api_routes[i].pattern;
		size_t n, k;

		if (!kind || kind->category != category || strncmp(pattern, CLIENT_PREFIX, strlen(CLIENT_PREFIX)))
			continue;
		pattern += strlen(CLIENT_PREFIX);
		n = strlen(pattern);
		if (n > strlen(ITEM_SUFFIX) && !strcmp(pattern + n - strlen(ITEM_SUFFIX), ITEM_SUFFIX))
			n -= strlen(ITEM_SUFFIX);
		for (k = 0; k < json_array_size(parts); k++) {
			const char *seen = json_string_value(json_array_get(parts, k));

			if (strlen(seen) == n && !strncmp(seen, pattern, n))
				break;
		}
		if (k == json_array_size(parts))
			json_array_append_new(parts, json_stringn(pattern, n));
	}
}

json_t *vocabulary_json(void)
{
	json_t *categories = json_array(), *disciplines = json_array(), *special = json_array();

	for (size_t i = 0; i < vocabulary_categories_count; i++) {
		const struct vocabulary_category *c = &vocabulary_categories[i];
		json_t *parts = json_array();

		add_parts(parts, (enum access_category)i);
		json_array_append_new(categories, json_pack("{s:s,s:b,s:b,s:o}", "name", c->name, "shareable",
							    (c->flags & VOCABULARY_SHAREABLE) != 0, "record",
							    (c->flags & VOCABULARY_RECORD) != 0, "parts", parts));
	}
	for (const char *const *d = vocabulary_disciplines; *d; d++)
		json_array_append_new(disciplines, json_string(*d));
	for (const char *const *r = vocabulary_special_rights; *r; r++)
		json_array_append_new(special, json_string(*r));
	return json_pack("{s:o,s:o,s:o}", "categories", categories, "disciplines", disciplines, "special_rights",
			 special);
}

int api_vocabulary_get(struct request *req)
{
	return reply_json(req, 200, vocabulary_json());
}
