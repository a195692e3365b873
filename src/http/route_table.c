/* The route table read as data: see route_table.h. */
#include "http/route_table.h"

#include "access/access.h"
#include "api/api.h"
#include "api/record.h"
#include "http/dispatch.h"

const struct record_kind *route_record_kind(const struct route *r)
{
	if (r->handler == api_record_list || r->handler == api_record_create || r->handler == api_record_get ||
	    r->handler == api_record_update || r->handler == api_record_delete ||
	    r->handler == api_balance_history_get)
		return r->arg;
	return NULL;
}

json_t *route_table_json(void)
{
	json_t *list = json_array();

	for (size_t i = 0; i < api_routes_count; i++) {
		const struct route *r = &api_routes[i];
		const struct record_kind *kind = route_record_kind(r);
		json_t *o = json_pack("{s:s,s:s,s:b}", "method", http_method_name(r->method), "pattern", r->pattern,
				      "public", (r->flags & ROUTE_PUBLIC) != 0);

		if (kind) {
			json_object_set_new(o, "kind", json_string(kind->kind));
			json_object_set_new(o, "category", json_string(access_category_name(kind->category)));
			json_object_set_new(o, "append_only", json_boolean(kind->flags & KIND_APPEND_ONLY));
		}
		json_array_append_new(list, o);
	}
	return list;
}
