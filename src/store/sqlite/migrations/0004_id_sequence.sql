-- Account ids are never reused. SQLite hands out max(id) + 1, so after the
-- newest account is erased a new one would get its id, and with it the
-- erased person's audit rows (which stay). Ids now come from a sequence
-- that starts past every id that was ever used, in accounts or audit rows.
CREATE TABLE id_sequence (
	name TEXT PRIMARY KEY,
	last INTEGER NOT NULL
) STRICT;
INSERT INTO id_sequence(name, last) VALUES ('users', max(
	(SELECT coalesce(max(id), 0) FROM users),
	(SELECT coalesce(max(client_id), 0) FROM audit),
	(SELECT coalesce(max(actor_id), 0) FROM audit)));
