// Bad input of every kind. After each case the server must still serve
// (GET /api/v1/health) and earlier data must be intact (the person
// registered first still logs in, with her name unchanged).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Person, PASSWORD, uniqueEmail, signUp, assertError, rawFetch, rawSocket, rawJson, assertHealthy, API, sleep,
  fetchSettings } from '../lib/api.mjs';

// The server closes idle connections after 2 seconds here: never reuse one.
fetchSettings.connectionClose = true;

let server;
let vera;
before(async () => {
  server = await startServer({
    env: { ROER_IDLE_TIMEOUT_SECONDS: '2', ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_ADDRESS_SLOW_AFTER: '1000',
      ROER_ADDRESS_LOCK_AFTER: '2000' },
  });
  vera = await signUp(server.url, { email: uniqueEmail('vera'), name: 'Vera' });
});
after(() => server.stop());

async function intact(what) {
  await assertHealthy(server.url, what);
  const p = new Person(server.url);
  const r = await p.login(vera.email, PASSWORD);
  assert.equal(r.status, 200, `Vera still logs in after ${what}: ${r.text}`);
  assert.equal(r.body.name, 'Vera', `Vera's name intact after ${what}`);
  assert.equal(r.body.id, vera.me.id);
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const post = (path, body, headers = JSON_HEADERS) => rawFetch(server.url, API + path, { method: 'POST', body, headers });
const head = (method, path, extra = '') => `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n${extra}`;
// A raw reply that is a refusal: a 4xx status, or the connection closed without one. Never 2xx or 5xx.
function assertRefused(r, what) {
  if (r.status === null) assert.ok(r.closed, `${what}: no reply, so the server must have closed the connection`);
  else assert.ok(r.status >= 400 && r.status < 500, `${what}: ${r.status} ${r.text.slice(0, 200)}`);
}

test('malformed JSON is 400 malformed_json everywhere', async () => {
  const bodies = ['{', '}', '{"email"', '{"email": }', '{"a":1,}', "{'a':1}", '{a:1}', 'nul', 'tru', '{} x', '{"a":1}{"b":2}',
    '{"a":"unterminated}', '{"a":01}', '{"a":NaN}', '{"a":Infinity}', '{"a":"\\x41"}', '\ufeff{}'.slice(1) + ',', '{"a":"\\u12"}'];
  for (const body of bodies) {
    assertError(await post('/auth/register', body), 400, 'malformed_json');
    assertError(await post('/auth/login', body), 400, 'malformed_json');
    assertError(await vera.patch('/me', undefined, { rawBody: body }), 400, 'malformed_json');
    assertError(await vera.post('/clients/me/checkins', undefined, { rawBody: body }), 400, 'malformed_json');
  }
  await intact('malformed JSON');
});

test('JSON that is an array, number, string, null or boolean is 400 malformed_json', async () => {
  for (const body of ['[]', '[{}]', '0', '42', '-1e308', '"string"', '""', 'null', 'true', 'false']) {
    assertError(await post('/auth/register', body), 400, 'malformed_json');
    assertError(await post('/auth/login', body), 400, 'malformed_json');
    assertError(await vera.patch('/me', undefined, { rawBody: body }), 400, 'malformed_json');
  }
  await intact('non-object JSON');
});

test('wrong types for each field of each account route are 400 invalid_input naming it', async () => {
  const odd = [5, 1.5, -1, true, null, [], ['x'], {}, { a: 1 }];
  for (const v of odd) {
    assertError(await post('/auth/login', { email: v, password: PASSWORD }), 400, 'invalid_input', 'email');
    assertError(await post('/auth/login', { email: vera.email, password: v }), 400, 'invalid_input', 'password');
    if (v !== null) { // null for PATCH /me is checked on its own in errors.test.mjs
      assertError(await vera.patch('/me', { name: v }), 400, 'invalid_input', 'name');
      assertError(await vera.patch('/me', { language: v }), 400, 'invalid_input', 'language');
    }
    assertError(await vera.del('/me', { password: v }), 400, 'invalid_input', 'password');
  }
  // Password changes are costly calls (10 a minute per session): a fresh session for each few.
  let s = await new Person(server.url);
  let n = 0;
  for (const v of odd) {
    for (const [field, body] of [['current_password', { current_password: v, new_password: 'a new long password' }],
      ['new_password', { current_password: PASSWORD, new_password: v }]]) {
      if (n++ % 8 === 0) { s = new Person(server.url); assert.equal((await s.login(vera.email, PASSWORD)).status, 200); }
      assertError(await s.post('/me/password', body), 400, 'invalid_input', field);
    }
  }
  await intact('wrong types');
});

test('NUL bytes in the JSON text are 400 malformed_json', async () => {
  for (const body of [Buffer.from('{"email":"a@b.nl"\0,"password":"x"}'), Buffer.from('\0{}'), Buffer.from('{}\0'),
    Buffer.from('{"name":"Ve\0ra"}'), Buffer.from('{"na\0me":"Vera"}'), Buffer.alloc(100, 0)]) {
    assertError(await post('/auth/login', body), 400, 'malformed_json');
    assertError(await vera.patch('/me', undefined, { rawBody: body }), 400, 'malformed_json');
  }
  await intact('NUL bytes in JSON');
});

test('"\\u0000" inside a string is refused, never cut off', async () => {
  const codes = ['malformed_json', 'invalid_input'];
  for (const [path, body] of [
    ['/auth/register', { email: `nul\u0000${uniqueEmail('x')}`, password: PASSWORD, name: 'N', language: 'nl' }],
    ['/auth/register', { email: uniqueEmail('nul'), password: PASSWORD, name: 'Ne\u0000l', language: 'nl' }],
    ['/auth/register', { email: uniqueEmail('nul'), password: PASSWORD, name: 'Nel', language: 'nl\u0000' }],
    ['/auth/login', { email: `${vera.email}\u0000x`, password: PASSWORD }],
  ]) {
    const r = await post(path, body);
    assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}: ${r.text}`);
    assert.ok(codes.includes(r.body.error.code), r.text);
  }
  const r = await vera.patch('/me', { name: 'Ve\u0000ra-evil' });
  assert.equal(r.status, 400, r.text);
  // A password with a NUL: refused, or kept whole (the part before the NUL must not log in).
  const email = uniqueEmail('nulpw');
  const reg = await post('/auth/register', { email, password: 'short\u0000 but long after the nul', name: 'N', language: 'nl' });
  if (reg.status === 201) {
    assertError(await post('/auth/login', { email, password: 'short' }), 401, 'invalid_credentials');
    assert.equal((await post('/auth/login', { email, password: 'short\u0000 but long after the nul' })).status, 200);
  } else {
    assert.equal(reg.status, 400, reg.text);
  }
  // Vera's login with a NUL after her password is wrong, not cut to her password.
  const cut = await post('/auth/login', { email: vera.email, password: `${PASSWORD}\u0000garbage` });
  assert.ok(cut.status === 400 || cut.status === 401, cut.text);
  assert.equal(cut.setCookies.length, 0, 'no session from a password with a NUL in it');
  await intact('\\u0000 in strings');
});

test('invalid UTF-8 is 400', async () => {
  const bad = [
    [0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf8, 0x88, 0x80, 0x80, 0x80],
    [0xf4, 0x90, 0x80, 0x80], [0x80],
  ];
  for (const bytes of bad) {
    const body = Buffer.concat([Buffer.from('{"name":"Ve'), Buffer.from(bytes), Buffer.from('ra"}')]);
    const r = await vera.patch('/me', undefined, { rawBody: body });
    assert.equal(r.status, 400, `bytes ${bytes}: ${r.text}`);
    assert.ok(['malformed_json', 'invalid_input'].includes(r.body.error.code), r.text);
    const reg = await post('/auth/register', Buffer.concat([Buffer.from(`{"email":"${uniqueEmail('u')}","password":"${PASSWORD}","name":"`),
      Buffer.from(bytes), Buffer.from('","language":"nl"}')]));
    assert.equal(reg.status, 400, `register with bytes ${bytes}: ${reg.text}`);
  }
  // Lone surrogates written as escapes are not valid Unicode text either.
  for (const esc of ['\\ud800', '\\udc00', '\\ud800\\u0041']) {
    const r = await vera.patch('/me', undefined, { rawBody: `{"name":"Ve${esc}ra"}` });
    assert.equal(r.status, 400, `${esc}: ${r.text}`);
  }
  await intact('invalid UTF-8');
});

// Found by fuzz_routes: the parser's message quotes the input near the fault and may cut a character in
// two there; the reply must still be 400 malformed_json with valid text, not a 500.
test('a parse error next to a character of several bytes is 400 malformed_json', async () => {
  for (const [before, after] of [['{"email": "a@\\u00', 'é"}'], ['{"a": "\\q', '€x"}'], ['{"a": "x\\u12', '😀"}']]) {
    const body = Buffer.concat([Buffer.from(before), Buffer.from(after)]);
    for (const r of [await post('/auth/login', body), await vera.patch('/me', undefined, { rawBody: body })]) {
      assertError(r, 400, 'malformed_json');
      assert.match(r.body.error.message, /^malformed JSON at byte \d+: /, r.text);
    }
  }
  await intact('parse errors next to multibyte characters');
});

test('deeply nested JSON (100000 levels) is 400 malformed_json', async () => {
  const arrays = '['.repeat(100000);
  const closed = '['.repeat(100000) + ']'.repeat(100000);
  const objects = '{"a":'.repeat(100000) + '1' + '}'.repeat(100000);
  for (const body of [arrays, closed, objects, `{"name":${closed}}`]) {
    assertError(await post('/auth/login', body), 400, 'malformed_json');
    assertError(await vera.patch('/me', undefined, { rawBody: body }), 400, 'malformed_json');
  }
  await intact('deep nesting');
});

test('10 MB bodies are 413, with Content-Length and chunked without it', async () => {
  const MB = Buffer.alloc(1024 * 1024, '[');
  for (const path of [`${API}/auth/register`, `${API}/me`, `${API}/nope`]) {
    const method = path.endsWith('/me') ? 'PATCH' : 'POST';
    const cookie = `Cookie: roer=${vera.cookie}\r\nX-CSRF-Token: ${vera.csrf}\r\n`;
    const withLength = await rawSocket(server.port, [head(method, path, `${cookie}Content-Type: application/json\r\n`
      + `Content-Length: ${10 * MB.length}\r\nConnection: close\r\n\r\n`), ...Array(10).fill(MB)], { timeout: 15000, firstGap: 300 });
    const expected = path.endsWith('/nope') ? [404, 413] : [413];
    assert.ok(expected.includes(withLength.status), `${method} ${path} with Content-Length: ${withLength.text.slice(0, 200)}`);
    if (withLength.status === 413) assert.equal(rawJson(withLength.text)?.error?.code, 'payload_too_large');
    const chunk = Buffer.concat([Buffer.from(`${MB.length.toString(16)}\r\n`), MB, Buffer.from('\r\n')]);
    const chunked = await rawSocket(server.port, [head(method, path, `${cookie}Content-Type: application/json\r\n`
      + 'Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n'), ...Array(10).fill(chunk), '0\r\n\r\n'], { timeout: 15000 });
    assert.ok(expected.includes(chunked.status), `${method} ${path} chunked: ${chunked.text.slice(0, 200)}`);
  }
  // fetch, which sends the whole body, also gets the 413 (or sees the connection closed after it).
  try {
    const r = await rawFetch(server.url, `${API}/auth/login`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024, 'a'), headers: JSON_HEADERS });
    assertError(r, 413, 'payload_too_large');
  } catch (e) {
    assert.match(String(e.cause?.code || e.message), /EPIPE|ECONNRESET|other side closed|UND_ERR/);
  }
  await intact('10 MB bodies');
});

test('an unknown route is 404 and a wrong method 405', async () => {
  assertError(await vera.get('/does/not/exist'), 404, 'not_found');
  assertError(await vera.post('/me/nothing', {}), 404, 'not_found');
  const r = await vera.call('PUT', '/me/audit');
  assertError(r, 405, 'method_not_allowed');
  assert.ok(r.headers.get('allow'), 'Allow header');
  await intact('unknown route and wrong method');
});

test('a very long header (100 kB) and very many headers are refused', async () => {
  const long = `X-Long: ${'a'.repeat(100 * 1024)}\r\n`;
  let r = await rawSocket(server.port, head('GET', `${API}/health`, `${long}Connection: close\r\n\r\n`));
  assertRefused(r, '100 kB header');
  r = await rawSocket(server.port, head('GET', `${API}/me`, `Cookie: roer=${'b'.repeat(100 * 1024)}\r\nConnection: close\r\n\r\n`));
  assertRefused(r, '100 kB cookie');
  const many = Array.from({ length: 5000 }, (_, i) => `X-H${i}: v\r\n`).join('');
  r = await rawSocket(server.port, head('GET', `${API}/health`, `${many}Connection: close\r\n\r\n`));
  assertRefused(r, '5000 headers');
  await intact('long headers');
});

test('a very long URL (100 kB) is refused', async () => {
  for (const path of [`${API}/${'a'.repeat(100 * 1024)}`, `${API}/health?${'q=1&'.repeat(25 * 1024)}`,
    `${API}/me/audit?limit=${'9'.repeat(100 * 1024)}`]) {
    const r = await rawSocket(server.port, head('GET', path, 'Connection: close\r\n\r\n'));
    assertRefused(r, `${path.length}-byte URL`);
  }
  await intact('long URL');
});

test('NUL bytes in the request line and headers are refused', async () => {
  for (const raw of [
    `GET ${API}/hea\0lth HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`,
    `GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Bad: a\0b\r\nConnection: close\r\n\r\n`,
    `GET ${API}/me HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: roer=${vera.cookie}\0\r\nConnection: close\r\n\r\n`,
    `\0\0\0\0\r\n\r\n`,
  ]) {
    const r = await rawSocket(server.port, raw, { timeout: 8000 });
    // A NUL in a header value may be refused or read as a space (RFC 9110, 5.5); the request line is refused.
    if (raw.includes('Cookie') || raw.includes('X-Bad')) assert.ok(r.status === null || r.status < 500, r.text.slice(0, 200));
    else assertRefused(r, JSON.stringify(raw.slice(0, 30)));
  }
  await intact('NUL bytes in the request');
});

test('a NUL byte written as %00 in the path is not cut off', async () => {
  assertError(await rawFetch(server.url, `${API}/health%00`), 404, 'not_found');
  assertError(await rawFetch(server.url, `${API}/health%00/x`), 404, 'not_found');
  assertError(await vera.get('/me%00'), 404, 'not_found');
  assert.equal((await rawFetch(server.url, '/index.html%00.js')).status, 404);
  await intact('%00 in the path');
});

// Found by fuzz_routes once its inputs could carry headers: with both Content-Length and Transfer-Encoding,
// libmicrohttpd reads the chunked body and keeps the connection, so bytes past the last chunk are read as
// the next request: a request smuggled past a proxy that goes by Content-Length. RFC 9112 (6.3): refuse
// or not, the connection must be closed after the reply.
test('a request with both Content-Length and Transfer-Encoding is refused and its connection closed', async () => {
  const smuggled = `GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`;
  const body = `0\r\n\r\n${smuggled}`;
  const r = await rawSocket(server.port, head('POST', `${API}/auth/login`,
    `Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: ${body.length}\r\n\r\n${body}`),
  { timeout: 3000 });
  assert.equal(r.status, 400, r.text);
  assert.ok(r.closed, 'the server closed the connection');
  assert.equal(r.text.split('HTTP/1.1 ').length - 1, 1, `one reply, none for the smuggled request: ${r.text}`);
  assert.equal(rawJson(r.text)?.error?.code, 'bad_request', r.text);
  await intact('both framings');
});

test('garbage that is not HTTP and bad framing are refused', async () => {
  for (const raw of [
    Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]),
    'HELLO\r\n\r\n', `GET ${API}/health HTTP/9.9\r\n\r\n`, `GET\r\n\r\n`, ' \r\n\r\n',
    head('POST', `${API}/auth/login`, 'Content-Type: application/json\r\nContent-Length: -1\r\nConnection: close\r\n\r\n{}'),
    head('POST', `${API}/auth/login`, 'Content-Type: application/json\r\nContent-Length: abc\r\nConnection: close\r\n\r\n{}'),
    head('POST', `${API}/auth/login`, 'Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{}'),
    head('POST', `${API}/auth/login`, 'Content-Type: application/json\r\nContent-Length: 99999999999999999999999\r\nConnection: close\r\n\r\n{}'),
    head('POST', `${API}/auth/login`, 'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n'),
  ]) {
    const r = await rawSocket(server.port, raw, { timeout: 5000 });
    assert.ok(r.status === null || (r.status >= 400 && r.status < 500) || r.status === 505,
      `${JSON.stringify(String(raw).slice(0, 60))}: ${r.text.slice(0, 200)}`);
  }
  await intact('garbage');
});

test('over-long and odd values are 400 invalid_input, not errors', async () => {
  assertError(await vera.patch('/me', { name: 'x'.repeat(100 * 1024) }), 400, 'invalid_input', 'name');
  const overflow = await vera.patch('/me', undefined, { rawBody: '{"name":1e999}' });
  assert.equal(overflow.status, 400, overflow.text);
  assert.ok(['malformed_json', 'invalid_input'].includes(overflow.body.error.code));
  assertError(await vera.patch('/me', { language: 'n'.repeat(100000) }), 400, 'invalid_input', 'language');
  const longEmail = await post('/auth/login', { email: `${'e'.repeat(500000)}@example.nl`, password: PASSWORD });
  if (longEmail.status === 400) assertError(longEmail, 400, 'invalid_input', 'email');
  else assertError(longEmail, 401, 'invalid_credentials');
  // 40000 unknown keys (about 600 kB): ignored, and the missing fields are named.
  const many = `{${Array.from({ length: 40000 }, (_, i) => `"k${i}":${i}`).join(',')}}`;
  assertError(await post('/auth/register', many), 400, 'invalid_input');
  await intact('odd values');
});

test('a request that never finishes is closed after the idle timeout, and others are served meanwhile', async () => {
  const partialBody = rawSocket(server.port,
    head('POST', `${API}/auth/login`, 'Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":'), { timeout: 15000 });
  const partialHead = rawSocket(server.port, head('GET', `${API}/health`, 'X-Slow: 1\r\n'), { timeout: 15000 });
  const silent = rawSocket(server.port, '', { timeout: 15000 });
  await sleep(500);
  await assertHealthy(server.url, 'while requests hang');
  for (const [what, r] of [['partial body', await partialBody], ['partial headers', await partialHead], ['nothing sent', await silent]]) {
    assert.ok(r.closed, `${what}: the server closed the connection`);
    assert.ok(r.ms < 14000, `${what}: closed before the test gave up (${r.ms} ms)`);
    assert.ok(r.status === null || r.status === 408 || r.status === 400, `${what}: ${r.text.slice(0, 200)}`);
  }
  await intact('requests that never finish');
});

test('a slow request that does finish (a byte at a time) is served', async () => {
  const req = `GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`;
  const r = await rawSocket(server.port, [...req].map((c) => c), { gap: 15, timeout: 15000 });
  assert.equal(r.status, 200, r.text.slice(0, 200));
  assert.deepEqual(rawJson(r.text), { status: 'ok' });
  const body = JSON.stringify({ email: vera.email, password: PASSWORD });
  const login = head('POST', `${API}/auth/login`, `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`) + body;
  const parts = login.match(/.{1,8}/gs);
  const l = await rawSocket(server.port, parts, { gap: 20, timeout: 15000 });
  assert.equal(l.status, 200, l.text.slice(0, 300));
  assert.equal(rawJson(l.text)?.id, vera.me.id);
  await intact('slow requests');
});

test('many connections at once do not stop the server', async () => {
  const socks = await Promise.all(Array.from({ length: 40 }, () => rawSocket(server.port,
    `GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`, { timeout: 10000 })));
  assert.ok(socks.every((r) => r.status === 200 || r.status === 503 || r.status === null));
  assert.ok(socks.some((r) => r.status === 200));
  await intact('many connections');
});
