// Looking along at a distance: four synthetic weeks of home-sensor signals
// uploaded by a device in batches, the day view learned from them (normal,
// a late morning, still learning), the client's own thresholds, who may see,
// send and change what, and clear refusals of bad input. The server's clock
// is set (ROER_TEST_CLOCK_FILE) to a Wednesday in February at 10:00 in
// Amsterdam (no daylight saving in the weeks before), so what is late is
// known.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { assertError, assertHealthy, Device, rawFetch, signUp, uniqueEmail } from '../lib/api.mjs';

const TODAY = '2027-02-10';
const NOW = Date.parse(`${TODAY}T10:00:00+01:00`);
let server;
let ann; // the client, with a sensor hub
let bo; // another client, who is not up yet today
let cees; // a client who connected her sensors three days ago
let sam; // sees daily life
let tom; // sees measurements only
let hub; // ann's sensor hub (a device with the daily_life kind)
const clockDir = mkdtempSync(join(tmpdir(), 'roer-daily-'));
const clockFile = join(clockDir, 'offset');

// Local day `n` days before TODAY, as "YYYY-MM-DD" (the dates are in February: +01:00 throughout).
const dayBefore = (n) => new Date(Date.parse(`${TODAY}T12:00:00Z`) - n * 86400e3).toISOString().slice(0, 10);
const at = (day, minute, second = 0) => `${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:${String(second).padStart(2, '0')}+01:00`;

// An ordinary day with jitter from a fixed seed, up to minute `until`.
let seed = 7;
const jitter = (range) => { seed = (seed * 1103515245 + 12345) % 2147483648; return (seed % (2 * range + 1)) - range; };
function ordinaryDay(day, until = 1440) {
  const rooms = ['Woonkamer', 'Keuken', 'Gang', 'Woonkamer'];
  const wake = 435 + jitter(15);
  const out = [
    { at: at(day, wake), type: 'bed_out', place: 'Slaapkamer' },
    { at: at(day, wake + 2), type: 'toilet', place: 'Badkamer' },
    { at: at(day, wake + 15 + jitter(5)), type: 'kitchen', place: 'Keuken' },
  ];
  for (let m = wake + 30; m < 22 * 60; m += 15 + jitter(4)) out.push({ at: at(day, m, 30), type: 'motion', place: rooms[Math.floor(m / 15) % 4] });
  out.push({ at: at(day, 22 * 60 + 30), type: 'bed_in', place: 'Slaapkamer' });
  return out.filter((s) => Number(s.at.slice(11, 13)) * 60 + Number(s.at.slice(14, 16)) < until);
}

async function enlist(client, rights, name) {
  const p = await signUp(server.url, { email: uniqueEmail(name), name });
  const inv = await client.post('/clients/me/invitations', { role: 'naaste', valid_days: 7, rights });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await p.post('/invitations/accept', { code: inv.body.code })).status, 200);
  return p;
}

// Sends signals in batches of at most 1000, as a hub catching up would.
async function upload(sender, client, signals) {
  for (let i = 0; i < signals.length; i += 1000) {
    const r = await sender.post(`/clients/${client}/signals`, { signals: signals.slice(i, i + 1000) });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.body.stored, Math.min(1000, signals.length - i));
  }
}

const history = (days) => Array.from({ length: days }, (_, i) => ordinaryDay(dayBefore(days - i))).flat();

before(async () => {
  writeFileSync(clockFile, String(Math.round((NOW - Date.now()) / 1000)));
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_TEST_CLOCK_FILE: clockFile } });
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  bo = await signUp(server.url, { email: uniqueEmail('bo'), name: 'Bo' });
  cees = await signUp(server.url, { email: uniqueEmail('cees'), name: 'Cees' });
  sam = await enlist(ann, { daily_life: 'see' }, 'Sam');
  tom = await enlist(ann, { measurements: 'change' }, 'Tom');
  const made = await ann.post('/clients/me/devices', { name: 'Sensoren thuis', kinds: ['daily_life'] });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual(made.body.kinds, ['daily_life']);
  hub = new Device(server.url, made.body.token);
});
after(async () => {
  await server.stop();
  rmSync(clockDir, { recursive: true, force: true });
});

test('four weeks through the hub in batches, then an ordinary morning: normal; a retry stores nothing twice', async () => {
  const weeks = history(28);
  assert.ok(weeks.length > 1500, `${weeks.length} signals`);
  await upload(hub, 'me', weeks);
  const morning = ordinaryDay(TODAY, 10 * 60);
  let r = await hub.post('/clients/me/signals', { signals: morning });
  assert.equal(r.status, 201, r.text);
  // The hub did not hear the answer and sends it all again: nothing new.
  r = await hub.post('/clients/me/signals', { signals: morning });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { count: morning.length, stored: 0 });
  r = await hub.post('/clients/me/signals', morning[0]);
  assert.equal(r.status, 200);
  assert.equal(r.body.stored, false);

  const view = await ann.get('/clients/me/daily-life');
  assert.equal(view.status, 200, view.text);
  const v = view.body;
  assert.equal(v.day, TODAY);
  assert.deepEqual([v.status, v.learning, v.days_with_data, v.deviations], ['normal', false, 28, []]);
  assert.equal(v.timeline.length, morning.length, 'every signal of the day is shown');
  assert.deepEqual(v.timeline[0], { at: new Date(morning[0].at).toISOString(), time: morning[0].at.slice(11, 16), type: 'bed_out', place: 'Slaapkamer' });
  assert.equal(v.days.length, 14);
  assert.equal(v.days[13].day, TODAY);
  assert.equal(v.days[0].day, dayBefore(13));
  assert.ok(v.days.slice(0, 13).every((d) => d.complete && d.signals > 50 && d.first_activity >= '07:00' && d.first_activity <= '07:30'));
  assert.ok(v.usual.first_activity.median >= '07:00' && v.usual.first_activity.median <= '07:30', JSON.stringify(v.usual.first_activity));
  assert.equal(v.usual.kitchen_place, 'Keuken');
  assert.equal(v.usual.bed_sensor, true);
  assert.ok(v.usual.places.Keuken.median, 'the kitchen\'s usual first use');
  const first = v.thresholds.first_activity_by;
  assert.deepEqual([first.set_by_client, first.unit, first.value === first.learned], [false, 'minute_of_day', true]);
  assert.ok(first.value >= 8 * 60 - 10 && first.value <= 8 * 60 + 30 && first.value % 5 === 0, `${first.value}`);
  assert.equal(v.thresholds.nights_out_max.learned, 1);

  // Yesterday, judged whole, against the 28 days before it (the first of which had no sensors yet).
  const y = (await ann.get(`/clients/me/daily-life?day=${dayBefore(1)}`)).body;
  assert.deepEqual([y.status, y.days_with_data, y.days[13].complete], ['normal', 27, true]);

  // The signals as a list, paged by the Link header, each once.
  const seen = new Set();
  let path = `/clients/me/signals?from=${dayBefore(1)}T00:00:00%2B01:00&to=${TODAY}T23:59:00%2B01:00&limit=25`;
  let pages = 0;
  while (path) {
    const page = await ann.get(path.replace(/^\/api\/v1/, ''));
    assert.equal(page.status, 200, page.text);
    for (const s of page.body) { assert.ok(!seen.has(s.id), 'no signal twice'); seen.add(s.id); }
    const link = page.headers.get('link');
    path = link ? link.match(/<([^>]+)>/)[1] : null;
    pages++;
  }
  assert.equal(seen.size, y.days[13].signals + morning.length, 'yesterday\'s and this morning\'s signals');
  assert.equal(pages, Math.floor(seen.size / 25) + 1);
  assertError(await ann.get('/clients/me/signals?after=12'), 400, 'invalid_input', 'after');
  assertError(await ann.get('/clients/me/signals?from=gisteren'), 400, 'invalid_input', 'from');
});

test('not up yet at 10:00 when she usually is by 07:30: a late morning, once a day, in codes and numbers', async () => {
  await upload(bo, 'me', history(28));
  let v = (await bo.get('/clients/me/daily-life')).body;
  assert.equal(v.status, 'deviation', JSON.stringify(v.deviations));
  assert.equal(v.deviations.length, 1);
  const d = v.deviations[0];
  assert.deepEqual([d.code, d.key, d.variant, d.ongoing], ['late_morning', `late_morning:${TODAY}`, 'no_activity', true]);
  assert.equal(d.threshold, `${String(Math.floor(v.thresholds.first_activity_by.value / 60)).padStart(2, '0')}:${String(v.thresholds.first_activity_by.value % 60).padStart(2, '0')}`);
  assert.ok(d.usual >= '07:00' && d.usual <= '07:30' && d.usual_before <= d.threshold, JSON.stringify(d));

  // Her own later time: no longer late, but the kitchen has seen nothing since she usually is there.
  let r = await bo.put('/clients/me/daily-life/settings', { first_activity_by: 11 * 60 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.thresholds.first_activity_by, { value: 660, learned: v.thresholds.first_activity_by.learned, set_by_client: true, unit: 'minute_of_day' });
  v = (await bo.get('/clients/me/daily-life')).body;
  assert.deepEqual(v.deviations.map((x) => [x.code, x.variant, x.place]), [['late_morning', 'kitchen', 'Keuken']]);
  r = await bo.put('/clients/me/daily-life/settings', { kitchen_by: 11 * 60 });
  assert.equal(r.status, 200, r.text);
  v = (await bo.get('/clients/me/daily-life')).body;
  assert.deepEqual([v.status, v.deviations], ['no_data', []]);
  assert.equal(v.thresholds.first_activity_by.value, 660, 'what is not sent stays');
  // Back to learned.
  r = await bo.put('/clients/me/daily-life/settings', { first_activity_by: null, kitchen_by: null });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.thresholds.first_activity_by.set_by_client, false);
  v = (await bo.get('/clients/me/daily-life')).body;
  assert.equal(v.deviations[0].variant, 'no_activity');
  // Up at last: still a late morning today, the same key.
  r = await bo.post('/clients/me/signals', { at: at(TODAY, 9 * 60 + 55), type: 'bed_out', place: 'Slaapkamer' });
  assert.equal(r.status, 201, r.text);
  v = (await bo.get('/clients/me/daily-life')).body;
  assert.deepEqual(v.deviations.map((x) => [x.key, x.ongoing, x.from]), [[`late_morning:${TODAY}`, false, '09:55']]);
});

test('three days of signals: still learning, nothing judged', async () => {
  await upload(cees, 'me', history(3));
  const v = (await cees.get('/clients/me/daily-life')).body;
  assert.deepEqual([v.status, v.learning, v.days_with_data, v.deviations], ['learning', true, 3, []]);
  assert.equal(v.thresholds.first_activity_by.value, null);
  assert.equal(v.usual.first_activity.days, 3);
});

test('who may see, send and change', async () => {
  const own = `/clients/${ann.me.id}`;
  // Sees: the day view and the signals, nothing more.
  assert.equal((await sam.get(`${own}/daily-life`)).status, 200);
  assert.equal((await sam.get(`${own}/signals`)).status, 200);
  assertError(await sam.post(`${own}/signals`, { at: at(TODAY, 9 * 60), type: 'motion', place: 'Gang' }), 404, 'not_found');
  assertError(await sam.put(`${own}/daily-life/settings`, { nights_out_max: 3 }), 404, 'not_found');
  // No daily_life right at all: as if there were nothing.
  assertError(await tom.get(`${own}/daily-life`), 404, 'not_found');
  assertError(await tom.get(`${own}/signals`), 404, 'not_found');
  assertError(await bo.get(`${own}/daily-life`), 404, 'not_found');
  // A device without the kind, and a device of someone else's record.
  const scale = await ann.post('/clients/me/devices', { name: 'Weegschaal', kinds: ['weight'] });
  const weigher = new Device(server.url, scale.body.token);
  assertError(await weigher.post('/clients/me/signals', { at: at(TODAY, 9 * 60), type: 'motion', place: 'Gang' }), 403, 'forbidden');
  assertError(await hub.post(`/clients/${bo.me.id}/signals`, { at: at(TODAY, 9 * 60), type: 'motion', place: 'Gang' }), 404, 'not_found');
  assertError(await hub.get('/clients/me/daily-life'), 401, 'unauthenticated');
  // Tom may connect measuring devices, but not one that watches her daily life.
  assertError(await tom.post(`${own}/devices`, { name: 'Sensoren', kinds: ['daily_life'] }), 404, 'not_found');
  assertError(await ann.post('/clients/me/devices', { name: 'Sensoren', kinds: ['daily_life', 'koffie'] }), 400, 'invalid_input', 'kinds');
  // Her export holds the signals and her thresholds.
  const ex = (await ann.get('/me/export')).body;
  assert.ok(ex.daily_life.signals.length > 1500);
  assert.ok('first_activity_by' in ex.daily_life.settings);
});

test('bad input gets a clear 400 naming the field, and the server keeps serving', async () => {
  const send = (body) => hub.post('/clients/me/signals', body);
  const ok = { at: at(TODAY, 9 * 60), type: 'motion', place: 'Gang' };
  assertError(await send({ ...ok, type: 'sofa' }), 400, 'invalid_input', 'type');
  assertError(await send({ ...ok, at: 'gisteren' }), 400, 'invalid_input', 'at');
  assertError(await send({ ...ok, at: `${TODAY}T09:00:00` }), 400, 'invalid_input', 'at');
  assertError(await send({ ...ok, at: at(TODAY, 10 * 60 + 30) }), 400, 'invalid_input', 'at');
  assertError(await send({ ...ok, at: at(dayBefore(31), 12 * 60) }), 400, 'invalid_input', 'at');
  assertError(await send({ ...ok, place: '' }), 400, 'invalid_input', 'place');
  assertError(await send({ ...ok, place: 'x'.repeat(61) }), 400, 'invalid_input', 'place');
  assertError(await send({ ...ok, place: 'Keuken\nen meer' }), 400, 'invalid_input', 'place');
  assertError(await send({ at: ok.at, type: 'motion' }), 400, 'invalid_input', 'place');
  assertError(await send({ signals: [] }), 400, 'invalid_input', 'signals');
  assertError(await send({ signals: Array(1001).fill(ok) }), 400, 'invalid_input', 'signals');
  assertError(await send({ signals: 'veel' }), 400, 'invalid_input', 'signals');
  // In a batch: all or nothing, each refusal named by its place in the list.
  const r = await send({ signals: [ok, { ...ok, type: 'sofa' }, 7, { ...ok, at: 'nu' }] });
  assertError(r, 400, 'invalid_input', 'signals[1].type');
  assert.deepEqual(r.body.error.signals.map((x) => [x.index, x.field]), [[1, 'signals[1].type'], [2, 'signals[2]'], [3, 'signals[3].at']]);
  const stored = (await ann.get(`/clients/me/signals?from=${TODAY}T08:59:00%2B01:00&to=${TODAY}T09:01:00%2B01:00`)).body;
  assert.ok(!stored.some((s) => s.place === 'Gang' && s.at === new Date(ok.at).toISOString()), 'nothing of a refused batch is stored');
  const raw = await rawFetch(server.url, '/api/v1/clients/me/signals', { method: 'POST', headers: { Authorization: `Bearer ${hub.token}`, 'Content-Type': 'application/json' }, body: '{"at": ' });
  assertError(raw, 400, 'malformed_json');
  // Settings: known names only, within their bounds.
  assertError(await ann.put('/clients/me/daily-life/settings', { frist_activity_by: 500 }), 400, 'invalid_input', 'frist_activity_by');
  assertError(await ann.put('/clients/me/daily-life/settings', { first_activity_by: 1440 }), 400, 'invalid_input', 'first_activity_by');
  assertError(await ann.put('/clients/me/daily-life/settings', { silent_minutes: 'lang' }), 400, 'invalid_input', 'silent_minutes');
  assertError(await ann.get('/clients/me/daily-life?day=2027-02-30'), 400, 'invalid_input', 'day');
  assertError(await ann.get('/clients/me/daily-life?day=2027-02-11'), 400, 'invalid_input', 'day');
  await assertHealthy(server.url);
  assert.equal((await ann.get('/clients/me/daily-life')).body.status, 'normal');
});
