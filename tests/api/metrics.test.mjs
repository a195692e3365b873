// What the numbers mean, over HTTP: the consensus glucose metrics of a real sensor trace against the
// values the R package iglu computed for it (../shared/data/cgm), kept right through retries,
// replacements and removals (the daily sums), the daily profile, INR time in range, blood pressure
// means and weight change. The computations themselves are unit-tested in tests/unit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, repoRoot } from '../lib/server.mjs';
import { assertError, signUp, uniqueEmail } from '../lib/api.mjs';

const CGM = join(repoRoot, '..', 'shared', 'data', 'cgm');
let server;
let ann;
let tom; // a member without the right

before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000' } });
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  tom = await signUp(server.url, { email: uniqueEmail('tom'), name: 'Tom' });
});
after(() => server.stop());

const M = '/clients/me/measurements';
const round1 = (x) => Math.round(x * 10) / 10;

// Subject 1 of iglu's example data, moved in time so that its last reading was an hour ago.
function trace() {
  const rows = readFileSync(join(CGM, 'iglu-real-cgm', 'ExampleData5Subjects.csv'), 'utf8').trim().split('\n').slice(1)
    .map((l) => l.split(',')).filter((c) => c[0] === '"Subject 1"' && c[2] !== 'NA')
    .map((c) => ({ at: Date.parse(`${c[1].replace(' ', 'T')}Z`), mgdl: Number(c[2]) }));
  const shift = Date.now() - 3600e3 - Math.max(...rows.map((r) => r.at));
  return rows.map((r) => ({ kind: 'cgm', taken_at: new Date(r.at + shift).toISOString(), value: r.mgdl, unit: 'mg/dL' }));
}

function expected() {
  const [head, ...lines] = readFileSync(join(CGM, 'metrics-expected-iglu', 'expected_consensus_metrics.csv'), 'utf8').trim().split('\n');
  const cols = head.split(',');
  const row = lines.map((l) => l.split(',')).find((c) => c[1] === 'Subject 1' && c[0].includes('ExampleData5Subjects'));
  return Object.fromEntries(cols.map((c, i) => [c, Number(row[i])]));
}

async function post(readings) {
  for (let i = 0; i < readings.length; i += 1000) {
    const r = await ann.post(M, { readings: readings.slice(i, i + 1000) });
    assert.ok(r.status === 201 || r.status === 200, r.text);
  }
}

test('the consensus metrics of a real trace are what iglu computed for it', async (t) => {
  if (!existsSync(CGM)) { t.skip(`NOTICE: ${CGM} is absent; the iglu comparison did not run`); return; }
  const readings = trace();
  const want = expected();
  await post(readings);
  let r = await ann.get('/clients/me/metrics?kind=cgm&days=14');
  assert.equal(r.status, 200, r.text);
  const m = r.body;
  assert.equal(m.readings, readings.length);
  assert.equal(m.interval_minutes, 5, 'its last readings are every 5 minutes, as iglu estimates for the whole');
  assert.equal(m.mean, round1(want.mean / 18));
  assert.equal(m.cv, round1(want.CV));
  assert.equal(m.gmi, round1(want.GMI));
  assert.equal(m.time_in.in_range, round1(want.in_range_70_180));
  assert.equal(m.time_in.very_low, round1(want.below_54));
  assert.equal(round1(m.time_in.very_low + m.time_in.low), round1(want.below_70));
  assert.equal(m.time_in.very_high, round1(want.above_250));
  assert.equal(round1(m.time_in.high + m.time_in.very_high), round1(want.above_180));
  assert.equal(m.active_percent, round1(want.active_percent));
  // Figures are written as they are meant (86.2, not 86.200000000000003): others read this JSON too.
  assert.doesNotMatch(r.text, /\d\.\d{8,}/, 'no number with a binary tail');
  // The same batches again (an uploader's retry) change nothing; so does a value replaced and put back.
  // (`to` is the moment of asking, so it is left out of the comparisons.)
  const figures = ({ to, ...rest }) => rest;
  const same = async (what) => assert.deepEqual(figures((await ann.get('/clients/me/metrics?kind=cgm&days=14')).body), figures(m), what);
  await post(readings);
  await same('a retry changes nothing');
  await ann.post(M, { ...readings[5], value: 400 });
  assert.notDeepEqual((await ann.get('/clients/me/metrics?kind=cgm&days=14')).body.time_in, m.time_in);
  await ann.post(M, readings[5]);
  await same('a value replaced and put back');
  // Removing a reading takes it out of the sums.
  const one = (await ann.get(`${M}?kind=cgm&limit=1`)).body[0];
  assert.equal((await ann.del(`${M}/${one.id}`)).status, 204);
  assert.equal((await ann.get('/clients/me/metrics?kind=cgm&days=14')).body.readings, readings.length - 1);
  await post([readings.find((x) => Date.parse(x.taken_at) === Date.parse(one.taken_at))]);
  await same('a reading removed and sent again');
  // 90 days hold the same trace; 7 days only its end.
  assert.equal((await ann.get('/clients/me/metrics?kind=cgm&days=90')).body.readings, readings.length);
  assert.ok((await ann.get('/clients/me/metrics?kind=cgm&days=7')).body.readings < readings.length);

  // The daily profile: 96 slots of 15 minutes, percentiles in order, medians plausible.
  r = await ann.get('/clients/me/metrics?kind=cgm&days=14&profile=1');
  const profile = r.body.profile;
  assert.equal(profile.length, 96);
  assert.deepEqual(profile.slice(0, 3).map((s) => s.minute), [0, 15, 30]);
  for (const s of profile.filter((x) => x.readings > 0)) {
    assert.ok(s.p5 <= s.p25 && s.p25 <= s.p50 && s.p50 <= s.p75 && s.p75 <= s.p95, JSON.stringify(s));
    assert.ok(s.p50 > 3 && s.p50 < 20);
  }
  assert.equal(profile.reduce((n, s) => n + s.readings, 0), (await ann.get('/clients/me/metrics?kind=cgm&days=14')).body.readings);
});

test('INR time in range by Rosendaal over her own range, or the suggested one', async () => {
  const day = 86400e3;
  // Rosendaal works on calendar days in the client's zone (Europe/Amsterdam): readings at 11:00 UTC
  // fall on the same local date whether summer or winter time, so the test holds at any hour it runs.
  const start = Math.floor(Date.now() / day) * day - 41 * day + 11 * 3600e3;
  // 2.0 → 3.0 over 10 days (all in range), 3.0 → 4.0 over 10 days (the first 0 days above 3.0: 0 in range), 4.0 → 2.5 over 10 days.
  const values = [[0, 2.0], [10, 3.0], [20, 4.0], [30, 2.5]];
  for (const [d, v] of values) {
    assert.equal((await ann.post(M, { kind: 'inr', taken_at: new Date(start + d * day).toISOString(), value: v })).status, 201);
  }
  let r = await ann.get('/clients/me/metrics?kind=inr&days=90');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.range, { low: 2, high: 3, source: 'suggestion' });
  // In range: 10 days, then none of 3→4, then from 3.0 down to 2.5: 10 × (0.5 / 1.5) = 3.33 days. 13.33 / 30.
  assert.equal(r.body.days_included, 30);
  assert.equal(r.body.ttr, round1((10 + 10 / 3) / 30 * 100));
  assert.equal((await ann.put('/clients/me/targets', { kind: 'inr', low: 2.5, high: 3.5 })).status, 200);
  r = await ann.get('/clients/me/metrics?kind=inr&days=90');
  assert.equal(r.body.range.source, 'client');
  // 2.5–3.5: 2→3 gives 5 days, 3→4 gives 5, 4→2.5 gives 10 × (1 / 1.5) = 6.67: 16.67 / 30.
  assert.equal(r.body.ttr, round1((5 + 5 + 20 / 3) / 30 * 100));
});

test('blood pressure means, weight change over 3 and 7 days, and the rest plainly', async () => {
  const day = 86400e3;
  const now = Date.now() - 60000;
  for (const [d, s, dia] of [[1, 140, 90], [2, 130, 80], [3, 120, 85]]) {
    await ann.post(M, { kind: 'blood_pressure', taken_at: new Date(now - d * day).toISOString(), value: s, value2: dia });
  }
  let r = await ann.get('/clients/me/metrics?kind=blood_pressure&days=7');
  assert.deepEqual([r.body.readings, r.body.mean], [3, { value: 130, value2: 85 }]);
  for (const [d, kg] of [[7, 80.0], [3, 81.5], [0, 82.4]]) {
    await ann.post(M, { kind: 'weight', taken_at: new Date(now - d * day).toISOString(), value: kg });
  }
  r = await ann.get('/clients/me/metrics?kind=weight&days=14');
  assert.deepEqual([r.body.change_3d, r.body.change_7d], [0.9, 2.4]);
  for (const v of [3, 5, 4]) await ann.post(M, { kind: 'pain', taken_at: new Date(now - v * 3600e3).toISOString(), value: v });
  r = await ann.get('/clients/me/metrics?kind=pain&days=7');
  assert.deepEqual([r.body.readings, r.body.mean, r.body.min, r.body.max], [3, 4, 3, 5]);
  r = await ann.get('/clients/me/metrics?kind=peak_flow&days=30');
  assert.deepEqual([r.body.readings, r.body.mean], [0, null]);
});

test('bad queries and strangers', async () => {
  assertError(await ann.get('/clients/me/metrics?kind=cgm&days=10'), 400, 'invalid_input', 'days');
  assertError(await ann.get('/clients/me/metrics?kind=koffie'), 400, 'invalid_input', 'kind');
  assertError(await ann.get('/clients/me/metrics'), 400, 'invalid_input', 'kind');
  assertError(await tom.get(`/clients/${ann.me.id}/metrics?kind=cgm`), 404, 'not_found');
});
