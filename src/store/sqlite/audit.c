/* The audit log in SQLite: insert and select only (triggers refuse the rest). */
#include "store/sqlite/db.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/log.h"

/* The fields a row is written with, copied into one allocation. */
struct audit_copy {
	struct audit_copy *next;
	struct store_audit row;
	char text[];
};

static const char *pack(char **p, const char *s)
{
	char *start = *p;
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	memcpy(start, s, n);
	*p += n;
	return start;
}

struct audit_copy *audit_copy_new(const struct store_audit *a)
{
	const char *fields[] = { a->software, a->action, a->category, a->object, a->outcome, a->address };
	size_t size = 0;
	struct audit_copy *c;
	char *p;

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		size += fields[i] ? strlen(fields[i]) + 1 : 0;
	c = xcalloc(1, sizeof(*c) + size);
	c->row = *a;
	p = c->text;
	c->row.software = pack(&p, a->software);
	c->row.action = pack(&p, a->action);
	c->row.category = pack(&p, a->category);
	c->row.object = pack(&p, a->object);
	c->row.outcome = pack(&p, a->outcome);
	c->row.address = pack(&p, a->address);
	c->row.actor_name = c->row.actor_role = c->row.actor_discipline = c->row.client_name = NULL;
	c->row.subject_name = NULL;
	return c;
}

void audit_copies_free(struct audit_copy *list)
{
	while (list) {
		struct audit_copy *next = list->next;

		free(list);
		list = next;
	}
}

static int audit_write(struct store_tx *tx, const struct store_audit *a);

int audit_copies_write(struct store_tx *tx, const struct audit_copy *list)
{
	for (; list; list = list->next) {
		int rc = audit_write(tx, &list->row);

		if (rc < 0)
			return rc;
	}
	return STORE_NONE;
}

int store_audit_insert(struct store_tx *tx, const struct store_audit *a)
{
	if (tx->kind == STORE_TX_READ) {
		/* Kept for the group commit, which the read waits for before it is done (see store.h). */
		struct audit_copy *c = audit_copy_new(a);

		*tx->deferred_tail = c;
		tx->deferred_tail = &c->next;
		return STORE_ONE;
	}
	return audit_write(tx, a);
}

static int audit_write(struct store_tx *tx, const struct store_audit *a)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_AUDIT_INSERT,
				   "INSERT INTO audit(client_id, at, actor_id, software, action, category, object, "
				   "outcome, address, on_behalf, actor_name, actor_role, actor_discipline) "
				   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
				   "(SELECT name FROM users WHERE id = ?3), "
				   "(SELECT role FROM members WHERE client_id = ?1 AND member_id = ?3), "
				   "(SELECT discipline FROM members WHERE client_id = ?1 AND member_id = ?3))");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, a->client_id);
	sqlite3_bind_int64(st, 2, a->at);
	sqlite3_bind_int64(st, 3, a->actor_id);
	sqlite3_bind_text(st, 4, a->software ? a->software : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, a->action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, a->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, a->object, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, a->outcome, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, a->address ? a->address : "", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 10, a->on_behalf);
	return db_exec_stmt(tx, st, "insert audit row") == STORE_ONE ? STORE_ONE : STORE_HARD_ERROR;
}

/* The id where a time bound falls: the first row at or after `at` (lower), or past the last row before it (upper). */
static int id_bound(struct store_tx *tx, int64_t client_id, int64_t at, int upper, int64_t *out)
{
	sqlite3_stmt *st = upper ? db_stmt(tx, STMT_AUDIT_ID_BEFORE,
					   "SELECT id + 1 FROM audit WHERE client_id = ? AND at < ? "
					   "ORDER BY at DESC, id DESC LIMIT 1")
				 : db_stmt(tx, STMT_AUDIT_ID_FROM,
					   "SELECT id FROM audit WHERE client_id = ? AND at >= ? ORDER BY at, id LIMIT 1");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, at);
	rc = sqlite3_step(st);
	/* No row before the upper bound: nothing can match (0); no row from the lower bound: likewise. */
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : upper ? 0 : INT64_MAX;
	rc = db_status(tx, rc == SQLITE_ROW ? SQLITE_DONE : rc, "find an audit time bound");
	sqlite3_reset(st);
	return rc;
}

#define AUDIT_SELECT                                                                                       \
	"SELECT a.id, a.at, a.actor_id, a.client_id, a.software, a.action, a.category, "                   \
	"a.object, a.outcome, a.address, coalesce(a.actor_name, actor.name), client.name, "                \
	"a.actor_role, a.actor_discipline, a.on_behalf, subject.id, subject.name "                         \
	"FROM audit a "                                                                                    \
	"LEFT JOIN users actor ON actor.id = a.actor_id "                                                 \
	"LEFT JOIN users client ON client.id = a.client_id "                                              \
	"LEFT JOIN users subject ON a.object LIKE 'member/%' "                                            \
	"AND subject.id = CAST(substr(a.object, 8) AS INTEGER) "
#define AUDIT_WINDOW "AND a.id >= ?2 AND a.id < ?3 AND a.at >= ?4 AND a.at < ?5 ORDER BY a.id DESC LIMIT ?6"

int store_audit_each(struct store_tx *tx, const struct store_audit_query *q,
		     int (*fn)(const struct store_audit *a, void *ctx), void *ctx)
{
	/*
	 * One statement per filter shape, each walking its own index newest
	 * first between id bounds: the time bounds are turned into id bounds
	 * first (ids grow with time), so a window or a filter never walks rows
	 * outside it.
	 */
	sqlite3_stmt *st;
	int64_t lo = 0, hi = q->before_id ? q->before_id : INT64_MAX, bound;
	int rc;

	if (q->actor_id && q->actor_id == q->not_actor_id)
		return STORE_NONE;
	if (q->from && (rc = id_bound(tx, q->client_id, q->from, 0, &lo)) < 0)
		return rc;
	if (q->to && (rc = id_bound(tx, q->client_id, q->to, 1, &bound)) < 0)
		return rc;
	if (q->to && bound < hi)
		hi = bound;
	if (q->actor_id)
		st = db_stmt(tx, STMT_AUDIT_EACH_ACTOR, AUDIT_SELECT "WHERE a.client_id = ?1 AND a.actor_id = ?7 " AUDIT_WINDOW);
	else if (q->not_actor_id == q->client_id && q->client_id)
		st = db_stmt(tx, STMT_AUDIT_EACH_OTHERS,
			     AUDIT_SELECT "WHERE a.client_id = ?1 AND a.actor_id <> a.client_id " AUDIT_WINDOW);
	else if (!q->not_actor_id)
		st = db_stmt(tx, STMT_AUDIT_EACH, AUDIT_SELECT "WHERE a.client_id = ?1 " AUDIT_WINDOW);
	else
		BUG("an audit query leaving out someone other than the client");
	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, q->client_id);
	sqlite3_bind_int64(st, 2, lo);
	sqlite3_bind_int64(st, 3, hi);
	sqlite3_bind_int64(st, 4, q->from);
	sqlite3_bind_int64(st, 5, q->to ? q->to : INT64_MAX);
	sqlite3_bind_int(st, 6, (int)q->limit);
	if (q->actor_id)
		sqlite3_bind_int64(st, 7, q->actor_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_audit a = {
			.id = sqlite3_column_int64(st, 0),
			.at = sqlite3_column_int64(st, 1),
			.actor_id = sqlite3_column_int64(st, 2),
			.client_id = sqlite3_column_int64(st, 3),
			.software = (const char *)sqlite3_column_text(st, 4),
			.action = (const char *)sqlite3_column_text(st, 5),
			.category = (const char *)sqlite3_column_text(st, 6),
			.object = (const char *)sqlite3_column_text(st, 7),
			.outcome = (const char *)sqlite3_column_text(st, 8),
			.address = (const char *)sqlite3_column_text(st, 9),
			.actor_name = (const char *)sqlite3_column_text(st, 10),
			.client_name = (const char *)sqlite3_column_text(st, 11),
			.actor_role = (const char *)sqlite3_column_text(st, 12),
			.actor_discipline = (const char *)sqlite3_column_text(st, 13),
			.on_behalf = sqlite3_column_int(st, 14),
			.subject_id = sqlite3_column_int64(st, 15),
			.subject_name = (const char *)sqlite3_column_text(st, 16),
		};

		if (fn(&a, ctx) < 0) {
			sqlite3_reset(st);
			return STORE_HARD_ERROR;
		}
	}
	rc = db_status(tx, rc, "list audit rows");
	sqlite3_reset(st);
	return rc;
}
