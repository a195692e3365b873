#ifndef ROER_HTTP_ROUTE_TABLE_H
#define ROER_HTTP_ROUTE_TABLE_H

/*
 * The route table (http/routes.c) read as data: which routes serve a kind
 * of record item, and the whole table as JSON for `roer routes`, from
 * which the tests that cover every route are generated.
 */

#include <jansson.h>

struct route;
struct record_kind;

/*
 * The kind of record item route `r` serves (api/record.h), or NULL when it
 * serves none. A route serves one when its handler is one of the handlers
 * that read the kind from route->arg: the record handlers and the balance
 * history.
 */
const struct record_kind *route_record_kind(const struct route *r);

/*
 * Every API route in table order as a new JSON array (the caller owns it):
 * {"method", "pattern", "public"}, and for a route that serves a kind of
 * record item also "kind" (its stored name), "category" and
 * "append_only" (items kept as written).
 */
json_t *route_table_json(void);

#endif
