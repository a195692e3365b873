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
-- A member's rights, read in one range per client of theirs (the triage list).
