-- Measuring at home: what people with a chronic illness measure themselves,
-- each reading in a table of its own (not a record item: readings have a
-- time of measurement, arrive by the thousand from devices and are never
-- edited, only replaced by the same reading sent again).

-- The catalogue of kinds, kept as data: adding a kind is a migration, not C.
-- `unit` is the unit values are stored in; `decimals` how they are shown;
-- [min, max] the plausible range (anything outside it is refused as a typo
-- or a broken device); value2 is the second value of a kind that has one
-- (diastolic). `every_min`/`every_max`: the interval in minutes of a kind
-- that a device sends continuously (CGM). `suggest_*`: a range from
-- published guidance, offered when the client sets their own (the client's
-- range is what counts), with its source. `loinc`/`loinc2`: the codes for
-- the FHIR export (NULL where LOINC has no fitting code). `position`: the
-- order the pages list kinds in. The words are in the translation files,
-- under measurements.kind.<code>.
CREATE TABLE measurement_kinds (
	code TEXT PRIMARY KEY,
	unit TEXT NOT NULL,
	decimals INTEGER NOT NULL CHECK (decimals BETWEEN 0 AND 3),
	min REAL NOT NULL,
	max REAL NOT NULL,
	value2 TEXT,
	min2 REAL,
	max2 REAL,
	every_min INTEGER,
	every_max INTEGER,
	suggest_low REAL,
	suggest_high REAL,
	suggest_low2 REAL,
	suggest_high2 REAL,
	suggest_source TEXT,
	loinc TEXT,
	loinc2 TEXT,
	position INTEGER NOT NULL UNIQUE,
	CHECK (min < max)
) STRICT;

-- Other units a kind accepts on input: stored value = entered value * factor.
CREATE TABLE measurement_units (
	kind TEXT NOT NULL REFERENCES measurement_kinds(code),
	unit TEXT NOT NULL,
	factor REAL NOT NULL,
	PRIMARY KEY (kind, unit)
) STRICT;

INSERT INTO measurement_kinds
	(code, unit, decimals, min, max, value2, min2, max2, every_min, every_max,
	 suggest_low, suggest_high, suggest_low2, suggest_high2, suggest_source, loinc, loinc2, position) VALUES
	('glucose', 'mmol/L', 1, 0.6, 40.0, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, '14743-9', NULL, 10),
	('cgm', 'mmol/L', 1, 1.1, 33.3, NULL, NULL, NULL, 1, 15,
	 3.9, 10.0, NULL, NULL, 'International consensus on time in range (Battelino et al., Diabetes Care 2019)',
	 '99504-3', NULL, 20),
	('carbohydrates', 'g', 0, 0, 500, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, '9059-7', NULL, 30),
	('insulin', 'U', 2, 0, 100, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, NULL, NULL, 40),
	('blood_pressure', 'mmHg', 0, 50, 280, 'diastolic', 20, 200, NULL, NULL,
	 NULL, 135, NULL, 85, 'ESH 2023: a home blood pressure of 135/85 mmHg or more counts as high',
	 '8480-6', '8462-4', 50),
	('heart_rate', '/min', 0, 20, 250, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, '8867-4', NULL, 60),
	('weight', 'kg', 1, 2, 400, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, '29463-7', NULL, 70),
	('oxygen_saturation', '%', 0, 50, 100, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, '59408-5', NULL, 80),
	('peak_flow', 'L/min', 0, 30, 1000, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, '19935-6', NULL, 90),
	('inr', 'INR', 1, 0.5, 15, NULL, NULL, NULL, NULL, NULL,
	 2.0, 3.0, NULL, NULL, 'Most indications for vitamin K antagonists (the thrombosis service sets the range)',
	 '34714-6', NULL, 100),
	('temperature', '°C', 1, 30, 45, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, '8310-5', NULL, 110),
	('steps', 'steps', 0, 0, 100000, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, '41950-7', NULL, 120),
	('sleep', 'h', 1, 0, 24, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, '93832-4', NULL, 130),
	('mood', 'score', 0, 1, 5, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, NULL, NULL, 140),
	('pain', 'score', 0, 0, 10, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, '72514-3', NULL, 150),
	('breathlessness', 'score', 0, 0, 10, NULL, NULL, NULL, NULL, NULL,
	 NULL, NULL, NULL, NULL, NULL, NULL, NULL, 160);

INSERT INTO measurement_units (kind, unit, factor) VALUES
	('glucose', 'mmol/L', 1), ('glucose', 'mg/dL', 0.0555555555555556),
	('cgm', 'mmol/L', 1), ('cgm', 'mg/dL', 0.0555555555555556),
	('carbohydrates', 'g', 1), ('insulin', 'U', 1), ('blood_pressure', 'mmHg', 1),
	('heart_rate', '/min', 1), ('weight', 'kg', 1), ('weight', 'lb', 0.45359237),
	('oxygen_saturation', '%', 1), ('peak_flow', 'L/min', 1), ('inr', 'INR', 1),
	('temperature', '°C', 1), ('steps', 'steps', 1), ('sleep', 'h', 1), ('sleep', 'min', 0.0166666666666667),
	('mood', 'score', 1), ('pain', 'score', 1), ('breathlessness', 'score', 1);

-- The devices a client (or a member with the right) connected: a token for
-- a named device, limited to some kinds, stored only as hashes. A
-- Nightscout uploader sends the secret's SHA-1 or SHA-512 in hex instead of
-- the secret itself, so those two forms are hashed and kept as well.
-- `kinds`: the kinds it may send, a JSON array. `status`: the last device
-- status it sent (battery, uploader), JSON.
CREATE TABLE devices (
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL,
	kinds TEXT NOT NULL,
	token_hash BLOB NOT NULL UNIQUE,
	sha1_hash BLOB NOT NULL UNIQUE,
	sha512_hash BLOB NOT NULL UNIQUE,
	created_by INTEGER NOT NULL,
	created_at INTEGER NOT NULL,
	last_used_at INTEGER,
	revoked_at INTEGER,
	status TEXT,
	status_at INTEGER
) STRICT;
CREATE INDEX devices_client ON devices(client_id, id);

-- Readings. `taken_at` in milliseconds UTC (as devices send them). A
-- reading is one per client, kind, time and source ('manual' for values
-- entered by a person, 'device/<id>' for a device): the same reading sent
-- again replaces itself instead of being stored twice. `value` (and
-- `value2`) in the kind's stored unit; `unit` as entered. `entered_by`:
-- the person who entered it or whose device sent it; `via` 'client',
-- 'member' (on the client's behalf) or 'device'. `extra`: what a device
-- sent besides the value (trend arrow, noise), JSON.
CREATE TABLE measurements (
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	id INTEGER PRIMARY KEY,
	kind TEXT NOT NULL REFERENCES measurement_kinds(code),
	taken_at INTEGER NOT NULL,
	source TEXT NOT NULL,
	value REAL NOT NULL,
	value2 REAL,
	unit TEXT NOT NULL,
	entered_by INTEGER NOT NULL,
	via TEXT NOT NULL CHECK (via IN ('client', 'member', 'device')),
	device_id INTEGER,
	note TEXT,
	extra TEXT,
	created_at INTEGER NOT NULL
) STRICT;
-- The one reading per client, kind, time and source, and every list (by kind and time).
CREATE UNIQUE INDEX measurements_reading ON measurements(client_id, kind, taken_at, source);

-- The client's own ranges, per kind; who set it and when.
CREATE TABLE measurement_targets (
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind TEXT NOT NULL REFERENCES measurement_kinds(code),
	low REAL,
	high REAL,
	low2 REAL,
	high2 REAL,
	set_by INTEGER NOT NULL,
	set_at INTEGER NOT NULL,
	PRIMARY KEY (client_id, kind)
) STRICT;
