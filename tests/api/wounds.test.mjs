// Wounds and their photos: a wound with a timeline of photos, each photo
// cleaned before it is stored (no GPS position, camera or comment comes
// through: checked with exiftool, the tool people use to read them), only
// JPEG and PNG taken whatever the upload claims, pixel floods and oversized
// uploads refused, photos served only to those with the photos right, as
// images that cannot be taken for a page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { startServer } from '../lib/server.mjs';
import { assertError, assertHealthy, rawSocket, signUp, uniqueEmail } from '../lib/api.mjs';

const MAX_PHOTO = 64 * 1024;
let server;
let ann; // the client
let wies; // a wound nurse who may change photos
let sam; // sees photos only
let tom; // sees measurements, not photos
let eve; // another client
const scratch = mkdtempSync(join(tmpdir(), 'roer-wounds-'));

// A 64×48 grey gradient, made by libvips (JPEG, no metadata).
const JPEG = Buffer.from(
  '/9j/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBD' +
  'AQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAwAEAD' +
  'ASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEG' +
  'E1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4' +
  'eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6' +
  '/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEI' +
  'FEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaH' +
  'iImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIR' +
  'AxEAPwD5n03tXV6b2rlNN7V1em9qAOq03tXV6b2rlNN7V1em9qAOr03tXVab2rldN7V1Wm9qAOr03tXV6b2rlNN7V1em9qAPzU03' +
  'tXV6b2rlNN7V1em9qAOq03tXV6b2rlNN7V1em9qAOr03tXVab2rldN7V1Wm9qAOr03tXV6b2rlNN7V1em9qAPzU03tXV6b2rlNN7' +
  'V1em9qAOq03tXV6b2rlNN7V1em9qAOr03tXVab2rldN7V1Wm9qAOr03tXV6b2rlNN7V1em9qAP/Z', 'base64');

// PNG chunks, written here so a test can say exactly what is in one.
function chunk(type, data) {
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function ihdr(width, height) {
  const h = Buffer.alloc(13);
  h.writeUInt32BE(width, 0); h.writeUInt32BE(height, 4);
  h[8] = 8; h[9] = 2; // 8 bits, RGB
  return chunk('IHDR', h);
}
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// A width×height RGB PNG with a text chunk (a comment a phone or editor may leave).
function png(width, height, text) {
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set([x * 4, y * 5, 128], 1 + x * 3);
    rows.push(row);
  }
  return Buffer.concat([PNG_SIGNATURE, ihdr(width, height),
    ...(text ? [chunk('tEXt', Buffer.from(`Comment\0${text}`, 'latin1'))] : []),
    chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

const exiftool = (file) => JSON.parse(spawnSync('exiftool', ['-j', '-n', file], { encoding: 'utf8' }).stdout)[0];

async function enlist(client, body) {
  const p = await signUp(server.url, { email: uniqueEmail(body.role), name: body.name });
  const inv = await client.post('/clients/me/invitations', { valid_days: 7, rights: {}, ...body, name: undefined });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await p.post('/invitations/accept', { code: inv.body.code })).status, 200);
  return p;
}

const upload = (who, path, bytes, type, query = '') => who.call('POST', `${path}/photos${query}`, undefined,
  { rawBody: bytes, contentType: type });

before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_MAX_PHOTO: String(MAX_PHOTO) } });
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  eve = await signUp(server.url, { email: uniqueEmail('eve'), name: 'Eve' });
  wies = await enlist(ann, { role: 'professional', discipline: 'wondverpleegkundige', name: 'Wies', rights: { photos: 'change' } });
  sam = await enlist(ann, { role: 'naaste', name: 'Sam', rights: { photos: 'see' } });
  tom = await enlist(ann, { role: 'naaste', name: 'Tom', rights: { measurements: 'change' } });
});
after(async () => {
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('a wound with a name and a note; changed, healed and found again', async () => {
  let r = await ann.post('/clients/me/wounds', { name: 'Open been links', note: 'Sinds de val in oktober' });
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  assert.deepEqual([r.body.name, r.body.note, r.body.photos, r.body.healed_at, r.body.created_by],
    ['Open been links', 'Sinds de val in oktober', 0, null, ann.me.id]);
  r = await ann.patch(`/clients/me/wounds/${id}`, { healed: true });
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.healed_at, 'healed has a date');
  assert.equal(r.body.name, 'Open been links', 'what is not sent stays');
  r = await ann.patch(`/clients/me/wounds/${id}`, { healed: false, note: '' });
  assert.deepEqual([r.body.healed_at, r.body.note], [null, null]);
  r = await ann.get('/clients/me/wounds');
  assert.deepEqual(r.body.map((w) => w.id), [id]);
  // Bad input: a clear error, nothing stored.
  assertError(await ann.post('/clients/me/wounds', { note: 'zonder naam' }), 400, 'invalid_input');
  assertError(await ann.post('/clients/me/wounds', { name: 'x'.repeat(81) }), 400, 'invalid_input');
  assertError(await ann.patch(`/clients/me/wounds/${id}`, { healed: 'ja' }), 400, 'invalid_input');
  assertError(await ann.patch('/clients/me/wounds/999999', { name: 'Elders' }), 404, 'not_found');
  assert.equal((await ann.get('/clients/me/wounds')).body.length, 1);
});

test('a phone photo loses its GPS position, camera and time; it is served as an image only to the network with the right', async () => {
  const wound = (await wies.post(`/clients/${ann.me.id}/wounds`, { name: 'Decubitus stuit' })).body;
  const path = `/clients/${ann.me.id}/wounds/${wound.id}`;
  // A photo as a phone leaves it: where, with what and when.
  const taken = join(scratch, 'phone.jpg');
  writeFileSync(taken, JPEG);
  const tag = spawnSync('exiftool', ['-overwrite_original', '-GPSLatitude=52.0907', '-GPSLatitudeRef=N',
    '-GPSLongitude=5.1214', '-GPSLongitudeRef=E', '-Make=Acme', '-Model=Phone 12', '-SerialNumber=SN-4711',
    '-DateTimeOriginal=2026:11:30 08:15:00', '-Artist=Ann de Vries', taken], { encoding: 'utf8' });
  assert.equal(tag.status, 0, tag.stderr);
  const before = exiftool(taken);
  assert.equal(before.GPSLatitude, 52.0907, 'the upload has a position to lose');
  assert.equal(before.Model, 'Phone 12');

  const r = await upload(wies, path, readFileSync(taken), 'image/jpeg', '?taken_at=2026-11-30T08:15:00Z&note=na%20spoelen');
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.body.width, r.body.height, r.body.note, r.body.taken_at, r.body.created_by],
    [64, 48, 'na spoelen', '2026-11-30T08:15:00.000Z', wies.me.id]);

  const got = await sam.get(r.body.url);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/jpeg');
  assert.equal(got.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(got.headers.get('content-disposition'), `inline; filename="wound-${wound.id}-photo-${r.body.id}.jpg"`);
  assert.match(got.headers.get('cache-control'), /private/);
  assert.match(got.headers.get('cache-control'), /no-cache/);
  assert.match(got.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.deepEqual([...got.bytes.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  assert.equal(got.bytes.length, r.body.bytes);
  const served = join(scratch, 'served.jpg');
  writeFileSync(served, got.bytes);
  const after = exiftool(served);
  for (const field of ['GPSLatitude', 'GPSLongitude', 'GPSPosition', 'Make', 'Model', 'SerialNumber', 'DateTimeOriginal', 'Artist']) {
    assert.equal(after[field], undefined, `${field} came through: ${after[field]}`);
  }
  assert.equal(after.ImageWidth, 64);
  assert.ok(!got.bytes.includes('Acme') && !got.bytes.includes('SN-4711'));

  const thumb = await sam.get(r.body.thumb_url);
  assert.equal(thumb.status, 200);
  assert.equal(thumb.headers.get('content-type'), 'image/jpeg');
  assert.deepEqual([...thumb.bytes.subarray(0, 3)], [0xff, 0xd8, 0xff]);

  // The timeline of the wound, and the wound's count.
  const list = await ann.get(`${path}/photos`);
  assert.deepEqual(list.body.map((p) => p.id), [r.body.id]);
  const w = (await ann.get('/clients/me/wounds')).body.find((x) => x.id === wound.id);
  assert.deepEqual([w.photos, w.last_photo_at], [1, '2026-11-30T08:15:00.000Z']);

  // Seeing is not adding, and the measurements right is not the photos right.
  assert.equal((await upload(sam, path, JPEG, 'image/jpeg')).status, 404);
  for (const p of [`/clients/${ann.me.id}/wounds`, `${path}/photos`, r.body.url, r.body.thumb_url]) {
    assertError(await tom.get(p), 404, 'not_found');
    assertError(await eve.get(p), 404, 'not_found');
  }
  assertError(await upload(tom, path, JPEG, 'image/jpeg'), 404, 'not_found');
  // Another client's own id in the path does not reach Ann's wound.
  assertError(await eve.get(`/clients/me/wounds/${wound.id}/photos/${r.body.id}`), 404, 'not_found');

  // Each look by someone else is on Ann's log, naming the photo.
  const log = await ann.audit('?limit=20');
  const looks = log.items.filter((a) => a.actor?.id === sam.me.id && a.object === `wound/${wound.id}/photo/${r.body.id}`);
  assert.equal(looks.length, 2, JSON.stringify(log.items.slice(0, 5)));
  assert.ok(log.items.some((a) => a.actor?.id === tom.me.id && a.outcome === 'denied'), 'the refusal is logged');
});

test('a PNG is taken, stored as a JPEG without its text', async () => {
  const wound = (await ann.post('/clients/me/wounds', { name: 'Schaafwond knie' })).body;
  const path = `/clients/me/wounds/${wound.id}`;
  const r = await upload(ann, path, png(40, 30, 'geheim-4711'), 'image/png');
  assert.equal(r.status, 201, r.text);
  assert.deepEqual([r.body.width, r.body.height], [40, 30]);
  const got = await ann.get(r.body.url);
  assert.equal(got.headers.get('content-type'), 'image/jpeg');
  assert.deepEqual([...got.bytes.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  assert.ok(!got.bytes.includes('geheim-4711'), 'the PNG text chunk is gone');
  // Removed, it is gone for everyone.
  assert.equal((await ann.del(r.body.url.replace('/api/v1', ''))).status, 204);
  assertError(await ann.get(r.body.url), 404, 'not_found');
  assertError(await ann.del(r.body.url.replace('/api/v1', '')), 404, 'not_found');
  assert.equal((await ann.get(`${path}/photos`)).body.length, 0);
});

test('what is not a JPEG or PNG photo is refused, whatever it claims; the server keeps serving', async () => {
  const wound = (await ann.post('/clients/me/wounds', { name: 'Proef' })).body;
  const path = `/clients/me/wounds/${wound.id}`;
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');
  assertError(await upload(ann, path, svg, 'image/svg+xml'), 415, 'unsupported_media_type');
  assertError(await upload(ann, path, svg, 'image/jpeg'), 415, 'unsupported_media_type');
  // A page with a photo behind it (a polyglot) is not a photo.
  const page = Buffer.concat([Buffer.from('<html><script>alert(1)</script></html>'), JPEG]);
  assertError(await upload(ann, path, page, 'image/jpeg'), 415, 'unsupported_media_type');
  // PNG bytes said to be a JPEG: the type is compared, never trusted.
  assertError(await upload(ann, path, png(8, 8), 'image/jpeg'), 415, 'unsupported_media_type');
  assertError(await upload(ann, path, Buffer.from('{"a":1}'), 'application/json'), 415, 'unsupported_media_type');
  // Empty, and a photo cut off halfway.
  assertError(await upload(ann, path, Buffer.alloc(0), 'image/jpeg'), 400, 'invalid_input');
  assertError(await upload(ann, path, JPEG.subarray(0, 400), 'image/jpeg'), 400, 'invalid_input');
  // A pixel flood: a small file that says it is 100,000 × 100,000 pixels, refused before decoding.
  const flood = Buffer.concat([PNG_SIGNATURE, ihdr(100000, 100000), chunk('IDAT', deflateSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))]);
  assert.ok(flood.length < 200);
  assertError(await upload(ann, path, flood, 'image/png'), 413, 'payload_too_large');
  // Larger than --max-photo: refused by its declared length.
  const big = Buffer.concat([JPEG, Buffer.alloc(MAX_PHOTO)]);
  assertError(await upload(ann, path, big, 'image/jpeg'), 413, 'payload_too_large');
  // Bad query values.
  assertError(await upload(ann, path, JPEG, 'image/jpeg', '?taken_at=gisteren'), 400, 'invalid_input');
  assertError(await upload(ann, path, JPEG, 'image/jpeg', '?taken_at=2099-01-01T00:00:00Z'), 400, 'invalid_input');
  // No wound, or another client's.
  assertError(await upload(ann, '/clients/me/wounds/999999', JPEG, 'image/jpeg'), 404, 'not_found');
  assertError(await upload(eve, `/clients/me/wounds/${wound.id}`, JPEG, 'image/jpeg'), 404, 'not_found');
  // Without the anti-forgery token nothing is stored.
  const noCsrf = await ann.call('POST', `${path}/photos`, undefined, { rawBody: JPEG, contentType: 'image/jpeg', csrf: false });
  assert.equal(noCsrf.status, 403);

  assert.equal((await ann.get(`${path}/photos`)).body.length, 0, 'nothing refused was stored');
  assert.equal((await upload(ann, path, JPEG, 'image/jpeg')).status, 201, 'a good photo still goes in');
  await assertHealthy(server.url);
});

test('an oversized upload is refused before it is all read, whether its length is declared or not', async () => {
  const wound = (await ann.post('/clients/me/wounds', { name: 'Groot' })).body;
  const head = (extra) => `POST /api/v1/clients/me/wounds/${wound.id}/photos HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
    `Connection: close\r\nCookie: ${ann.cookieHeader()}\r\nX-CSRF-Token: ${ann.csrf}\r\nContent-Type: image/jpeg\r\n${extra}\r\n`;
  // Says 50 MB and sends a few bytes: the answer comes without waiting for the rest.
  let r = await rawSocket(server.port, [head('Content-Length: 52428800\r\n'), JPEG], { timeout: 8000 });
  assert.equal(r.status, 413, r.text.slice(0, 200));
  // Chunked, without a length: what passes the limit is thrown away unread into memory, and far past
  // it (16 times) the server hangs up while the sender still has most of its 3 MB to go. (libmicrohttpd
  // 0.9 cannot answer before the body has ended, so the 413 is for senders that stop.)
  const piece = Buffer.alloc(MAX_PHOTO, 0x41);
  const chunkOf = (b) => Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
  const parts = [head('Transfer-Encoding: chunked\r\n'), chunkOf(JPEG), ...Array(48).fill(chunkOf(piece))];
  r = await rawSocket(server.port, parts, { timeout: 15000, gap: 5 });
  assert.ok(r.closed, 'the server hung up');
  assert.ok(r.wrote < parts.length, `all ${r.wrote} parts were taken`);
  r = await rawSocket(server.port, [head('Transfer-Encoding: chunked\r\n'), chunkOf(JPEG), chunkOf(piece), '0\r\n\r\n'], { timeout: 8000 });
  assert.equal(r.status, 413, r.text.slice(0, 200));
  assert.equal((await ann.get(`/clients/me/wounds/${wound.id}/photos`)).body.length, 0);
  await assertHealthy(server.url);
});

test('the client\'s export names every wound and photo, with where to fetch it', async () => {
  const r = await ann.get('/me/export');
  assert.equal(r.status, 200, r.text);
  const decubitus = r.body.wounds.find((w) => w.name === 'Decubitus stuit');
  assert.ok(decubitus, JSON.stringify(r.body.wounds));
  assert.equal(decubitus.photo_list.length, 1);
  const photo = decubitus.photo_list[0];
  assert.equal(photo.note, 'na spoelen');
  assert.equal((await ann.get(photo.url)).status, 200);
  // A member's export holds none of Ann's wounds.
  assert.deepEqual((await wies.get('/me/export')).body.wounds, []);
});
