// Durability: a stream of acknowledged PATCH /me writes, the server killed
// with SIGKILL in the middle, restarted on the same data directory. Every
// acknowledged write must be there (PATCH replies come only after commit),
// with its audit row, and the store must pass its integrity check.
//
// Each person gets one chain of sequential writes n1, n2, ... (one request
// in flight per person at a time, several people at once). So for each
// person, if a is the highest acknowledged index, the stored name must be
// n<a>, or n<a+1> when request a+1 was in flight at the kill. Nothing else
// can pass: not an older value, not a value never sent. Sixteen chains at
// once, so that the writes share group commits: each acknowledgement must
// come after the commit that holds its write, never after an earlier one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, repoRoot } from '../lib/server.mjs';
import { PASSWORD, uniqueEmail, signUp, signIn } from '../lib/api.mjs';

const CHAINS = 16;
const KILL_AFTER = 400; // acknowledged writes in total

test('acknowledged writes survive kill -9, and the store checks ok', async (t) => {
  let server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '100' } });
  let running = true; // whether `server` still needs stopping if an assertion fails
  const dataDir = server.dataDir;
  try {
    const people = [];
    for (let c = 0; c < CHAINS; c++) people.push(await signUp(server.url, { email: uniqueEmail(`crash${c}`), name: 'n0' }));
    const state = people.map(() => ({ acked: 0, inFlight: null, ackCount: 0, errors: 0 }));
    let total = 0;
    let chainsDone = 0;

    // Each chain writes until its connection dies with the server.
    async function chain(c) {
      const p = people[c];
      const s = state[c];
      try {
        await writes(p, s);
      } finally {
        chainsDone += 1;
      }
    }
    async function writes(p, s) {
      for (let i = 1; ; i++) {
        s.inFlight = i;
        let r;
        try {
          r = await p.patch('/me', { name: `n${i}` });
        } catch {
          s.errors += 1; // the server is gone: the outcome of n<i> is unknown
          return;
        }
        // A reply is an acknowledgement, even one that arrives after the kill was sent.
        assert.equal(r.status, 200, `PATCH n${i}: ${r.text}`);
        assert.equal(r.body.name, `n${i}`, 'the reply shows the write');
        s.acked = i;
        s.ackCount += 1;
        s.inFlight = null;
        total += 1;
      }
    }
    // The killer watches from outside the chains, so that every chain has a
    // request on its way when SIGKILL lands.
    async function killer() {
      while (total < KILL_AFTER && chainsDone === 0) await new Promise((r) => setTimeout(r, 2));
      running = false;
      await server.kill();
    }
    await Promise.all([...people.map((_, c) => chain(c)), killer()]);
    assert.ok(total >= KILL_AFTER, `${total} writes acknowledged before the kill`);
    assert.ok(state.every((s) => s.acked > 0), 'every chain got writes acknowledged');

    // The store is consistent right after the crash.
    const roer = process.env.ROER_BIN || join(repoRoot, 'build', 'asan', 'roer');
    const checkEnv = { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:halt_on_error=1:exitcode=86' };
    let check = spawnSync(roer, ['check', '--data', dataDir], { encoding: 'utf8', timeout: 60000, env: checkEnv });
    assert.equal(check.status, 0, `roer check after the crash: ${check.stdout}${check.stderr}`);
    assert.match(check.stdout, /^ok$/m);

    server = await startServer({ dataDir, env: { ROER_REGISTRATIONS_PER_HOUR: '100' } });
    running = true;
    for (let c = 0; c < CHAINS; c++) {
      const s = state[c];
      const p = await signIn(server.url, people[c].email, PASSWORD);
      const name = p.me.name;
      const m = /^n(\d+)$/.exec(name);
      assert.ok(m, `person ${c}: the name is one that was sent: ${name}`);
      const got = Number(m[1]);
      const allowed = [s.acked];
      if (s.inFlight === s.acked + 1) allowed.push(s.acked + 1);
      assert.ok(allowed.includes(got),
        `person ${c}: stored n${got}; last acknowledged n${s.acked}, in flight ${s.inFlight === null ? 'none' : `n${s.inFlight}`}`);
      // An audit row for every acknowledged write (and at most one more, for the one in flight).
      const rows = [];
      let before = null;
      for (;;) {
        const r = await p.get(`/me/audit?limit=500${before ? `&before=${before}` : ''}`);
        assert.equal(r.status, 200);
        rows.push(...r.body.items);
        if (r.body.next_before === null) break;
        before = r.body.next_before;
      }
      const updates = rows.filter((i) => i.action === 'update' && i.category === 'account' && i.outcome === 'success');
      assert.ok(updates.length >= s.ackCount, `person ${c}: ${updates.length} audit rows for ${s.ackCount} acknowledged writes`);
      t.diagnostic(`person ${c}: acknowledged n${s.acked}, in flight ${s.inFlight ?? 'none'}, stored n${got}, ${updates.length} update rows`);
      assert.ok(updates.length <= s.ackCount + 1, `person ${c}: no audit rows for writes never made (${updates.length})`);
    }
    running = false;
    await server.stop();
    check = spawnSync(roer, ['check', '--data', dataDir], { encoding: 'utf8', timeout: 60000, env: checkEnv });
    assert.equal(check.status, 0, `roer check: ${check.stdout}${check.stderr}`);
    assert.equal(check.stdout.trim(), 'ok');
  } finally {
    if (running) await server.kill().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
});

// A graceful stop (SIGTERM) while sixteen people write: the server exits 0
// with no sanitizer report (no connection is left waiting for the store when
// libmicrohttpd stops), and every write it acknowledged is there afterwards.
test('SIGTERM under sixteen concurrent writers: a clean exit, every acknowledged write kept', async () => {
  const server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '100' }, keepData: true });
  const dataDir = server.dataDir;
  let stopped = null;
  try {
    const people = [];
    for (let c = 0; c < 16; c++) people.push(await signUp(server.url, { email: uniqueEmail(`stop${c}`), name: 'g0' }));
    const acked = people.map(() => 0);
    let total = 0;
    const chains = people.map(async (p, c) => {
      for (let i = 1; ; i++) {
        let r;
        try {
          r = await p.patch('/me', { name: `g${i}` });
        } catch {
          return; // the server is gone
        }
        if (r.status !== 200) return; // refused while stopping
        acked[c] = i;
        total += 1;
      }
    });
    while (total < 200) await new Promise((r) => setTimeout(r, 2));
    stopped = server.stop();
    await stopped; // throws when the exit is not clean
    await Promise.all(chains);
    const again = await startServer({ dataDir, env: { ROER_REGISTRATIONS_PER_HOUR: '100' } });
    try {
      for (let c = 0; c < 16; c++) {
        const me = (await signIn(again.url, people[c].email, PASSWORD)).me;
        const got = Number(/^g(\d+)$/.exec(me.name)[1]);
        assert.ok(got === acked[c] || got === acked[c] + 1, `person ${c}: stored g${got}, acknowledged g${acked[c]}`);
      }
    } finally {
      await again.stop();
    }
  } finally {
    if (!stopped) await server.kill().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
});
