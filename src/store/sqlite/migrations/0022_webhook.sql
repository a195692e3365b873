-- The outgoing webhook (src/alerts/webhook.c): an outbox of events to POST
-- to the installation's --webhook-url, and a log of every attempt.
--
-- An event is written in the same transaction as what it tells of (an
-- alert), so it is sent if and only if that was committed, and survives a
-- restart until it is delivered or given up. A delivery is pending while
-- delivered_at and gave_up_at are both NULL; next_at is when it is due.
-- The payload is a JSON object kept as text, exactly as it will be sent.
--
-- Not keyed by client: the outbox is the installation's, one queue to one
-- receiver, and an event need not be about one client.
CREATE TABLE webhook_outbox (
	id INTEGER PRIMARY KEY,
	event TEXT NOT NULL,
	payload TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	next_at INTEGER NOT NULL,
	delivered_at INTEGER,
	gave_up_at INTEGER
) STRICT;
-- The delivery loop's two questions, "which is due now?" and "when is the
-- next one due?", read only the pending rows, however many were delivered.
CREATE INDEX webhook_outbox_due ON webhook_outbox(next_at, id)
	WHERE delivered_at IS NULL AND gave_up_at IS NULL;

-- One row per attempt: status is the HTTP status of the reply, 0 when none
-- came (error then says why: refused, timed out ...); error is NULL when a
-- reply came. Never the secret, never the request's headers.
CREATE TABLE webhook_attempts (
	id INTEGER PRIMARY KEY,
	outbox_id INTEGER NOT NULL REFERENCES webhook_outbox(id) ON DELETE CASCADE,
	at INTEGER NOT NULL,
	attempt INTEGER NOT NULL,
	status INTEGER NOT NULL,
	error TEXT,
	duration_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX webhook_attempts_outbox ON webhook_attempts(outbox_id, attempt);
