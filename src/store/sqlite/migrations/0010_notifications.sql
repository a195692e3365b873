-- Each person's notifications: what happened, around which client, by whom.
-- Never the content itself (no message text, no record), only a reference.
CREATE TABLE notifications (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	actor_id INTEGER NOT NULL,
	object TEXT,
	at INTEGER NOT NULL,
	read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1))
) STRICT;
CREATE INDEX notifications_user ON notifications(user_id, id);
