// Idle expiry: with ROER_SESSION_IDLE_SECONDS=60 a session that is used keeps working past 60
// seconds, and one left alone for longer is ended. Time is moved on the server's test clock (the
// sanitizer build's ROER_TEST_CLOCK_FILE), not waited for, so a busy machine cannot change the outcome.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { signUp, signIn, assertError } from '../lib/api.mjs';

const clockDir = mkdtempSync(join(tmpdir(), 'roer-clock-'));
const clockFile = join(clockDir, 'offset');
let offset = 0;
const later = (seconds) => { offset += seconds; writeFileSync(clockFile, String(offset)); };

let server;
before(async () => {
  writeFileSync(clockFile, '0');
  server = await startServer({ env: { ROER_SESSION_IDLE_SECONDS: '60', ROER_TEST_CLOCK_FILE: clockFile } });
});
after(async () => {
  await server.stop();
  rmSync(clockDir, { recursive: true, force: true });
});

// A use of the session is recorded by the store's writer after the reply (src/auth/session.c);
// a write of one's own goes through the same writer after it, so once it is answered the use is
// on record. Without it the clock could move on before the use is stored.
async function use(p) {
  const r = await p.get('/me');
  if (r.status === 200) assert.equal((await p.patch('/me', { language: 'nl' })).status, 200);
  return r;
}

test('an active session outlives the idle limit; an idle one expires after it', async () => {
  const account = await signUp(server.url);
  const idle = await signIn(server.url, account.email); // a session left alone
  const p = await signIn(server.url, account.email);
  // Used every 40 seconds for 160 seconds: well past the idle limit in total.
  for (let i = 1; i <= 4; i += 1) {
    later(40);
    const r = await use(p);
    assert.equal(r.status, 200, `still signed in after ${i * 40} s of activity: ${r.text}`);
  }
  // The other session was not used for 160 seconds: ended.
  assertError(await idle.get('/me'), 401, 'unauthenticated');
  // Now leave the active one alone for a while within the limit: 55 seconds on the test clock, and the
  // real seconds a busy machine adds between the last use and this one (the test clock is an offset
  // to the wall clock, so a 59-second step failed when the two requests were more than a second apart).
  later(55);
  assert.equal((await use(p)).status, 200, '55 seconds alone is within the limit');
  later(61);
  assertError(await p.get('/me'), 401, 'unauthenticated');
  // A state-changing call with the expired session is refused the same way, and changes nothing.
  assertError(await p.patch('/me', { name: 'Too Late' }), 401, 'unauthenticated');
  // Signing in again works and gives a working session.
  const again = await signIn(server.url, account.email);
  const me = await again.get('/me');
  assert.equal(me.status, 200);
  assert.notEqual(me.body.name, 'Too Late');
});
