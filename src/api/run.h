#ifndef ROER_API_RUN_H
#define ROER_API_RUN_H

/*
 * The transaction runner of the API, after GNU Taler's
 * TEH_DB_run_transaction: a handler validates its input, keeps what its
 * body needs in request_state(), and hands the body to api_run with the
 * kind of transaction. The body asks access, reads or writes through the
 * store, and sets the reply. The reply goes out only after the commit that
 * holds the body's work (and its audit rows), or as an error when nothing
 * was committed.
 *
 * Reads run at once on the handler's thread in a read transaction (no
 * writer slot, no fsync); their audit rows, if any (access by someone
 * else), are written by the next group commit before the reply goes out.
 * Writes run on the store's writer, grouped with concurrent writes into one
 * commit; the connection waits meanwhile without holding a thread.
 */

#include "store/store.h"

struct request;

/*
 * A transaction body. Returns STORE_TX_KEEP to commit its work (and send its
 * reply after the commit), STORE_TX_UNDO to undo its own work and send its
 * reply (a refusal decided inside), or a negative store status: STORE_RETRY
 * runs it again (the reply it set is dropped), STORE_CONFLICT becomes a 409,
 * STORE_RETRY given up a 503 and anything else a 500. It must set a reply
 * whenever it returns >= 0, and it may run more than once.
 */
typedef int (*api_tx_fn)(struct request *req, struct store_tx *tx);

/*
 * Runs fn as the request's one transaction. The handler returns at once
 * with what this returns (0) and touches req no more: the body may run, and
 * the reply may be sent, on another thread.
 */
int api_run(struct request *req, enum store_tx_kind kind, api_tx_fn fn);

#endif
