// Two-factor login (RFC 6238 TOTP, computed here with node:crypto): setup,
// confirm with recovery codes, login with a code or a recovery code (each
// recovery code once), deleting and disabling with password and code, and
// the audit rows for turning it on and off.
//
// A code of a 30-second step can be used once, so everything that needs a
// second code waits for one later step, once, in the last test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Person, PASSWORD, uniqueEmail, signUp, signIn, assertError, rawFetch, API, totp, wrongTotp, base32Decode, sleep }
  from '../lib/api.mjs';

let server;
before(async () => {
  server = await startServer({
    env: {
      ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_LOGIN_SLOW_AFTER: '100', ROER_LOGIN_LOCK_AFTER: '200',
      ROER_ADDRESS_SLOW_AFTER: '1000', ROER_ADDRESS_LOCK_AFTER: '2000',
    },
  });
});
after(() => server.stop());

const step = (t = Date.now()) => Math.floor(t / 30000);
// The current code, avoiding the last 1.5 s of a step (it could expire in flight).
async function codeNow(secret) {
  if (30000 - (Date.now() % 30000) < 1500) await sleep(30000 - (Date.now() % 30000) + 100);
  return { code: totp(secret), step: step() };
}
const login = (body) => rawFetch(server.url, `${API}/auth/login`, { method: 'POST', body });
const kind = (i) => `${i.action}/${i.category}/${i.outcome}`;
const twoFactorRows = async (p) => (await p.audit('?limit=500')).items.filter((i) => i.category === 'two_factor');

// Enrolled people: { p, secret, recovery, usedStep }.
const enrolled = {};

async function enrol(name) {
  const p = await signUp(server.url, { email: uniqueEmail(name) });
  const setup = await p.post('/me/totp/setup', {});
  assert.equal(setup.status, 200, setup.text);
  const before = (await twoFactorRows(p)).length;
  const { code, step: usedStep } = await codeNow(setup.body.secret);
  const confirm = await p.post('/me/totp/confirm', { code });
  assert.equal(confirm.status, 200, confirm.text);
  const rows = await twoFactorRows(p);
  assert.equal(kind(rows[0]), 'update/two_factor/success', 'turning it on is audited as update/two_factor');
  assert.equal(rows.length, before + 1, 'one row for turning it on');
  enrolled[name] = { p, secret: setup.body.secret, recovery: confirm.body.recovery_codes, usedStep };
  return enrolled[name];
}

test('setup gives a secret, an otpauth URI and a QR picture; confirm turns it on with ten recovery codes', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('ann') });
  assertError(await p.post('/me/totp/confirm', { code: '123456' }), 409, 'conflict', undefined);
  const setup = await p.post('/me/totp/setup');
  assert.equal(setup.status, 200, setup.text);
  assert.equal(setup.headers.get('cache-control'), 'no-store');
  const { secret, otpauth_uri: uri, qr_svg: svg } = setup.body;
  assert.match(secret, /^[A-Z2-7]+=*$/, 'base32 secret');
  assert.ok(base32Decode(secret).length >= 16, 'at least 128 bits');
  const u = new URL(uri);
  assert.equal(u.protocol, 'otpauth:');
  assert.ok(uri.startsWith(`otpauth://totp/Roer:${encodeURIComponent(p.email)}?`), uri);
  assert.equal(u.searchParams.get('secret'), secret);
  assert.equal(u.searchParams.get('issuer'), 'Roer');
  assert.match(svg.trim(), /^(<\?xml[^>]*>\s*)?<svg[\s>]/);
  assert.match(svg.trim(), /<\/svg>$/);
  assert.ok(!/<script|javascript:|on\w+=/i.test(svg), 'the picture holds no script');
  // Not on until confirmed.
  assert.equal((await p.get('/me')).body.totp_enabled, false);
  assert.equal((await login({ email: p.email, password: PASSWORD })).status, 200, 'login needs no code yet');
  // A wrong code is 401 invalid_totp and leaves it off.
  assertError(await p.post('/me/totp/confirm', { code: wrongTotp(secret) }), 401, 'invalid_totp');
  assertError(await p.post('/me/totp/confirm', {}), 400, 'invalid_input', 'code');
  assert.equal((await p.get('/me')).body.totp_enabled, false);
  // The right code turns it on.
  const { code, step: usedStep } = await codeNow(secret);
  const confirm = await p.post('/me/totp/confirm', { code });
  assert.equal(confirm.status, 200, confirm.text);
  const codes = confirm.body.recovery_codes;
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10, 'all different');
  for (const c of codes) assert.match(c, /^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/i);
  const me = await p.get('/me');
  assert.equal(me.body.totp_enabled, true);
  // Setting up again, or confirming again, is a conflict.
  assertError(await p.post('/me/totp/setup', {}), 409, 'conflict');
  assertError(await p.post('/me/totp/confirm', { code: totp(secret) }), 409, 'conflict');
  enrolled.ann = { p, secret, recovery: codes, usedStep };
  // Three more people for the tests below.
  await enrol('bob');
  await enrol('cor');
  await enrol('dirk');
});

test('login then needs a code: 401 totp_required without, 401 invalid_totp with a wrong one', async () => {
  const { p, secret } = enrolled.ann;
  const without = await login({ email: p.email, password: PASSWORD });
  assertError(without, 401, 'totp_required');
  assert.equal(without.setCookies.length, 0, 'no session without the code');
  for (const bad of [wrongTotp(secret), '000000', '12345', '1234567', 'abcdef', '']) {
    const r = await login({ email: p.email, password: PASSWORD, totp: bad });
    assert.equal(r.status, 401, `totp ${JSON.stringify(bad)}: ${r.text}`);
    assert.ok(['invalid_totp', 'totp_required'].includes(r.body.error.code), r.text);
    assert.equal(r.setCookies.length, 0);
  }
  assertError(await login({ email: p.email, password: PASSWORD, totp: wrongTotp(secret) }), 401, 'invalid_totp');
  // A wrong password says invalid_credentials whatever the code, like an unknown email.
  const wrongPw = await login({ email: p.email, password: 'not the password at all', totp: wrongTotp(secret) });
  const ghost = await login({ email: uniqueEmail('ghost'), password: 'not the password at all', totp: wrongTotp(secret) });
  assertError(wrongPw, 401, 'invalid_credentials');
  assert.equal(ghost.text, wrongPw.text);
  // The existing session is unaffected.
  assert.equal((await p.get('/me')).status, 200);
});

test('a recovery code works once, and not twice', async () => {
  const { p, recovery } = enrolled.cor;
  const first = new Person(server.url);
  const r = await first.login(p.email, PASSWORD, { recovery_code: recovery[0] });
  assert.equal(r.status, 200, r.text);
  assert.equal((await first.get('/me')).status, 200);
  const again = await login({ email: p.email, password: PASSWORD, recovery_code: recovery[0] });
  assert.equal(again.status, 401, `a used recovery code: ${again.text}`);
  assert.equal(again.body.error.code, 'invalid_totp');
  assert.equal(again.setCookies.length, 0);
  assertError(await login({ email: p.email, password: PASSWORD, recovery_code: 'aaaa-bbbb-cccc' }), 401, 'invalid_totp');
  // Another person's code is no good either.
  assertError(await login({ email: p.email, password: PASSWORD, recovery_code: enrolled.bob.recovery[1] }), 401, 'invalid_totp');
  // The next one works.
  assert.equal((await login({ email: p.email, password: PASSWORD, recovery_code: recovery[1] })).status, 200);
});

test('deleting the account with two-factor on needs the code', async () => {
  const { p, secret } = enrolled.cor;
  assertError(await p.del('/me', { password: PASSWORD }), 401, 'totp_required');
  assertError(await p.del('/me', { password: PASSWORD, totp: wrongTotp(secret) }), 401, 'invalid_totp');
  assert.equal((await p.get('/me')).status, 200, 'not deleted');
});

test('disabling needs both password and code', async () => {
  const { p, secret } = enrolled.bob;
  assertError(await p.post('/me/totp/disable', { password: PASSWORD }), 400, 'invalid_input', 'code');
  assertError(await p.post('/me/totp/disable', { code: wrongTotp(secret) }), 400, 'invalid_input', 'password');
  assertError(await p.post('/me/totp/disable', { password: PASSWORD, code: wrongTotp(secret) }), 401, 'invalid_totp');
  const r = await p.post('/me/totp/disable', { password: 'not the password at all', code: wrongTotp(secret) });
  assert.equal(r.status, 401);
  assert.equal((await p.get('/me')).body.totp_enabled, true, 'still on');
});

test('with a fresh code: login works, wrong password refused, disable and delete work', async () => {
  const lastUsed = Math.max(...Object.values(enrolled).map((e) => e.usedStep));
  while (step() <= lastUsed) await sleep(250);
  // Ann logs in with a code.
  const ann = enrolled.ann;
  const a = new Person(server.url);
  const r = await a.login(ann.p.email, PASSWORD, { totp: (await codeNow(ann.secret)).code });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.totp_enabled, true);
  assert.ok(a.cookie, 'a session cookie');
  assert.equal((await a.get('/me')).status, 200);
  // Dirk: the right code with a wrong password is still invalid_credentials.
  const dirk = enrolled.dirk;
  const d = await dirk.p.post('/me/totp/disable', { password: 'not the password at all', code: totp(dirk.secret) });
  assertError(d, 401, 'invalid_credentials');
  assert.equal((await dirk.p.get('/me')).body.totp_enabled, true);
  // Bob turns it off with password and code.
  const bob = enrolled.bob;
  const before = (await twoFactorRows(bob.p)).length;
  const off = await bob.p.post('/me/totp/disable', { password: PASSWORD, code: totp(bob.secret) });
  assert.equal(off.status, 204, off.text);
  assert.equal((await bob.p.get('/me')).body.totp_enabled, false);
  const rows = await twoFactorRows(bob.p);
  assert.equal(kind(rows[0]), 'update/two_factor/success', 'turning it off is audited as update/two_factor');
  assert.equal(rows.length, before + 1);
  assert.equal((await login({ email: bob.p.email, password: PASSWORD })).status, 200, 'no code needed any more');
  // Cor deletes the account with password and code.
  const cor = enrolled.cor;
  const del = await cor.p.del('/me', { password: PASSWORD, totp: totp(cor.secret) });
  assert.equal(del.status, 204, del.text);
  assertError(await login({ email: cor.p.email, password: PASSWORD, recovery_code: cor.recovery[2] }), 401, 'invalid_credentials');
});
