-- Alerts: the client's rules, the alerts they raised, who was told and who
-- is on duty, and the events that reach open pages (Server-Sent Events).

-- A rule of the client's: what to watch and whom to tell, in order.
CREATE TABLE alert_rules (
	id INTEGER PRIMARY KEY,
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind TEXT NOT NULL CHECK (kind IN ('out_of_range', 'urgent', 'trend', 'missing', 'inr', 'daily_life', 'help')),
	measure_kind TEXT,                 -- the kind of measurement watched; NULL for daily_life and help
	params TEXT NOT NULL,              -- JSON object: the rule's figures (docs/api.md)
	receivers TEXT NOT NULL,           -- JSON array of member ids, in the order they are told
	step_minutes INTEGER NOT NULL CHECK (step_minutes BETWEEN 1 AND 1440),
	then_everyone INTEGER NOT NULL CHECK (then_everyone IN (0, 1)),
	severity TEXT NOT NULL CHECK (severity IN ('warning', 'urgent')),
	enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
	snoozed_until INTEGER,             -- seconds; NULL: not snoozed
	snoozed_by INTEGER,
	snooze_reason TEXT,
	-- what evaluation remembers between readings (never a rescan of history):
	streak INTEGER NOT NULL DEFAULT 0, -- readings out of range in a row
	armed INTEGER NOT NULL DEFAULT 1,  -- 0 after firing, until a reading is back in range
	last_taken_at INTEGER,             -- milliseconds: the newest reading the rule has seen
	due_at INTEGER,                    -- seconds: a missing rule fires then unless a reading comes
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX alert_rules_client ON alert_rules(client_id, measure_kind);
CREATE INDEX alert_rules_due ON alert_rules(due_at) WHERE due_at IS NOT NULL;
-- One help-button rule per client.
CREATE UNIQUE INDEX alert_rules_one_help ON alert_rules(client_id) WHERE kind = 'help';

CREATE TABLE alerts (
	id INTEGER PRIMARY KEY,
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	rule_id INTEGER REFERENCES alert_rules(id) ON DELETE SET NULL,
	kind TEXT NOT NULL,
	severity TEXT NOT NULL CHECK (severity IN ('warning', 'urgent')),
	details TEXT NOT NULL,             -- JSON object: the code and figures the words are made of
	dedupe_key TEXT,                   -- what makes it once (per rule); NULL: the open-alert guard only
	status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed')),
	raised_at INTEGER NOT NULL,
	chain TEXT NOT NULL,               -- JSON array of the member ids to tell, in order (duty first)
	step INTEGER NOT NULL DEFAULT 0,   -- how many of the chain have been told
	step_minutes INTEGER NOT NULL,
	then_everyone INTEGER NOT NULL,
	next_step_at INTEGER,              -- seconds: the next escalation unless taken up; NULL: none
	acknowledged_by INTEGER,
	acknowledged_at INTEGER,
	closed_by INTEGER,
	closed_at INTEGER,
	closed_note TEXT
) STRICT;
CREATE UNIQUE INDEX alerts_rule_key ON alerts(rule_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE INDEX alerts_client ON alerts(client_id, id);
CREATE INDEX alerts_due ON alerts(next_step_at) WHERE next_step_at IS NOT NULL;
CREATE INDEX alerts_open_rule ON alerts(rule_id) WHERE status <> 'closed';
CREATE INDEX alerts_open_client ON alerts(client_id) WHERE status <> 'closed';

-- Who was told of an alert, and when.
CREATE TABLE alert_receipts (
	alert_id INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
	user_id INTEGER NOT NULL,
	told_at INTEGER NOT NULL,
	PRIMARY KEY (alert_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX alert_receipts_user ON alert_receipts(user_id, alert_id);

-- "Ik heb dienst vannacht": a member on duty for a client from..until.
CREATE TABLE duty (
	id INTEGER PRIMARY KEY,
	client_id INTEGER NOT NULL,
	member_id INTEGER NOT NULL,
	starts_at INTEGER NOT NULL,
	ends_at INTEGER NOT NULL CHECK (ends_at > starts_at),
	note TEXT,
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	FOREIGN KEY (client_id, member_id) REFERENCES members(client_id, member_id) ON DELETE CASCADE
) STRICT;
CREATE INDEX duty_client ON duty(client_id, ends_at);

-- What an open page of a person is told live; kept a day for a page that reconnects.
CREATE TABLE events (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	data TEXT NOT NULL,
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX events_user ON events(user_id, id);
CREATE INDEX events_at ON events(at);
