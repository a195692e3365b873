#ifndef ROER_STORE_STORE_H
#define ROER_STORE_STORE_H

/*
 * The store: the only way the rest of Roer reaches data. Everything here is
 * backend-neutral; the SQLite backend lives in store/sqlite/ and a
 * PostgreSQL backend can be added beside it without touching callers.
 *
 * Status: every call returns one of enum store_status. Callers test `< 0`
 * for failure. STORE_RETRY means "busy, run the whole transaction again"
 * (SQLite busy, a PostgreSQL serialization failure); STORE_CONFLICT that a
 * uniqueness constraint refused a write (the statement did nothing, the
 * transaction is still usable).
 *
 * Transactions: all reads and writes happen inside a transaction that the
 * store's runner opens and ends; nothing outside the backend begins or
 * commits one. A body (store_tx_fn) is given the transaction and may run
 * more than once (after a soft failure), so it must not act outside it
 * except through what it is given.
 *
 *  - store_run() runs a body now, on the calling thread, and returns after
 *    it committed (or failed).
 *  - store_submit() runs a body as a job: reads run at once on the calling
 *    thread; writes run on the store's writer, which groups concurrent
 *    writes into one transaction and one fsync (group commit), each body in
 *    a savepoint of its own so that one body's failure undoes only its own
 *    work. A job's `done` is called once, only after the commit that holds
 *    it (or with the failure), from whichever thread finished it.
 *
 * A read transaction writes nothing, with one exception: audit rows
 * (store_audit_insert) are kept and written by the group commit when the
 * body has ended, and the job is done only after that commit (fail closed:
 * a read whose audit row cannot be written fails). store_run() of a read
 * writes them with a group commit too before it returns.
 *
 * A committed write survives a power cut (synchronous=FULL in SQLite).
 *
 * Memory: structs filled by the store own their strings; release them with
 * the matching *_release(). Strings passed in are borrowed.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

enum store_status {
	STORE_CONFLICT = -3,
	STORE_HARD_ERROR = -2,
	STORE_RETRY = -1,
	STORE_NONE = 0,
	STORE_ONE = 1,
};

struct store;
struct store_tx;

enum store_tx_kind { STORE_TX_READ, STORE_TX_WRITE };

/* Opens (creating) the store in `dir` with room for `readers` concurrent
 * read transactions besides the writer, applies pending migrations and
 * starts the writer. Returns 0 or -1. */
int store_open(struct store **out, const char *dir, unsigned readers);
/* Finishes the jobs queued so far, stops the writer and closes. */
void store_close(struct store *s);

/*
 * Calls fn(ctx) on the writer's thread after every commit of a write, before
 * the jobs in it are done (for telling waiting pages, or the webhook's
 * thread, that something new is stored). Each call adds one more, called in
 * the order added, at most STORE_COMMIT_HOOKS_MAX; add them before the first
 * write. fn must be quick and not block.
 */
#define STORE_COMMIT_HOOKS_MAX 4
void store_on_commit(struct store *s, void (*fn)(void *ctx), void *ctx);

/* Applies pending migrations; *applied gets how many. Returns 0 or -1. */
int store_migrate(struct store *s, int *applied);

/* Writes a consistent online copy of the store to `file`. Returns 0 or -1. */
int store_backup(struct store *s, const char *file);

/* Runs the backend's integrity check; `result` gets its verdict ("ok"). Returns 0 or -1. */
int store_check(struct store *s, struct buf *result);

/*
 * A transaction body. Returns STORE_TX_KEEP (>= 0 values other than
 * STORE_TX_UNDO count as keep) to commit what it did, STORE_TX_UNDO to
 * undo its own work and still succeed (a refusal decided inside), or a
 * negative enum store_status: STORE_RETRY runs it again (a bounded number
 * of times), any other failure undoes its work.
 */
#define STORE_TX_KEEP 0
#define STORE_TX_UNDO 2
typedef int (*store_tx_fn)(struct store_tx *tx, void *ctx);

/* How many times a body is run before STORE_RETRY is given up as the result. */
#define STORE_MAX_TRIES 4

/*
 * Runs fn in a transaction of `kind` on this thread and commits it (a write
 * waits for the group commit that holds it). Returns fn's result (>= 0)
 * once committed, or < 0 when nothing of it was committed. Must not be
 * called from inside a body.
 */
int store_run(struct store *s, enum store_tx_kind kind, store_tx_fn fn, void *ctx);

struct store_job {
	enum store_tx_kind kind;
	store_tx_fn run;
	/* Called once: status is run's result (>= 0) after the commit, or < 0 when nothing was committed. */
	void (*done)(struct store_job *job, int status);
	void *ctx;
	/* private to the store */
	struct store_job *next;
	void *deferred;
	int status;
	int tries;
};

/*
 * Runs a job (see above). The job must stay valid until its done() is
 * called; done() may be called before store_submit returns, on this thread
 * or on the writer's.
 */
void store_submit(struct store *s, struct store_job *job);

/*
 * Undoes everything the running body did in tx so far (in a read: forgets
 * the audit rows it kept), so that it can record something else instead,
 * such as a refusal. Returns 0 or < 0.
 */
int store_tx_undo(struct store_tx *tx);


/* ---- accounts ---- */

enum user_role {
	ROLE_CLIENT = 1 << 0,
	ROLE_PROFESSIONAL = 1 << 1,
	ROLE_OPERATOR = 1 << 2,
};

struct store_user {
	int64_t id;
	char *email;
	char *name;
	char *language;
	unsigned roles;
	char *password_hash;
	int64_t created_at;
	char *totp_secret;         /* NULL unless two-factor login is on */
	char *totp_pending;        /* NULL unless enrolment has started */
	int64_t totp_last_step;
	bool demo;                 /* made by `roer demo`: every screen says so */
};

void store_user_release(struct store_user *u);

/* Inserts u (id and created_at ignored; u->id set). STORE_NONE when the email exists. */
int store_user_insert(struct store_tx *tx, struct store_user *u);
int store_user_by_email(struct store_tx *tx, const char *email, struct store_user *out);
int store_user_by_id(struct store_tx *tx, int64_t id, struct store_user *out);
int store_user_update_profile(struct store_tx *tx, int64_t id, const char *name, const char *language);
int store_user_update_password(struct store_tx *tx, int64_t id, const char *hash);
/* Erases the account and everything it owns, except audit rows. */
int store_user_delete(struct store_tx *tx, int64_t id);

int store_user_set_totp_pending(struct store_tx *tx, int64_t id, const char *secret);
/* Moves the pending secret into use and records the step its first code used. */
int store_user_enable_totp(struct store_tx *tx, int64_t id, int64_t step);
int store_user_disable_totp(struct store_tx *tx, int64_t id);
int store_user_set_totp_step(struct store_tx *tx, int64_t id, int64_t step);

/* Replaces the user's recovery codes with these hashes (32 bytes each). */
int store_recovery_codes_replace(struct store_tx *tx, int64_t user_id,
				 const unsigned char (*hashes)[32], size_t n);
/* Marks an unused code with this hash as used: STORE_ONE, or STORE_NONE when there is none. */
int store_recovery_code_use(struct store_tx *tx, int64_t user_id, const unsigned char hash[32],
			    int64_t now);

/* ---- sessions ---- */

struct store_session {
	int64_t id;
	int64_t user_id;
	unsigned char token_hash[32];
	int64_t created_at;
	int64_t last_seen_at;
	int64_t expires_at;     /* absolute end */
};

int store_session_insert(struct store_tx *tx, struct store_session *s);
int store_session_by_hash(struct store_tx *tx, const unsigned char hash[32], struct store_session *out);
int store_session_touch(struct store_tx *tx, int64_t id, int64_t now);
int store_session_delete(struct store_tx *tx, int64_t id);
/* Ends every session of the user except `keep_id` (0: all). */
int store_session_delete_for_user(struct store_tx *tx, int64_t user_id, int64_t keep_id);
/* Calls fn for each session of the user, oldest first. */
int store_session_each(struct store_tx *tx, int64_t user_id,
		       int (*fn)(const struct store_session *s, void *ctx), void *ctx);
/* Removes sessions idle since before `idle_before` or past their end. */
int store_session_purge(struct store_tx *tx, int64_t now, int64_t idle_before);

/* ---- audit log (append-only) ---- */

struct store_audit {
	int64_t id;
	int64_t at;
	int64_t actor_id;           /* 0: nobody signed in */
	int64_t client_id;          /* whose record; 0: none known */
	const char *software;       /* the User-Agent */
	const char *action;
	const char *category;
	const char *object;         /* may be NULL */
	const char *outcome;
	const char *address;
	int on_behalf;              /* the actor acted as the client's representative */
	/* filled by reads only (the actor's name, role and discipline as they were then): */
	const char *actor_name;
	const char *actor_role;
	const char *actor_discipline;
	const char *client_name;
	int64_t subject_id;         /* for an object "member/N" whose account exists: N and their name */
	const char *subject_name;
};

/*
 * Stores a row. The actor's name, and their role and discipline in the
 * client's network, are copied in as the store has them now.
 */
int store_audit_insert(struct store_tx *tx, const struct store_audit *a);

struct store_audit_query {
	int64_t client_id;
	int64_t from;               /* 0: no lower bound */
	int64_t to;                 /* 0: no upper bound (exclusive) */
	int64_t before_id;          /* 0: from the newest */
	int64_t actor_id;           /* 0: anyone; else only this actor's rows */
	int64_t not_actor_id;       /* 0: anyone; else the client's id: leave the client's own rows out */
	unsigned limit;
};

/* Calls fn for each matching row, newest first. The row's strings live only during the call. */
int store_audit_each(struct store_tx *tx, const struct store_audit_query *q,
		     int (*fn)(const struct store_audit *a, void *ctx), void *ctx);

/* ---- the client's network: members and their rights ---- */

/*
 * What `member_id` may do in category `category` of `client_id`'s record at
 * time `now`: *level gets 0 (nothing), 1 (see) or 2 (see and change), and
 * *on_behalf whether the member is a representative. Rights past their end
 * count as nothing. Returns STORE_ONE, or < 0.
 */
int store_right_get(struct store_tx *tx, int64_t client_id, int64_t member_id, const char *category, int64_t now,
		    int *level, int *on_behalf);

/* Makes member_id a member of client_id's network with this role: STORE_CONFLICT when they are one already. */
int store_member_add(struct store_tx *tx, int64_t client_id, int64_t member_id, const char *role,
		     const char *discipline, int64_t now);
/* Sets one right (level 0 removes it; until 0 means no end). */
int store_right_set(struct store_tx *tx, int64_t client_id, int64_t member_id, const char *category, int level,
		    int64_t until);

struct store_member {
	int64_t client_id;
	int64_t member_id;
	const char *name;           /* the member's name (for a client's list) or the client's (for "supporting") */
	const char *role;
	const char *discipline;     /* may be NULL */
	int64_t created_at;
	/* one right per call of a store_member_rights_each callback: */
	const char *category;
	int level;
	int64_t until;              /* 0: no end */
};

/*
 * Calls fn once per right of each of up to `limit` members of client_id's
 * network with ids above `after` (members without rights once, category
 * NULL), by member id.
 */
int store_members_each(struct store_tx *tx, int64_t client_id, int64_t now, int64_t after, unsigned limit,
		       int (*fn)(const struct store_member *m, void *ctx), void *ctx);
/* The same for the clients whose network member_id is in (ids above `after`); `name` is then the client's. */
int store_supporting_each(struct store_tx *tx, int64_t member_id, int64_t now, int64_t after, unsigned limit,
			  int (*fn)(const struct store_member *m, void *ctx), void *ctx);
/* Removes member_id from client_id's network with all their rights. STORE_NONE when not a member. */
int store_member_remove(struct store_tx *tx, int64_t client_id, int64_t member_id);
/* Removes every right of the member (before setting the confirmed ones again). */
int store_rights_clear(struct store_tx *tx, int64_t client_id, int64_t member_id);

struct store_invitation {
	int64_t id;
	int64_t client_id;
	const char *role;
	const char *offer;          /* JSON object: discipline, rights, until, special rights */
	int64_t created_by;
	int64_t created_at;
	int64_t expires_at;
	int64_t accepted_by;        /* 0: not accepted */
	int64_t accepted_at;
	int64_t withdrawn_at;       /* 0: not withdrawn */
};

/* Stores an invitation (id and fields as given; *id gets the new id). */
int store_invitation_insert(struct store_tx *tx, const struct store_invitation *inv, const unsigned char hash[32],
			    int64_t *id);
/* Calls fn for the invitation with this code hash (STORE_NONE when there is none). */
int store_invitation_by_hash(struct store_tx *tx, const unsigned char hash[32],
			     int (*fn)(const struct store_invitation *inv, void *ctx), void *ctx);
/* Calls fn for up to `limit` invitations of the client with ids below `before` (0: the newest), newest first. */
int store_invitation_each(struct store_tx *tx, int64_t client_id, int64_t before, unsigned limit,
			  int (*fn)(const struct store_invitation *inv, void *ctx), void *ctx);
/* Marks an open invitation accepted or withdrawn: STORE_ONE, or STORE_NONE when it is not open. */
int store_invitation_accept(struct store_tx *tx, int64_t id, int64_t member_id, int64_t now);
int store_invitation_withdraw(struct store_tx *tx, int64_t client_id, int64_t id, int64_t now);

/* ---- help requests ---- */

struct store_help_request {
	int64_t id;
	int64_t client_id;
	const char *data;           /* JSON object: text, day, until, time, for (member ids or absent) */
	const char *status;         /* open, taken, done, cancelled */
	int64_t taken_by;           /* 0: nobody */
	int64_t created_by;
	int64_t created_at;
	int64_t updated_at;
};

int store_help_insert(struct store_tx *tx, int64_t client_id, int64_t by, int64_t now, const char *data,
		      int64_t *id);
/* A page of a client's help requests, oldest first. */
struct store_help_page {
	int64_t after;              /* ids above this (0: from the oldest) */
	unsigned limit;
	int64_t pending_for;        /* not 0: only open ones and the ones this member took and did not close */
};

/* Calls fn for one of the client's requests (id; STORE_NONE when absent) or for a page of them (id 0). */
int store_help_each(struct store_tx *tx, int64_t client_id, int64_t id, const struct store_help_page *page,
		    int (*fn)(const struct store_help_request *h, void *ctx), void *ctx);
/* Takes an open request for `member`: STORE_ONE, or STORE_NONE when it is not open any more. */
int store_help_take(struct store_tx *tx, int64_t client_id, int64_t id, int64_t member, int64_t now);
/* Closes a request that is not closed yet (status done or cancelled): STORE_ONE or STORE_NONE. */
int store_help_close(struct store_tx *tx, int64_t client_id, int64_t id, const char *status, int64_t now);

/* ---- the client's record: items of a kind, each change kept ---- */

struct store_item {
	int64_t id;
	int64_t client_id;
	const char *kind;
	int64_t created_at;
	int64_t created_by;
	int64_t updated_at;
	int64_t updated_by;
	const char *data;           /* the item's fields as a JSON object */
	/* filled by store_item_changes_each only: */
	const char *change;         /* "create", "update" or "remove" */
	int64_t at;
	int64_t by;
	const char *previous;       /* the item's fields before this change; NULL for a create */
};

/*
 * Adds an item (data: JSON object text) and its "create" change; *id gets
 * its id. unique_key (NULL: none) is a value no other live item of the
 * client's kind may have: STORE_CONFLICT when one has.
 */
int store_item_insert(struct store_tx *tx, int64_t client_id, const char *kind, int64_t by, int64_t at,
		      const char *data, const char *unique_key, int64_t *id);
/* Replaces an item's fields (and unique key) and records the change. STORE_NONE when there is no such live item. */
int store_item_update(struct store_tx *tx, int64_t client_id, const char *kind, int64_t id, int64_t by,
		      int64_t at, const char *data, const char *unique_key);
/* Marks an item removed and records the change (the history keeps it). STORE_NONE when absent. */
int store_item_remove(struct store_tx *tx, int64_t client_id, const char *kind, int64_t id, int64_t by,
		      int64_t at);

/* Callbacks get rows whose strings live only during the call; a negative return stops with an error. */
typedef int (*store_item_fn)(const struct store_item *item, void *ctx);

/* Calls fn for the live item `id` of that client and kind: STORE_ONE, or STORE_NONE when there is none. */
int store_item_get(struct store_tx *tx, int64_t client_id, const char *kind, int64_t id, store_item_fn fn,
		   void *ctx);
/*
 * Calls fn for up to `limit` live items of the client of `kind` with ids
 * above `after` (0: from the oldest), oldest first. kind NULL: every live
 * item of every kind (after and limit are ignored; the export).
 */
int store_item_each(struct store_tx *tx, int64_t client_id, const char *kind, int64_t after, unsigned limit,
		    store_item_fn fn, void *ctx);
/* How many live items of the client's kind have ids below `before` (for version numbers). */
int store_item_count_before(struct store_tx *tx, int64_t client_id, const char *kind, int64_t before, int64_t *n);
/* Calls fn for each change to the client's items of `kind`, oldest first. */
int store_item_changes_each(struct store_tx *tx, int64_t client_id, const char *kind, store_item_fn fn,
			    void *ctx);

/* ---- messages ---- */

struct store_message {
	int64_t id;
	int64_t client_id;
	int64_t thread;             /* 0: the conversation; else the member of the one-to-one thread */
	int64_t author_id;
	const char *author_name;    /* NULL when the author's account is gone */
	int on_behalf;              /* written by a representative on behalf of the client */
	const char *text;
	int64_t at;
};

int store_message_insert(struct store_tx *tx, const struct store_message *m, int64_t *id);
#define STORE_ALL_THREADS (-1)
/*
 * Calls fn for up to `limit` messages of a thread (STORE_ALL_THREADS: of
 * every thread) with ids below `before` (0: from the newest), newest first.
 */
int store_messages_each(struct store_tx *tx, int64_t client_id, int64_t thread, int64_t before, unsigned limit,
			int (*fn)(const struct store_message *m, void *ctx), void *ctx);
/* Unread counts stop here: a page shows "99+", and counting stays as cheap in a long thread as in a short one. */
#define STORE_UNREAD_MAX 100
/*
 * For `user`: how many messages by others they have not read (at most
 * STORE_UNREAD_MAX), and when the newest was written (0: none).
 */
int store_thread_summary(struct store_tx *tx, int64_t client_id, int64_t thread, int64_t user, int64_t *unread,
			 int64_t *last_at);
/* Calls fn with each one-to-one thread of the client that holds messages (by member id), in order. */
int store_threads_each(struct store_tx *tx, int64_t client_id, int (*fn)(int64_t thread, void *ctx), void *ctx);
/* Remembers that `user` read the thread up to message `last_id` (never moves back). */
int store_thread_mark_read(struct store_tx *tx, int64_t client_id, int64_t thread, int64_t user, int64_t last_id);

/* ---- notifications ---- */

struct store_notification {
	int64_t id;
	int64_t user_id;
	const char *kind;
	int64_t client_id;
	const char *client_name;    /* filled by reads */
	int64_t actor_id;
	const char *actor_name;     /* filled by reads; NULL when the account is gone */
	const char *object;         /* may be NULL */
	int64_t at;
	int read;
};

int store_notification_insert(struct store_tx *tx, const struct store_notification *n);
/* Calls fn for up to `limit` of user's notifications with ids below `before` (0: from the newest), newest first. */
int store_notifications_each(struct store_tx *tx, int64_t user, int64_t before, unsigned limit,
			     int (*fn)(const struct store_notification *n, void *ctx), void *ctx);
/* How many of user's notifications are unread, at most STORE_UNREAD_MAX. */
int store_notifications_unread(struct store_tx *tx, int64_t user, int64_t *count);
/* Marks one of user's notifications (id) or all of them (id 0) as read. */
int store_notifications_mark_read(struct store_tx *tx, int64_t user, int64_t id);
/* Marks user's notifications of this kind, client and object as read (having seen what they tell of). */
int store_notifications_mark_seen(struct store_tx *tx, int64_t user, const char *kind, int64_t client_id,
				  const char *object);

#endif
