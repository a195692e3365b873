// Acknowledged writes over HTTP (PATCH /api/v1/me: session check, access
// check, audit row, update, durable commit) as a ratio to raw single-row
// SQLite transactions with the same durability, both measured in this run.
// usage: node bench/writes.mjs [seconds]  (make bench)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, repoRoot } from '../tests/lib/server.mjs';

const seconds = Number(process.argv[2] || 5);
const concurrency = 8;

const server = await startServer({ binary: join(repoRoot, 'build', 'roer'),
  env: { ROER_REGISTRATIONS_PER_HOUR: '1000' } });
try {
  const res = await fetch(`${server.url}/api/v1/auth/register`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'bench@example.nl', password: 'bench password 1', name: 'Bench', language: 'nl' }),
  });
  const me = await res.json();
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token, Cookie: cookie };

  let done = 0;
  let failed = 0;
  const end = Date.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async (_, w) => {
    for (let i = 0; Date.now() < end; i++) {
      const r = await fetch(`${server.url}/api/v1/me`, { method: 'PATCH', headers, body: JSON.stringify({ name: `b${w}-${i}` }) });
      await r.arrayBuffer();
      if (r.status === 200) done++; else failed++;
    }
  }));
  const httpRate = done / ((performance.now() - start) / 1000);

  const dir = mkdtempSync(join(tmpdir(), 'roer-bench-'));
  const raw = execFileSync(join(repoRoot, 'build', 'bench', 'raw_sqlite'), [dir, String(seconds)]).toString();
  rmSync(dir, { recursive: true, force: true });
  const rawRate = Number(raw.match(/raw_sqlite_tx_per_s (\d+)/)[1]);

  console.log(`http_writes_per_s ${httpRate.toFixed(0)} (${concurrency} concurrent, ${failed} failed)`);
  console.log(`raw_sqlite_tx_per_s ${rawRate}`);
  console.log(`ratio http/raw ${(httpRate / rawRate).toFixed(3)}`);
} finally {
  await server.stop();
}
