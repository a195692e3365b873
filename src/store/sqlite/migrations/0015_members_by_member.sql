-- The clients a member supports are paged by client id: an index on the
-- member alone made SQLite sort all of a member's memberships for a page
-- (EXPLAIN QUERY PLAN: USE TEMP B-TREE FOR ORDER BY).
DROP INDEX members_member;
CREATE INDEX members_member ON members(member_id, client_id);
