-- The audit log is append-only: UPDATE and DELETE are refused by triggers,
-- but INSERT OR REPLACE (REPLACE INTO) with an existing id deletes the old
-- row without firing the delete trigger (recursive triggers are off). An
-- insert whose id is taken is refused here, whatever its conflict clause.
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit rows are never replaced'); END;
