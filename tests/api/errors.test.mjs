// Every error status of the table in docs/api.md that can be provoked from
// outside, each with its code and the one error shape. (401 credentials,
// 403 csrf/origin/enrolment and 429 have their own files too; 500 cannot be
// provoked from outside.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Person, PASSWORD, uniqueEmail, signUp, assertError, rawFetch, rawSocket, rawJson, rawHeader, assertHealthy, API }
  from '../lib/api.mjs';

let server;
let jan;
let piet;
before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000' } });
  jan = await signUp(server.url, { email: uniqueEmail('jan'), name: 'Jan' });
  piet = await signUp(server.url, { email: uniqueEmail('piet'), name: 'Piet' });
});
after(() => server.stop());

const MB10 = 10 * 1024 * 1024;

// The error shape, and nothing of the server's insides in it.
function assertShape(r) {
  assert.match(r.headers.get('content-type') || '', /^application\/json/);
  assert.deepEqual(Object.keys(r.body), ['error']);
  const keys = Object.keys(r.body.error).sort();
  assert.ok(['code,message', 'code,field,message'].includes(keys.join(',')), `error keys ${keys}`);
  assert.ok(r.body.error.message.length > 0);
  assert.ok(!/sqlite|\.c:\d|\/work\/|\/tmp\/|0x[0-9a-f]{6}/i.test(r.text), `no internals: ${r.text}`);
}

test('400 malformed_json for a body that is not JSON', async () => {
  for (const body of ['{', '{"email": }', '{"a":1,}', "{'a':1}", 'nul', '{} x', '{"a":1}{"b":2}']) {
    const r = await rawFetch(server.url, `${API}/auth/register`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    assertError(r, 400, 'malformed_json');
    assertShape(r);
  }
  const r = await jan.patch('/me', undefined, { rawBody: '{"name": "x"' });
  assertError(r, 400, 'malformed_json');
  assert.equal((await jan.get('/me')).body.name, 'Jan');
});

test('400 malformed_json for JSON that is not an object', async () => {
  for (const body of ['[]', '[{"email":"a@b.nl"}]', '5', '"a string"', 'null', 'true', '-1.5e3']) {
    const r = await rawFetch(server.url, `${API}/auth/login`, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
    assertError(r, 400, 'malformed_json');
  }
  assertError(await jan.patch('/me', undefined, { rawBody: '["name","x"]' }), 400, 'malformed_json');
});

test('400 invalid_input names the field', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('inp'), name: 'Inge', language: 'nl' });
  const r = await p.patch('/me', { name: '' });
  assertError(r, 400, 'invalid_input', 'name');
  assertShape(r);
  assertError(await p.patch('/me', { language: 'fr' }), 400, 'invalid_input', 'language');
  assertError(await p.patch('/me', { name: 42 }), 400, 'invalid_input', 'name');
  assertError(await p.patch('/me', { name: 'Ok', language: 'de' }), 400, 'invalid_input', 'language');
  assertError(await p.patch('/me', { name: 'x'.repeat(201), language: 'en' }), 400, 'invalid_input', 'name');
  const me = await p.get('/me');
  assert.equal(me.body.name, 'Inge', 'nothing half-saved');
  assert.equal(me.body.language, 'nl');
});

test('PATCH /me refuses null for name and language (a wrong type; neither can be removed)', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('null'), name: 'Nel', language: 'nl' });
  assertError(await p.patch('/me', { name: 'Ok', language: null }), 400, 'invalid_input', 'language');
  assertError(await p.patch('/me', { name: null }), 400, 'invalid_input', 'name');
  const me = await p.get('/me');
  assert.equal(me.body.name, 'Nel', 'nothing half-saved');
});

test('401 unauthenticated without a session', async () => {
  const r = await rawFetch(server.url, `${API}/me`);
  assertError(r, 401, 'unauthenticated');
  assertShape(r);
});

test('403 csrf_failed and origin_refused', async () => {
  assertError(await jan.patch('/me', { name: 'X' }, { csrf: false }), 403, 'csrf_failed');
  assertError(await jan.patch('/me', { name: 'X' }, { headers: { Origin: 'http://evil.example' } }), 403, 'origin_refused');
});

test('404 not_found for unknown routes and unknown /api paths', async () => {
  for (const path of [`${API}/nope`, `${API}/`, `${API}`, '/api', '/api/', '/api/nope', '/api/v2/health', `${API}/health/extra`,
    `${API}/me/nope`, `${API}/clients/me/nope`, `${API}/HEALTH`, `${API}/clients/me/goals/abc`, `${API}/clients/me/goals/0`,
    `${API}/clients/me/goals/-1`, `${API}/clients/x/goals`]) {
    const r = await jan.get(path);
    assertError(r, 404, 'not_found');
    assertShape(r);
    assert.equal(r.headers.get('cache-control'), 'no-store', `${path}: no-store`);
  }
  // A static path that is not there.
  assertError(await rawFetch(server.url, '/no-such-page.html'), 404, 'not_found');
  assertError(await rawFetch(server.url, '/../../etc/passwd'), 404, 'not_found');
});

test('404 not_found for an item that is not there or not yours', async () => {
  assertError(await jan.get('/clients/me/goals/999999'), 404, 'not_found');
  assertError(await jan.get(`/clients/${piet.me.id}/goals`), 404, 'not_found');
  assertError(await jan.get('/clients/999999/goals'), 404, 'not_found');
});

test('405 method_not_allowed with an Allow header', async () => {
  const allow = (r) => (r.headers.get('allow') || '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const [method, path, must] of [
    ['DELETE', `${API}/health`, ['GET']], ['POST', `${API}/health`, ['GET']],
    ['PUT', `${API}/me`, ['GET', 'PATCH', 'DELETE']], ['POST', `${API}/me`, ['GET', 'PATCH', 'DELETE']],
    ['GET', `${API}/auth/login`, ['POST']], ['GET', `${API}/auth/register`, ['POST']], ['DELETE', `${API}/auth/logout`, ['POST']],
    ['POST', `${API}/me/export`, ['GET']], ['GET', `${API}/me/password`, ['POST']], ['PATCH', `${API}/me/audit`, ['GET']],
  ]) {
    const r = await jan.call(method, path);
    assertError(r, 405, 'method_not_allowed');
    assertShape(r);
    const a = allow(r);
    for (const m of must) assert.ok(a.includes(m), `${method} ${path}: Allow ${a} lists ${m}`);
    assert.ok(!a.includes(method), `${method} ${path}: Allow ${a} does not list ${method}`);
  }
  assert.equal((await jan.get('/me')).body.name, 'Jan');
});

test('409 conflict for an email already registered', async () => {
  const r = await new Person(server.url).register({ email: jan.email });
  assertError(r, 409, 'conflict');
  assertShape(r);
});

test('413 payload_too_large for a 10 MB body with Content-Length', async () => {
  const head = `POST ${API}/auth/register HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\n`
    + `Content-Length: ${MB10}\r\nConnection: close\r\n\r\n`;
  const chunk = Buffer.alloc(1024 * 1024, 'a');
  const r = await rawSocket(server.port, [head, ...Array(10).fill(chunk)], { timeout: 15000, firstGap: 300 });
  assert.equal(r.status, 413, `status: ${r.text.slice(0, 300)}`);
  assert.equal(rawJson(r.text)?.error?.code, 'payload_too_large');
  assert.equal(rawHeader(r.text, 'cache-control'), 'no-store');
  await assertHealthy(server.url, '10 MB body');
});

test('413 payload_too_large for a chunked 10 MB body without Content-Length', async () => {
  const head = `POST ${API}/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\n`
    + 'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n';
  const size = 1024 * 1024;
  const chunk = Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), Buffer.alloc(size, 'b'), Buffer.from('\r\n')]);
  const r = await rawSocket(server.port, [head, ...Array(10).fill(chunk), '0\r\n\r\n'], { timeout: 15000 });
  assert.equal(r.status, 413, `status: ${r.text.slice(0, 300)}`);
  assert.equal(rawJson(r.text)?.error?.code, 'payload_too_large');
  await assertHealthy(server.url, 'chunked 10 MB body');
});

test('413 just over the limit (1 MiB + 1), not at it', async () => {
  const over = `{"name":"${'a'.repeat(1048576 + 1 - 11)}"}`;
  assert.equal(Buffer.byteLength(over), 1048577);
  const r = await rawSocket(server.port, [`PATCH ${API}/me HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: roer=${jan.cookie}\r\n`
    + `X-CSRF-Token: ${jan.csrf}\r\nContent-Type: application/json\r\nContent-Length: 1048577\r\nConnection: close\r\n\r\n`, over],
  { firstGap: 300, timeout: 15000 });
  assert.equal(r.status, 413, r.text.slice(0, 300));
  assert.equal(rawJson(r.text)?.error?.code, 'payload_too_large');
  const at = `{"name":"${'a'.repeat(1048576 - 11)}"}`;
  assert.equal(Buffer.byteLength(at), 1048576);
  const ok = await jan.patch('/me', undefined, { rawBody: at });
  assertError(ok, 400, 'invalid_input', 'name'); // read and parsed: only the name is too long
  assert.equal((await jan.get('/me')).body.name, 'Jan');
});

test('415 unsupported_media_type for a body that is not application/json', async () => {
  const body = JSON.stringify({ email: uniqueEmail('t'), password: PASSWORD, name: 'T', language: 'nl' });
  for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
    'application/jsonp', 'text/json']) {
    const r = await rawFetch(server.url, `${API}/auth/register`, { method: 'POST', body, headers: { 'Content-Type': type } });
    assertError(r, 415, 'unsupported_media_type');
    assertShape(r);
  }
  // No Content-Type at all, over a raw socket (fetch would add one).
  const raw = await rawSocket(server.port, `POST ${API}/auth/register HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`
    + `Connection: close\r\n\r\n${body}`);
  assert.equal(raw.status, 415, raw.text.slice(0, 300));
  // None of them registered anyone: the email is still free.
  const ok = await rawFetch(server.url, `${API}/auth/register`, {
    method: 'POST', body, headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
  assert.equal(ok.status, 201, ok.text);
  assertError(await jan.patch('/me', undefined, { rawBody: '{"name":"Plain"}', contentType: 'text/plain' }), 415, 'unsupported_media_type');
  assert.equal((await jan.get('/me')).body.name, 'Jan');
});
