// Idle expiry: with ROER_SESSION_IDLE_SECONDS=2 a session that is used
// keeps working past 2 seconds, and one left alone for 3 seconds is ended.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Person, signUp, signIn, assertError, sleep } from '../lib/api.mjs';

let server;
before(async () => {
  server = await startServer({ env: { ROER_SESSION_IDLE_SECONDS: '2' } });
});
after(() => server.stop());

test('an active session outlives the idle limit; an idle one expires after it', async () => {
  const account = await signUp(server.url);
  const idle = await signIn(server.url, account.email); // a session left alone
  // The active session is the newest: each sign-in (Argon2id) can take a second or two on a busy machine,
  // and a sign-in sweeps away sessions idle for longer than the limit.
  const p = await signIn(server.url, account.email);
  const start = Date.now();
  // Used about every second for 4 seconds: twice the idle limit in total.
  while (Date.now() - start < 4000) {
    await sleep(900);
    const r = await p.get('/me');
    assert.equal(r.status, 200, `still signed in after ${Date.now() - start} ms of activity: ${r.text}`);
  }
  // The other session was not used for over 4 seconds: ended.
  assertError(await idle.get('/me'), 401, 'unauthenticated');
  // Now leave the active one alone for 3 seconds.
  await sleep(3200);
  assertError(await p.get('/me'), 401, 'unauthenticated');
  // A state-changing call with the expired session is refused the same way, and changes nothing.
  assertError(await p.patch('/me', { name: 'Too Late' }), 401, 'unauthenticated');
  // Signing in again works and gives a working session.
  const again = await signIn(server.url, account.email);
  const me = await again.get('/me');
  assert.equal(me.status, 200);
  assert.notEqual(me.body.name, 'Too Late');
});
