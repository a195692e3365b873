#ifndef ROER_STORE_SQLITE_DB_H
#define ROER_STORE_SQLITE_DB_H

/* Internals shared by the SQLite backend's files; nothing outside store/sqlite includes this. */

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "store/store.h"

/* One slot per statement: each connection prepares a statement once and reuses it. */
enum stmt_slot {
	STMT_USER_NEXT_ID,
	STMT_USER_INSERT,
	STMT_USER_BY_EMAIL,
	STMT_USER_BY_ID,
	STMT_USER_UPDATE_PROFILE,
	STMT_USER_UPDATE_PASSWORD,
	STMT_USER_DELETE,
	STMT_USER_TOTP_PENDING,
	STMT_USER_TOTP_ENABLE,
	STMT_USER_TOTP_DISABLE,
	STMT_USER_TOTP_STEP,
	STMT_RECOVERY_DELETE,
	STMT_RECOVERY_INSERT,
	STMT_RECOVERY_USE,
	STMT_SESSION_INSERT,
	STMT_SESSION_BY_HASH,
	STMT_SESSION_TOUCH,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_USER,
	STMT_SESSION_EACH,
	STMT_SESSION_PURGE,
	STMT_AUDIT_INSERT,
	STMT_AUDIT_EACH,
	STMT_AUDIT_EACH_ACTOR,
	STMT_AUDIT_EACH_OTHERS,
	STMT_AUDIT_ID_FROM,
	STMT_AUDIT_ID_BEFORE,
	STMT_ITEM_INSERT,
	STMT_ITEM_UPDATE,
	STMT_ITEM_REMOVE,
	STMT_ITEM_CHANGE,
	STMT_ITEM_GET,
	STMT_ITEM_EACH,
	STMT_ITEM_EACH_ALL,
	STMT_ITEM_COUNT_BEFORE,
	STMT_ITEM_CHANGES,
	STMT_RIGHT_GET,
	STMT_MEMBER_ADD,
	STMT_RIGHT_SET,
	STMT_RIGHT_DELETE,
	STMT_INVITATION_INSERT,
	STMT_INVITATION_BY_HASH,
	STMT_INVITATION_EACH,
	STMT_INVITATION_ACCEPT,
	STMT_INVITATION_WITHDRAW,
	STMT_MEMBERS_EACH,
	STMT_SUPPORTING_EACH,
	STMT_MEMBER_REMOVE,
	STMT_RIGHTS_CLEAR,
	STMT_HELP_INSERT,
	STMT_HELP_EACH,
	STMT_HELP_ONE,
	STMT_HELP_PENDING,
	STMT_HELP_TAKE,
	STMT_HELP_CLOSE,
	STMT_MESSAGE_INSERT,
	STMT_MESSAGE_EACH,
	STMT_MESSAGE_EACH_ALL,
	STMT_THREAD_SUMMARY,
	STMT_THREADS_EACH,
	STMT_THREAD_MARK_READ,
	STMT_NOTIFICATION_INSERT,
	STMT_NOTIFICATION_EACH,
	STMT_NOTIFICATION_UNREAD,
	STMT_NOTIFICATION_READ_ONE,
	STMT_NOTIFICATION_READ_ALL,
	STMT_NOTIFICATION_SEEN,
	STMT_MKIND_EACH,
	STMT_MUNIT_EACH,
	STMT_MEASUREMENT_OLD,
	STMT_MEASUREMENT_PUT,
	STMT_MEASUREMENT_REPLACE,
	STMT_MEASUREMENT_REMOVE,
	STMT_MEASUREMENT_PAGE,
	STMT_MEASUREMENT_PAGE_AFTER,
	STMT_MEASUREMENT_FORWARD,
	STMT_MEASUREMENT_LATEST,
	STMT_MEASUREMENT_BUCKETS,
	STMT_TARGET_SET,
	STMT_TARGET_REMOVE,
	STMT_TARGET_EACH,
	STMT_TARGET_ONE,
	STMT_DEVICE_INSERT,
	STMT_DEVICE_BY_TOKEN,
	STMT_DEVICE_BY_SHA1,
	STMT_DEVICE_BY_SHA512,
	STMT_DEVICE_EACH,
	STMT_DEVICE_ONE,
	STMT_DEVICE_REVOKE,
	STMT_DEVICE_USED,
	STMT_DEVICE_STATUS,
	STMT_DEVICE_EVENT_PUT,
	STMT_GLUCOSE_DAY_GET,
	STMT_GLUCOSE_DAY_PUT,
	STMT_GLUCOSE_DAYS_EACH,
	STMT_MEASUREMENT_FIRST,
	STMT_MEASUREMENT_LAST,
	STMT_DEVICE_EVENT_EACH,
	STMT_WOUND_INSERT,
	STMT_WOUND_UPDATE,
	STMT_WOUNDS_EACH,
	STMT_WOUND_ONE,
	STMT_WOUND_PHOTO_INSERT,
	STMT_WOUND_PHOTO_DATA_INSERT,
	STMT_WOUND_PHOTOS_EACH,
	STMT_WOUND_PHOTO_ONE,
	STMT_WOUND_PHOTO_REMOVE,
	STMT_WOUND_PHOTO_IMAGE,
	STMT_WOUND_PHOTO_THUMB,
	STMT_ALERT_RULE_INSERT,
	STMT_ALERT_RULE_UPDATE,
	STMT_ALERT_RULE_STATE,
	STMT_ALERT_RULE_SNOOZE,
	STMT_ALERT_RULE_REMOVE,
	STMT_ALERT_RULE_ONE,
	STMT_ALERT_RULES_ALL,
	STMT_ALERT_RULES_KIND,
	STMT_ALERT_RULE_HELP,
	STMT_ALERT_RULES_DUE,
	STMT_ALERT_RULE_CLIENTS,
	STMT_ALERT_INSERT,
	STMT_ALERT_OPEN_FOR_RULE,
	STMT_ALERT_SET_STEP,
	STMT_ALERT_ACKNOWLEDGE,
	STMT_ALERT_CLOSE,
	STMT_ALERT_ONE,
	STMT_ALERT_BY_ID,
	STMT_ALERTS_CLIENT,
	STMT_ALERTS_CLIENT_OPEN,
	STMT_ALERTS_TOLD_OPEN,
	STMT_ALERTS_DUE,
	STMT_ALERT_RECEIPT_ADD,
	STMT_ALERT_RECEIPTS_EACH,
	STMT_DUTY_INSERT,
	STMT_DUTY_END,
	STMT_DUTY_DROP,
	STMT_DUTY_EACH,
	STMT_EVENT_INSERT,
	STMT_EVENTS_EACH,
	STMT_EVENTS_EACH_USER,
	STMT_EVENTS_LAST,
	STMT_EVENTS_PURGE,
	STMT_SUMMARY_ENSURE,
	STMT_SUMMARY_ALERTS,
	STMT_SUMMARY_HELP,
	STMT_SUMMARY_BALANCE,
	STMT_SUMMARY_CHECKINS,
	STMT_TRIAGE_EACH,
	STMT_TRIAGE_NAMES,
	STMT_WEBHOOK_INSERT,
	STMT_WEBHOOK_NEXT_DUE,
	STMT_WEBHOOK_EARLIEST,
	STMT_WEBHOOK_UPDATE,
	STMT_WEBHOOK_ATTEMPT_INSERT,
	STMT_WEBHOOKS_EACH,
	STMT_WEBHOOK_ATTEMPTS_EACH,
	STMT_DAILY_SIGNAL_PUT,
	STMT_DAILY_SIGNALS_EACH,
	STMT_DAILY_SIGNALS_PAGE,
	STMT_DAILY_CLIENTS_SINCE,
	STMT_DAILY_SETTINGS_GET,
	STMT_DAILY_SETTINGS_PUT,
	STMT_BEGIN_READ,
	STMT_BEGIN_WRITE,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_SAVEPOINT,
	STMT_SAVEPOINT_UNDO,
	STMT_SAVEPOINT_RELEASE,
	STMT_COUNT
};

struct conn {
	sqlite3 *db;
	sqlite3_stmt *stmts[STMT_COUNT];
	struct conn *next_free;
};

/* An audit row kept by a read transaction until the group commit writes it (see audit.c). */
struct audit_copy;

struct store_tx {
	struct store *store;
	struct conn *conn;
	enum store_tx_kind kind;
	struct audit_copy *deferred;      /* read: audit rows to write later (owned), in order */
	struct audit_copy **deferred_tail;
};

struct store {
	char *path;
	/* The readers' connections. */
	pthread_mutex_t lock;
	pthread_cond_t available;
	struct conn *free_list;
	struct conn *conns;
	unsigned n_conns;
	/* The writer: one connection, one thread, the queue of write jobs (see writer.c). */
	struct conn writer_conn;
	pthread_t writer;
	bool writer_started;
	pthread_mutex_t queue_lock;
	pthread_cond_t queue_cond;
	struct store_job *queue_head, *queue_tail;
	bool stopping;
	/* The checkpointer: copies the WAL into the database file off the writer's path (see writer.c). */
	struct conn checkpoint_conn;
	pthread_t checkpointer;
	bool checkpointer_started;
	bool checkpoint_wanted;
	pthread_cond_t checkpoint_cond;
	/* Called on the writer's thread after each commit, in the order added (store_on_commit). */
	struct commit_hook {
		void (*fn)(void *ctx);
		void *ctx;
	} after_commit[STORE_COMMIT_HOOKS_MAX];
	unsigned n_after_commit;
};

struct conn *conn_acquire(struct store *s);
void conn_release(struct store *s, struct conn *c);

/* Steps one of the connection's cached transaction-control statements. Returns 0 or a store status. */
int conn_control(struct conn *c, enum stmt_slot slot, const char *sql);

/* Starts and stops the writer thread of s. */
int writer_start(struct store *s);
void writer_stop(struct store *s);
/* Queues a write job (or a read's audit rows) for the next group commit. */
void writer_enqueue(struct store *s, struct store_job *job);

/* A copy of an audit row, for a read transaction to keep; the list is freed with audit_copies_free. */
struct audit_copy *audit_copy_new(const struct store_audit *a);
void audit_copies_free(struct audit_copy *list);
/* Writes a list of kept rows in tx. Returns STORE_NONE or < 0. */
int audit_copies_write(struct store_tx *tx, const struct audit_copy *list);

/*
 * Returns the connection's prepared statement for `slot`, preparing `sql`
 * the first time; reset and with bindings cleared. NULL after logging.
 */
sqlite3_stmt *db_stmt(struct store_tx *tx, enum stmt_slot slot, const char *sql);

/* Maps a result code of sqlite3_step() or a bind to a store status, logging hard errors. */
int db_status(struct store_tx *tx, int rc, const char *what);

/* Steps a statement that returns no rows: STORE_ONE when it changed a row, STORE_NONE when not. */
int db_exec_stmt(struct store_tx *tx, sqlite3_stmt *st, const char *what);

/* Binds text, or NULL for a NULL string. */
void db_bind_text_or_null(sqlite3_stmt *st, int col, const char *s);

/*
 * Steps st to its end, calling row(st, fn, ctx) for each row (a negative
 * return stops with STORE_HARD_ERROR), and resets it. Returns how many
 * rows (>= 0), or a store status < 0 (`what` says what failed, logged).
 */
int db_each_row(struct store_tx *tx, sqlite3_stmt *st, const char *what,
		int (*row)(sqlite3_stmt *st, void *fn, void *ctx), void *fn, void *ctx);

/* A malloc'ed copy of a text column, or NULL for SQL NULL. */
char *db_column_dup(sqlite3_stmt *st, int col);

#endif
