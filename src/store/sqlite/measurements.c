/* Measuring at home in SQLite: kinds, readings, ranges and devices (see store/measurements.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "store/measurements.h"
#include "store/sqlite/db.h"

/* A REAL column that may be NULL, as a double that is NaN when it is. */
static double column_real(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL ? NAN : sqlite3_column_double(st, col);
}

static void bind_real(sqlite3_stmt *st, int col, double v)
{
	if (isnan(v))
		sqlite3_bind_null(st, col);
	else
		sqlite3_bind_double(st, col, v);
}

/* ---- the catalogue ---- */

typedef int (*kind_fn)(const struct store_measurement_kind *k, void *ctx);

static int kind_row(sqlite3_stmt *st, void *fn, void *ctx)
{
	struct store_measurement_kind k = {
		.code = (const char *)sqlite3_column_text(st, 0),
		.unit = (const char *)sqlite3_column_text(st, 1),
		.decimals = sqlite3_column_int(st, 2),
		.min = sqlite3_column_double(st, 3),
		.max = sqlite3_column_double(st, 4),
		.value2 = (const char *)sqlite3_column_text(st, 5),
		.min2 = column_real(st, 6),
		.max2 = column_real(st, 7),
		.every_min = sqlite3_column_int(st, 8),
		.every_max = sqlite3_column_int(st, 9),
		.suggest_low = column_real(st, 10),
		.suggest_high = column_real(st, 11),
		.suggest_low2 = column_real(st, 12),
		.suggest_high2 = column_real(st, 13),
		.suggest_source = (const char *)sqlite3_column_text(st, 14),
		.loinc = (const char *)sqlite3_column_text(st, 15),
		.loinc2 = (const char *)sqlite3_column_text(st, 16),
	};

	return ((kind_fn)fn)(&k, ctx);
}

int store_measurement_kinds_each(struct store_tx *tx, int (*fn)(const struct store_measurement_kind *k, void *ctx),
				 void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_MKIND_EACH,
				   "SELECT code, unit, decimals, min, max, value2, min2, max2, coalesce(every_min, 0), "
				   "coalesce(every_max, 0), suggest_low, suggest_high, suggest_low2, suggest_high2, "
				   "suggest_source, loinc, loinc2 FROM measurement_kinds ORDER BY position");

	return st ? db_each_row(tx, st, "list measurement kinds", kind_row, (void *)fn, ctx) : STORE_HARD_ERROR;
}

typedef int (*unit_fn)(const char *kind, const char *unit, double factor, void *ctx);

static int unit_row(sqlite3_stmt *st, void *fn, void *ctx)
{
	return ((unit_fn)fn)((const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
			     sqlite3_column_double(st, 2), ctx);
}

int store_measurement_units_each(struct store_tx *tx,
				 int (*fn)(const char *kind, const char *unit, double factor, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_MUNIT_EACH, "SELECT kind, unit, factor FROM measurement_units");

	return st ? db_each_row(tx, st, "list measurement units", unit_row, (void *)fn, ctx) : STORE_HARD_ERROR;
}

/* ---- readings ---- */

#define READING_COLUMNS                                                                            \
	"m.id, m.client_id, m.kind, m.taken_at, m.source, m.value, m.value2, m.unit, m.entered_by, m.via, " \
	"coalesce(m.device_id, 0), m.note, m.extra, m.created_at "

typedef int (*reading_fn)(const struct store_measurement *m, void *ctx);

static int reading_row(sqlite3_stmt *st, void *fn, void *ctx)
{
	struct store_measurement m = {
		.id = sqlite3_column_int64(st, 0),
		.client_id = sqlite3_column_int64(st, 1),
		.kind = (const char *)sqlite3_column_text(st, 2),
		.taken_at = sqlite3_column_int64(st, 3),
		.source = (const char *)sqlite3_column_text(st, 4),
		.value = sqlite3_column_double(st, 5),
		.value2 = column_real(st, 6),
		.unit = (const char *)sqlite3_column_text(st, 7),
		.entered_by = sqlite3_column_int64(st, 8),
		.via = (const char *)sqlite3_column_text(st, 9),
		.device_id = sqlite3_column_int64(st, 10),
		.note = (const char *)sqlite3_column_text(st, 11),
		.extra = (const char *)sqlite3_column_text(st, 12),
		.created_at = sqlite3_column_int64(st, 13),
	};

	return ((reading_fn)fn)(&m, ctx);
}

/*
 * Looked up by the unique key first, then a plain UPDATE by id or a plain
 * INSERT: one index seek either way, and no upsert with RETURNING, which
 * makes SQLite build and drop a temporary table for every row (a batch of
 * 1,000 readings spent much of its time there; docs/performance.md). Safe
 * because every write runs on the one writing connection.
 */
int store_measurement_put(struct store_tx *tx, const struct store_measurement *m, int64_t *id, double *previous)
{
	sqlite3_stmt *st;
	int64_t found = 0;
	double old = NAN;
	int rc;

	if (!(st = db_stmt(tx, STMT_MEASUREMENT_OLD,
			   "SELECT id, value FROM measurements WHERE client_id = ? AND kind = ? AND taken_at = ? "
			   "AND source = ?")))
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, m->client_id);
	sqlite3_bind_text(st, 2, m->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, m->taken_at);
	sqlite3_bind_text(st, 4, m->source, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		found = sqlite3_column_int64(st, 0);
		old = sqlite3_column_double(st, 1);
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	if ((rc = db_status(tx, rc, "read the reading it replaces")) < 0)
		return rc;
	if (previous)
		*previous = old;

	if (found)
		st = db_stmt(tx, STMT_MEASUREMENT_REPLACE,
			     "UPDATE measurements SET value = ?5, value2 = ?6, unit = ?7, entered_by = ?8, via = ?9, "
			     "device_id = ?10, note = ?11, extra = ?12, created_at = ?13 WHERE id = ?14 AND client_id = ?1 "
			     "AND kind = ?2 AND taken_at = ?3 AND source = ?4");
	else
		st = db_stmt(tx, STMT_MEASUREMENT_PUT,
			     "INSERT INTO measurements(client_id, kind, taken_at, source, value, value2, unit, entered_by, "
			     "via, device_id, note, extra, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
			     "?11, ?12, ?13)");
	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, m->client_id);
	sqlite3_bind_text(st, 2, m->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, m->taken_at);
	sqlite3_bind_text(st, 4, m->source, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 5, m->value);
	bind_real(st, 6, m->value2);
	sqlite3_bind_text(st, 7, m->unit, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, m->entered_by);
	sqlite3_bind_text(st, 9, m->via, -1, SQLITE_STATIC);
	if (m->device_id)
		sqlite3_bind_int64(st, 10, m->device_id);
	db_bind_text_or_null(st, 11, m->note);
	db_bind_text_or_null(st, 12, m->extra);
	sqlite3_bind_int64(st, 13, m->created_at);
	if (found)
		sqlite3_bind_int64(st, 14, found);
	rc = db_status(tx, sqlite3_step(st), "store a reading");
	sqlite3_reset(st);
	if (rc < 0)
		return rc;
	*id = found ? found : sqlite3_last_insert_rowid(tx->conn->db);
	return STORE_ONE;
}

int store_measurement_remove(struct store_tx *tx, int64_t client_id, int64_t id, char kind[32], int64_t *taken_at,
			     double *value)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_MEASUREMENT_REMOVE,
				   "DELETE FROM measurements WHERE client_id = ? AND id = ? RETURNING kind, taken_at, value");
	int rc, found = 0;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		found = 1;
		snprintf(kind, 32, "%s", (const char *)sqlite3_column_text(st, 0));
		*taken_at = sqlite3_column_int64(st, 1);
		*value = sqlite3_column_double(st, 2);
		rc = sqlite3_step(st);
	}
	rc = db_status(tx, rc, "remove a reading");
	sqlite3_reset(st);
	return rc < 0 ? rc : found ? STORE_ONE : STORE_NONE;
}

int store_measurements_each(struct store_tx *tx, const struct store_measurement_query *q,
			    int (*fn)(const struct store_measurement *m, void *ctx), void *ctx)
{
	/* Each shape walks the unique index (client, kind, time, source) in order: no sort, however many there are. */
	sqlite3_stmt *st =
		q->oldest_first
			? db_stmt(tx, STMT_MEASUREMENT_FORWARD,
				  "SELECT " READING_COLUMNS "FROM measurements m WHERE client_id = ?1 AND kind = ?2 "
				  "AND taken_at >= ?3 AND taken_at < ?4 ORDER BY taken_at, source LIMIT ?5")
		: q->before_at
			? db_stmt(tx, STMT_MEASUREMENT_PAGE_AFTER,
				  "SELECT " READING_COLUMNS "FROM measurements m WHERE client_id = ?1 AND kind = ?2 "
				  "AND taken_at >= ?3 AND (taken_at, source) < (?6, ?7) "
				  "ORDER BY taken_at DESC, source DESC LIMIT ?5")
			: db_stmt(tx, STMT_MEASUREMENT_PAGE,
				  "SELECT " READING_COLUMNS "FROM measurements m WHERE client_id = ?1 AND kind = ?2 "
				  "AND taken_at >= ?3 AND taken_at < ?4 ORDER BY taken_at DESC, source DESC LIMIT ?5");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, q->client_id);
	sqlite3_bind_text(st, 2, q->kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, q->from);
	if (q->before_at && !q->oldest_first) {
		/* The page's end is the earlier of `to` and the cursor. */
		int64_t at = q->to && q->to <= q->before_at ? q->to : q->before_at;
		const char *source = q->to && q->to <= q->before_at ? "" : q->before_source;

		sqlite3_bind_int64(st, 6, at);
		sqlite3_bind_text(st, 7, source, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_int64(st, 4, q->to ? q->to : INT64_MAX);
	}
	sqlite3_bind_int64(st, 5, q->limit);
	return db_each_row(tx, st, "list readings", reading_row, (void *)fn, ctx);
}

/* Adds a value that may be NaN to a bucket's running min, max and sum. */
static void bucket_add(double v, double *min, double *max, double *sum, int64_t *n)
{
	if (isnan(v))
		return;
	if (!*n || v < *min)
		*min = v;
	if (!*n || v > *max)
		*max = v;
	*sum += v;
	(*n)++;
}

int store_measurement_buckets(struct store_tx *tx, int64_t client_id, const char *kind, int64_t from, int64_t to,
			      int64_t width, int (*fn)(const struct store_measurement_bucket *b, void *ctx), void *ctx)
{
	/*
	 * One pass over the index range in time order, summed up here as the
	 * readings come: a GROUP BY over the bucket number would sort them all
	 * in a temporary b-tree first (SQLite cannot see that the number only grows).
	 */
	sqlite3_stmt *st = db_stmt(tx, STMT_MEASUREMENT_BUCKETS,
				   "SELECT taken_at, value, value2 FROM measurements WHERE client_id = ?1 AND kind = ?2 "
				   "AND taken_at >= ?3 AND taken_at < ?4 ORDER BY taken_at");
	struct store_measurement_bucket b = { 0 };
	int64_t current = -1, n2 = 0;
	double sum = 0, sum2 = 0;
	int rc, buckets = 0;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, from);
	sqlite3_bind_int64(st, 4, to);
	for (;;) {
		int64_t at = 0, n = -2;

		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			at = sqlite3_column_int64(st, 0);
			n = (at - from) / width;
		}
		/* A bucket ends when the next reading is in another one, or there is none. */
		if (n != current && current >= 0) {
			b.mean = sum / (double)b.count;
			b.mean2 = n2 ? sum2 / (double)n2 : NAN;
			if (!n2)
				b.min2 = b.max2 = NAN;
			buckets++;
			if (fn(&b, ctx) < 0) {
				sqlite3_reset(st);
				return STORE_HARD_ERROR;
			}
		}
		if (rc != SQLITE_ROW)
			break;
		if (n != current) {
			memset(&b, 0, sizeof(b));
			b.from = from + n * width;
			b.to = b.from + width < to ? b.from + width : to;
			sum = sum2 = 0;
			n2 = 0;
			current = n;
		}
		bucket_add(sqlite3_column_double(st, 1), &b.min, &b.max, &sum, &b.count);
		bucket_add(column_real(st, 2), &b.min2, &b.max2, &sum2, &n2);
	}
	rc = db_status(tx, rc, "sum up readings");
	sqlite3_reset(st);
	return rc < 0 ? rc : buckets;
}

int store_measurements_latest(struct store_tx *tx, int64_t client_id,
			      int (*fn)(const struct store_measurement *m, void *ctx), void *ctx)
{
	/* One index seek per kind of the catalogue (a correlated subquery), not a scan of the readings. */
	sqlite3_stmt *st = db_stmt(tx, STMT_MEASUREMENT_LATEST,
				   "SELECT " READING_COLUMNS "FROM measurement_kinds k JOIN measurements m ON m.id = "
				   "(SELECT id FROM measurements WHERE client_id = ?1 AND kind = k.code "
				   "ORDER BY taken_at DESC, source DESC LIMIT 1) ORDER BY k.position");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	return db_each_row(tx, st, "list the latest readings", reading_row, (void *)fn, ctx);
}

/* ---- the client's ranges ---- */

int store_measurement_target_set(struct store_tx *tx, int64_t client_id, const struct store_measurement_target *t)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_TARGET_SET,
				   "INSERT OR REPLACE INTO measurement_targets(client_id, kind, low, high, low2, high2, "
				   "set_by, set_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_text(st, 2, t->kind, -1, SQLITE_STATIC);
	bind_real(st, 3, t->low);
	bind_real(st, 4, t->high);
	bind_real(st, 5, t->low2);
	bind_real(st, 6, t->high2);
	sqlite3_bind_int64(st, 7, t->set_by);
	sqlite3_bind_int64(st, 8, t->set_at);
	return db_exec_stmt(tx, st, "set a range");
}

int store_measurement_target_remove(struct store_tx *tx, int64_t client_id, const char *kind)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_TARGET_REMOVE,
				   "DELETE FROM measurement_targets WHERE client_id = ? AND kind = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	return db_exec_stmt(tx, st, "remove a range");
}

typedef int (*target_fn)(const struct store_measurement_target *t, void *ctx);

static int target_row(sqlite3_stmt *st, void *fn, void *ctx)
{
	struct store_measurement_target t = {
		.kind = (const char *)sqlite3_column_text(st, 0),
		.low = column_real(st, 1),
		.high = column_real(st, 2),
		.low2 = column_real(st, 3),
		.high2 = column_real(st, 4),
		.set_by = sqlite3_column_int64(st, 5),
		.set_by_name = (const char *)sqlite3_column_text(st, 6),
		.set_at = sqlite3_column_int64(st, 7),
	};

	return ((target_fn)fn)(&t, ctx);
}

int store_measurement_targets_each(struct store_tx *tx, int64_t client_id, const char *kind,
				   int (*fn)(const struct store_measurement_target *t, void *ctx), void *ctx)
{
#define TARGET_SELECT                                                                              \
	"SELECT t.kind, t.low, t.high, t.low2, t.high2, t.set_by, u.name, t.set_at FROM measurement_targets t " \
	"JOIN measurement_kinds k ON k.code = t.kind LEFT JOIN users u ON u.id = t.set_by WHERE t.client_id = ?1 "
	sqlite3_stmt *st = kind ? db_stmt(tx, STMT_TARGET_ONE, TARGET_SELECT "AND t.kind = ?2")
				: db_stmt(tx, STMT_TARGET_EACH, TARGET_SELECT "ORDER BY k.position");
	int n;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	if (kind)
		sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	n = db_each_row(tx, st, "list ranges", target_row, (void *)fn, ctx);
	return n < 0 ? n : n ? STORE_ONE : STORE_NONE;
}

/* ---- devices ---- */

#define DEVICE_COLUMNS                                                                             \
	"id, client_id, name, kinds, created_by, created_at, coalesce(last_used_at, 0), "          \
	"coalesce(revoked_at, 0), status, coalesce(status_at, 0) "

typedef int (*device_fn)(const struct store_device *d, void *ctx);

static int device_row(sqlite3_stmt *st, void *fn, void *ctx)
{
	struct store_device d = {
		.id = sqlite3_column_int64(st, 0),
		.client_id = sqlite3_column_int64(st, 1),
		.name = (const char *)sqlite3_column_text(st, 2),
		.kinds = (const char *)sqlite3_column_text(st, 3),
		.created_by = sqlite3_column_int64(st, 4),
		.created_at = sqlite3_column_int64(st, 5),
		.last_used_at = sqlite3_column_int64(st, 6),
		.revoked_at = sqlite3_column_int64(st, 7),
		.status = (const char *)sqlite3_column_text(st, 8),
		.status_at = sqlite3_column_int64(st, 9),
	};

	return ((device_fn)fn)(&d, ctx);
}

int store_device_insert(struct store_tx *tx, const struct store_device *d, const unsigned char token_hash[32],
			const unsigned char sha1_hash[32], const unsigned char sha512_hash[32], int64_t *id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_DEVICE_INSERT,
				   "INSERT INTO devices(client_id, name, kinds, token_hash, sha1_hash, sha512_hash, "
				   "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, d->client_id);
	sqlite3_bind_text(st, 2, d->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, d->kinds, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 4, token_hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 5, sha1_hash, 32, SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, sha512_hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, d->created_by);
	sqlite3_bind_int64(st, 8, d->created_at);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	rc = db_status(tx, rc, "store a device");
	sqlite3_reset(st);
	return rc < 0 ? rc : STORE_ONE;
}

int store_device_by_hash(struct store_tx *tx, enum store_device_secret form, const unsigned char hash[32],
			 int (*fn)(const struct store_device *d, void *ctx), void *ctx)
{
	sqlite3_stmt *st =
		form == DEVICE_SECRET_SHA1
			? db_stmt(tx, STMT_DEVICE_BY_SHA1, "SELECT " DEVICE_COLUMNS "FROM devices WHERE sha1_hash = ?")
		: form == DEVICE_SECRET_SHA512
			? db_stmt(tx, STMT_DEVICE_BY_SHA512,
				  "SELECT " DEVICE_COLUMNS "FROM devices WHERE sha512_hash = ?")
			: db_stmt(tx, STMT_DEVICE_BY_TOKEN,
				  "SELECT " DEVICE_COLUMNS "FROM devices WHERE token_hash = ?");
	int n;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_blob(st, 1, hash, 32, SQLITE_STATIC);
	n = db_each_row(tx, st, "find a device", device_row, (void *)fn, ctx);
	return n < 0 ? n : n ? STORE_ONE : STORE_NONE;
}

int store_devices_each(struct store_tx *tx, int64_t client_id, int64_t id,
		       int (*fn)(const struct store_device *d, void *ctx), void *ctx)
{
	sqlite3_stmt *st = id ? db_stmt(tx, STMT_DEVICE_ONE,
					"SELECT " DEVICE_COLUMNS "FROM devices WHERE client_id = ?1 AND id = ?2")
			      : db_stmt(tx, STMT_DEVICE_EACH,
					"SELECT " DEVICE_COLUMNS "FROM devices WHERE client_id = ?1 ORDER BY id");
	int n;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	if (id)
		sqlite3_bind_int64(st, 2, id);
	n = db_each_row(tx, st, "list devices", device_row, (void *)fn, ctx);
	return n < 0 ? n : n ? STORE_ONE : STORE_NONE;
}

int store_device_revoke(struct store_tx *tx, int64_t client_id, int64_t id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_DEVICE_REVOKE,
				   "UPDATE devices SET revoked_at = ? WHERE client_id = ? AND id = ? "
				   "AND revoked_at IS NULL");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, client_id);
	sqlite3_bind_int64(st, 3, id);
	return db_exec_stmt(tx, st, "revoke a device");
}

int store_device_used(struct store_tx *tx, int64_t id, int64_t now)
{
	/* At most once a minute: a device sending every few seconds does not rewrite its row each time. */
	sqlite3_stmt *st = db_stmt(tx, STMT_DEVICE_USED,
				   "UPDATE devices SET last_used_at = ?1 WHERE id = ?2 "
				   "AND (last_used_at IS NULL OR last_used_at < ?1 - 60)");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, id);
	return db_exec_stmt(tx, st, "note a device's use");
}

int store_device_set_status(struct store_tx *tx, int64_t id, const char *status, int64_t now)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_DEVICE_STATUS, "UPDATE devices SET status = ?, status_at = ? WHERE id = ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_text(st, 1, status, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, id);
	return db_exec_stmt(tx, st, "keep a device's status");
}

/* ---- events devices send ---- */

int store_device_event_put(struct store_tx *tx, const struct store_device_event *e, int64_t *id)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_DEVICE_EVENT_PUT,
				   "INSERT INTO device_events(client_id, device_id, taken_at, event_type, data, created_at) "
				   "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (client_id, event_type, taken_at) DO UPDATE "
				   "SET device_id = ?2, data = ?5, created_at = ?6 RETURNING id");
	int rc;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, e->client_id);
	if (e->device_id)
		sqlite3_bind_int64(st, 2, e->device_id);
	sqlite3_bind_int64(st, 3, e->taken_at);
	sqlite3_bind_text(st, 4, e->event_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, e->created_at);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = sqlite3_step(st);
	}
	rc = db_status(tx, rc, "store a device's event");
	sqlite3_reset(st);
	return rc < 0 ? rc : STORE_ONE;
}

typedef int (*event_fn)(const struct store_device_event *e, void *ctx);

static int event_row(sqlite3_stmt *st, void *fn, void *ctx)
{
	struct store_device_event e = {
		.id = sqlite3_column_int64(st, 0),
		.client_id = sqlite3_column_int64(st, 1),
		.device_id = sqlite3_column_int64(st, 2),
		.taken_at = sqlite3_column_int64(st, 3),
		.event_type = (const char *)sqlite3_column_text(st, 4),
		.data = (const char *)sqlite3_column_text(st, 5),
		.created_at = sqlite3_column_int64(st, 6),
	};

	return ((event_fn)fn)(&e, ctx);
}

int store_device_events_each(struct store_tx *tx, int64_t client_id, int64_t from, int64_t to, unsigned limit,
			     int (*fn)(const struct store_device_event *e, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_DEVICE_EVENT_EACH,
				   "SELECT id, client_id, coalesce(device_id, 0), taken_at, event_type, data, created_at "
				   "FROM device_events WHERE client_id = ? AND taken_at >= ? AND taken_at < ? "
				   "ORDER BY taken_at DESC LIMIT ?");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_int64(st, 2, from);
	sqlite3_bind_int64(st, 3, to);
	sqlite3_bind_int64(st, 4, limit);
	return db_each_row(tx, st, "list a device's events", event_row, (void *)fn, ctx);
}

/* ---- a glucose sensor's days ---- */

static void glucose_day_row(sqlite3_stmt *st, struct store_glucose_day *d)
{
	d->day = sqlite3_column_int64(st, 0);
	d->count = sqlite3_column_int64(st, 1);
	d->sum = sqlite3_column_int64(st, 2);
	d->sum_sq = sqlite3_column_int64(st, 3);
	for (int i = 0; i < 5; i++)
		d->band[i] = sqlite3_column_int64(st, 4 + i);
}

#define GLUCOSE_DAY_COLUMNS "day, count, sum, sum_sq, very_low, low, in_range, high, very_high "

int store_glucose_day_get(struct store_tx *tx, int64_t client_id, const char *kind, int64_t day,
			  struct store_glucose_day *out)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_GLUCOSE_DAY_GET,
				   "SELECT " GLUCOSE_DAY_COLUMNS "FROM glucose_days WHERE client_id = ? AND kind = ? AND day = ?");
	int rc, found = 0;

	if (!st)
		return STORE_HARD_ERROR;
	memset(out, 0, sizeof(*out));
	out->day = day;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, day);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		found = 1;
		glucose_day_row(st, out);
		rc = sqlite3_step(st);
	}
	rc = db_status(tx, rc, "read a glucose day");
	sqlite3_reset(st);
	return rc < 0 ? rc : found ? STORE_ONE : STORE_NONE;
}

int store_glucose_day_put(struct store_tx *tx, int64_t client_id, const char *kind, const struct store_glucose_day *d)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_GLUCOSE_DAY_PUT,
				   "INSERT OR REPLACE INTO glucose_days(client_id, kind, " GLUCOSE_DAY_COLUMNS ") "
				   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, d->day);
	sqlite3_bind_int64(st, 4, d->count);
	sqlite3_bind_int64(st, 5, d->sum);
	sqlite3_bind_int64(st, 6, d->sum_sq);
	for (int i = 0; i < 5; i++)
		sqlite3_bind_int64(st, 7 + i, d->band[i]);
	return db_exec_stmt(tx, st, "write a glucose day");
}

typedef int (*glucose_day_fn)(const struct store_glucose_day *d, void *ctx);

static int glucose_days_row(sqlite3_stmt *st, void *fn, void *ctx)
{
	struct store_glucose_day d;

	glucose_day_row(st, &d);
	return ((glucose_day_fn)fn)(&d, ctx);
}

int store_glucose_days_each(struct store_tx *tx, int64_t client_id, const char *kind, int64_t from_day, int64_t to_day,
			    int (*fn)(const struct store_glucose_day *d, void *ctx), void *ctx)
{
	sqlite3_stmt *st = db_stmt(tx, STMT_GLUCOSE_DAYS_EACH,
				   "SELECT " GLUCOSE_DAY_COLUMNS "FROM glucose_days WHERE client_id = ? AND kind = ? "
				   "AND day BETWEEN ? AND ? ORDER BY day");

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, from_day);
	sqlite3_bind_int64(st, 4, to_day);
	return db_each_row(tx, st, "list glucose days", glucose_days_row, (void *)fn, ctx);
}

/* The first (or last) time in [from, to): one step into the unique index from either end. */
static int span_end(struct store_tx *tx, enum stmt_slot slot, const char *sql, int64_t client_id, const char *kind,
		    int64_t from, int64_t to, int64_t *at)
{
	sqlite3_stmt *st = db_stmt(tx, slot, sql);
	int rc, found = 0;

	if (!st)
		return STORE_HARD_ERROR;
	sqlite3_bind_int64(st, 1, client_id);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, from);
	sqlite3_bind_int64(st, 4, to);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		found = 1;
		*at = sqlite3_column_int64(st, 0);
		rc = SQLITE_DONE;
	}
	rc = db_status(tx, rc, "find the span of readings");
	sqlite3_reset(st);
	return rc < 0 ? rc : found ? STORE_ONE : STORE_NONE;
}

int store_measurement_span(struct store_tx *tx, int64_t client_id, const char *kind, int64_t from, int64_t to,
			   int64_t *first, int64_t *last)
{
#define SPAN_WHERE "FROM measurements WHERE client_id = ?1 AND kind = ?2 AND taken_at >= ?3 AND taken_at < ?4 "
	int rc = span_end(tx, STMT_MEASUREMENT_FIRST, "SELECT taken_at " SPAN_WHERE "ORDER BY taken_at LIMIT 1",
			  client_id, kind, from, to, first);

	if (rc != STORE_ONE)
		return rc;
	return span_end(tx, STMT_MEASUREMENT_LAST, "SELECT taken_at " SPAN_WHERE "ORDER BY taken_at DESC LIMIT 1",
			client_id, kind, from, to, last);
}
