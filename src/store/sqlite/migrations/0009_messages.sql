-- Messages: per client, the conversation of everyone with the messages right
-- (thread 0) and a one-to-one thread with each member (thread = member id).
-- They belong to the client's record: erasing the client erases them.
CREATE TABLE messages (
	id INTEGER PRIMARY KEY,
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	thread INTEGER NOT NULL,
	author_id INTEGER NOT NULL,
	on_behalf INTEGER NOT NULL DEFAULT 0,
	text TEXT NOT NULL,
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX messages_thread ON messages(client_id, thread, id);

-- How far each person has read each thread (the newest message id they saw).
CREATE TABLE message_reads (
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	thread INTEGER NOT NULL,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	last_read INTEGER NOT NULL,
	PRIMARY KEY (client_id, thread, user_id)
) STRICT;
