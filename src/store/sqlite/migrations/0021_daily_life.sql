-- Looking along at a distance (leefstijlmonitoring): the signals home
-- sensors send of daily life (someone moved in the kitchen, the front door
-- opened, got out of bed), from which Roer learns the client's usual day
-- (src/measure/daily_life.h). A signal says only what happened, when and
-- where, in the client's own name for the room; it carries no value.
--
-- `at` is milliseconds UTC. The unique key is what makes an uploader's
-- retry store nothing twice: the same thing at the same moment in the same
-- place is the same signal, whichever device or person sent it again.
-- Its leading columns (client_id, at) also serve every range read of a
-- client's days; the second index on (client_id, at) is narrower (SQLite
-- adds the rowid to it), so the day view's range read and the keyset pages
-- (ordered by at, id) walk it without a sort.
CREATE TABLE daily_signals (
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	id INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	type TEXT NOT NULL CHECK (type IN ('motion', 'door', 'bed_out', 'bed_in', 'kitchen', 'fridge', 'toilet')),
	place TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 60),
	device_id INTEGER,
	created_at INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX daily_signals_unique ON daily_signals(client_id, at, type, place);
CREATE INDEX daily_signals_client_at ON daily_signals(client_id, at);

-- The thresholds the client (or a member who may change daily life) set
-- by hand; NULL means "learned from the client's own last weeks". Times of
-- day are minutes after local midnight, durations minutes.
CREATE TABLE daily_life_settings (
	client_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	first_activity_by INTEGER CHECK (first_activity_by BETWEEN 0 AND 1439),
	kitchen_by INTEGER CHECK (kitchen_by BETWEEN 0 AND 1439),
	nights_out_max INTEGER CHECK (nights_out_max BETWEEN 0 AND 50),
	night_minutes_max INTEGER CHECK (night_minutes_max BETWEEN 5 AND 360),
	silent_minutes INTEGER CHECK (silent_minutes BETWEEN 60 AND 720),
	bathroom_minutes_max INTEGER CHECK (bathroom_minutes_max BETWEEN 5 AND 240),
	changed_by INTEGER NOT NULL,
	changed_at INTEGER NOT NULL
) STRICT;
