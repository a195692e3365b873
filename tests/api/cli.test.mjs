// The roer command line: help, version, bad flags, a port in use, an
// unwritable data directory, migrate, backup and check.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, repoRoot } from '../lib/server.mjs';

const roer = process.env.ROER_BIN || join(repoRoot, 'build', 'asan', 'roer');
const run = (args, env = {}) => {
  const r = spawnSync(roer, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

let dir;
before(() => { dir = mkdtempSync(join(tmpdir(), 'roer-cli-')); });
after(() => rmSync(dir, { recursive: true, force: true }));

test('--help lists the commands and every setting with its variable', () => {
  const r = run(['--help']);
  assert.equal(r.code, 0);
  for (const word of ['serve', 'migrate', 'backup', 'check', '--listen', 'ROER_LISTEN', '--data', 'ROER_DATA',
    '--max-body', 'ROER_REQUIRE_2FA', '--session-idle']) {
    assert.ok(r.out.includes(word), `help mentions ${word}`);
  }
});

test('--version prints the version', () => {
  const r = run(['--version']);
  assert.equal(r.code, 0);
  assert.match(r.out, /^roer \d+\.\d+\.\d+\n$/);
});

test('no command, an unknown command and bad flags exit 2 with a clear message', () => {
  assert.equal(run([]).code, 2);
  let r = run(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown command 'frobnicate'/);
  r = run(['serve', '--threads', 'many']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--threads: 'many' is not a whole number/);
  r = run(['serve', '--no-such-flag']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown argument '--no-such-flag'/);
  r = run(['serve'], { ROER_MAX_BODY: '-5' });
  assert.equal(r.code, 2);
  assert.match(r.err, /ROER_MAX_BODY/);
  r = run(['serve', '--require-2fa', 'sometimes']);
  assert.equal(r.code, 2);
  assert.match(r.err, /none, professionals, everyone/);
  r = run(['serve', '--listen', 'nonsense']);
  assert.notEqual(r.code, 0);
  assert.match(r.err, /HOST:PORT/);
});

test('a port in use is refused with a clear message', async () => {
  const server = await startServer();
  try {
    const r = run(['serve', '--listen', `127.0.0.1:${server.port}`, '--data', join(dir, 'second')]);
    assert.equal(r.code, 1);
    assert.match(r.err, /port is in use/);
    const health = await fetch(`${server.url}/api/v1/health`);
    assert.equal(health.status, 200);
  } finally {
    await server.stop();
  }
});

test('an unwritable data directory is refused with a clear message', () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, 'not a directory');
  let r = run(['serve', '--listen', '127.0.0.1:0', '--data', join(file, 'sub')]);
  assert.equal(r.code, 1);
  assert.match(r.err, /cannot create the data directory/);
  const locked = join(dir, 'locked');
  spawnSync('mkdir', [locked]);
  chmodSync(locked, 0o500);
  if (process.getuid && process.getuid() === 0) {
    // root may write anywhere: a directory that is not one is the unwritable case here.
    r = run(['serve', '--listen', '127.0.0.1:0', '--data', file]);
  } else {
    r = run(['serve', '--listen', '127.0.0.1:0', '--data', locked]);
  }
  assert.equal(r.code, 1);
  assert.match(r.err, /data directory .* (is not writable|cannot)|cannot create the data directory|not writable/);
});

test('migrate, backup and check work on a store with data, and the backup is a working store', async () => {
  const data = join(dir, 'store');
  const server = await startServer({ dataDir: data });
  const reg = await fetch(`${server.url}/api/v1/auth/register`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: 'cli@example.nl', password: 'a fine long password', name: 'Cli', language: 'en' }),
  });
  assert.equal(reg.status, 201);
  // An online backup while the server runs.
  const backup = join(dir, 'backup.sqlite3');
  let r = run(['backup', backup, '--data', data]);
  assert.equal(r.code, 0, r.err);
  assert.ok(existsSync(backup));
  await server.stop();

  r = run(['migrate', '--data', data]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /up to date/);
  r = run(['check', '--data', data]);
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out.trim(), 'ok');
  assert.equal(run(['backup']).code, 2);

  // Serve the backup: the account is in it.
  const restored = join(dir, 'restored');
  spawnSync('mkdir', [restored]);
  spawnSync('cp', [backup, join(restored, 'roer.sqlite3')]);
  const again = await startServer({ dataDir: restored });
  try {
    const login = await fetch(`${again.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'cli@example.nl', password: 'a fine long password' }),
    });
    assert.equal(login.status, 200);
    assert.equal((await login.json()).name, 'Cli');
  } finally {
    await again.stop();
  }
});

test('roer demo fills a fresh store with a demo client that can sign in, marked as demo', async () => {
  const data = join(dir, 'demo');
  let r = run(['demo', '--data', data]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /demo@roer\.example/);
  assert.match(r.out, /demo-mantelzorger@roer\.example/);
  r = run(['demo', '--data', data]);
  assert.equal(r.code, 1);
  assert.match(r.err, /already has the demo account/);
  const server = await startServer({ dataDir: data });
  try {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'demo@roer.example', password: 'roer demo 2026' }),
    });
    assert.equal(login.status, 200);
    const me = await login.json();
    assert.equal(me.demo, true);
    const cookie = login.headers.get('set-cookie').split(';')[0];
    const get = async (p) => (await fetch(`${server.url}/api/v1/clients/me/${p}`, { headers: { Cookie: cookie } })).json();
    assert.ok((await get('profile')).length >= 5);
    assert.equal((await get('domains')).length, 3);
    const history = await get('balance/history');
    assert.ok(history.length > 8);
    // The balance visibly tipped over time: not every entry has the same totals.
    assert.ok(new Set(history.map((h) => `${h.strengths}/${h.burdens}`)).size > 3);
    assert.ok((await get('goals')).length >= 2);
    const actions = await get('actions');
    assert.deepEqual([...new Set(actions.map((a) => a.who))].sort(), ['network', 'professional', 'self']);
    assert.ok((await get('checkins')).length >= 3);
    assert.ok((await get('decisions')).some((d) => d.decided_on));
    assert.equal((await get('advance-care-plan')).length, 2);
    // What her plan says she does every morning: weigh herself, measure her blood pressure (and pulse).
    const latest = await get('measurements/latest');
    assert.deepEqual(latest.map((m) => m.kind), ['blood_pressure', 'heart_rate', 'weight']);
    assert.ok(latest.every((m) => Date.now() - Date.parse(m.taken_at) < 86400e3), 'a reading of this morning or yesterday');
    const weights = await get('measurements?kind=weight&limit=100');
    assert.ok(weights.length >= 50 && weights.length < 60, `${weights.length} mornings of 60`);
    // Her own ranges, against which some readings stand out.
    assert.deepEqual((await get('targets')).map((t) => t.kind).sort(), ['blood_pressure', 'weight']);
    assert.ok(weights.some((w) => w.flag === 'high') && weights.some((w) => w.flag === 'in_range'));
    const change = await get('metrics?kind=weight&days=7');
    assert.ok(change.change_3d > 1, `weight up ${change.change_3d} kg in 3 days`);
    // Her daughter, in her network: what Els shares, help requests, messages, and her looks on the log.
    const members = await get('members');
    assert.deepEqual(members.map((m) => [m.name, m.role]), [['Marieke Jansen (demo)', 'mantelzorger']]);
    assert.equal((await get('help-requests')).filter((h) => h.status === 'taken').length, 1);
    const threads = await get('messages/threads');
    assert.deepEqual(threads.map((t) => t.thread), [0, members[0].id]);
    const log = await fetch(`${server.url}/api/v1/clients/me/audit?others=1`, { headers: { Cookie: cookie } });
    assert.ok((await log.json()).items.some((a) => a.actor.name === 'Marieke Jansen (demo)' && a.actor.role === 'mantelzorger'));
    const carer = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'demo-mantelzorger@roer.example', password: 'roer demo 2026' }),
    });
    assert.equal(carer.status, 200);
    const carerCookie = carer.headers.get('set-cookie').split(';')[0];
    const supporting = await (await fetch(`${server.url}/api/v1/supporting`, { headers: { Cookie: carerCookie } })).json();
    assert.equal(supporting[0].name, 'Els Jansen (demo)');
    assert.deepEqual(Object.keys(supporting[0].rights).sort(), ['alerts', 'checkins', 'help_requests', 'measurements', 'messages', 'plan', 'what_matters']);
    // Els's alerts: three rules of hers and the help button, and the call for help Marieke took up and closed.
    const rules = await (await fetch(`${server.url}/api/v1/clients/${supporting[0].id}/alert-rules`, { headers: { Cookie: carerCookie } })).json();
    assert.deepEqual(rules.map((r) => r.kind).sort(), ['help', 'missing', 'out_of_range', 'trend']);
    const alerts = await (await fetch(`${server.url}/api/v1/clients/${supporting[0].id}/alerts`, { headers: { Cookie: carerCookie } })).json();
    assert.equal(alerts.items.length, 1);
    assert.equal(alerts.items[0].status, 'closed');
    assert.equal(alerts.items[0].acknowledged_by.name, 'Marieke Jansen (demo)');
    assert.deepEqual(alerts.items[0].told.map((t) => t.name), ['Marieke Jansen (demo)']);
  } finally {
    await server.stop();
  }
});
