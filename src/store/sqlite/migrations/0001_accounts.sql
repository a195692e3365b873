-- Accounts, sessions, two-factor recovery codes and the audit log.

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	language TEXT NOT NULL CHECK (language IN ('nl', 'en')),
	roles INTEGER NOT NULL,
	password_hash TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	totp_secret TEXT,
	totp_pending TEXT,
	totp_last_step INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE sessions (
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	id INTEGER NOT NULL,
	token_hash BLOB NOT NULL UNIQUE,
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL,
	expires_at INTEGER NOT NULL,
	PRIMARY KEY (id)
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE recovery_codes (
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	code_hash BLOB NOT NULL,
	used_at INTEGER,
	PRIMARY KEY (user_id, code_hash)
) STRICT;

-- Append-only: the application only inserts and selects. client_id is whose
-- record was touched; no foreign keys, so rows outlive erased accounts.
CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	client_id INTEGER NOT NULL,
	at INTEGER NOT NULL,
	actor_id INTEGER NOT NULL,
	software TEXT NOT NULL,
	action TEXT NOT NULL,
	category TEXT NOT NULL,
	object TEXT,
	outcome TEXT NOT NULL,
	address TEXT NOT NULL
) STRICT;
CREATE INDEX audit_client ON audit(client_id, id);
CREATE INDEX audit_client_at ON audit(client_id, at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are never changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are never deleted'); END;
