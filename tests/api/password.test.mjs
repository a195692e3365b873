// Changing the password: the current one is checked, the new one follows
// the rules, this session is replaced by a new one, other sessions end or
// stay as asked, and the old password stops working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Person, PASSWORD, uniqueEmail, signUp, signIn, assertError } from '../lib/api.mjs';

let server;
before(async () => {
  server = await startServer({
    env: { ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_ADDRESS_SLOW_AFTER: '1000', ROER_ADDRESS_LOCK_AFTER: '2000' },
  });
});
after(() => server.stop());

const NEW = 'a brand new passphrase';

test('a wrong current password is 401 invalid_credentials and changes nothing', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('pw') });
  const cookie = p.cookie;
  const r = await p.post('/me/password', { current_password: 'not my password at all', new_password: NEW });
  assertError(r, 401, 'invalid_credentials');
  assert.equal(p.cookie, cookie, 'the session is kept');
  assert.equal((await p.get('/me')).status, 200);
  assertError(await new Person(server.url).login(p.email, NEW), 401, 'invalid_credentials');
  assert.equal((await new Person(server.url).login(p.email, PASSWORD)).status, 200, 'the old password still works');
});

test('a weak or bad new password is 400 invalid_input naming new_password', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('pw') });
  // Every call counts against the per-session costly-call limit (10 a
  // minute), so the checks are spread over sessions, eight calls each.
  const sessions = [p, await signIn(server.url, p.email)];
  let calls = 0;
  const change = (body) => sessions[Math.floor(calls++ / 8)].post('/me/password', body);
  for (const new_password of ['short', 'wachtwoord123', '1234567890', 'x'.repeat(257), '€'.repeat(9), 5, null, ['a long password']]) {
    const r = await change({ current_password: PASSWORD, new_password });
    assertError(r, 400, 'invalid_input', 'new_password');
  }
  assertError(await change({ new_password: NEW }), 400, 'invalid_input', 'current_password');
  assertError(await change({ current_password: 12, new_password: NEW }), 400, 'invalid_input', 'current_password');
  assertError(await change({ current_password: PASSWORD }), 400, 'invalid_input', 'new_password');
  assertError(await change({ current_password: PASSWORD, new_password: NEW, end_other_sessions: 'yes' }),
    400, 'invalid_input', 'end_other_sessions');
  assert.equal((await new Person(server.url).login(p.email, PASSWORD)).status, 200, 'password unchanged');
});

test('a change ends this session and every other one by default, with a new cookie', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('pw') });
  const other = await signIn(server.url, p.email);
  const oldCookie = p.cookie;
  const oldCsrf = p.csrf;
  const r = await p.post('/me/password', { current_password: PASSWORD, new_password: NEW });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.id, p.me.id);
  assert.equal(r.body.email, p.email);
  assert.equal(typeof r.body.csrf_token, 'string');
  assert.notEqual(r.body.csrf_token, oldCsrf, 'a new csrf token');
  assert.equal(r.setCookies.length >= 1, true, 'a Set-Cookie in the reply');
  const c = p.lastCookies.find((x) => x.name === 'roer');
  assert.ok(c && c.value, 'a new roer cookie');
  assert.notEqual(c.value, oldCookie, 'the cookie value is new');
  assert.equal(c.attrs.httponly, true);
  assert.equal(String(c.attrs.samesite).toLowerCase(), 'strict');
  // The new session works, with the new csrf token.
  assert.equal((await p.get('/me')).status, 200);
  const patched = await p.patch('/me', { name: 'After Change' });
  assert.equal(patched.status, 200, patched.text);
  // The old cookie of this session and the other session are ended.
  const replay = new Person(server.url);
  replay.setCookie(oldCookie);
  assertError(await replay.get('/me'), 401, 'unauthenticated');
  assertError(await other.get('/me'), 401, 'unauthenticated');
  // Old password fails, new one works.
  assertError(await new Person(server.url).login(p.email, PASSWORD), 401, 'invalid_credentials');
  assert.equal((await new Person(server.url).login(p.email, NEW)).status, 200);
});

test('end_other_sessions true ends the others; false keeps them', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('pw') });
  const keep = await signIn(server.url, p.email);
  const oldCookie = p.cookie;
  let r = await p.post('/me/password', { current_password: PASSWORD, new_password: NEW, end_other_sessions: false });
  assert.equal(r.status, 200, r.text);
  assert.notEqual(p.cookie, oldCookie, 'this session is always replaced');
  const replay = new Person(server.url);
  replay.setCookie(oldCookie);
  assertError(await replay.get('/me'), 401, 'unauthenticated');
  assert.equal((await keep.get('/me')).status, 200, 'the other session is kept with end_other_sessions false');
  // And explicitly true ends it.
  r = await p.post('/me/password', { current_password: NEW, new_password: PASSWORD, end_other_sessions: true });
  assert.equal(r.status, 200, r.text);
  assertError(await keep.get('/me'), 401, 'unauthenticated');
  assert.equal((await p.get('/me')).status, 200);
  assert.equal((await new Person(server.url).login(p.email, PASSWORD)).status, 200);
});

test('a password change is audited as update/password', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('pw') });
  assert.equal((await p.post('/me/password', { current_password: PASSWORD, new_password: NEW })).status, 200);
  const items = (await p.audit()).items.filter((i) => i.category !== 'audit');
  assert.equal(items[0].action, 'update');
  assert.equal(items[0].category, 'password');
  assert.equal(items[0].outcome, 'success');
  assert.equal(items[0].actor?.id, p.me.id);
});

test('password changes count against the costly-call limit (ROER_COSTLY_PER_MINUTE=10)', async () => {
  // Each change gives a new session; the limit is per session, so use a
  // session that only fails (wrong current password is still a costly call).
  const p = await signUp(server.url, { email: uniqueEmail('costly') });
  let limited = null;
  for (let i = 0; i < 12 && !limited; i++) {
    const r = await p.post('/me/password', { current_password: PASSWORD, new_password: 'x' });
    if (r.status === 429) limited = { i, r };
    else assertError(r, 400, 'invalid_input', 'new_password');
  }
  assert.ok(limited, 'a 429 within 12 calls');
  assert.equal(limited.i, 10, 'the eleventh call in the minute is refused');
  assertError(limited.r, 429, 'too_many_requests');
  assert.match(limited.r.headers.get('retry-after') || '', /^\d+$/);
});
