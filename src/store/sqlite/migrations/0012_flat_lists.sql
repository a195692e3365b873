-- Every list is a page found by an index that matches its filter and order,
-- so that the first page costs the same with a thousand rows as with a
-- million (see docs/performance.md; check with EXPLAIN QUERY PLAN).

-- A part of the record: its live items in id order, however many were removed.
CREATE INDEX record_items_live ON record_items(client_id, kind, id) WHERE removed_at IS NULL;
-- Unread notifications: counted (up to a cap) and marked seen without walking the read ones.
CREATE INDEX notifications_unread ON notifications(user_id, id) WHERE read = 0;
-- The access log, "only what others did": the client's own rows left out by the index itself.
CREATE INDEX audit_others ON audit(client_id, id) WHERE actor_id <> client_id;
-- Help requests still open or taken: what a member's list of pending requests walks.
CREATE INDEX help_requests_pending ON help_requests(client_id, id) WHERE status IN ('open', 'taken');
