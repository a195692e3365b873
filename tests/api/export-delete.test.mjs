// The export of everything held on a person, the costly-call limit, and
// deleting the account.
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

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

test('the export holds account, sessions and audit, and no secrets', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('exp'), name: 'Export Me', language: 'en' });
  const other = await signIn(server.url, p.email);
  await p.patch('/me', { name: 'Exported Person' });
  const r = await p.get('/me/export');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.match(r.headers.get('content-disposition') || '', /^attachment/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
  const e = r.body;
  assert.equal(e.format, 'roer-export/1');
  assert.match(e.exported_at, ISO);
  assert.equal(e.account.id, p.me.id);
  assert.equal(e.account.name, 'Exported Person');
  assert.equal(e.account.email, p.email);
  assert.equal(e.account.language, 'en');
  assert.deepEqual(e.account.roles, ['client']);
  assert.match(e.account.created_at, ISO);
  assert.equal(e.account.totp_enabled, false);
  assert.ok(Array.isArray(e.sessions) && e.sessions.length === 2, `two sessions: ${JSON.stringify(e.sessions)}`);
  assert.equal(e.sessions.filter((s) => s.current === true).length, 1, 'exactly one is the current session');
  for (const s of e.sessions) {
    assert.match(s.created_at, ISO);
    assert.match(s.last_seen_at, ISO);
    assert.match(s.expires_at, ISO);
    assert.equal(typeof s.current, 'boolean');
  }
  assert.ok(Array.isArray(e.audit) && e.audit.length >= 3, 'audit rows');
  const kinds = e.audit.map((i) => `${i.action}/${i.category}/${i.outcome}`);
  for (const k of ['create/account/success', 'login/session/success', 'update/account/success']) {
    assert.ok(kinds.includes(k), `export audit has ${k}: ${kinds}`);
  }
  assert.equal(typeof e.record, 'object', 'the record is included');
  // No secrets: no password hash, no token or its hash.
  const text = r.text;
  assert.ok(!/argon2/i.test(text), 'no argon2 hash in the export');
  assert.ok(!text.includes('$'), 'no "$" (hash encoding) anywhere in the export');
  for (const secret of [p.cookie, other.cookie, PASSWORD]) {
    assert.ok(!text.includes(secret), 'no session token or password in the export');
  }
  for (const key of ['password', 'password_hash', 'token', 'token_hash', 'totp_secret', 'secret']) {
    assert.ok(!new RegExp(`"${key}"\\s*:`).test(text), `no "${key}" key`);
  }
});

test('the export is audited as export/account', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('exp') });
  assert.equal((await p.get('/me/export')).status, 200);
  const items = (await p.audit()).items.filter((i) => i.category !== 'audit');
  assert.deepEqual([items[0].action, items[0].category, items[0].outcome], ['export', 'account', 'success']);
});

test('exports are limited per session (ROER_COSTLY_PER_MINUTE=10): 429 with Retry-After', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('costly') });
  for (let i = 0; i < 10; i++) assert.equal((await p.get('/me/export')).status, 200, `export ${i + 1}`);
  const r = await p.get('/me/export');
  assertError(r, 429, 'too_many_requests');
  assert.match(r.headers.get('retry-after') || '', /^\d+$/);
  const n = Number(r.headers.get('retry-after'));
  assert.ok(n >= 1 && n <= 60, `Retry-After ${n}`);
  // Another session of the same person has its own allowance.
  const other = await signIn(server.url, p.email);
  assert.equal((await other.get('/me/export')).status, 200);
});

test('deleting with a wrong or missing password is refused and deletes nothing', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('del') });
  assertError(await p.del('/me', { password: 'not my password at all' }), 401, 'invalid_credentials');
  assertError(await p.del('/me', {}), 400, 'invalid_input', 'password');
  assertError(await p.del('/me', { password: 42 }), 400, 'invalid_input', 'password');
  assert.equal((await p.get('/me')).status, 200, 'session kept');
  assert.equal((await new Person(server.url).login(p.email, PASSWORD)).status, 200, 'account kept');
});

test('deleting with the right password: 204, sessions gone, login fails, the email is free again', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('del') });
  const other = await signIn(server.url, p.email);
  const oldCookie = p.cookie;
  const before = (await p.audit()).items;
  const maxOld = Math.max(...before.map((i) => i.id));
  const r = await p.del('/me', { password: PASSWORD });
  assert.equal(r.status, 204, r.text);
  assert.ok(r.setCookies.some((h) => /^roer=/.test(h) && (/max-age=0/i.test(h) || /expires=thu, 01 jan 1970/i.test(h))),
    `the cookie is cleared: ${r.setCookies}`);
  const replay = new Person(server.url);
  replay.setCookie(oldCookie);
  assertError(await replay.get('/me'), 401, 'unauthenticated');
  assertError(await other.get('/me'), 401, 'unauthenticated');
  const gone = await new Person(server.url).login(p.email, PASSWORD);
  const ghost = await new Person(server.url).login(uniqueEmail('ghost'), PASSWORD);
  assertError(gone, 401, 'invalid_credentials');
  assert.equal(gone.text, ghost.text, 'the deleted account looks like one that never was');
  // The email registers again, as a new person who does not see the old audit rows.
  const again = new Person(server.url);
  const reg = await again.register({ email: p.email, name: 'New Owner' });
  assert.equal(reg.status, 201, reg.text);
  assert.equal(reg.body.name, 'New Owner');
  const items = (await again.audit()).items;
  const leaked = items.filter((i) => i.id <= maxOld || (i.action === 'delete' && i.category === 'account'));
  assert.deepEqual(leaked, [], 'the new account must not see the deleted account\'s audit rows');
  assert.ok(items.some((i) => i.action === 'create' && i.category === 'account'));
});
