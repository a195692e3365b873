// ROER_REQUIRE_2FA=everyone: a fresh account must set up two-factor login
// before it can use anything but /me, /me/totp/* and logout; then login
// needs a code, and turning it off is refused (403).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Person, PASSWORD, uniqueEmail, signUp, assertError, rawFetch, API, totp, sleep } from '../lib/api.mjs';

let server;
let eva; // { p, secret, recovery, usedStep }
before(async () => {
  server = await startServer({ env: { ROER_REQUIRE_2FA: 'everyone', ROER_REGISTRATIONS_PER_HOUR: '1000' } });
});
after(() => server.stop());

const step = (t = Date.now()) => Math.floor(t / 30000);
async function codeNow(secret) {
  if (30000 - (Date.now() % 30000) < 1500) await sleep(30000 - (Date.now() % 30000) + 100);
  return { code: totp(secret), step: step() };
}

test('a fresh account must enrol: totp_enrollment_required and 403 elsewhere', async () => {
  const p = new Person(server.url);
  const r = await p.register({ email: uniqueEmail('eva') });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.totp_enrollment_required, true);
  assert.equal(r.body.totp_enabled, false);
  // Allowed: GET and PATCH /me.
  const me = await p.get('/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.totp_enrollment_required, true);
  assert.equal((await p.patch('/me', { name: 'Eva' })).status, 200);
  // Refused until enrolled.
  assertError(await p.get('/me/export'), 403, 'totp_enrollment_required');
  assertError(await p.get('/me/audit'), 403, 'totp_enrollment_required');
  assertError(await p.post('/me/password', { current_password: PASSWORD, new_password: 'another long password' }),
    403, 'totp_enrollment_required');
  assertError(await p.get('/clients/me/profile'), 403, 'totp_enrollment_required');
  assertError(await p.post('/clients/me/checkins', { mood: 3 }), 403, 'totp_enrollment_required');
  // Enrol.
  const setup = await p.post('/me/totp/setup', {});
  assert.equal(setup.status, 200, setup.text);
  assertError(await p.get('/me/export'), 403, 'totp_enrollment_required', undefined); // set up is not yet on
  const { code, step: usedStep } = await codeNow(setup.body.secret);
  const confirm = await p.post('/me/totp/confirm', { code });
  assert.equal(confirm.status, 200, confirm.text);
  assert.equal(confirm.body.recovery_codes.length, 10);
  const after = await p.get('/me');
  assert.equal(after.body.totp_enrollment_required, false);
  assert.equal(after.body.totp_enabled, true);
  // Now the same session can use everything.
  const exp = await p.get('/me/export');
  assert.equal(exp.status, 200, exp.text);
  assert.equal((await p.get('/me/audit')).status, 200);
  eva = { p, secret: setup.body.secret, recovery: confirm.body.recovery_codes, usedStep };
});

test('an enrolled account logs in only with a code or recovery code', async () => {
  const r = await rawFetch(server.url, `${API}/auth/login`, { method: 'POST', body: { email: eva.p.email, password: PASSWORD } });
  assertError(r, 401, 'totp_required');
  const q = new Person(server.url);
  const ok = await q.login(eva.p.email, PASSWORD, { recovery_code: eva.recovery[0] });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.body.totp_enrollment_required, false);
  assert.equal((await q.get('/me/export')).status, 200);
});

test('an account that has not enrolled can still log out and log in (then must enrol)', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('fay') });
  assert.equal((await p.logout()).status, 204);
  const q = new Person(server.url);
  const r = await q.login(p.email, PASSWORD);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.totp_enrollment_required, true);
  assertError(await q.get('/me/export'), 403, 'totp_enrollment_required');
});

test('turning two-factor off is refused with 403 when it is required', async () => {
  while (step() <= eva.usedStep) await sleep(250);
  const { code } = await codeNow(eva.secret);
  const r = await eva.p.post('/me/totp/disable', { password: PASSWORD, code });
  assert.equal(r.status, 403, r.text);
  assert.equal((await eva.p.get('/me')).body.totp_enabled, true, 'still on');
});
