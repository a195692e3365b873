-- The client's network: who may see or do what in the client's record.
-- A member's rights are per category: 1 = see, 2 = see and change, each with
-- an optional end. Two special rights are categories of their own:
-- receives_alerts (1) and acts_on_behalf (2, a representative).
CREATE TABLE members (
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	member_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	discipline TEXT,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (client_id, member_id)
) STRICT;
CREATE INDEX members_member ON members(member_id);

CREATE TABLE rights (
	client_id INTEGER NOT NULL,
	member_id INTEGER NOT NULL,
	category TEXT NOT NULL,
	level INTEGER NOT NULL CHECK (level IN (1, 2)),
	until INTEGER,
	PRIMARY KEY (client_id, member_id, category),
	FOREIGN KEY (client_id, member_id) REFERENCES members(client_id, member_id) ON DELETE CASCADE
) STRICT;
