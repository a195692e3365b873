// Throttling per source address, across different emails, and the limit on
// registrations per address per hour.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { limitsClock } from '../lib/limits-clock.mjs';
import { Person, PASSWORD, uniqueEmail, signUp, assertError, rawFetch, API, retryAfter, WRONG_PASSWORD } from '../lib/api.mjs';

// Held still and moved on by the test (tests/lib/limits-clock.mjs): no sleeps, no races with a busy machine.
const clock = limitsClock();
let server;
let victim;
before(async () => {
  server = await startServer({
    env: {
      ...clock.env,
      ROER_ADDRESS_SLOW_AFTER: '3', ROER_ADDRESS_LOCK_AFTER: '5', ROER_LOGIN_LOCK_SECONDS: '3',
      ROER_LOGIN_SLOW_AFTER: '100', ROER_LOGIN_LOCK_AFTER: '200', ROER_REGISTRATIONS_PER_HOUR: '4',
    },
  });
  victim = await signUp(server.url, { email: uniqueEmail('victim') });
});
after(async () => {
  await server.stop();
  clock.remove();
});

const login = (email, password) => rawFetch(server.url, `${API}/auth/login`, { method: 'POST', body: { email, password } });
const WRONG = WRONG_PASSWORD;

test('failures with different emails from one address slow, then lock, that address', async () => {
  // Three failures, each for a different (unknown) email.
  for (let i = 0; i < 3; i++) assertError(await login(uniqueEmail('spray'), WRONG), 401, 'invalid_credentials');
  // Slowed: a fresh unknown email and the real user's right password both get the same 429.
  const fresh = await login(uniqueEmail('spray'), WRONG);
  const real = await login(victim.email, PASSWORD);
  assertError(fresh, 429, 'too_many_requests');
  assertError(real, 429, 'too_many_requests');
  assert.equal(real.text, fresh.text, 'identical replies for existing and unknown emails');
  assert.equal(real.setCookies.length, 0);
  let wait = Math.max(retryAfter(fresh), retryAfter(real));
  assert.equal(wait, 1, 'the first slowed wait is a second');
  // Two more failures, each after its wait, lock the address.
  for (let i = 0; i < 2; i++) {
    clock.later(wait);
    assertError(await login(uniqueEmail('spray'), WRONG), 401, 'invalid_credentials');
    const next = await login(uniqueEmail('spray'), WRONG);
    assertError(next, 429, 'too_many_requests');
    wait = retryAfter(next);
  }
  assert.equal(wait, 3, 'locked for ROER_LOGIN_LOCK_SECONDS=3');
  const lockedReal = await login(victim.email, PASSWORD);
  const lockedGhost = await login(uniqueEmail('ghost'), PASSWORD);
  assertError(lockedReal, 429, 'too_many_requests');
  assert.equal(lockedGhost.text, lockedReal.text);
  // The lock ends by itself and the real user gets in.
  clock.later(wait);
  const ok = await login(victim.email, PASSWORD);
  assert.equal(ok.status, 200, `after the address lock: ${ok.text}`);
});

test('registrations per address per hour are limited (429 with Retry-After)', async () => {
  // The victim used one of the four; three more are allowed.
  for (let i = 0; i < 3; i++) {
    const r = await new Person(server.url).register({ email: uniqueEmail('many') });
    assert.equal(r.status, 201, `registration ${i + 2} of 4: ${r.text}`);
  }
  const email = uniqueEmail('toomany');
  const r = await new Person(server.url).register({ email });
  assertError(r, 429, 'too_many_requests');
  const wait = retryAfter(r);
  assert.ok(wait >= 1 && wait <= 3600, `Retry-After ${wait}`);
  assert.equal(r.setCookies.length, 0);
  assertError(await login(email, PASSWORD), 401, 'invalid_credentials');
});
