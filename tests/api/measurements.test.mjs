// Measuring at home: the catalogue, readings (one or a batch, all or nothing, never stored twice),
// the client's own ranges, paging through a long series, who may see and send, one audit row per
// access by someone else, and devices with tokens limited to their kinds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { API, Device, assertError, assertHealthy, rawFetch, signUp, uniqueEmail } from '../lib/api.mjs';

let server;
let ann; // the client
let sam; // a member who sees measurements
let noor; // a member who may change them (a diabetes nurse)
let tom; // a member without the right
let eve; // another client

async function enlist(client, body) {
  const p = await signUp(server.url, { email: uniqueEmail(body.role), name: body.name });
  const inv = await client.post('/clients/me/invitations', { valid_days: 7, rights: {}, ...body, name: undefined });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await p.post('/invitations/accept', { code: inv.body.code })).status, 200);
  return p;
}

before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000' } });
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  eve = await signUp(server.url, { email: uniqueEmail('eve'), name: 'Eve' });
  sam = await enlist(ann, { role: 'naaste', name: 'Sam', rights: { measurements: 'see' } });
  noor = await enlist(ann, { role: 'professional', discipline: 'praktijkondersteuner', name: 'Noor', rights: { measurements: 'change' } });
  tom = await enlist(ann, { role: 'naaste', name: 'Tom', rights: { plan: 'see' } });
});
after(() => server.stop());

const minutesAgo = (m) => new Date(Date.now() - m * 60000).toISOString();
const M = '/clients/me/measurements';

test('the catalogue lists every kind with its unit, range, second value and codes', async () => {
  const r = await rawFetch(server.url, `${API}/measurement-kinds`);
  assert.equal(r.status, 200, r.text);
  const codes = r.body.map((k) => k.code);
  for (const c of ['glucose', 'cgm', 'carbohydrates', 'insulin', 'blood_pressure', 'heart_rate', 'weight',
    'oxygen_saturation', 'peak_flow', 'inr', 'temperature', 'steps', 'sleep', 'mood', 'pain', 'breathlessness']) {
    assert.ok(codes.includes(c), `kind ${c}`);
  }
  const cgm = r.body.find((k) => k.code === 'cgm');
  assert.equal(cgm.unit, 'mmol/L');
  assert.deepEqual(cgm.units.sort(), ['mg/dL', 'mmol/L']);
  assert.deepEqual(cgm.continuous, { every_min: 1, every_max: 15 });
  assert.deepEqual([cgm.suggestion.low, cgm.suggestion.high], [3.9, 10]);
  const bp = r.body.find((k) => k.code === 'blood_pressure');
  assert.equal(bp.value2.name, 'diastolic');
  assert.deepEqual([bp.loinc, bp.loinc2], ['8480-6', '8462-4']);
  assert.equal(r.body.find((k) => k.code === 'mood').min, 1);
});

test('a blood pressure with its pulse is stored as two readings, shown against her range', async () => {
  let r = await ann.post(M, { kind: 'blood_pressure', taken_at: minutesAgo(5), value: 142, value2: 88, pulse: 71, note: 'na het fietsen' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.kind, 'blood_pressure');
  assert.deepEqual([r.body.value, r.body.value2, r.body.via, r.body.flag], [142, 88, 'client', null]);
  assert.equal(r.body.note, 'na het fietsen');
  const hr = await ann.get(`${M}?kind=heart_rate`);
  assert.equal(hr.status, 200, hr.text);
  assert.deepEqual(hr.body.map((m) => m.value), [71]);
  // Her range makes the same reading "high"; a second value above its bound counts too.
  r = await ann.put('/clients/me/targets', { kind: 'blood_pressure', high: 135, high2: 85 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.high, r.body.high2, r.body.set_by.id], [135, 85, ann.me.id]);
  const list = await ann.get(`${M}?kind=blood_pressure`);
  assert.equal(list.body[0].flag, 'high');
  r = await ann.post(M, { kind: 'blood_pressure', taken_at: minutesAgo(1), value: 128, value2: 80 });
  assert.equal(r.body.flag, 'in_range');
  r = await ann.post(M, { kind: 'blood_pressure', taken_at: minutesAgo(2), value: 128, value2: 90 });
  assert.equal(r.body.flag, 'high', 'diastolic above its bound');
});

test('bad readings are refused naming the field, and nothing of a bad batch is stored', async () => {
  const t = minutesAgo(3);
  assertError(await ann.post(M, { kind: 'suiker', taken_at: t, value: 5 }), 400, 'invalid_input', 'kind');
  assertError(await ann.post(M, { kind: 'glucose', taken_at: t, value: 5, unit: 'g/L' }), 400, 'invalid_input', 'unit');
  assertError(await ann.post(M, { kind: 'glucose', taken_at: t, value: 55 }), 400, 'invalid_input', 'value');
  assertError(await ann.post(M, { kind: 'glucose', taken_at: t, value: '5.5' }), 400, 'invalid_input', 'value');
  assertError(await ann.post(M, { kind: 'glucose', taken_at: t }), 400, 'invalid_input', 'value');
  assertError(await ann.post(M, { kind: 'glucose', taken_at: t, value: 5, value2: 3 }), 400, 'invalid_input', 'value2');
  assertError(await ann.post(M, { kind: 'glucose', taken_at: '2026-12-01T08:00:00', value: 5 }), 400, 'invalid_input', 'taken_at');
  assertError(await ann.post(M, { kind: 'glucose', taken_at: new Date(Date.now() + 3600e3).toISOString(), value: 5 }),
    400, 'invalid_input', 'taken_at');
  assertError(await ann.post(M, { kind: 'blood_pressure', taken_at: t, value: 120 }), 400, 'invalid_input', 'value2');
  assertError(await ann.post(M, { kind: 'blood_pressure', taken_at: t, value: 80, value2: 120 }), 400, 'invalid_input', 'value2');
  assertError(await ann.post(M, { kind: 'weight', taken_at: t, value: 80, pulse: 60 }), 400, 'invalid_input', 'pulse');
  assertError(await ann.post(M, { kind: 'mood', taken_at: t, value: 6 }), 400, 'invalid_input', 'value');
  assertError(await ann.post(M, { readings: [] }), 400, 'invalid_input', 'readings');
  const many = Array.from({ length: 1001 }, (_, i) => ({ kind: 'steps', taken_at: minutesAgo(2000 + i), value: 100 }));
  assertError(await ann.post(M, { readings: many }), 400, 'invalid_input', 'readings');
  // One bad reading in a batch: the reply names each bad one, and none is stored.
  const batch = [
    { kind: 'weight', taken_at: minutesAgo(30), value: 81.2 },
    { kind: 'weight', taken_at: minutesAgo(31), value: 8120 },
    { kind: 'weight', taken_at: minutesAgo(32), value: 81.0 },
    { kind: 'nope', taken_at: minutesAgo(33), value: 1 },
  ];
  const r = await ann.post(M, { readings: batch });
  assertError(r, 400, 'invalid_input', 'readings[1].value');
  assert.deepEqual(r.body.error.readings.map((e) => [e.index, e.field]), [[1, 'readings[1].value'], [3, 'readings[3].kind']]);
  assert.deepEqual((await ann.get(`${M}?kind=weight`)).body, [], 'all or nothing');
  assertError(await ann.get(M), 400, 'invalid_input', 'kind');
  assertError(await ann.get(`${M}?kind=weight&from=yesterday`), 400, 'invalid_input', 'from');
  await assertHealthy(server.url, 'bad readings');
});

test('a reading sent again is not stored twice, and mg/dL arrives as mmol/L', async () => {
  const reading = { kind: 'glucose', taken_at: '2026-11-30T07:15:00+01:00', value: 180, unit: 'mg/dL' };
  const first = await ann.post(M, reading);
  assert.equal(first.status, 201, first.text);
  assert.deepEqual([first.body.value, first.body.unit, first.body.entered_unit], [10, 'mmol/L', 'mg/dL']);
  assert.equal(first.body.taken_at, '2026-11-30T06:15:00.000Z');
  const again = await ann.post(M, reading);
  assert.equal(again.status, 200, 'a retry changes nothing new');
  assert.equal(again.body.id, first.body.id);
  const batch = { readings: [reading, { ...reading, taken_at: '2026-11-30T12:00:00Z', value: 6.2, unit: 'mmol/L' }] };
  assert.equal((await ann.post(M, batch)).status, 201);
  assert.equal((await ann.post(M, batch)).status, 200);
  const list = await ann.get(`${M}?kind=glucose&from=2026-11-30T00:00:00Z&to=2026-12-01T00:00:00Z`);
  assert.deepEqual(list.body.map((m) => m.value), [6.2, 10], 'newest first, each once');
});

let cgmStart; // when the 1,000 sensor readings below begin

test('a long series is paged by time through the Link header, each reading once', async () => {
  const start = cgmStart = Date.now() - 4 * 24 * 3600e3;
  const readings = Array.from({ length: 1000 }, (_, i) => ({
    kind: 'cgm', taken_at: new Date(start + i * 5 * 60000).toISOString(), value: 4 + (i % 60) / 10,
  }));
  const r = await ann.post(M, { readings });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.count, 1000);
  let path = `${M}?kind=cgm&limit=300`;
  const seen = [];
  let pages = 0;
  while (path) {
    const page = await ann.get(path);
    assert.equal(page.status, 200, page.text);
    seen.push(...page.body.map((m) => m.taken_at));
    const link = page.headers.get('link');
    path = link ? link.match(/<([^>]+)>/)[1] : null;
    pages++;
  }
  assert.equal(pages, 4);
  assert.equal(seen.length, 1000);
  assert.equal(new Set(seen).size, 1000);
  assert.deepEqual(seen, [...seen].sort().reverse(), 'newest first');
  // A window: [from, to).
  const from = new Date(start + 10 * 5 * 60000).toISOString();
  const to = new Date(start + 20 * 5 * 60000).toISOString();
  assert.equal((await ann.get(`${M}?kind=cgm&from=${from}&to=${to}`)).body.length, 10);
});

test('who may see and send: the right decides, another client\'s id is not there', async () => {
  const t = minutesAgo(7);
  const path = `/clients/${ann.me.id}/measurements`;
  assert.equal((await sam.get(`${path}?kind=blood_pressure`)).status, 200);
  assertError(await sam.post(path, { kind: 'weight', taken_at: t, value: 80 }), 404, 'not_found');
  assertError(await tom.get(`${path}?kind=blood_pressure`), 404, 'not_found');
  assertError(await eve.get(`${path}?kind=blood_pressure`), 404, 'not_found');
  assertError(await eve.post(path, { kind: 'weight', taken_at: t, value: 80 }), 404, 'not_found');
  assertError(await tom.put(`/clients/${ann.me.id}/targets`, { kind: 'weight', low: 70 }), 404, 'not_found');
  const r = await noor.post(path, { kind: 'inr', taken_at: t, value: 2.6 });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.body.via, r.body.entered_by], ['member', noor.me.id]);
  const range = await noor.put(`/clients/${ann.me.id}/targets`, { kind: 'inr', low: 2.5, high: 3.5 });
  assert.equal(range.status, 200, range.text);
  assert.deepEqual([range.body.set_by.id, range.body.set_by.name], [noor.me.id, 'Noor']);
  assert.equal((await sam.get(`/clients/${ann.me.id}/targets`)).body.find((x) => x.kind === 'inr').low, 2.5);
  // Nobody learns about the fields of a record they cannot reach.
  assertError(await eve.post(path, { kind: 'nope' }), 404, 'not_found');
});

test('one audit row per access by someone else, a batch included', async () => {
  const path = `/clients/${ann.me.id}/measurements`;
  const rows = async () => (await ann.get('/me/audit?limit=200')).body.items.filter((a) => a.category === 'measurements');
  const before = (await rows()).length;
  const readings = Array.from({ length: 50 }, (_, i) => ({ kind: 'heart_rate', taken_at: minutesAgo(100 + i), value: 60 + i }));
  assert.equal((await noor.post(path, { readings })).status, 201);
  assert.equal((await sam.get(`${path}?kind=heart_rate`)).status, 200);
  const after = await rows();
  assert.equal(after.length, before + 2, 'one row for the batch, one for the read');
  assert.deepEqual(after.slice(0, 2).map((a) => [a.action, a.actor.id]), [['read', sam.me.id], ['create', noor.me.id]]);
  // Her own reads leave none.
  await ann.get(`${M}?kind=heart_rate`);
  assert.equal((await rows()).length, before + 2);
});

test('ranges are checked against the kind', async () => {
  const T = '/clients/me/targets';
  assertError(await ann.put(T, { kind: 'cgm', low: 10, high: 3.9 }), 400, 'invalid_input', 'high');
  assertError(await ann.put(T, { kind: 'cgm', low: 0.1 }), 400, 'invalid_input', 'low');
  assertError(await ann.put(T, { kind: 'weight', low: 60, high2: 80 }), 400, 'invalid_input', 'high2');
  assertError(await ann.put(T, { kind: 'weight', low: 'zestig' }), 400, 'invalid_input', 'low');
  assertError(await ann.put(T, { low: 3 }), 400, 'invalid_input', 'kind');
  assert.equal((await ann.put(T, { kind: 'cgm', low: 3.9, high: 10 })).status, 200);
  assert.equal((await ann.put(T, { kind: 'cgm', low: null, high: null })).status, 204, 'all bounds null removes it');
  assert.equal((await ann.get(T)).body.find((x) => x.kind === 'cgm'), undefined);
});

test('the latest reading of each kind she measures, in the catalogue\'s order', async () => {
  const r = await ann.get(`${M}/latest`);
  assert.equal(r.status, 200, r.text);
  const kinds = r.body.map((m) => m.kind);
  assert.ok(kinds.indexOf('glucose') < kinds.indexOf('blood_pressure'));
  assert.equal(new Set(kinds).size, kinds.length, 'one per kind');
  assert.equal(r.body.find((m) => m.kind === 'blood_pressure').value, 128);
  assertError(await tom.get(`/clients/${ann.me.id}/measurements/latest`), 404, 'not_found');
});

test('a device sends only its kinds, only for its client, until it is disconnected', async () => {
  assertError(await ann.post('/clients/me/devices', { name: 'Sensor', kinds: ['cgm', 'koffie'] }), 400, 'invalid_input', 'kinds');
  assertError(await ann.post('/clients/me/devices', { name: '', kinds: ['cgm'] }), 400, 'invalid_input', 'name');
  assertError(await sam.post(`/clients/${ann.me.id}/devices`, { name: 'Mijn', kinds: ['cgm'] }), 404, 'not_found');
  const made = await ann.post('/clients/me/devices', { name: 'Libre via xDrip+', kinds: ['cgm'] });
  assert.equal(made.status, 201, made.text);
  assert.match(made.body.token, /^[A-Za-z0-9_-]{43}$/);
  const list = await ann.get('/clients/me/devices');
  assert.equal(list.body.length, 1);
  assert.equal(list.body[0].token, undefined, 'the token is shown once');
  assert.equal(list.body[0].last_used_at, null);

  const device = new Device(server.url, made.body.token);
  const own = `/clients/${ann.me.id}/measurements`;
  let r = await device.post(own, { kind: 'cgm', taken_at: minutesAgo(1), value: 7.1 });
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.body.via, r.body.device, r.body.source], ['device', made.body.id, `device/${made.body.id}`]);
  r = await device.post('/clients/me/measurements', { readings: [{ kind: 'cgm', taken_at: minutesAgo(2), value: 7.0 }] });
  assert.equal(r.status, 201, '"me" is the device\'s client');
  assertError(await device.post(own, { kind: 'glucose', taken_at: minutesAgo(1), value: 7.1 }), 403, 'forbidden', 'kind');
  assertError(await device.get(`${own}?kind=weight`), 400, 'invalid_input', 'kind');
  assert.equal((await device.get(`${own}?kind=cgm&limit=1`)).status, 200);
  assertError(await device.post(`/clients/${eve.me.id}/measurements`, { kind: 'cgm', taken_at: minutesAgo(1), value: 7 }), 404, 'not_found');
  assertError(await device.get('/me'), 401, 'unauthenticated');
  assertError(await device.get('/clients/me/devices'), 401, 'unauthenticated');
  assertError(await new Device(server.url, 'x'.repeat(43)).get(`${own}?kind=cgm`), 401, 'unauthenticated');
  assert.ok((await ann.get('/clients/me/devices')).body[0].last_used_at, 'its last use is shown');

  assert.equal((await ann.del(`/clients/me/devices/${made.body.id}`)).status, 204);
  r = await device.post(own, { kind: 'cgm', taken_at: minutesAgo(1), value: 7.1 });
  assertError(r, 401, 'unauthenticated');
  assert.match(r.body.error.message, /disconnected/);
  assertError(await ann.del(`/clients/me/devices/${made.body.id}`), 404, 'not_found');
  assert.equal((await ann.get('/clients/me/devices')).body[0].revoked, true);
});

test('a member\'s device stops when the member\'s right does', async () => {
  const made = await noor.post(`/clients/${ann.me.id}/devices`, { name: 'Meter op de praktijk', kinds: ['glucose'] });
  assert.equal(made.status, 201, made.text);
  const device = new Device(server.url, made.body.token);
  const own = `/clients/${ann.me.id}/measurements`;
  assert.equal((await device.post(own, { kind: 'glucose', taken_at: minutesAgo(4), value: 6.6 })).status, 201);
  assert.equal((await ann.patch(`/clients/me/members/${noor.me.id}`, { rights: { measurements: 'see' } })).status, 200);
  assertError(await device.post(own, { kind: 'glucose', taken_at: minutesAgo(3), value: 6.7 }), 404, 'not_found');
});

test('her export holds every reading, her ranges and her devices', async () => {
  const r = await ann.get('/me/export');
  assert.equal(r.status, 200, r.text);
  const m = r.body.measurements;
  assert.ok(m.readings.filter((x) => x.kind === 'cgm').length >= 1000);
  assert.ok(m.readings.some((x) => x.kind === 'blood_pressure' && x.note === 'na het fietsen'));
  assert.ok(m.targets.some((t) => t.kind === 'blood_pressure' && t.high === 135));
  assert.ok(m.devices.some((d) => d.name === 'Libre via xDrip+' && d.revoked && d.kinds[0] === 'cgm'));
  assert.equal(JSON.stringify(m.devices).includes('token'), false);
});

test('a long period comes summed up in stretches of time for a chart', async () => {
  const start = cgmStart; // the 1,000 sensor readings of the paging test, every 5 minutes
  const from = new Date(start).toISOString();
  const to = new Date(start + 1000 * 5 * 60000).toISOString();
  const r = await ann.get(`${M}/series?kind=cgm&from=${from}&to=${to}&buckets=10`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.length, 10);
  assert.equal(r.body.reduce((n, b) => n + b.count, 0), 1000);
  for (const b of r.body) {
    assert.ok(b.min <= b.mean && b.mean <= b.max, JSON.stringify(b));
    assert.ok(b.min >= 4 && b.max <= 9.9);
    assert.equal(b.mean2, null);
  }
  assert.equal(r.body[0].from, new Date(start).toISOString());
  assert.deepEqual(r.body.map((b) => b.from), [...r.body.map((b) => b.from)].sort(), 'in time order');
  // The first stretch of 100 readings: values 4.0..9.9 then 4.0..7.9, mean as computed here.
  const first = Array.from({ length: 100 }, (_, i) => 4 + (i % 60) / 10);
  assert.equal(r.body[0].mean, Math.round(first.reduce((a, b) => a + b) / 100 * 100) / 100);
  // Blood pressure has its second value summed up too.
  const bp = await ann.get(`${M}/series?kind=blood_pressure&buckets=1`);
  assert.equal(bp.body.length, 1);
  assert.ok(bp.body[0].mean2 > 0 && bp.body[0].max2 >= bp.body[0].min2);
  assertError(await ann.get(`${M}/series?kind=cgm&buckets=0`), 400, 'invalid_input', 'buckets');
  assertError(await ann.get(`${M}/series?kind=cgm&from=${to}&to=${from}`), 400, 'invalid_input', 'to');
  assertError(await tom.get(`/clients/${ann.me.id}/measurements/series?kind=cgm`), 404, 'not_found');
});
