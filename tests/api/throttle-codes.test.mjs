// Every place that checks a two-factor code shares the login's throttle
// (per account): turning two-factor login off, erasing the account, and
// confirming the set-up. Thirty wrong codes never pass unslowed; after the
// wait the right code works again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { limitsClock } from '../lib/limits-clock.mjs';
import { PASSWORD, uniqueEmail, signUp, totp, wrongTotp, sleep, retryAfter } from '../lib/api.mjs';

// Held still and moved on by the test (tests/lib/limits-clock.mjs): no sleeps, no races with a busy machine.
const clock = limitsClock();
let server;
before(async () => {
  server = await startServer({
    env: {
      ...clock.env,
      // Locked (not only slowed) after the fourth wrong code, for 10 s; the waits after it follow
      // Retry-After on the test's own clock.
      ROER_LOGIN_SLOW_AFTER: '4', ROER_LOGIN_LOCK_AFTER: '4', ROER_LOGIN_LOCK_SECONDS: '10',
      ROER_ADDRESS_SLOW_AFTER: '1000', ROER_ADDRESS_LOCK_AFTER: '2000', ROER_REGISTRATIONS_PER_HOUR: '1000',
    },
  });
});
after(async () => {
  await server.stop();
  clock.remove();
});

// The current code, avoiding the last 1.5 s of a 30 s step (it could expire in flight).
async function codeNow(secret) {
  if (30000 - (Date.now() % 30000) < 1500) await sleep(30000 - (Date.now() % 30000) + 100);
  return totp(secret);
}

async function enrolled(name) {
  const p = await signUp(server.url, { email: uniqueEmail(name) });
  const setup = await p.post('/me/totp/setup', {});
  assert.equal(setup.status, 200, setup.text);
  assert.equal((await p.post('/me/totp/confirm', { code: await codeNow(setup.body.secret) })).status, 200);
  return { p, secret: setup.body.secret };
}

// Sends `send()` with wrong codes until a 429, and returns how many 401s came before it and the
// seconds the 429 says to wait.
async function wrongUntilSlowed(send) {
  for (let i = 0; i < 30; i++) {
    const r = await send();
    if (r.status === 429) {
      assert.equal(r.body.error.code, 'too_many_requests');
      assert.ok(retryAfter(r) >= 1, 'Retry-After says how long');
      return { tries: i, wait: retryAfter(r) };
    }
    assert.equal(r.status, 401, r.text);
    assert.equal(r.body.error.code, 'invalid_totp');
  }
  assert.fail('thirty wrong codes and no 429');
}

test('turning two-factor login off: wrong codes are slowed like wrong passwords', async () => {
  const { p, secret } = await enrolled('off');
  const { tries, wait } = await wrongUntilSlowed(() => p.post('/me/totp/disable', { password: PASSWORD, code: wrongTotp(secret) }));
  assert.ok(tries >= 3 && tries <= 6, `slowed after ${tries} wrong codes`);
  // The login of the same account is slowed too: one throttle per account.
  const other = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: p.email, password: PASSWORD, totp: await codeNow(secret) }),
  });
  assert.equal(other.status, 429);
  // After the lock the right code works (the next step's: this step's code was used to turn it on, and
  // each code works once).
  clock.later(wait);
  const off = await p.post('/me/totp/disable', { password: PASSWORD, code: totp(secret, { offset: 1 }) });
  assert.equal(off.status, 204, off.text);
});

test('erasing the account: wrong codes are slowed, and the account stays', async () => {
  const { p, secret } = await enrolled('erase');
  const { tries } = await wrongUntilSlowed(() => p.call('DELETE', '/me', { password: PASSWORD, totp: wrongTotp(secret) }));
  assert.ok(tries >= 3 && tries <= 6, `slowed after ${tries} wrong codes`);
  assert.equal((await p.get('/me')).status, 200, 'the account is still there');
});

test('confirming the set-up: wrong codes are slowed', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('setup') });
  const setup = await p.post('/me/totp/setup', {});
  assert.equal(setup.status, 200);
  const { tries, wait } = await wrongUntilSlowed(() => p.post('/me/totp/confirm', { code: wrongTotp(setup.body.secret) }));
  assert.ok(tries >= 3 && tries <= 6, `slowed after ${tries} wrong codes`);
  clock.later(wait);
  assert.equal((await p.post('/me/totp/confirm', { code: await codeNow(setup.body.secret) })).status, 200);
  assert.equal((await p.get('/me')).body.totp_enabled, true);
});
