// Absolute expiry: with ROER_SESSION_ABSOLUTE_SECONDS=3 a session ends three
// seconds after login even when it is used all the time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signUp, signIn, assertError, sleep } from '../lib/api.mjs';

let server;
before(async () => {
  server = await startServer({ env: { ROER_SESSION_ABSOLUTE_SECONDS: '3' } });
});
after(() => server.stop());

test('a session ends at the absolute limit even when active', async () => {
  const p = await signIn(server.url, (await signUp(server.url)).email);
  const start = Date.now();
  const seen = [];
  while (Date.now() - start < 5500) {
    const t = Date.now() - start;
    const r = await p.get('/me');
    seen.push([t, r.status]);
    if (t < 1500) assert.equal(r.status, 200, `working ${t} ms after login`);
    if (t >= 4100) assertError(r, 401, 'unauthenticated');
    await sleep(500);
  }
  // Once ended it stays ended: no 200 after the first 401.
  const firstEnd = seen.findIndex(([, s]) => s === 401);
  assert.ok(firstEnd > 0, `ended at some point: ${JSON.stringify(seen)}`);
  assert.ok(seen.slice(firstEnd).every(([, s]) => s === 401), `stays ended: ${JSON.stringify(seen)}`);
  // Signing in again gives a fresh session with its own three seconds.
  const again = await signIn(server.url, p.email);
  assert.equal((await again.get('/me')).status, 200);
});
