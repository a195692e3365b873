-- Per-client summaries for triage, kept up to date as data arrives (never
-- computed by scanning every client per request). What each column says is
-- only counted for a professional who may see its category (src/api/triage.c).
CREATE TABLE client_summaries (
	client_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
	open_alerts INTEGER NOT NULL DEFAULT 0,     -- alerts nobody took up (not trends, not missing values)
	worst_severity INTEGER NOT NULL DEFAULT 0,  -- of those: 2 urgent, 1 warning, 0 none
	oldest_alert_at INTEGER,                     -- of those: the oldest raised
	trend_alerts INTEGER NOT NULL DEFAULT 0,    -- trend alerts not closed
	trend_at INTEGER,
	missing_alerts INTEGER NOT NULL DEFAULT 0,  -- "no value for so long" alerts not closed
	missing_at INTEGER,
	open_help INTEGER NOT NULL DEFAULT 0,       -- help requests nobody offered to take
	oldest_help_at INTEGER,
	balance_burden INTEGER NOT NULL DEFAULT 0,  -- 1: the burdens weigh more than the strengths, as the client weighed them
	low_checkin_at INTEGER,                      -- the latest check-in's time when its mood was 1 or 2
	updated_at INTEGER NOT NULL
) STRICT;

-- What a member may see of what triage ranks on, as bits (1 alerts, 2 help requests, 4 balance,
-- 8 check-ins, 128 a representative), kept beside the membership by triggers whatever changes the
-- rights, so that ranking 10,000 clients reads a column instead of each client's rights. triage_until
-- is the earliest end among those rights: past it the list asks the rights themselves.
ALTER TABLE members ADD COLUMN triage_shares INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN triage_until INTEGER;
CREATE TRIGGER rights_triage_insert AFTER INSERT ON rights BEGIN
	UPDATE members SET (triage_shares, triage_until) = (SELECT coalesce(sum(CASE category WHEN 'alerts' THEN 1 WHEN 'help_requests' THEN 2 WHEN 'balance' THEN 4 WHEN 'checkins' THEN 8 WHEN 'acts_on_behalf' THEN 128 ELSE 0 END), 0), min(until)
		FROM rights r WHERE r.client_id = NEW.client_id AND r.member_id = NEW.member_id AND r.category IN ('alerts', 'help_requests', 'balance', 'checkins', 'acts_on_behalf'))
		WHERE client_id = NEW.client_id AND member_id = NEW.member_id;
END;
CREATE TRIGGER rights_triage_update AFTER UPDATE ON rights BEGIN
	UPDATE members SET (triage_shares, triage_until) = (SELECT coalesce(sum(CASE category WHEN 'alerts' THEN 1 WHEN 'help_requests' THEN 2 WHEN 'balance' THEN 4 WHEN 'checkins' THEN 8 WHEN 'acts_on_behalf' THEN 128 ELSE 0 END), 0), min(until)
		FROM rights r WHERE r.client_id = NEW.client_id AND r.member_id = NEW.member_id AND r.category IN ('alerts', 'help_requests', 'balance', 'checkins', 'acts_on_behalf'))
		WHERE client_id = NEW.client_id AND member_id = NEW.member_id;
END;
CREATE TRIGGER rights_triage_delete AFTER DELETE ON rights BEGIN
	UPDATE members SET (triage_shares, triage_until) = (SELECT coalesce(sum(CASE category WHEN 'alerts' THEN 1 WHEN 'help_requests' THEN 2 WHEN 'balance' THEN 4 WHEN 'checkins' THEN 8 WHEN 'acts_on_behalf' THEN 128 ELSE 0 END), 0), min(until)
		FROM rights r WHERE r.client_id = OLD.client_id AND r.member_id = OLD.member_id AND r.category IN ('alerts', 'help_requests', 'balance', 'checkins', 'acts_on_behalf'))
		WHERE client_id = OLD.client_id AND member_id = OLD.member_id;
END;
UPDATE members SET (triage_shares, triage_until) = (SELECT coalesce(sum(CASE category WHEN 'alerts' THEN 1 WHEN 'help_requests' THEN 2 WHEN 'balance' THEN 4 WHEN 'checkins' THEN 8 WHEN 'acts_on_behalf' THEN 128 ELSE 0 END), 0), min(until)
	FROM rights r WHERE r.client_id = members.client_id AND r.member_id = members.member_id AND r.category IN ('alerts', 'help_requests', 'balance', 'checkins', 'acts_on_behalf'));
