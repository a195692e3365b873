// Absolute expiry: with ROER_SESSION_ABSOLUTE_SECONDS=600 a session ends ten minutes after login
// even when it is used all the time. Time is moved on the server's test clock, not waited for.
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
  server = await startServer({ env: { ROER_SESSION_ABSOLUTE_SECONDS: '600', ROER_TEST_CLOCK_FILE: clockFile } });
});
after(async () => {
  await server.stop();
  rmSync(clockDir, { recursive: true, force: true });
});

test('a session ends at the absolute limit even when active', async () => {
  const p = await signIn(server.url, (await signUp(server.url)).email);
  // Used every 100 seconds (well within the idle limit): working up to 600 s after login, then ended.
  for (let t = 100; t <= 900; t += 100) {
    later(100);
    const r = await p.get('/me');
    if (t < 600) assert.equal(r.status, 200, `working ${t} s after login: ${r.text}`);
    else assertError(r, 401, 'unauthenticated');
  }
  // Signing in again gives a fresh session with its own ten minutes.
  const again = await signIn(server.url, p.email);
  assert.equal((await again.get('/me')).status, 200);
  later(500);
  assert.equal((await again.get('/me')).status, 200);
  later(200);
  assertError(await again.get('/me'), 401, 'unauthenticated');
});
