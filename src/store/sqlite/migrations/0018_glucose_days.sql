-- The glucose sensor's readings summed up per client and local day (see
-- src/measure/glucose_metrics.h: exact integer sums in hundredths of mg/dL
-- and a count per consensus band), kept up to date as readings arrive, so a
-- 90-day summary merges at most 90 rows instead of reading 26,000 values.
CREATE TABLE glucose_days (
	client_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	day INTEGER NOT NULL,
	count INTEGER NOT NULL,
	sum INTEGER NOT NULL,
	sum_sq INTEGER NOT NULL,
	very_low INTEGER NOT NULL,
	low INTEGER NOT NULL,
	in_range INTEGER NOT NULL,
	high INTEGER NOT NULL,
	very_high INTEGER NOT NULL,
	PRIMARY KEY (client_id, kind, day)
) STRICT, WITHOUT ROWID;
