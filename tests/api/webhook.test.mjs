// The outgoing webhook (--webhook-url): a tiny receiver on 127.0.0.1 gets one signed POST per raised
// alert. The alert is raised by the client's "I need help" button (POST /clients/me/help), whose
// transaction puts the event in the outbox (webhook_enqueue). Checked here: the signature (recomputed
// with node:crypto over `${timestamp}.${rawBody}`), the headers and the body; retries with back-off
// when the receiver answers 500; giving up after --webhook-attempts, the back-offs moved along on the
// sanitizer build's test clock; every attempt in `roer webhooks`; a pending delivery surviving a
// restart and arriving exactly once; an attempt in flight cut off when the server stops; nothing sent
// and nothing stored without a URL; and the start-up checks of the settings. The secret never appears
// in the server's output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, repoRoot } from '../lib/server.mjs';
import { signUp, sleep } from '../lib/api.mjs';

const roer = process.env.ROER_BIN || join(repoRoot, 'build', 'asan', 'roer');
const run = (args, env = {}) => {
  const r = spawnSync(roer, args, { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

// 64 hex digits and a line break, as `openssl rand -hex 32 > FILE` writes it; the line break is no part of it.
const SECRET = 'f3a1c9e07b5d4e2a8c6b0d9f1e3a5c7b9d0e2f4a6c8b1d3e5f7a9c0b2d4e6f81';
let dir;
let secretFile;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'roer-webhook-'));
  secretFile = join(dir, 'secret');
  writeFileSync(secretFile, `${SECRET}\n`);
  chmodSync(secretFile, 0o600);
});
after(() => rmSync(dir, { recursive: true, force: true }));

// A receiver: records every request (headers, raw body, when) and answers with the status that
// `answer(n)` gives for the n-th request (1 for the first).
async function receiver(answer = () => 204, port = 0) {
  const requests = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method, url: req.url, headers: req.headers, raw, body: JSON.parse(raw) });
      res.statusCode = answer(requests.length);
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    requests,
    port: server.address().port,
    url: `http://127.0.0.1:${server.address().port}/roer-hook?installation=test`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

// Waits until `cond()` holds, checking every 100 ms, for at most `ms`.
async function until(cond, ms, what) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const webhookEnv = (url, extra = {}) => ({
  ROER_WEBHOOK_URL: url, ROER_WEBHOOK_SECRET_FILE: secretFile, ROER_WEBHOOK_RETRY_SECONDS: '1', ...extra,
});

// The client presses "I need help": the alert engine raises an alert, and its event goes to the outbox.
// The route belongs to the alert engine; without it these tests fail here, saying so (never skipped).
async function raiseAlert(client, text = 'Ik ben gevallen') {
  const r = await client.post('/clients/me/help', { text });
  assert.ok(r.status !== 404 && r.status !== 405,
    `POST /api/v1/clients/me/help is not served (${r.status}): these tests need the alert engine, which raises the alert`);
  assert.equal(r.status, 201, `raise an alert: ${r.text}`);
  return r.body;
}

function expectedSignature(timestamp, raw, secret = SECRET) {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${raw}`).digest('hex')}`;
}

// `roer webhooks` on a data directory: its deliveries, each { id, event, state, attempts: [{ n, outcome }] }.
function deliveries(dataDir) {
  const r = run(['webhooks', '--data', dataDir]);
  assert.equal(r.code, 0, r.err);
  const list = [];
  for (const line of r.out.split('\n')) {
    let m = line.match(/^delivery (\d+) {2}(\S+) {2}created \S+Z {2}(delivered|given up|pending, next attempt) \S+Z {2}\((\d+) attempts?\)$/);
    if (m) { list.push({ id: Number(m[1]), event: m[2], state: m[3].split(',')[0], count: Number(m[4]), attempts: [] }); continue; }
    m = line.match(/^ {4}attempt (\d+) {2}\S+Z {2}(HTTP \d+|no reply: .*) {2}(\d+) ms$/);
    if (m) { list.at(-1).attempts.push({ n: Number(m[1]), outcome: m[2] }); continue; }
    if (line && line !== 'no webhook deliveries') throw new Error(`unexpected line of roer webhooks: ${line}`);
  }
  return { list, text: r.out };
}

test('a raised alert is POSTed once, signed, with the headers and body of the contract', async () => {
  const hook = await receiver();
  const server = await startServer({ env: webhookEnv(hook.url) });
  try {
    const client = await signUp(server.url);
    const before = Math.floor(Date.now() / 1000);
    const alert = await raiseAlert(client);
    await until(() => hook.requests.length >= 1, 10000, 'the delivery');
    await sleep(1500); // a second delivery of the same event would have come by now
    assert.equal(hook.requests.length, 1, 'delivered exactly once');
    const [req] = hook.requests;
    assert.equal(req.method, 'POST');
    assert.equal(req.url, '/roer-hook?installation=test');
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['user-agent'], 'Roer');
    assert.equal(req.headers['x-roer-event'], 'alert.raised');
    assert.match(req.headers['x-roer-delivery'], /^\d+$/);
    assert.match(req.headers['x-roer-timestamp'], /^\d+$/);
    const timestamp = Number(req.headers['x-roer-timestamp']);
    assert.ok(timestamp >= before - 1 && timestamp <= Math.ceil(Date.now() / 1000) + 1, `timestamp ${timestamp} is now`);

    // The receiver's check: HMAC-SHA256 under the shared secret of "<timestamp>.<raw body>".
    const signature = req.headers['x-roer-signature'];
    assert.match(signature, /^sha256=[0-9a-f]{64}$/);
    const expected = expectedSignature(timestamp, req.raw);
    assert.ok(timingSafeEqual(Buffer.from(signature), Buffer.from(expected)), 'the signature verifies');
    assert.notEqual(signature, expectedSignature(timestamp, req.raw, `${SECRET}\n`), 'the line break is no part of the secret');
    assert.notEqual(signature, expectedSignature(timestamp + 1, req.raw), 'the timestamp is signed');
    assert.notEqual(signature, expectedSignature(timestamp, req.raw.replace('alert.raised', 'alert.raisex')), 'the body is signed');

    // The body: the delivery id (as in the header), the event, when it was raised, and the payload.
    assert.deepEqual(Object.keys(req.body), ['id', 'event', 'created_at', 'data']);
    assert.equal(req.body.id, Number(req.headers['x-roer-delivery']));
    assert.equal(req.body.event, 'alert.raised');
    assert.match(req.body.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.ok(Math.abs(Date.parse(req.body.created_at) / 1000 - before) <= 5, 'created_at is when the alert was raised');
    // Minimal (docs/security.md): which alert, about whom, what kind, how urgent. Nothing the client typed.
    assert.deepEqual(req.body.data, { alert_id: alert.id, client_id: client.me.id, kind: 'help', severity: alert.severity });
    assert.equal(alert.client.id, client.me.id);
    assert.ok(!req.raw.includes('gevallen'), `the help text is not in the payload: ${req.raw}`);

    const { list } = deliveries(server.dataDir);
    assert.equal(list.length, 1);
    assert.equal(list[0].state, 'delivered');
    assert.deepEqual(list[0].attempts, [{ n: 1, outcome: 'HTTP 204' }]);
    // Taken up and closed: the service hears both, so that it can stop calling.
    assert.equal((await client.post(`/alerts/${alert.id}/acknowledge`)).status, 200);
    assert.equal((await client.post(`/alerts/${alert.id}/close`, { note: 'Buurvrouw is er' })).status, 200);
    await until(() => hook.requests.length >= 3, 10000, 'the two later deliveries');
    assert.deepEqual(hook.requests.slice(1).map((r) => [r.headers['x-roer-event'], r.body.data]),
      [['alert.acknowledged', { alert_id: alert.id, client_id: client.me.id, by: client.me.id }],
        ['alert.closed', { alert_id: alert.id, client_id: client.me.id, by: client.me.id }]]);
    assert.ok(!hook.requests[2].raw.includes('Buurvrouw'), 'the closing note stays in Roer');
    assert.ok(!server.output().includes(SECRET), 'the secret is not in the log');
  } finally {
    await server.stop();
    await hook.close();
  }
});

test('a receiver answering 500 twice gets the delivery again after 1 and 2 seconds; every attempt is logged', async () => {
  const hook = await receiver((n) => (n <= 2 ? 500 : 200));
  const server = await startServer({ env: webhookEnv(hook.url) });
  try {
    const client = await signUp(server.url);
    await raiseAlert(client);
    await until(() => hook.requests.length >= 3, 20000, 'three attempts');
    await sleep(1500);
    assert.equal(hook.requests.length, 3, 'no attempt after the one that was answered 200');
    const ids = new Set(hook.requests.map((r) => r.headers['x-roer-delivery']));
    assert.equal(ids.size, 1, 'three attempts at one delivery');
    // The same body each time, signed anew with each attempt's time.
    assert.ok(hook.requests.every((r) => r.raw === hook.requests[0].raw));
    for (const r of hook.requests) assert.equal(r.headers['x-roer-signature'], expectedSignature(r.headers['x-roer-timestamp'], r.raw));
    // Back-off: --webhook-retry-seconds (1) after the first failure, twice that after the second.
    const [t1, t2, t3] = hook.requests.map((r) => Number(r.headers['x-roer-timestamp']));
    assert.ok(t2 - t1 >= 1, `second attempt ${t2 - t1} s after the first`);
    assert.ok(t3 - t2 >= 2, `third attempt ${t3 - t2} s after the second`);

    const { list } = deliveries(server.dataDir);
    assert.equal(list.length, 1);
    assert.equal(list[0].state, 'delivered');
    assert.equal(list[0].count, 3);
    assert.deepEqual(list[0].attempts, [{ n: 1, outcome: 'HTTP 500' }, { n: 2, outcome: 'HTTP 500' }, { n: 3, outcome: 'HTTP 200' }]);
    assert.ok(!server.output().includes(SECRET), 'the secret is not in the log');
  } finally {
    await server.stop();
    await hook.close();
  }
});

test('a delivery is given up after --webhook-attempts; the back-offs run on the server clock', async () => {
  const hook = await receiver(() => 500);
  const clockFile = join(dir, 'clock');
  // The server's clock is the wall clock plus the file's offset: setting it to a time keeps it moving from there.
  const setServerTime = (t) => writeFileSync(clockFile, String(t - Math.floor(Date.now() / 1000)));
  const stamp = (n) => Number(hook.requests[n].headers['x-roer-timestamp']);
  writeFileSync(clockFile, '0');
  // The default back-off (10 s, then 20 s) is not waited for: the test moves the server's clock.
  const server = await startServer({
    env: webhookEnv(hook.url, { ROER_WEBHOOK_RETRY_SECONDS: '10', ROER_WEBHOOK_ATTEMPTS: '3', ROER_TEST_CLOCK_FILE: clockFile }),
  });
  try {
    const client = await signUp(server.url);
    await raiseAlert(client);
    await until(() => hook.requests.length >= 1, 10000, 'the first attempt');
    setServerTime(stamp(0) + 5);
    await sleep(1500);
    assert.equal(hook.requests.length, 1, 'no second attempt before the back-off of 10 s has passed');
    setServerTime(stamp(0) + 12);
    await until(() => hook.requests.length >= 2, 10000, 'the second attempt');
    assert.ok(stamp(1) - stamp(0) >= 10, `second attempt ${stamp(1) - stamp(0)} s after the first`);
    setServerTime(stamp(1) + 15);
    await sleep(1500);
    assert.equal(hook.requests.length, 2, 'no third attempt before the back-off of 20 s has passed');
    setServerTime(stamp(1) + 22);
    await until(() => hook.requests.length >= 3, 10000, 'the third attempt');
    assert.ok(stamp(2) - stamp(1) >= 20, `third attempt ${stamp(2) - stamp(1)} s after the second`);
    setServerTime(stamp(2) + 7200);
    await sleep(2000);
    assert.equal(hook.requests.length, 3, 'given up after the third attempt');

    const { list } = deliveries(server.dataDir);
    assert.equal(list.length, 1);
    assert.equal(list[0].state, 'given up');
    assert.deepEqual(list[0].attempts.map((a) => a.outcome), ['HTTP 500', 'HTTP 500', 'HTTP 500']);
  } finally {
    await server.stop();
    await hook.close();
  }
});

test('a delivery pending when the server stops arrives exactly once after a restart', async () => {
  // A port with nobody listening: the receiver is down, every attempt is refused.
  const down = await receiver();
  const port = down.port;
  await down.close();
  const dataDir = join(dir, 'restart');
  const first = await startServer({ dataDir, env: webhookEnv(`http://127.0.0.1:${port}/roer-hook`) });
  let client;
  try {
    client = await signUp(first.url);
    await raiseAlert(client);
    await until(() => deliveries(dataDir).list[0]?.attempts.length >= 1, 10000, 'a refused attempt');
  } finally {
    await first.stop();
  }
  let { list } = deliveries(dataDir);
  assert.equal(list.length, 1);
  assert.equal(list[0].state, 'pending');
  assert.match(list[0].attempts[0].outcome, /^no reply: /);

  // The receiver is up again (on the same port), and so is Roer.
  const hook = await receiver(() => 204, port);
  const second = await startServer({ dataDir, env: webhookEnv(hook.url) });
  try {
    await until(() => hook.requests.length >= 1, 15000, 'the delivery after the restart');
    await sleep(2000);
    assert.equal(hook.requests.length, 1, 'exactly once');
    const [req] = hook.requests;
    assert.equal(req.body.id, list[0].id);
    assert.equal(req.headers['x-roer-signature'], expectedSignature(req.headers['x-roer-timestamp'], req.raw));
    ({ list } = deliveries(dataDir));
    assert.equal(list[0].state, 'delivered');
    assert.equal(list[0].attempts.at(-1).outcome, 'HTTP 204');
    assert.ok(list[0].attempts.slice(0, -1).every((a) => a.outcome.startsWith('no reply: ')));
  } finally {
    await second.stop();
    await hook.close();
  }
});

test('stopping the server cuts off an attempt in flight within a bounded time; it stays pending', async () => {
  // A receiver that takes the request and never answers.
  const held = [];
  const silent = http.createServer((req) => { held.push(req); });
  await new Promise((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const dataDir = join(dir, 'silent');
  const server = await startServer({ dataDir, env: webhookEnv(`http://127.0.0.1:${silent.address().port}/`) });
  try {
    const client = await signUp(server.url);
    await raiseAlert(client);
    await until(() => held.length >= 1, 10000, 'the attempt to reach the receiver');
  } finally {
    const started = Date.now();
    await server.stop();
    // libcurl looks at the stop flag about once a second; the request timeout (10 s) is not waited for.
    assert.ok(Date.now() - started < 5000, `stopped in ${Date.now() - started} ms`);
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  }
  const { list } = deliveries(dataDir);
  assert.equal(list.length, 1);
  assert.equal(list[0].state, 'pending');
  assert.deepEqual(list[0].attempts, [{ n: 1, outcome: 'no reply: abandoned: the server was stopping' }]);
});

test('without a URL nothing is sent and nothing is stored', async () => {
  const hook = await receiver();
  const server = await startServer({ env: { ROER_WEBHOOK_SECRET_FILE: secretFile } });
  try {
    const client = await signUp(server.url);
    await raiseAlert(client);
    await sleep(1500);
    assert.equal(hook.requests.length, 0);
    const { list, text } = deliveries(server.dataDir);
    assert.equal(list.length, 0);
    assert.equal(text, 'no webhook deliveries\n');
  } finally {
    await server.stop();
    await hook.close();
  }
});

test('the settings are checked at start, with a clear message that never shows the secret', () => {
  const data = join(dir, 'settings');
  const serve = (env) => run(['serve', '--listen', '127.0.0.1:0', '--data', data], env);

  let r = serve({ ROER_WEBHOOK_URL: 'https://alarm.example.nl/roer' });
  assert.equal(r.code, 2);
  assert.match(r.err, /--webhook-url needs --webhook-secret-file/);
  for (const url of ['ftp://alarm.example.nl/', 'https://', 'https://user:pw@alarm.example.nl/', 'https://alarm.example.nl/a b',
    'https://alarm.example.nl/#x', 'alarm.example.nl']) {
    r = serve({ ROER_WEBHOOK_URL: url, ROER_WEBHOOK_SECRET_FILE: secretFile });
    assert.equal(r.code, 2, `${url} refused`);
    assert.match(r.err, /--webhook-url: /);
  }
  r = run(['serve', '--webhook-url', 'https://alarm.example.nl/roer', '--webhook-attempts', '0']);
  assert.equal(r.code, 2);
  assert.match(r.err, /--webhook-attempts: '0' is not a whole number from 1 to 100/);
  r = serve({ ROER_WEBHOOK_URL: 'https://alarm.example.nl/roer', ROER_WEBHOOK_RETRY_SECONDS: '0' });
  assert.equal(r.code, 2);
  assert.match(r.err, /ROER_WEBHOOK_RETRY_SECONDS: '0' is not a whole number from 1 to 3600/);

  const short = join(dir, 'short-secret');
  writeFileSync(short, 'too short a secret\n');
  chmodSync(short, 0o600);
  r = serve({ ROER_WEBHOOK_URL: 'https://alarm.example.nl/roer', ROER_WEBHOOK_SECRET_FILE: short });
  assert.equal(r.code, 1);
  assert.match(r.err, /the secret in '.*short-secret' is 18 bytes; it needs at least 32/);
  assert.ok(!r.err.includes('too short a secret'), 'the secret is not printed');
  r = serve({ ROER_WEBHOOK_URL: 'https://alarm.example.nl/roer', ROER_WEBHOOK_SECRET_FILE: join(dir, 'no-such-file') });
  assert.equal(r.code, 1);
  assert.match(r.err, /--webhook-secret-file: cannot open '.*no-such-file'/);

  // An empty URL is no webhook (as an unset one): the other commands take it too.
  r = run(['webhooks', '--data', data], { ROER_WEBHOOK_URL: '' });
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, 'no webhook deliveries\n');
  r = run(['--help']);
  for (const word of ['--webhook-url', 'ROER_WEBHOOK_URL', '--webhook-secret-file', '--webhook-retry-seconds', '--webhook-attempts', 'roer webhooks']) {
    assert.ok(r.out.includes(word), `help mentions ${word}`);
  }
});
