// Login throttling per account: slowed after ROER_LOGIN_SLOW_AFTER failures,
// refused after ROER_LOGIN_LOCK_AFTER until ROER_LOGIN_LOCK_SECONDS pass,
// with a numeric Retry-After; the replies for an unknown email are the same;
// the real user gets in after the lock, and a success clears the count.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { limitsClock } from '../lib/limits-clock.mjs';
import { PASSWORD, uniqueEmail, signUp, assertError, rawFetch, API, retryAfter, WRONG_PASSWORD } from '../lib/api.mjs';

// Held still and moved on by the test (tests/lib/limits-clock.mjs): no sleeps, no races with a busy machine.
const clock = limitsClock();
let server;
before(async () => {
  server = await startServer({
    env: {
      ...clock.env,
      ROER_LOGIN_SLOW_AFTER: '2', ROER_LOGIN_LOCK_AFTER: '4', ROER_LOGIN_LOCK_SECONDS: '3',
      ROER_ADDRESS_SLOW_AFTER: '1000', ROER_ADDRESS_LOCK_AFTER: '2000',
    },
  });
});
after(async () => {
  await server.stop();
  clock.remove();
});

const login = (email, password) => rawFetch(server.url, `${API}/auth/login`, { method: 'POST', body: { email, password } });
const WRONG = WRONG_PASSWORD;

// Both replies are 429 with identical bodies and the same Retry-After (the
// limits' clock stands still between the two attempts).
function assertSame429(real, unknown, what) {
  assertError(real, 429, 'too_many_requests');
  assert.equal(unknown.status, 429, `${what}: unknown email also 429: ${unknown.text}`);
  assert.equal(unknown.text, real.text, `${what}: identical bodies`);
  const a = retryAfter(real);
  const b = retryAfter(unknown);
  assert.equal(a, b, `${what}: Retry-After ${a} vs ${b}`);
  assert.equal(real.setCookies.length, 0);
  assert.equal(unknown.setCookies.length, 0);
  return Math.max(a, b);
}

test('an account is slowed, then locked, then free again; unknown emails look the same', async () => {
  const victim = await signUp(server.url, { email: uniqueEmail('victim') });
  const ghost = uniqueEmail('ghost'); // never registered
  // The ghost's failure comes first in each round, so that the victim's next
  // try follows the victim's failure at once (well inside the slow window).
  // Two failures: still ordinary 401s, identical for both.
  for (let i = 0; i < 2; i++) {
    const b = await login(ghost, WRONG);
    const a = await login(victim.email, WRONG);
    assertError(a, 401, 'invalid_credentials');
    assert.equal(b.text, a.text);
  }
  // Slowed: the next attempt right away is 429 without being checked, even
  // with the right password.
  let right = await login(victim.email, PASSWORD);
  let ghostTry = await login(ghost, PASSWORD);
  let wait = assertSame429(right, ghostTry, 'slowed');
  assert.equal(wait, 1, 'the first slowed wait is a second');
  // After the wait, one more failure each (3), slowed again for longer.
  clock.later(wait);
  assert.equal((await login(ghost, WRONG)).status, 401);
  assertError(await login(victim.email, WRONG), 401, 'invalid_credentials');
  right = await login(victim.email, PASSWORD);
  ghostTry = await login(ghost, PASSWORD);
  wait = assertSame429(right, ghostTry, 'slowed twice');
  assert.equal(wait, 2, 'each further failure doubles the wait');
  // After that wait the fourth failure locks the account for 3 seconds.
  clock.later(wait);
  assert.equal((await login(ghost, WRONG)).status, 401);
  assertError(await login(victim.email, WRONG), 401, 'invalid_credentials');
  right = await login(victim.email, PASSWORD);
  ghostTry = await login(ghost, PASSWORD);
  wait = assertSame429(right, ghostTry, 'locked');
  assert.equal(wait, 3, 'the lock lasts ROER_LOGIN_LOCK_SECONDS=3 after the last failure');
  // Still locked a second before its end (the refused tries did not reset or lengthen it).
  clock.later(wait - 1);
  const again = await login(victim.email, PASSWORD);
  assertError(again, 429, 'too_many_requests');
  assert.equal(retryAfter(again), 1, 'the lock does not grow with refused tries');
  // After the lock the real user logs in.
  clock.later(retryAfter(again));
  const ok = await login(victim.email, PASSWORD);
  assert.equal(ok.status, 200, `after the lock: ${ok.text}`);
  assert.equal(ok.body.id, victim.me.id);
});

test('a successful login clears the failure count', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('clear') });
  assertError(await login(p.email, WRONG), 401, 'invalid_credentials');
  assertError(await login(p.email, WRONG), 401, 'invalid_credentials');
  // Two failures: slowed. Wait, then succeed.
  const slowed = await login(p.email, PASSWORD);
  assertError(slowed, 429, 'too_many_requests');
  clock.later(retryAfter(slowed));
  assert.equal((await login(p.email, PASSWORD)).status, 200);
  // Counted from zero again: one failure then the right password at once works
  // (without the reset this would be the third failure and slowed).
  assertError(await login(p.email, WRONG), 401, 'invalid_credentials');
  const ok = await login(p.email, PASSWORD);
  assert.equal(ok.status, 200, `after a reset one failure does not slow: ${ok.text}`);
});

test('throttling one account leaves other accounts alone', async () => {
  const a = await signUp(server.url, { email: uniqueEmail('a') });
  const b = await signUp(server.url, { email: uniqueEmail('b') });
  for (let i = 0; i < 2; i++) assertError(await login(a.email, WRONG), 401, 'invalid_credentials');
  assertError(await login(a.email, PASSWORD), 429, 'too_many_requests');
  const ok = await login(b.email, PASSWORD);
  assert.equal(ok.status, 200, ok.text);
});
