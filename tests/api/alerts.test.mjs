// Alerts: each rule kind fires once when it should and not when it should not,
// the chain of receivers in order (whoever is on duty first), escalation on the
// test clock, taking one up stops it, snoozing, the help button, live events,
// a restart in the middle of an escalation, and nobody without the alerts right
// is ever told.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { assertError, assertHealthy, signUp, signIn, uniqueEmail, sleep } from '../lib/api.mjs';
import { openEvents } from '../lib/events.mjs';

const clockDir = mkdtempSync(join(tmpdir(), 'roer-alerts-clock-'));
const clockFile = join(clockDir, 'offset');
let offset = 0; // seconds the server's clock is ahead
const setClock = (s) => { offset = s; writeFileSync(clockFile, String(s)); };
const serverNow = () => Date.now() + offset * 1000;
const at = (minutesAgo = 0) => new Date(serverNow() - minutesAgo * 60000).toISOString();

const ENV = {
  ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_TEST_CLOCK_FILE: clockFile,
  // The test clock moves hours on; sessions must outlast it.
  ROER_SESSION_IDLE_SECONDS: '86400', ROER_SESSION_ABSOLUTE_SECONDS: '604800',
};
let server;
let dataDir;
let ann; // the client
let sam; // a neighbour who receives alerts
let noor; // a nurse who receives alerts and may change them
let tom; // a son who sees alerts, chosen for none
let pim; // a member who sees measurements, not alerts
let eve; // another client

async function enlist(client, body) {
  const p = await signUp(server.url, { email: uniqueEmail(body.name), name: body.name });
  const inv = await client.post('/clients/me/invitations', { valid_days: 7, rights: {}, ...body, name: undefined });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await p.post('/invitations/accept', { code: inv.body.code })).status, 200);
  return p;
}

// Polls until fn() gives something truthy: waiting for a state the scheduler brings about.
async function until(fn, what, ms = 20000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(100);
  }
}

async function reading(kind, value, minutesAgo = 0, extra = {}) {
  const r = await ann.post('/clients/me/measurements', { kind, value, taken_at: at(minutesAgo), ...extra });
  assert.ok(r.status === 201, r.text);
  return r.body;
}

async function alertsOf(person = ann, query = '') {
  const r = await person.get(`/clients/${ann.me.id}/alerts${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

async function rule(body, by = ann) {
  const r = await by.post(`/clients/${ann.me.id}/alert-rules`, body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

async function removeRules() {
  for (const r of (await ann.get('/clients/me/alert-rules')).body) {
    assert.equal((await ann.del(`/clients/me/alert-rules/${r.id}`)).status, 204);
  }
}

async function closeAll() {
  for (const a of await alertsOf(ann, '?open=1')) {
    assert.equal((await ann.post(`/alerts/${a.id}/close`, { note: 'tidy' })).status, 200);
  }
}

before(async () => {
  setClock(0);
  server = await startServer({ env: ENV, keepData: true });
  dataDir = server.dataDir;
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  eve = await signUp(server.url, { email: uniqueEmail('eve'), name: 'Eve' });
  sam = await enlist(ann, { role: 'naaste', name: 'Sam', rights: { alerts: 'see', measurements: 'see' }, receives_alerts: true });
  noor = await enlist(ann, { role: 'professional', discipline: 'wijkverpleegkundige', name: 'Noor', rights: { alerts: 'change' } });
  tom = await enlist(ann, { role: 'naaste', name: 'Tom', rights: { alerts: 'see' } });
  pim = await enlist(ann, { role: 'naaste', name: 'Pim', rights: { measurements: 'see' }, receives_alerts: true });
});
after(async () => {
  await server.stop();
  rmSync(clockDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

test('a rule is checked: kind, figures, receivers who may see alerts, unknown fields', async () => {
  const R = `/clients/${ann.me.id}/alert-rules`;
  assertError(await ann.post(R, { kind: 'loud' }), 400, 'invalid_input', 'kind');
  assertError(await ann.post(R, { kind: 'urgent', measure_kind: 'cgm' }), 400, 'invalid_input', 'below');
  assertError(await ann.post(R, { kind: 'urgent', measure_kind: 'cgm', below: 'low' }), 400, 'invalid_input', 'below');
  assertError(await ann.post(R, { kind: 'urgent', measure_kind: 'cgm', below: 5, above: 4 }), 400, 'invalid_input', 'above');
  assertError(await ann.post(R, { kind: 'urgent', measure_kind: 'unicorns', below: 3 }), 400, 'invalid_input', 'measure_kind');
  assertError(await ann.post(R, { kind: 'trend', measure_kind: 'weight', change: 0, hours: 72 }), 400, 'invalid_input', 'change');
  assertError(await ann.post(R, { kind: 'missing', measure_kind: 'glucose' }), 400, 'invalid_input', 'hours');
  assertError(await ann.post(R, { kind: 'help', measure_kind: 'cgm' }), 400, 'invalid_input', 'measure_kind');
  assertError(await ann.post(R, { kind: 'urgent', measure_kind: 'cgm', bellow: 3 }), 400, 'invalid_input', 'bellow');
  assertError(await ann.post(R, { kind: 'urgent', measure_kind: 'cgm', below: 3, receivers: [pim.me.id] }), 400,
    'invalid_input', 'receivers[0]');
  assertError(await ann.post(R, { kind: 'urgent', measure_kind: 'cgm', below: 3, receivers: [eve.me.id] }), 400,
    'invalid_input', 'receivers[0]');
  assertError(await ann.post(R, { kind: 'urgent', measure_kind: 'cgm', below: 3, step_minutes: 0 }), 400, 'invalid_input', 'step_minutes');
  const bad = await ann.call('POST', R, undefined, { rawBody: '{"kind": "urgent", ' });
  assert.equal(bad.status, 400);
  assert.deepEqual((await ann.get(R)).body, [], 'nothing refused was stored');
  // Only who may change the alerts makes rules; a receiver who only sees them does not; others see nothing.
  assertError(await sam.post(R, { kind: 'urgent', measure_kind: 'cgm', below: 3 }), 404, 'not_found');
  assertError(await pim.get(R), 404, 'not_found');
  assertError(await eve.get(R), 404, 'not_found');
  const byNoor = await rule({ kind: 'urgent', measure_kind: 'oxygen_saturation', below: 90 }, noor);
  assert.equal(byNoor.severity, 'urgent');
  assert.deepEqual(byNoor.receivers, []);
  assert.equal(byNoor.below, 90);
  await assertHealthy(server.url);
  await removeRules();
});

test('who may be chosen: the members who may see the alerts, for anyone who may see them', async () => {
  const list = (await noor.get(`/clients/${ann.me.id}/alert-receivers`)).body;
  assert.deepEqual(list.map((m) => m.name).sort(), ['Noor', 'Sam', 'Tom']);
  assert.equal(list.find((m) => m.name === 'Sam').receives_alerts, true);
  assert.equal(list.find((m) => m.name === 'Noor').receives_alerts, false);
  assert.deepEqual((await ann.get('/clients/me/alert-receivers')).body.map((m) => m.id).sort(), list.map((m) => m.id).sort());
  assertError(await pim.get(`/clients/${ann.me.id}/alert-receivers`), 404, 'not_found');
  assertError(await eve.get(`/clients/${ann.me.id}/alert-receivers`), 404, 'not_found');
});

test('urgent low fires once per episode, and never while its alert is open', async () => {
  const r = await rule({ kind: 'urgent', measure_kind: 'cgm', below: 3.0, receivers: [sam.me.id] });
  await reading('cgm', 5.2, 20);
  assert.equal((await alertsOf()).length, 0, 'in range: nothing');
  await reading('cgm', 2.8, 15);
  let list = await alertsOf();
  assert.equal(list.length, 1);
  assert.equal(list[0].details.code, 'urgent_low');
  assert.equal(list[0].details.value, 2.8);
  assert.equal(list[0].severity, 'urgent');
  assert.equal(list[0].rule_id, r.id);
  assert.deepEqual(list[0].told.map((t) => t.id), [sam.me.id]);
  await reading('cgm', 2.6, 10);
  await reading('cgm', 4.4, 5);
  await reading('cgm', 2.9, 4);
  assert.equal((await alertsOf()).length, 1, 'the same episode, and its alert still open: never twice');
  await closeAll();
  await reading('cgm', 2.7, 3);
  assert.equal((await alertsOf()).length, 1, 'still low since the last alert: not a new episode');
  await reading('cgm', 5.0, 2);
  await reading('cgm', 2.9, 1);
  list = await alertsOf();
  assert.equal(list.length, 2, 'back in range and low again: a new alert');
  // Old readings a device catches up with are history, not news.
  await closeAll();
  await reading('cgm', 6.0, 600);
  await reading('cgm', 2.1, 590);
  assert.equal((await alertsOf()).length, 2);
  await removeRules();
  await closeAll();
});

test('out of range after N in a row, against the client\'s own range', async () => {
  assert.equal((await ann.put('/clients/me/targets', { kind: 'glucose', low: 4, high: 10 })).status, 200);
  await rule({ kind: 'out_of_range', measure_kind: 'glucose', count: 3, receivers: [sam.me.id] });
  const before = (await alertsOf()).length;
  await reading('glucose', 11.5, 50);
  await reading('glucose', 12.0, 40);
  await reading('glucose', 8.0, 30); // back in range: the streak starts again
  await reading('glucose', 11.0, 20);
  await reading('glucose', 12.5, 10);
  assert.equal((await alertsOf()).length, before, 'two in a row is not three');
  await reading('glucose', 13.1, 5);
  const list = await alertsOf();
  assert.equal(list.length, before + 1);
  assert.equal(list[0].details.code, 'out_of_range');
  assert.equal(list[0].details.flag, 'high');
  assert.equal(list[0].details.count, 3);
  assert.equal(list[0].details.high, 10);
  await reading('glucose', 14.0, 1);
  assert.equal((await alertsOf()).length, before + 1, 'never twice');
  await removeRules();
  await closeAll();
});

test('a batch sent newest first counts its streak in time order', async () => {
  await rule({ kind: 'out_of_range', measure_kind: 'glucose', count: 3, receivers: [sam.me.id] });
  const before = (await alertsOf()).length;
  const r = await ann.post('/clients/me/measurements', { readings: [
    { kind: 'glucose', value: 12.2, taken_at: at(1) },
    { kind: 'glucose', value: 12.1, taken_at: at(2) },
    { kind: 'glucose', value: 12.0, taken_at: at(3) },
  ] });
  assert.equal(r.status, 201, r.text);
  const list = await alertsOf();
  assert.equal(list.length, before + 1);
  assert.equal(list[0].details.value, 12.2, 'raised by the newest, the third in a row');
  await removeRules();
  await closeAll();
});

test('INR outside the therapeutic range', async () => {
  assert.equal((await ann.put('/clients/me/targets', { kind: 'inr', low: 2.0, high: 3.0 })).status, 200);
  await rule({ kind: 'inr', receivers: [noor.me.id] });
  const before = (await alertsOf()).length;
  await reading('inr', 2.5, 30);
  assert.equal((await alertsOf()).length, before);
  await reading('inr', 3.6, 10);
  const list = await alertsOf();
  assert.equal(list.length, before + 1);
  assert.equal(list[0].kind, 'inr');
  assert.equal(list[0].details.code, 'inr_out_of_range');
  assert.equal(list[0].details.flag, 'high');
  await removeRules();
  await closeAll();
});

test('a trend: weight up 2 kg or more within 3 days', async () => {
  await rule({ kind: 'trend', measure_kind: 'weight', change: 2, hours: 72, receivers: [noor.me.id] });
  const before = (await alertsOf()).length;
  await reading('weight', 80.0, 60 * 60);
  await reading('weight', 80.6, 40 * 60);
  await reading('weight', 81.5, 20 * 60);
  assert.equal((await alertsOf()).length, before, '1.5 kg is not 2');
  await reading('weight', 82.2, 5);
  const list = await alertsOf();
  assert.equal(list.length, before + 1);
  assert.equal(list[0].details.code, 'trend_up');
  assert.equal(list[0].details.change, 2.2);
  assert.equal(list[0].details.from, 80);
  await reading('weight', 82.4, 1);
  assert.equal((await alertsOf()).length, before + 1, 'never twice');
  await removeRules();
  await closeAll();
});

test('missing: no value for the set hours raises one alert, on the scheduler, and a reading starts the count again', async () => {
  const r = await rule({ kind: 'missing', measure_kind: 'blood_pressure', hours: 2, receivers: [sam.me.id] });
  const before = (await alertsOf()).length;
  setClock(offset + 3600);
  await sleep(1500); // a scheduler pass or more: an hour of silence is not two
  assert.equal((await alertsOf()).length, before);
  setClock(offset + 3601);
  const list = await until(async () => { const l = await alertsOf(); return l.length === before + 1 && l; }, 'the missing alert');
  assert.equal(list[0].details.code, 'missing');
  assert.equal(list[0].rule_id, r.id);
  setClock(offset + 6 * 3600);
  await sleep(1500);
  assert.equal((await alertsOf()).length, before + 1, 'one silence, one alert');
  await closeAll();
  await reading('blood_pressure', 120, 0, { value2: 80 });
  setClock(offset + 2 * 3600 + 5);
  await until(async () => (await alertsOf()).length === before + 2, 'the second silence\'s alert');
  await removeRules();
  await closeAll();
});

test('the chain: first receiver at once, the next after the minutes, taking it up stops it', async () => {
  await rule({ kind: 'urgent', measure_kind: 'cgm', below: 3, receivers: [sam.me.id, noor.me.id], step_minutes: 5,
    then_everyone: false });
  await reading('cgm', 2.5, 0);
  let [a] = await alertsOf();
  assert.deepEqual(a.told.map((t) => t.id), [sam.me.id], 'only the first, at once');
  assert.ok(a.next_step_at);
  assertError(await tom.post(`/alerts/${a.id}/acknowledge`), 404, 'not_found');
  setClock(offset + 5 * 60 + 1);
  a = await until(async () => { const [x] = await alertsOf(); return x.told.length === 2 && x; }, 'Noor told');
  assert.deepEqual(a.told.map((t) => t.id), [sam.me.id, noor.me.id]);
  const ack = await noor.post(`/alerts/${a.id}/acknowledge`);
  assert.equal(ack.status, 200, ack.text);
  assert.equal(ack.body.status, 'acknowledged');
  assert.equal(ack.body.acknowledged_by.name, 'Noor');
  assertError(await sam.post(`/alerts/${a.id}/acknowledge`), 409, 'conflict');
  const closed = await sam.post(`/alerts/${a.id}/close`, { note: 'Ann had eaten; fine now' });
  assert.equal(closed.status, 200);
  assert.equal(closed.body.closed_note, 'Ann had eaten; fine now');
  assert.equal(closed.body.acknowledged_by.name, 'Noor', 'who took it up stays on record');
  // The client sees who handled it.
  const mine = (await alertsOf(ann)).find((x) => x.id === a.id);
  assert.equal(mine.acknowledged_by.id, noor.me.id);
  assert.equal(mine.closed_by.id, sam.me.id);
  // Taken up before the minutes pass: the next is never told.
  await reading('cgm', 6, 0);
  await reading('cgm', 2.4, 0);
  [a] = await alertsOf();
  assert.equal((await sam.post(`/alerts/${a.id}/acknowledge`)).status, 200);
  setClock(offset + 20 * 60);
  await sleep(1500);
  [a] = await alertsOf();
  assert.deepEqual(a.told.map((t) => t.id), [sam.me.id]);
  await removeRules();
  await closeAll();
});

test('the last step can be everyone chosen', async () => {
  await rule({ kind: 'urgent', measure_kind: 'cgm', below: 3, receivers: [sam.me.id, noor.me.id, tom.me.id],
    step_minutes: 2, then_everyone: true });
  await reading('cgm', 6, 1);
  await reading('cgm', 2.5, 0);
  let [a] = await alertsOf();
  assert.deepEqual(a.told.map((t) => t.id), [sam.me.id]);
  setClock(offset + 121);
  a = await until(async () => { const [x] = await alertsOf(); return x.told.length === 2 && x; }, 'the second');
  setClock(offset + 121);
  a = await until(async () => { const [x] = await alertsOf(); return x.told.length === 3 && x; }, 'everyone');
  assert.equal(a.escalation.step, 3);
  assert.equal(a.next_step_at, null, 'nobody left to tell');
  await removeRules();
  await closeAll();
});

test('whoever is on duty is told first; handing duty over', async () => {
  await rule({ kind: 'urgent', measure_kind: 'cgm', below: 3, receivers: [sam.me.id, noor.me.id] });
  const until8 = new Date(serverNow() + 8 * 3600 * 1000).toISOString();
  assertError(await pim.post(`/clients/${ann.me.id}/duty`, { until: until8 }), 404, 'not_found');
  assertError(await tom.post(`/clients/${ann.me.id}/duty`, { until: until8, member_id: sam.me.id }), 404, 'not_found');
  assertError(await tom.post(`/clients/${ann.me.id}/duty`, { until: 'tonight' }), 400, 'invalid_input', 'until');
  assertError(await tom.post(`/clients/${ann.me.id}/duty`, { until: at(10) }), 400, 'invalid_input', 'until');
  const d = await tom.post(`/clients/${ann.me.id}/duty`, { until: until8, note: 'ik heb dienst vannacht' });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.body.member.name, 'Tom');
  assert.deepEqual((await ann.get('/clients/me/duty')).body.map((x) => x.member.id), [tom.me.id]);
  await reading('cgm', 6, 1);
  await reading('cgm', 2.5, 0);
  let [a] = await alertsOf();
  assert.deepEqual(a.told.map((t) => t.id), [tom.me.id], 'the one on duty first');
  await closeAll();
  // Tom hands over: his duty ends, Noor takes it (put on duty by whoever manages the alerts).
  assert.equal((await tom.del(`/clients/${ann.me.id}/duty/${d.body.id}`)).status, 204);
  const n = await noor.post(`/clients/${ann.me.id}/duty`, { until: until8, member_id: noor.me.id });
  assert.equal(n.status, 201, n.text);
  await reading('cgm', 6, 0);
  await reading('cgm', 2.5, 0);
  [a] = await alertsOf();
  assert.deepEqual(a.told.map((t) => t.id), [noor.me.id]);
  assert.equal((await noor.del(`/clients/${ann.me.id}/duty/${n.body.id}`)).status, 204);
  await removeRules();
  await closeAll();
});

test('a receiver snoozes a rule with a reason everyone sees; it fires again after', async () => {
  const r = await rule({ kind: 'urgent', measure_kind: 'cgm', below: 3, receivers: [sam.me.id] });
  assertError(await tom.post(`/clients/${ann.me.id}/alert-rules/${r.id}/snooze`, { minutes: 60, reason: 'x' }), 404, 'not_found');
  assertError(await sam.post(`/clients/${ann.me.id}/alert-rules/${r.id}/snooze`, { minutes: 60 }), 400, 'invalid_input', 'reason');
  const s = await sam.post(`/clients/${ann.me.id}/alert-rules/${r.id}/snooze`, { minutes: 60, reason: 'sensor wordt vervangen' });
  assert.equal(s.status, 200, s.text);
  const seen = (await ann.get('/clients/me/alert-rules')).body.find((x) => x.id === r.id);
  assert.equal(seen.snooze.reason, 'sensor wordt vervangen');
  assert.equal(seen.snooze.by, sam.me.id);
  // A rule that names nobody tells whoever the client marked "receives alerts": Sam may snooze it, Tom not.
  const open = await rule({ kind: 'missing', measure_kind: 'weight', hours: 24 });
  assert.equal((await sam.post(`/clients/${ann.me.id}/alert-rules/${open.id}/snooze`, { minutes: 30, reason: 'op vakantie' })).status, 200);
  assertError(await tom.post(`/clients/${ann.me.id}/alert-rules/${open.id}/snooze`, { minutes: 30, reason: 'x' }), 404, 'not_found');
  assert.equal((await ann.del(`/clients/me/alert-rules/${open.id}`)).status, 204);
  const before = (await alertsOf()).length;
  await reading('cgm', 6, 1);
  await reading('cgm', 2.2, 0);
  assert.equal((await alertsOf()).length, before, 'snoozed');
  setClock(offset + 61 * 60);
  await reading('cgm', 6, 1);
  await reading('cgm', 2.3, 0);
  assert.equal((await alertsOf()).length, before + 1, 'the snooze is over');
  await removeRules();
  await closeAll();
});

test('a member whose alerts right is gone is never told, and sees nothing', async () => {
  const kim = await enlist(ann, { role: 'naaste', name: 'Kim', rights: { alerts: 'see' } });
  await rule({ kind: 'urgent', measure_kind: 'cgm', below: 3, receivers: [kim.me.id, sam.me.id] });
  assert.equal((await ann.patch(`/clients/me/members/${kim.me.id}`, { rights: { plan: 'see' } })).status, 200);
  await reading('cgm', 6, 1);
  await reading('cgm', 2.5, 0);
  const [a] = await alertsOf();
  assert.deepEqual(a.told.map((t) => t.id), [sam.me.id]);
  assert.equal((await kim.get('/alerts')).body.items.length, 0);
  assertError(await kim.get(`/clients/${ann.me.id}/alerts`), 404, 'not_found');
  assertError(await kim.post(`/alerts/${a.id}/acknowledge`), 404, 'not_found');
  assertError(await eve.post(`/alerts/${a.id}/close`), 404, 'not_found');
  assertError(await eve.post('/alerts/999999/acknowledge'), 404, 'not_found');
  assert.ok((await sam.get('/alerts')).body.items.some((x) => x.id === a.id), 'Sam sees it among his');
  await removeRules();
  await closeAll();
});

test('the help button: the client\'s own, urgent, once while open', async () => {
  assertError(await sam.post(`/clients/${ann.me.id}/help`, { text: 'x' }), 404, 'not_found');
  assertError(await ann.post('/clients/me/help', { text: 'x'.repeat(281) }), 400, 'invalid_input', 'text');
  const h = await ann.post('/clients/me/help', { text: 'Ik ben gevallen' });
  assert.equal(h.status, 201, h.text);
  assert.equal(h.body.kind, 'help');
  assert.equal(h.body.severity, 'urgent');
  assert.equal(h.body.details.text, 'Ik ben gevallen');
  assert.deepEqual(h.body.told.map((x) => x.name), ['Sam'], 'the reply says who was told');
  // Nobody chosen: whoever the client marked "receives alerts" and may see them (Sam; not Pim).
  const [a] = await alertsOf();
  assert.deepEqual(a.told.map((t) => t.id), [sam.me.id]);
  const again = await ann.post('/clients/me/help', {});
  assert.equal(again.status, 200);
  assert.equal(again.body.id, h.body.id);
  await closeAll();
  const third = await ann.post('/clients/me/help');
  assert.equal(third.status, 201);
  assert.notEqual(third.body.id, h.body.id);
  await closeAll();
});

test('live: an alert reaches the receiver\'s open stream, the client\'s stream hears it was taken', async () => {
  await rule({ kind: 'urgent', measure_kind: 'cgm', below: 3, receivers: [sam.me.id] });
  const samStream = await openEvents(sam);
  const annStream = await openEvents(ann);
  const pimStream = await openEvents(pim);
  assert.equal(samStream.status, 200);
  assert.match(samStream.headers.get('content-type'), /^text\/event-stream/);
  await reading('cgm', 6, 1);
  await reading('cgm', 2.5, 0);
  const e = await samStream.waitFor((x) => x.event === 'alert', 'the alert on Sam\'s stream');
  assert.equal(e.data.client_id, ann.me.id);
  assert.equal(e.data.details.code, 'urgent_low');
  await annStream.waitFor((x) => x.event === 'alert' && x.data.id === e.data.id, 'the alert on Ann\'s stream');
  assert.equal((await sam.post(`/alerts/${e.data.id}/acknowledge`)).status, 200);
  const taken = await annStream.waitFor((x) => x.event === 'alert.acknowledged', 'taken, on Ann\'s stream');
  assert.equal(taken.data.by, sam.me.id);
  // A page that reconnects gets what it missed since its last event.
  samStream.close();
  assert.equal((await ann.post(`/alerts/${e.data.id}/close`, { note: 'ok' })).status, 200);
  const again = await openEvents(sam, { lastEventId: e.id });
  await again.waitFor((x) => x.event === 'alert.closed' && x.data.id === e.data.id, 'the missed close');
  assertError(await sam.get('/events', { headers: { 'Last-Event-ID': 'yesterday' } }), 400, 'invalid_input');
  assert.equal(pimStream.events.length, 0, 'Pim, without the alerts right, was told nothing');
  again.close(); annStream.close(); pimStream.close();
  await removeRules();
  await closeAll();
});

test('a restart in the middle of an escalation: it goes on where it was', async () => {
  await rule({ kind: 'urgent', measure_kind: 'cgm', below: 3, receivers: [sam.me.id, noor.me.id], step_minutes: 5,
    then_everyone: false });
  await reading('cgm', 6, 1);
  await reading('cgm', 2.5, 0);
  const [a] = await alertsOf();
  assert.deepEqual(a.told.map((t) => t.id), [sam.me.id]);
  await server.stop();
  server = await startServer({ env: ENV, dataDir });
  ann = await signIn(server.url, ann.email);
  setClock(offset + 5 * 60 + 1);
  const b = await until(async () => { const [x] = await alertsOf(); return x.told.length === 2 && x; }, 'Noor told after the restart');
  assert.equal(b.id, a.id);
  assert.deepEqual(b.told.map((t) => t.id), [sam.me.id, noor.me.id]);
  await removeRules();
  await closeAll();
  await assertHealthy(server.url);
});
