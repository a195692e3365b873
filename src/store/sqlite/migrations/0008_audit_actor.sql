-- Who did it, as they were then: the actor's name and place in the client's
-- network are kept with each audit row, so the client's log still reads
-- "Anna (mantelzorger)" after Anna's role changed or her account is gone.
ALTER TABLE audit ADD COLUMN actor_name TEXT;
ALTER TABLE audit ADD COLUMN actor_role TEXT;
ALTER TABLE audit ADD COLUMN actor_discipline TEXT;
ALTER TABLE audit ADD COLUMN on_behalf INTEGER NOT NULL DEFAULT 0;
CREATE INDEX audit_client_actor ON audit(client_id, actor_id, id);
