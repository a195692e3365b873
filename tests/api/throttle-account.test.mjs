// Login throttling per account: slowed after ROER_LOGIN_SLOW_AFTER failures,
// refused after ROER_LOGIN_LOCK_AFTER until ROER_LOGIN_LOCK_SECONDS pass,
// with a numeric Retry-After; the replies for an unknown email are the same;
// the real user gets in after the lock, and a success clears the count.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { PASSWORD, uniqueEmail, signUp, assertError, rawFetch, API, sleep, retryAfter, WRONG_PASSWORD } from '../lib/api.mjs';

let server;
before(async () => {
  server = await startServer({
    env: {
      ROER_LOGIN_SLOW_AFTER: '2', ROER_LOGIN_LOCK_AFTER: '4', ROER_LOGIN_LOCK_SECONDS: '3',
      ROER_ADDRESS_SLOW_AFTER: '1000', ROER_ADDRESS_LOCK_AFTER: '2000',
    },
  });
});
after(() => server.stop());

const login = (email, password) => rawFetch(server.url, `${API}/auth/login`, { method: 'POST', body: { email, password } });
const WRONG = WRONG_PASSWORD;

// Both replies are 429 with identical bodies and a Retry-After within a
// second of each other (the two attempts are a few milliseconds apart).
function assertSame429(real, unknown, what) {
  assertError(real, 429, 'too_many_requests');
  assert.equal(unknown.status, 429, `${what}: unknown email also 429: ${unknown.text}`);
  assert.equal(unknown.text, real.text, `${what}: identical bodies`);
  const a = retryAfter(real);
  const b = retryAfter(unknown);
  assert.ok(Math.abs(a - b) <= 1, `${what}: Retry-After ${a} vs ${b}`);
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
  assert.ok(wait >= 1 && wait <= 60, `slowed wait ${wait}`);
  // After the wait, one more failure each (3), slowed again for longer.
  await sleep(wait * 1000 + 300);
  assert.equal((await login(ghost, WRONG)).status, 401);
  assertError(await login(victim.email, WRONG), 401, 'invalid_credentials');
  right = await login(victim.email, PASSWORD);
  ghostTry = await login(ghost, PASSWORD);
  wait = assertSame429(right, ghostTry, 'slowed twice');
  assert.ok(wait >= 1 && wait <= 60, `slowed wait ${wait}`);
  // After that wait the fourth failure locks the account for 3 seconds.
  await sleep(wait * 1000 + 300);
  assert.equal((await login(ghost, WRONG)).status, 401);
  assertError(await login(victim.email, WRONG), 401, 'invalid_credentials');
  right = await login(victim.email, PASSWORD);
  ghostTry = await login(ghost, PASSWORD);
  wait = assertSame429(right, ghostTry, 'locked');
  assert.ok(wait >= 1 && wait <= 3, `lock lasts ROER_LOGIN_LOCK_SECONDS=3 after the last failure, Retry-After ${wait}`);
  // Still locked (the refused tries did not reset or unlock it): asked at once, not after a
  // sleep, which on a busy machine could outlast the 3 seconds; the server says how long is left.
  const again = await login(victim.email, PASSWORD);
  assertError(again, 429, 'too_many_requests');
  assert.ok(retryAfter(again) <= wait, `the lock does not grow with refused tries: ${retryAfter(again)} vs ${wait}`);
  // After the lock the real user logs in.
  await sleep(retryAfter(again) * 1000 + 300);
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
  await sleep(retryAfter(slowed) * 1000 + 300);
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
