-- Invitations into a client's network: a single-use code, kept only as a
-- hash, with the role and the rights the client confirmed when inviting.
CREATE TABLE invitations (
	id INTEGER PRIMARY KEY,
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash BLOB NOT NULL UNIQUE,
	role TEXT NOT NULL,
	offer TEXT NOT NULL,
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	accepted_by INTEGER,
	accepted_at INTEGER,
	withdrawn_at INTEGER
) STRICT;
CREATE INDEX invitations_client ON invitations(client_id, id);
