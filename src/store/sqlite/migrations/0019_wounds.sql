-- Slow-healing wounds and their photos. A wound has a name the client gives
-- it ("linker onderbeen") and a note; each photo is stored as the server
-- made it (cleaned and re-encoded, no metadata), under its own id, never a
-- name from the upload. The image bytes are kept in a table of their own so
-- that listing photos never reads them, and so that backups and erasure
-- treat them like every other part of the record.
CREATE TABLE wounds (
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	note TEXT,
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	healed_at INTEGER
) STRICT;
CREATE INDEX wounds_client ON wounds(client_id, id);

CREATE TABLE wound_photos (
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	id INTEGER PRIMARY KEY,
	wound_id INTEGER NOT NULL REFERENCES wounds(id) ON DELETE CASCADE,
	taken_at INTEGER NOT NULL,
	note TEXT,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	bytes INTEGER NOT NULL,
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX wound_photos_wound ON wound_photos(client_id, wound_id, taken_at);

CREATE TABLE wound_photo_data (
	photo_id INTEGER PRIMARY KEY REFERENCES wound_photos(id) ON DELETE CASCADE,
	image BLOB NOT NULL,
	thumb BLOB NOT NULL
) STRICT;
