// The Nightscout API v1 under /nightscout, as glucose uploaders use it: the api-secret header
// (SHA-1 hex in any case, or SHA-512 hex) or a Bearer token, Nightscout's error shape, the exact
// reply shapes uploaders check, retries that store nothing twice, mixed batches, treatments and
// device status; fixtures from cgm-remote-monitor and oref0 (../shared/data/nightscout).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, repoRoot } from '../lib/server.mjs';
import { Device, rawFetch, signUp, uniqueEmail } from '../lib/api.mjs';

const FIXTURES = join(repoRoot, '..', 'shared', 'data', 'nightscout');
const NS = '/nightscout/api/v1';
const sha1 = (s) => createHash('sha1').update(s).digest('hex');
const sha512 = (s) => createHash('sha512').update(s).digest('hex');

let server;
let ann; // the client
let token; // her uploader's secret (cgm and glucose, carbohydrates, insulin)
let other; // a token for weight only

// An uploader: sends the secret as Nightscout clients do, in api-secret as SHA-1 hex.
function uploader(secret, form = 'sha1') {
  const headers = secret === null ? {} : { 'api-secret': form === 'sha1' ? sha1(secret) : form === 'SHA1' ? sha1(secret).toUpperCase() : sha512(secret) };
  const d = new Device(server.url, null);
  return {
    get: (path) => d.get(NS + path, { headers }),
    post: (path, body, opts = {}) => d.post(NS + path, body, { ...opts, headers: { ...headers, ...(opts.headers || {}) } }),
    put: (path, body) => d.put(NS + path, body, { headers }),
  };
}

function assertNightscoutError(r, status) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.body.status, status, r.text);
  assert.equal(typeof r.body.message, 'string');
  assert.equal(typeof r.body.description, 'string');
}

before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000' } });
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  token = (await ann.post('/clients/me/devices', { name: 'xDrip+', kinds: ['cgm', 'glucose', 'carbohydrates', 'insulin'] })).body.token;
  other = (await ann.post('/clients/me/devices', { name: 'Weegschaal', kinds: ['weight'] })).body.token;
});
after(() => server.stop());

test('status.json needs no secret and says what the server is', async () => {
  const r = await uploader(null).get('/status.json');
  assert.equal(r.status, 200, r.text);
  for (const k of ['status', 'name', 'version', 'serverTime', 'serverTimeEpoch', 'apiEnabled', 'settings']) assert.ok(k in r.body, k);
  assert.equal(r.body.status, 'ok');
  assert.equal(r.body.apiEnabled, true);
  assert.equal(r.body.settings.units, 'mmol');
  assert.ok(Math.abs(r.body.serverTimeEpoch - Date.now()) < 60000);
  assert.equal(new Date(r.body.serverTime).getTime(), r.body.serverTimeEpoch);
});

test('verifyauth is always 200 and says what the secret allows; experiments/test is 401 without it', async () => {
  let r = await uploader(token).get('/verifyauth');
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.body.message.canRead, r.body.message.canWrite], [true, true]);
  r = await uploader('wrong secret of the right length, really').get('/verifyauth');
  assert.equal(r.status, 200);
  assert.deepEqual([r.body.message.canRead, r.body.message.canWrite], [false, false]);
  r = await uploader(null).get('/verifyauth');
  assert.equal(r.body.message.canRead, false);
  assert.equal((await uploader(token).get('/experiments/test')).status, 200);
  assertNightscoutError(await uploader('nope').get('/experiments/test'), 401);
  assertNightscoutError(await uploader(null).get('/experiments/test'), 401);
});

test('the secret: SHA-1 in either case, SHA-512, or Bearer; never the secret in the URL', async () => {
  const entry = { type: 'sgv', sgv: 120, date: Date.now() - 3600e3, direction: 'Flat' };
  for (const form of ['sha1', 'SHA1', 'sha512']) {
    const r = await uploader(token, form).post('/entries', [entry]);
    assert.equal(r.status, 200, `${form}: ${r.text}`);
  }
  const bearer = await new Device(server.url, token).post(`${NS}/entries`, [entry]);
  assert.equal(bearer.status, 200, bearer.text);
  assertNightscoutError(await uploader('a wrong secret').post('/entries', [entry]), 401);
  assertNightscoutError(await uploader(null).post('/entries', [entry]), 401);
  // A secret in the query is refused, also when it is right, and the reply says why.
  for (const q of [`token=${token}`, `secret=${sha1(token)}`]) {
    const r = await uploader(token).post(`/entries?${q}`, [entry]);
    assertNightscoutError(r, 401);
    assert.match(r.body.description, /URL/);
  }
  // The plain secret in api-secret is not one of the accepted forms either.
  assertNightscoutError(await new Device(server.url, null).post(`${NS}/entries`, [entry], { headers: { 'api-secret': 'x'.repeat(12) } }), 401);
});

test('posting entries: 200 with one stored entry per entry sent, in order, each with a 24-hex _id', async () => {
  const now = Date.now();
  const batch = [
    { type: 'sgv', sgv: 145, date: now - 10 * 60000, dateString: new Date(now - 10 * 60000).toISOString(), direction: 'FortyFiveUp', device: 'xDrip-DexcomG6', noise: 1, filtered: 145000, unfiltered: 146500, rssi: 100, utcOffset: 60 },
    { type: 'mbg', mbg: 132, date: now - 9 * 60000 },
    { type: 'sgv', sgv: 150, date: now - 5 * 60000, direction: 'Flat' },
    { type: 'cal', date: now - 8 * 60000, slope: 850, intercept: 32000, scale: 1 },
  ];
  const r = await uploader(token).post('/entries.json', batch);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.length, 4);
  r.body.forEach((e, i) => {
    assert.match(e._id, /^[0-9a-f]{24}$/);
    assert.equal(e.type, batch[i].type);
    assert.equal(e.date, batch[i].date);
  });
  assert.equal(new Set(r.body.map((e) => e._id)).size, 4);
  assert.equal(r.body[0].sgv, 145);
  assert.equal(r.body[0].direction, 'FortyFiveUp');
  // Stored as the client's readings in mmol/L, entered by her device.
  const cgm = (await ann.get(`/clients/me/measurements?kind=cgm&from=${new Date(now - 11 * 60000).toISOString()}`)).body;
  assert.deepEqual(cgm.map((m) => m.value), [8.33, 8.06]);
  assert.equal(cgm[0].via, 'device');
  assert.equal(cgm[1].extra.direction, 'FortyFiveUp');
  const meter = (await ann.get(`/clients/me/measurements?kind=glucose&from=${new Date(now - 11 * 60000).toISOString()}`)).body;
  assert.deepEqual(meter.map((m) => m.value), [7.33]);
  // The same batch again (a retry) stores nothing twice and gives the same ids.
  const again = await uploader(token).post('/entries.json', batch);
  assert.deepEqual(again.body.map((e) => e._id), r.body.map((e) => e._id));
  assert.equal((await ann.get(`/clients/me/measurements?kind=cgm&from=${new Date(now - 11 * 60000).toISOString()}`)).body.length, 2);
  // One object, not an array, is one entry.
  const one = await uploader(token).post('/entries', { type: 'sgv', sgv: '160', date: now - 60000 });
  assert.equal(one.status, 200, one.text);
  assert.equal(one.body.length, 1);
});

test('reading entries back: newest first, count, find by date and dateString, sgv as whole mg/dL', async () => {
  const base = Date.UTC(2026, 10, 20, 8, 0, 0);
  const batch = Array.from({ length: 30 }, (_, i) => ({ type: 'sgv', sgv: 100 + i, date: base + i * 5 * 60000, direction: 'Flat' }));
  assert.equal((await uploader(token).post('/entries', batch)).status, 200);
  const u = uploader(token);
  let r = await u.get(`/entries/sgv.json?find[date][$gte]=${base}&find[date][$lt]=${base + 30 * 5 * 60000}&count=100`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.length, 30);
  assert.deepEqual(r.body.slice(0, 3).map((e) => e.sgv), [129, 128, 127]);
  for (const e of r.body) {
    assert.equal(Number.isInteger(e.sgv), true);
    assert.equal(typeof e.date, 'number');
    assert.equal(new Date(e.dateString).getTime(), e.date);
    assert.match(e._id, /^[0-9a-f]{24}$/);
  }
  r = await u.get(`/entries.json?find[date][$gt]=${base}&find[date][$lte]=${base + 10 * 60000}`);
  assert.deepEqual(r.body.map((e) => e.sgv), [102, 101]);
  r = await u.get(`/entries/sgv.json?find[dateString][$gte]=2026-11-20T10:00:00Z&find[dateString][$lt]=2026-11-20T10:20:00Z&count=50`);
  assert.deepEqual(r.body.map((e) => e.sgv), [127, 126, 125, 124]);
  r = await u.get('/entries/sgv.json?find[dateString][$gte]=2026-11-20&find[dateString][$lt]=2026-11-21&count=50');
  assert.equal(r.body.length, 30, 'a date alone is that day\'s start');
  r = await u.get(`/entries/sgv.json?find[date][$lte]=${base + 29 * 5 * 60000}`);
  assert.equal(r.body.length, 10, 'count defaults to 10');
  r = await u.get('/entries/current.json');
  assert.equal(r.body.length, 1);
  assert.ok(r.body[0].date > base + 29 * 5 * 60000, 'the newest of all');
  // mbg entries come with /entries, not with /entries/sgv.
  r = await u.get('/entries.json?count=1000');
  assert.ok(r.body.some((e) => e.type === 'mbg'));
  assert.ok((await u.get('/entries/sgv.json?count=1000')).body.every((e) => e.type === 'sgv'));
  const dates = r.body.map((e) => e.date);
  assert.deepEqual(dates, [...dates].sort((a, b) => b - a), 'newest first across types');
});

test('the fixtures of cgm-remote-monitor and oref0 are taken as those servers take them', async (t) => {
  if (!existsSync(FIXTURES)) { t.skip(`NOTICE: ${FIXTURES} is absent; the fixture test did not run`); return; }
  const example = JSON.parse(readFileSync(join(FIXTURES, 'cgm-remote-monitor', 'entries-example.json'), 'utf8'));
  // Old receivers' dates: 2014. The status codes ("5" with NOT COMPUTABLE) are acknowledged, not stored as glucose.
  let r = await uploader(token).post('/entries', example);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.length, example.length);
  const glucose = example.filter((e) => Number(e.sgv) >= 40);
  const stored = await uploader(token).get(`/entries/sgv.json?find[date][$lte]=${Math.max(...example.map((e) => e.date))}&find[date][$gte]=${Math.min(...example.map((e) => e.date))}&count=100`);
  assert.equal(stored.body.length, glucose.length);
  assert.deepEqual(stored.body.map((e) => e.sgv).sort(), glucose.map((e) => Number(e.sgv)).sort());
  for (const file of ['openaps-glucose-zoned-merge.json', 'openaps-cal-zoned.json']) {
    const entries = JSON.parse(readFileSync(join(FIXTURES, 'cgm-remote-monitor', file), 'utf8'));
    r = await uploader(token).post('/entries', entries);
    assert.equal(r.status, 200, `${file}: ${r.text}`);
    assert.equal(r.body.length, entries.length);
  }
  const oref = JSON.parse(readFileSync(join(FIXTURES, 'oref0', 'glucose.json'), 'utf8'));
  r = await uploader(token).post('/entries', oref);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.length, oref.length);
});

test('a bad entry is a 400 in Nightscout\'s shape, and nothing of its batch is stored', async () => {
  const at = Date.now() - 2 * 3600e3;
  const u = uploader(token);
  for (const bad of [[{ type: 'sgv', sgv: 'veel', date: at }], [{ type: 'xyz', date: at }], [{ type: 'sgv', sgv: 120 }],
    [{ type: 'sgv', sgv: 900, date: at }], [{ type: 'sgv', sgv: 120, date: Date.now() + 3600e3 }], [], 'plain text']) {
    const r = await u.post('/entries', bad, typeof bad === 'string' ? { rawBody: bad } : {});
    assert.ok(r.status === 400, `${JSON.stringify(bad)}: ${r.status} ${r.text}`);
  }
  const r = await u.post('/entries', [{ type: 'sgv', sgv: 111, date: at }, { type: 'sgv', sgv: 'x', date: at + 1 }]);
  assertNightscoutError(r, 400);
  const after = await u.get(`/entries/sgv.json?find[date][$gte]=${at}&find[date][$lte]=${at + 1}`);
  assert.deepEqual(after.body, [], 'all or nothing');
});

test('a token limited to other kinds may not send glucose, and a disconnected one nothing', async () => {
  const entry = [{ type: 'sgv', sgv: 120, date: Date.now() - 120000 }];
  assertNightscoutError(await uploader(other).post('/entries', entry), 403);
  assertNightscoutError(await uploader(other).get('/entries/sgv.json'), 403);
  const list = (await ann.get('/clients/me/devices')).body;
  const scale = list.find((d) => d.name === 'Weegschaal');
  assert.equal((await ann.del(`/clients/me/devices/${scale.id}`)).status, 204);
  const r = await uploader(other).post('/entries', entry);
  assertNightscoutError(r, 401);
  assert.match(r.body.description, /disconnected/);
});

test('treatments: carbohydrates and insulin become readings, other events are kept for her to read', async () => {
  const at = Date.now() - 30 * 60000;
  const batch = [
    { eventType: 'Meal Bolus', created_at: new Date(at).toISOString(), carbs: 45, insulin: 4.5, enteredBy: 'xDrip+', notes: 'ontbijt' },
    { eventType: 'Sensor Change', created_at: new Date(at + 60000).toISOString() },
    { eventType: 'Note', created_at: new Date(at + 120000).toISOString(), notes: 'wandeling' },
  ];
  let r = await uploader(token).post('/treatments', batch);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.length, 3);
  assert.ok(r.body.every((t) => /^[0-9a-f]{24}$/.test(t._id)));
  assert.equal(r.body[0].carbs, 45);
  const from = new Date(at - 1000).toISOString();
  assert.deepEqual((await ann.get(`/clients/me/measurements?kind=carbohydrates&from=${from}`)).body.map((m) => [m.value, m.note]), [[45, 'Meal Bolus']]);
  assert.deepEqual((await ann.get(`/clients/me/measurements?kind=insulin&from=${from}`)).body.map((m) => m.value), [4.5]);
  // PUT (an edit from Nightscout's careportal) replaces it, stores nothing twice.
  r = await uploader(token).put('/treatments', { ...batch[0], carbs: 50 });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual((await ann.get(`/clients/me/measurements?kind=carbohydrates&from=${from}`)).body.map((m) => m.value), [50]);
  r = await uploader(token).get('/treatments.json?count=10');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body.slice(0, 3).map((t) => t.eventType), ['Note', 'Sensor Change', 'Meal Bolus']);
  assert.equal(r.body[0].notes, 'wandeling');
  assertNightscoutError(await uploader(token).post('/treatments', [{ eventType: 'Meal Bolus', carbs: 45 }]), 400);
  assertNightscoutError(await uploader(token).post('/treatments', [{ eventType: 'Carbs', created_at: new Date(at).toISOString(), carbs: 5000 }]), 400);
});

test('device status: the latest is kept on the device\'s card', async () => {
  const status = { device: 'xDrip-LimiTTer', created_at: new Date().toISOString(), uploader: { battery: 67 } };
  let r = await uploader(token).post('/devicestatus', status);
  assert.equal(r.status, 200, r.text);
  assert.match(r.body[0]._id, /^[0-9a-f]{24}$/);
  const card = (await ann.get('/clients/me/devices')).body.find((d) => d.name === 'xDrip+');
  assert.equal(card.status.uploader.battery, 67);
  assert.ok(card.status_at);
  r = await uploader(token).get('/devicestatus.json');
  assert.equal(r.body[0].uploader.battery, 67);
  assertNightscoutError(await uploader(token).post('/devicestatus', { big: 'x'.repeat(9000) }), 400);
});

test('a batch upload is one row on her log, and replies are not cached', async () => {
  const rows = async () => (await ann.get('/me/audit?limit=200')).body.items.length;
  const before = await rows();
  const batch = Array.from({ length: 12 }, (_, i) => ({ type: 'sgv', sgv: 90 + i, date: Date.now() - 7200e3 + i * 300000 }));
  assert.equal((await uploader(token).post('/entries', batch)).status, 200);
  assert.equal(await rows(), before + 1, 'one row for the batch (her own device: her own write)');
  const r = await rawFetch(server.url, `${NS}/status.json`);
  assert.equal(r.headers.get('cache-control'), 'no-store');
});
