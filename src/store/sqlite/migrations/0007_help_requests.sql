-- Help requests: what the client asks of their network, for a day or a period,
-- for chosen members or for everyone with the help-requests right.
CREATE TABLE help_requests (
	id INTEGER PRIMARY KEY,
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	data TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('open', 'taken', 'done', 'cancelled')),
	taken_by INTEGER,
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX help_requests_client ON help_requests(client_id, id);
