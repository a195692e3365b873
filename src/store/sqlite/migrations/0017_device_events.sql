-- What diabetes devices send besides values (Nightscout "treatments"): a
-- meal, a bolus, a sensor change, a note. Carbohydrates and insulin are also
-- stored as readings of their kinds; every event is kept here as sent
-- (cleaned), for the client to read and the uploader to read back. One per
-- client, event type and time: a retry stores nothing twice.
CREATE TABLE device_events (
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	id INTEGER PRIMARY KEY,
	device_id INTEGER,
	taken_at INTEGER NOT NULL,
	event_type TEXT NOT NULL,
	data TEXT NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX device_events_one ON device_events(client_id, event_type, taken_at);
CREATE INDEX device_events_time ON device_events(client_id, taken_at);
