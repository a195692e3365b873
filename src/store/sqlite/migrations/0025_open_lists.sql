-- Lists that stay as short as what is open, however long a client's history grows
-- (EXPLAIN QUERY PLAN walked every help request of a client, and every rule of every client).
-- The triage summary counts a client's open help requests at each change of one.
CREATE INDEX help_requests_open ON help_requests(client_id, created_at) WHERE status = 'open';
-- The scheduler's list of clients whose day at home it judges, every minute.
CREATE INDEX alert_rules_daily_life ON alert_rules(client_id) WHERE kind = 'daily_life' AND enabled = 1;
