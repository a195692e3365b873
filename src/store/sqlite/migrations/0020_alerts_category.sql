-- The unused category "signals" ("a warning when something stands out")
-- becomes "alerts": nothing ever read or wrote under it, so a right given
-- to it keeps its meaning under the new name. "daily_life" (signals from
-- home sensors) is new and given to nobody.
UPDATE rights SET category = 'alerts' WHERE category = 'signals';
-- An invitation not yet taken offers its rights as JSON keyed by category
-- (no free text in it), so the name is changed there too.
UPDATE invitations SET offer = replace(offer, '"signals"', '"alerts"') WHERE offer LIKE '%"signals"%';
