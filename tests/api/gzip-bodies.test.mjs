// Request bodies sent with Content-Encoding: gzip, as xDrip+ sends its uploads once they grow:
// unpacked before they are read, on the Nightscout API and the JSON API alike; a bomb (a small
// body that unpacks to far more than the body limit) is stopped at the limit with 413, damaged
// gzip is 400, an encoding Roer does not understand is 415, and the server keeps serving.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { gzipSync, deflateSync } from 'node:zlib';
import { startServer } from '../lib/server.mjs';
import { Device, assertError, assertHealthy, signUp, uniqueEmail } from '../lib/api.mjs';

let server;
let ann;
let token;

before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000' } });
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  token = (await ann.post('/clients/me/devices', { name: 'xDrip+', kinds: ['cgm'] })).body.token;
});
after(() => server.stop());

const secret = () => createHash('sha1').update(token).digest('hex');
const gz = (value) => gzipSync(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));
const entry = (minutesAgo, sgv) => {
  const date = Date.now() - minutesAgo * 60000;
  return { type: 'sgv', sgv, date, dateString: new Date(date).toISOString(), direction: 'Flat', device: 'xDrip-DexcomG6' };
};

test('a gzipped Nightscout upload is stored as if it came plain', async () => {
  const d = new Device(server.url, null);
  const batch = [entry(10, 120), entry(5, 126), entry(0, 131)];
  const r = await d.post('/nightscout/api/v1/entries', undefined,
    { rawBody: gz(batch), headers: { 'api-secret': secret(), 'Content-Encoding': 'gzip' } });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.map((e) => e.sgv), [120, 126, 131]);
  const back = await ann.get('/clients/me/measurements?kind=cgm');
  assert.equal(back.body.length, 3, back.text);
});

test('a gzipped batch of 1,000 readings from a device, and a gzipped change by a person', async () => {
  const readings = Array.from({ length: 1000 }, (_, i) => ({ kind: 'cgm', taken_at: new Date(Date.now() - (i + 20) * 300000).toISOString(), value: 6 + (i % 40) / 10 }));
  const packed = gz({ readings });
  assert.ok(packed.length < JSON.stringify({ readings }).length / 4);
  const r = await new Device(server.url, token).post('/clients/me/measurements', undefined,
    { rawBody: packed, headers: { 'Content-Encoding': 'gzip' } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.count, 1000, r.text.slice(0, 200));
  const me = await ann.patch('/me', undefined, { rawBody: gz({ name: 'Ann de Vries' }), headers: { 'Content-Encoding': 'GZIP' } });
  assert.equal(me.status, 200, me.text);
  assert.equal((await ann.get('/me')).body.name, 'Ann de Vries');
});

test('a bomb is stopped at the body limit; damaged gzip and other encodings are refused; nothing is stored', async () => {
  const before = (await ann.get('/clients/me/measurements?kind=cgm&limit=5000')).body.length;
  // 1,000 readings padded with 60 MB of spaces: about 60 KB packed, far over the 1 MiB body limit unpacked.
  const bomb = gzipSync(Buffer.concat([Buffer.from('{"readings":[' + JSON.stringify({ kind: 'cgm', taken_at: new Date().toISOString(), value: 7 })),
    Buffer.alloc(60 << 20, 0x20), Buffer.from(']}')]), { level: 9 });
  assert.ok(bomb.length < 200 * 1024, `${bomb.length}`);
  const device = new Device(server.url, token);
  assertError(await device.post('/clients/me/measurements', undefined, { rawBody: bomb, headers: { 'Content-Encoding': 'gzip' } }), 413, 'payload_too_large');
  const ns = await new Device(server.url, null).post('/nightscout/api/v1/entries', undefined,
    { rawBody: bomb, headers: { 'api-secret': secret(), 'Content-Encoding': 'gzip' } });
  assert.equal(ns.status, 413, ns.text);
  // Cut short, and a changed byte.
  const good = gz([entry(30, 140)]);
  assertError(await device.post('/clients/me/measurements', undefined, { rawBody: good.subarray(0, good.length - 6), headers: { 'Content-Encoding': 'gzip' } }), 400, 'bad_request');
  const bad = Buffer.from(good); bad[bad.length - 6] ^= 0xff;
  assertError(await device.post('/clients/me/measurements', undefined, { rawBody: bad, headers: { 'Content-Encoding': 'gzip' } }), 400, 'bad_request');
  // Said to be gzip, sent plain.
  assertError(await ann.patch('/me', { name: 'Plain' }, { headers: { 'Content-Encoding': 'gzip' } }), 400, 'bad_request');
  // Encodings not understood.
  for (const enc of ['br', 'deflate', 'gzip, gzip', 'compress']) {
    assertError(await ann.patch('/me', undefined, { rawBody: deflateSync(Buffer.from('{"name":"X"}')), headers: { 'Content-Encoding': enc } }), 415, 'unsupported_media_type');
  }
  // Without a valid secret nothing is unpacked or stored: 401 first.
  const anon = await new Device(server.url, null).post('/nightscout/api/v1/entries', undefined, { rawBody: bomb, headers: { 'Content-Encoding': 'gzip' } });
  assert.equal(anon.status, 401);
  assert.equal((await ann.get('/clients/me/measurements?kind=cgm&limit=5000')).body.length, before);
  assert.equal((await ann.get('/me')).body.name, 'Ann de Vries');
  await assertHealthy(server.url);
});
