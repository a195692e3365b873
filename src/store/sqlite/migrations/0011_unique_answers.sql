-- One answer per question of ours (question_key) in a client's "what
-- matters": the database holds the rule, so that two requests at once
-- cannot both add one. A kind with such a rule gives its key with each
-- live item; a second live item with the same key is a conflict (409).
ALTER TABLE record_items ADD COLUMN unique_key TEXT;
UPDATE record_items SET unique_key = json_extract(data, '$.question_key')
	WHERE kind = 'what_matters' AND removed_at IS NULL;
CREATE UNIQUE INDEX record_items_unique ON record_items(client_id, kind, unique_key)
	WHERE unique_key IS NOT NULL;
