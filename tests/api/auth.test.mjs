// Login, logout, session tokens, the anti-forgery token (CSRF) and the
// refusal of cross-origin requests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Person, PASSWORD, uniqueEmail, signUp, signIn, assertError, rawFetch, API } from '../lib/api.mjs';

let server;
let jan; // shared: registered once, used by tests that do not change the account
before(async () => {
  server = await startServer({
    env: { ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_ADDRESS_SLOW_AFTER: '1000', ROER_ADDRESS_LOCK_AFTER: '2000' },
  });
  jan = await signUp(server.url, { email: uniqueEmail('jan'), name: 'Jan' });
});
after(() => server.stop());

const login = (body, headers = {}) => rawFetch(server.url, `${API}/auth/login`, { method: 'POST', body, headers });

test('login with the right password answers 200 with the person object and a session', async () => {
  const p = new Person(server.url);
  const r = await p.login(jan.email, PASSWORD);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.id, jan.me.id);
  assert.equal(r.body.email, jan.email);
  assert.equal(typeof r.body.csrf_token, 'string');
  assert.equal(r.setCookies.length, 1);
  assert.equal(p.lastCookies[0].name, 'roer');
  assert.equal(p.lastCookies[0].attrs.httponly, true);
  assert.equal(String(p.lastCookies[0].attrs.samesite).toLowerCase(), 'strict');
  const me = await p.get('/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.id, jan.me.id);
  assert.equal(me.body.csrf_token, r.body.csrf_token, 'GET /me gives the session\'s csrf token');
});

test('the email is case-insensitive at login', async () => {
  for (const email of [jan.email.toUpperCase(), jan.email.replace(/^j/, 'J')]) {
    const r = await login({ email, password: PASSWORD });
    assert.equal(r.status, 200, `${email}: ${r.text}`);
    assert.equal(r.body.id, jan.me.id);
  }
});

test('wrong password and unknown email give byte-identical 401 replies', async () => {
  const victim = await signUp(server.url, { email: uniqueEmail('victim') });
  const wrong = await login({ email: victim.email, password: 'not the right password' });
  const unknown = await login({ email: uniqueEmail('nobody'), password: 'not the right password' });
  const unknownRightPw = await login({ email: uniqueEmail('nobody'), password: PASSWORD });
  assertError(wrong, 401, 'invalid_credentials');
  assert.equal(unknown.status, 401);
  assert.equal(unknownRightPw.status, 401);
  assert.equal(unknown.text, wrong.text, 'body identical for an unknown email');
  assert.equal(unknownRightPw.text, wrong.text, 'body identical for an unknown email');
  for (const h of ['content-type', 'content-length', 'cache-control', 'set-cookie', 'retry-after']) {
    assert.equal(unknown.headers.get(h), wrong.headers.get(h), `header ${h} identical`);
  }
  assert.equal(wrong.setCookies.length, 0, 'no session for a wrong password');
  // The wrong password did not lock out the real user.
  const ok = await login({ email: victim.email, password: PASSWORD });
  assert.equal(ok.status, 200);
});

test('login refuses missing and wrong-typed fields with 400 invalid_input', async () => {
  for (const [body, field] of [
    [{ password: PASSWORD }, 'email'], [{ email: jan.email }, 'password'],
    [{ email: 5, password: PASSWORD }, 'email'], [{ email: jan.email, password: 12345678901 }, 'password'],
    [{ email: [jan.email], password: PASSWORD }, 'email'], [{ email: jan.email, password: null }, 'password'],
  ]) {
    const r = await login(body);
    assertError(r, 400, 'invalid_input', field);
    assert.equal(r.setCookies.length, 0);
  }
});

test('every login issues a new session token', async () => {
  const seen = new Set([jan.cookie]);
  const csrfs = new Set([jan.csrf]);
  for (let i = 0; i < 3; i++) {
    const p = await signIn(server.url, jan.email);
    assert.ok(p.cookie, 'a cookie was set');
    assert.ok(!seen.has(p.cookie), 'the cookie value differs from every earlier one');
    assert.ok(!csrfs.has(p.csrf), 'the csrf token differs from every earlier one');
    seen.add(p.cookie);
    csrfs.add(p.csrf);
  }
  // Logging in again while holding a session also gives a new token.
  const p = await signIn(server.url, jan.email);
  const before = p.cookie;
  const r = await p.login(jan.email, PASSWORD);
  assert.equal(r.status, 200);
  assert.notEqual(p.cookie, before, 'login with a session cookie still issues a new one');
});

test('logout ends the session: 204, cookie cleared, and the old cookie no longer works', async () => {
  const p = await signIn(server.url, jan.email);
  const other = await signIn(server.url, jan.email);
  const oldCookie = p.cookie;
  const oldCsrf = p.csrf;
  const r = await p.logout();
  assert.equal(r.status, 204, r.text);
  assert.equal(r.text, '');
  const cleared = r.setCookies.map((h) => h.toLowerCase());
  assert.ok(cleared.some((h) => h.startsWith('roer=') && (/max-age=0/.test(h) || /expires=thu, 01 jan 1970/.test(h))),
    `the cookie is cleared: ${r.setCookies}`);
  // Replay the old cookie (and its csrf token): everything is 401 now.
  const replay = new Person(server.url);
  replay.setCookie(oldCookie);
  replay.csrf = oldCsrf;
  assertError(await replay.get('/me'), 401, 'unauthenticated');
  assertError(await replay.get('/me/audit'), 401, 'unauthenticated');
  assertError(await replay.patch('/me', { name: 'Hijacked' }), 401, 'unauthenticated');
  assertError(await replay.logout(), 401, 'unauthenticated');
  // The other session of the same person is not touched.
  const still = await other.get('/me');
  assert.equal(still.status, 200);
  assert.equal(still.body.name, 'Jan', 'the replayed PATCH changed nothing');
});

test('a made-up or garbled cookie is 401 unauthenticated', async () => {
  for (const value of ['x', 'A'.repeat(43), jan.cookie.slice(0, -1) + (jan.cookie.endsWith('A') ? 'B' : 'A'), '%00%ff', '']) {
    const r = await rawFetch(server.url, `${API}/me`, { headers: { Cookie: `roer=${value}` } });
    assertError(r, 401, 'unauthenticated');
  }
  assert.equal((await jan.get('/me')).status, 200, 'the real session still works');
});

// CSRF ---------------------------------------------------------------------

test('a state-changing request without X-CSRF-Token is 403 csrf_failed and changes nothing', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('csrf'), name: 'Original' });
  assertError(await p.patch('/me', { name: 'Changed' }, { csrf: false }), 403, 'csrf_failed');
  assertError(await p.patch('/me', { name: 'Changed' }, { csrf: '' }), 403, 'csrf_failed');
  assertError(await p.post('/auth/logout', undefined, { csrf: false }), 403, 'csrf_failed');
  assertError(await p.del('/me', { password: PASSWORD }, { csrf: false }), 403, 'csrf_failed');
  assertError(await p.post('/me/password', { current_password: PASSWORD, new_password: 'another long password' },
    { csrf: false }), 403, 'csrf_failed');
  assertError(await p.post('/me/totp/setup', {}, { csrf: false }), 403, 'csrf_failed');
  const me = await p.get('/me');
  assert.equal(me.status, 200, 'not logged out, not deleted');
  assert.equal(me.body.name, 'Original');
  assert.equal(me.body.totp_enabled, false);
  assert.equal((await new Person(server.url).login(p.email, PASSWORD)).status, 200, 'password unchanged');
});

test('a wrong X-CSRF-Token (made up, altered, or another session\'s) is 403 csrf_failed', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('csrf'), name: 'Original' });
  const other = await signIn(server.url, p.email); // same person, other session
  const altered = p.csrf.slice(0, -1) + (p.csrf.endsWith('A') ? 'B' : 'A');
  for (const token of ['wrong', altered, p.csrf + 'x', p.csrf.slice(1), jan.csrf, other.csrf, p.cookie]) {
    assertError(await p.patch('/me', { name: 'Changed' }, { csrf: token }), 403, 'csrf_failed');
  }
  assert.equal((await p.get('/me')).body.name, 'Original');
  // The right token works.
  const ok = await p.patch('/me', { name: 'Changed' });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.name, 'Changed');
});

test('a refused forgery is written to the person\'s audit log as denied', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('csrf') });
  assertError(await p.patch('/me', { name: 'Changed' }, { csrf: 'forged' }), 403, 'csrf_failed');
  const items = (await p.audit()).items.filter((i) => i.category !== 'audit');
  const top = items[0];
  assert.equal(top.outcome, 'denied');
  assert.equal(top.category, 'session');
  assert.equal(top.action, 'update');
  assert.equal(top.actor?.id, p.me.id);
});

// Origin -----------------------------------------------------------------

test('a cross-origin login is 403 origin_refused and gives no session', async () => {
  for (const headers of [{ Origin: 'http://evil.example' }, { Origin: 'null' }, { 'Sec-Fetch-Site': 'cross-site' },
    { Origin: `http://127.0.0.1:${server.port + 1}` }, { Origin: `https://evil.example` }]) {
    const r = await login({ email: jan.email, password: PASSWORD }, headers);
    assertError(r, 403, 'origin_refused');
    assert.equal(r.setCookies.length, 0, `no session cookie (${JSON.stringify(headers)})`);
  }
});

test('a cross-origin registration is 403 origin_refused and creates nothing', async () => {
  const email = uniqueEmail('evil');
  const r = await rawFetch(server.url, `${API}/auth/register`, {
    method: 'POST', headers: { Origin: 'http://evil.example' },
    body: { email, password: PASSWORD, name: 'Evil', language: 'nl' },
  });
  assertError(r, 403, 'origin_refused');
  assert.equal(r.setCookies.length, 0);
  assertError(await login({ email, password: PASSWORD }), 401, 'invalid_credentials');
  const ok = await new Person(server.url).register({ email });
  assert.equal(ok.status, 201, 'the email is still free');
});

test('cross-origin session requests are 403 origin_refused, even with the right csrf token', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('origin'), name: 'Original' });
  const evil = { headers: { Origin: 'http://evil.example' } };
  assertError(await p.patch('/me', { name: 'Changed' }, evil), 403, 'origin_refused');
  assertError(await p.post('/auth/logout', undefined, evil), 403, 'origin_refused');
  assertError(await p.del('/me', { password: PASSWORD }, evil), 403, 'origin_refused');
  assertError(await p.patch('/me', { name: 'Changed' }, { headers: { 'Sec-Fetch-Site': 'cross-site' } }), 403, 'origin_refused');
  assertError(await p.patch('/me', { name: 'Changed' }, { headers: { 'Sec-Fetch-Site': 'same-site' } }), 403, 'origin_refused');
  const me = await p.get('/me');
  assert.equal(me.status, 200, 'still signed in, not deleted');
  assert.equal(me.body.name, 'Original');
});

test('a cross-origin GET of a session is refused too (docs: "whether or not it has a session")', async () => {
  assertError(await jan.get('/me', { headers: { Origin: 'http://evil.example' } }), 403, 'origin_refused');
  assertError(await jan.get('/me/export', { headers: { Origin: 'http://evil.example' } }), 403, 'origin_refused');
});

test('same-origin requests are accepted', async () => {
  const same = { Origin: server.url, 'Sec-Fetch-Site': 'same-origin' };
  const r = await login({ email: jan.email, password: PASSWORD }, same);
  assert.equal(r.status, 200, r.text);
  const p = await signUp(server.url, { email: uniqueEmail('same') });
  const changed = await p.patch('/me', { name: 'Same Origin' }, { headers: same });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.name, 'Same Origin');
  const onlyOrigin = await p.patch('/me', { name: 'Only Origin' }, { headers: { Origin: server.url } });
  assert.equal(onlyOrigin.status, 200, onlyOrigin.text);
  const reg = await rawFetch(server.url, `${API}/auth/register`, {
    method: 'POST', headers: same, body: { email: uniqueEmail('same'), password: PASSWORD, name: 'S', language: 'en' },
  });
  assert.equal(reg.status, 201, reg.text);
  const out = await p.post('/auth/logout', undefined, { headers: same });
  assert.equal(out.status, 204);
});
