-- The client's own record: what matters, life-domain ratings, the balance,
-- goals, actions, check-ins, decisions and the advance care plan. Every
-- part is a list of items of one kind whose fields the API validates; the
-- item's fields are kept as a JSON object. Every change is kept in
-- record_changes, so the client can see how their picture changed.

CREATE TABLE record_items (
	id INTEGER PRIMARY KEY,
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	created_by INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	updated_by INTEGER NOT NULL,
	removed_at INTEGER,
	data TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX record_items_client ON record_items(client_id, kind, id);

CREATE TABLE record_changes (
	id INTEGER PRIMARY KEY,
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	item_id INTEGER NOT NULL,
	at INTEGER NOT NULL,
	by_id INTEGER NOT NULL,
	change TEXT NOT NULL CHECK (change IN ('create', 'update', 'remove')),
	data TEXT NOT NULL
) STRICT;
CREATE INDEX record_changes_client ON record_changes(client_id, kind, id);
