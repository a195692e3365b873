// Daily life becomes alerts: four clients with four synthetic weeks of ordinary days
// from their home sensors and a daily-life alert rule each. On the day judged, the one
// whose day goes as usual raises nothing; a late morning, a night of wandering and a
// silent afternoon each raise exactly the alert they should, once, by the server's
// scheduler (not by a request that happens to come by). The server's clock is set to a
// Wednesday in February (no daylight saving nearby) and moved on with the test clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { signUp, uniqueEmail, sleep } from '../lib/api.mjs';

const TODAY = '2027-02-10';
const clockDir = mkdtempSync(join(tmpdir(), 'roer-daily-alerts-'));
const clockFile = join(clockDir, 'offset');
const setTime = (hhmm) => writeFileSync(clockFile, String(Math.round((Date.parse(`${TODAY}T${hhmm}:00+01:00`) - Date.now()) / 1000)));

let server;
const people = {};

const dayBefore = (n) => new Date(Date.parse(`${TODAY}T12:00:00Z`) - n * 86400e3).toISOString().slice(0, 10);
const at = (day, minute, second = 0) => `${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:${String(second).padStart(2, '0')}+01:00`;
const minuteOf = (s) => Number(s.at.slice(11, 13)) * 60 + Number(s.at.slice(14, 16));

// An ordinary day with jitter from a fixed seed: up about 07:15, the kitchen soon after, someone about
// the house every quarter of an hour until bed at 22:30. Only the signals in [from, until) minutes.
let seed = 11;
const jitter = (range) => { seed = (seed * 1103515245 + 12345) % 2147483648; return (seed % (2 * range + 1)) - range; };
function ordinaryDay(day, from = 0, until = 1440) {
  const rooms = ['Woonkamer', 'Keuken', 'Gang', 'Woonkamer'];
  const wake = 435 + jitter(15);
  const out = [
    { at: at(day, wake), type: 'bed_out', place: 'Slaapkamer' },
    { at: at(day, wake + 2), type: 'toilet', place: 'Badkamer' },
    { at: at(day, wake + 15 + jitter(5)), type: 'kitchen', place: 'Keuken' },
  ];
  for (let m = wake + 30; m < 22 * 60; m += 15 + jitter(4)) out.push({ at: at(day, m, 30), type: 'motion', place: rooms[Math.floor(m / 15) % 4] });
  out.push({ at: at(day, 22 * 60 + 30), type: 'bed_in', place: 'Slaapkamer' });
  return out.filter((s) => minuteOf(s) >= from && minuteOf(s) < until);
}
const history = (days) => Array.from({ length: days }, (_, i) => ordinaryDay(dayBefore(days - i))).flat();

async function upload(p, signals) {
  for (let i = 0; i < signals.length; i += 1000) {
    const r = await p.post('/clients/me/signals', { signals: signals.slice(i, i + 1000) });
    assert.equal(r.status, 201, r.text);
  }
}

const dailyAlerts = async (p) => {
  const r = await p.get('/clients/me/alerts');
  assert.equal(r.status, 200, r.text);
  return r.body.items.filter((a) => a.kind === 'daily_life');
};

async function until(fn, what, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(200);
  }
}

before(async () => {
  setTime('10:00');
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_TEST_CLOCK_FILE: clockFile,
    ROER_SESSION_IDLE_SECONDS: '86400' } }); // the clock moves hours on
  for (const name of ['usual', 'late', 'night', 'silent']) {
    const p = await signUp(server.url, { email: uniqueEmail(name), name });
    const r = await p.post('/clients/me/alert-rules', { kind: 'daily_life' });
    assert.equal(r.status, 201, r.text);
    await upload(p, history(28));
    people[name] = p;
  }
  // Today until 10:00.
  await upload(people.usual, ordinaryDay(TODAY, 0, 600));
  await upload(people.silent, ordinaryDay(TODAY, 0, 540)); // nothing after 09:00
  const night = ordinaryDay(TODAY, 0, 600);
  for (const m of [45, 110, 170, 230, 280, 330]) {
    night.push({ at: at(TODAY, m), type: 'bed_out', place: 'Slaapkamer' }, { at: at(TODAY, m + 3), type: 'motion', place: 'Gang' },
      { at: at(TODAY, m + 20), type: 'bed_in', place: 'Slaapkamer' });
  }
  await upload(people.night, night);
  // "late" sent nothing today: no one up yet at 10:00.
});
after(async () => {
  await server.stop();
  rmSync(clockDir, { recursive: true, force: true });
});

test('at 10:00 the late morning and the night of wandering raise their alert; an ordinary day raises nothing', async () => {
  setTime('10:02'); // the scheduler judges each day every minute on its clock
  const late = await until(async () => { const l = await dailyAlerts(people.late); return l.length && l; }, 'the late morning');
  assert.deepEqual(late.map((a) => a.details.deviation), ['late_morning']);
  assert.equal(late[0].details.code, 'daily_life');
  assert.equal(late[0].details.day, TODAY);
  assert.match(late[0].details.usual_before, /^0[78]:[0-5]\d$/, 'usually up before 7 or 8 o\'clock');
  const night = await until(async () => { const l = await dailyAlerts(people.night); return l.length && l; }, 'the night');
  assert.deepEqual(night.map((a) => a.details.deviation), ['night_wandering']);
  assert.ok(night[0].details.count >= 5, `times out of bed: ${night[0].details.count}`);
  assert.deepEqual(await dailyAlerts(people.usual), []);
  assert.deepEqual(await dailyAlerts(people.silent), [], 'one hour quiet is not yet a silent day');
});

test('a silent afternoon raises its alert once; nothing is raised twice however often the day is judged', async () => {
  setTime('14:00');
  await upload(people.usual, ordinaryDay(TODAY, 600, 14 * 60));
  await upload(people.night, ordinaryDay(TODAY, 600, 14 * 60));
  await upload(people.late, ordinaryDay(TODAY, 630, 14 * 60).map((s) => ({ ...s })));
  setTime('14:30');
  const silent = await until(async () => { const l = await dailyAlerts(people.silent); return l.length && l; }, 'the silent day');
  assert.deepEqual(silent.map((a) => a.details.deviation), ['silent_day']);
  assert.ok(silent[0].details.minutes >= 240, `silent for ${silent[0].details.minutes} minutes`);
  // Judged again at 14:32, 14:34 and 14:36: still one alert each, and none for the usual day.
  for (const t of ['14:32', '14:34', '14:36']) {
    setTime(t);
    await sleep(2500);
  }
  assert.equal((await dailyAlerts(people.silent)).length, 1);
  assert.deepEqual((await dailyAlerts(people.late)).map((a) => a.details.deviation), ['late_morning']);
  assert.deepEqual((await dailyAlerts(people.night)).map((a) => a.details.deviation), ['night_wandering']);
  assert.deepEqual(await dailyAlerts(people.usual), []);
});
