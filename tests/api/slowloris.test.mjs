// Slowloris (issue 9, item 1). libmicrohttpd restarts its connection timeout
// at every byte, so connections that trickle their request head a line at a
// time were held for ever, and a thousand of them from twenty addresses left
// no connection for anyone else. A request now has deadlines: its head must
// be in within --head-timeout of its start (the connection's opening, or on a
// kept-alive connection its first byte), the whole request within
// --request-timeout; and the server has room for more connections than twenty
// addresses may open. Loopback only: 127.0.0.2 to .21 attack, 127.0.0.1 is
// the normal user.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { API, rawSocket, sleep } from '../lib/api.mjs';

const servers = [];
after(() => Promise.all(servers.map((s) => s.stop())));

async function serve(env = {}) {
  const s = await startServer({ env });
  servers.push(s);
  return s;
}

// Keeps perAddress connections open from each of `addresses`, each sending a
// request line and then a header line every `gap` ms without ever ending its
// head. A connection the server closes is opened again after a moment, as an
// attacker would. stats: open (connected now), closedByServer, longest (ms a
// connection lived before the server closed it).
function slowloris(port, { addresses, perAddress, gap }) {
  const sockets = new Set();
  const timers = new Set();
  const stats = { open: 0, connected: 0, closedByServer: 0, longest: 0 };
  let stopping = false;

  function open(localAddress) {
    if (stopping) return;
    const s = net.connect({ host: '127.0.0.1', port, localAddress });
    let connectedAt = 0;
    let ticker = null;
    let n = 0;
    sockets.add(s);
    s.setNoDelay(true);
    s.on('connect', () => {
      connectedAt = Date.now();
      stats.open += 1;
      stats.connected += 1;
      s.write(`GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
      ticker = setInterval(() => { n += 1; s.write(`X-Slow-${n}: ${'a'.repeat(20)}\r\n`); }, gap);
    });
    s.on('data', () => {});
    s.on('error', () => {});
    s.on('close', () => {
      clearInterval(ticker);
      sockets.delete(s);
      if (connectedAt) stats.open -= 1;
      if (stopping) return;
      if (connectedAt) {
        stats.closedByServer += 1;
        stats.longest = Math.max(stats.longest, Date.now() - connectedAt);
      }
      const t = setTimeout(() => { timers.delete(t); open(localAddress); }, 50);
      timers.add(t);
    });
  }

  // Opened over two seconds, as a client ramps up, so that they do not all reach a deadline at once.
  let k = 0;
  for (let i = 0; i < perAddress; i++) {
    for (const a of addresses) {
      const t = setTimeout(() => { timers.delete(t); open(a); }, Math.floor((k++ * 2000) / (perAddress * addresses.length)));
      timers.add(t);
    }
  }
  return {
    stats,
    stop() {
      stopping = true;
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
    },
  };
}

// One normal request on a connection of its own from 127.0.0.1: its status,
// or 0 when it got no reply within timeoutMs.
function normalGet(port, path, timeoutMs) {
  return new Promise((resolve) => {
    let done = false;
    const finish = (status) => { if (!done) { done = true; clearTimeout(timer); resolve(status); } };
    const req = http.get({ host: '127.0.0.1', port, path, localAddress: '127.0.0.1', agent: false }, (res) => {
      res.resume();
      res.on('end', () => finish(res.statusCode));
      res.on('error', () => finish(0));
    });
    const timer = setTimeout(() => { req.destroy(); finish(0); }, timeoutMs);
    req.on('error', () => finish(0));
  });
}

test('100 normal requests are served while 1,000 connections from 20 addresses trickle their heads', async (t) => {
  // The default settings: what a deployment gets.
  const server = await serve();
  const addresses = Array.from({ length: 20 }, (_, i) => `127.0.0.${i + 2}`);
  const attack = slowloris(server.port, { addresses, perAddress: 50, gap: 2000 });
  try {
    for (let i = 0; i < 100 && attack.stats.open < 1000; i++) await sleep(50);
    await sleep(1000);
    const samples = [];
    const sampler = setInterval(() => samples.push(attack.stats.open), 100);

    // 10 lanes of 10 requests each, a second apart, so they meet the slow connections
    // at every stage; stop early once two have failed (99 of 100 can no longer pass).
    let ok = 0;
    let failed = 0;
    const statuses = [];
    await Promise.all(Array.from({ length: 10 }, async (_, lane) => {
      for (let i = 0; i < 10 && failed < 2; i++) {
        const status = await normalGet(server.port, (lane + i) % 2 ? `${API}/health` : `${API}/vocabulary`, 10000);
        statuses.push(status);
        if (status === 200) ok += 1;
        else failed += 1;
        await sleep(1000);
      }
    }));
    clearInterval(sampler);
    const meanOpen = Math.round(samples.reduce((a, b) => a + b, 0) / samples.length);
    t.diagnostic(`normal requests served: ${ok} of ${statuses.length}; slow connections open meanwhile: `
      + `${meanOpen} on average, ${Math.min(...samples)} at the fewest; ${JSON.stringify(attack.stats)}`);
    assert.ok(ok >= 99, `normal requests served: ${ok} of 100 (${statuses.length} tried before giving up: statuses ${JSON.stringify(statuses)}; ${JSON.stringify(attack.stats)})`);
    assert.ok(meanOpen >= 950, `the slow connections stayed open meanwhile: ${meanOpen} on average`);
    // The head deadline (5 s by default) closed every slow connection, however it trickled.
    assert.ok(attack.stats.closedByServer >= 1000, `slow connections closed by the server: ${JSON.stringify(attack.stats)}`);
    assert.ok(attack.stats.longest <= 7500, `no slow connection lived past the head deadline: ${attack.stats.longest} ms`);
  } finally {
    attack.stop();
  }
});

const HEAD_S = 2;
const REQUEST_S = 8;
// How late a cut may come: the watcher looks every 250 ms, and on a busy machine (CI's two cores
// running other suites) both it and this test's timers run late. Small enough that a head cut
// cannot be the request deadline's (HEAD_S + LATE < REQUEST_S), and a trickle outlasts it.
const LATE_MS = 4000;
let short;
async function shortServer() {
  short ??= await serve({ ROER_HEAD_TIMEOUT_SECONDS: String(HEAD_S), ROER_REQUEST_TIMEOUT_SECONDS: String(REQUEST_S) });
  return short;
}

test('a head trickled a line at a time is cut off at the head deadline', async () => {
  const server = await shortServer();
  const lines = [`GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`];
  for (let i = 0; i < 40; i++) lines.push(`X-Slow-${i}: a\r\n`);
  const r = await rawSocket(server.port, lines, { gap: 300, timeout: (HEAD_S + 5) * 1000 });
  assert.ok(r.closed, `the server closed the connection (after ${r.ms} ms)`);
  assert.equal(r.status, null, `no reply to a head that never ended: ${r.text}`);
  assert.ok(r.ms >= HEAD_S * 1000 - 300 && r.ms <= HEAD_S * 1000 + LATE_MS, `closed at the deadline: ${r.ms} ms`);
});

test('a body trickled a byte at a time is cut off at the request deadline; a slow but timely one is served', async () => {
  const server = await shortServer();
  const head = `POST ${API}/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\n`
    + 'Content-Length: 200\r\nConnection: close\r\n\r\n';
  const r = await rawSocket(server.port, [head, ...Array.from({ length: 80 }, () => ' ')],
    { gap: 250, timeout: REQUEST_S * 1000 + LATE_MS + 2000 });
  assert.ok(r.closed, `the server closed the connection (after ${r.ms} ms)`);
  assert.equal(r.status, null, `no reply to a body that never ended: ${r.text}`);
  assert.ok(r.ms >= REQUEST_S * 1000 - 300 && r.ms <= REQUEST_S * 1000 + LATE_MS, `closed at the deadline: ${r.ms} ms`);

  // Head and body in pieces over 1.5 s: slow, but within both deadlines.
  const body = '{"email":"nobody@example.nl","password":"not the password at all"}';
  const slow = await rawSocket(server.port, [
    `POST ${API}/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`,
    `Content-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
    body.slice(0, 20), body.slice(20)], { gap: 500, timeout: 10000 });
  assert.equal(slow.status, 401, `a slow but timely login is answered: ${slow.text}`);
});

test('a photo upload may take longer than the request deadline while its bytes keep coming; a trickled one is cut off', async () => {
  const server = await shortServer();
  const head = (length) => `POST ${API}/clients/me/wounds/1/photos HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`
    + `Content-Type: image/jpeg\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;
  // 352 KB at about 32 KB a second: eleven seconds, past the eight-second deadline, at a phone's slow pace.
  const piece = Buffer.alloc(16 * 1024, 0x41);
  const steady = await rawSocket(server.port, [head(22 * piece.length), ...Array(22).fill(piece)], { gap: 500, timeout: 30000 });
  assert.equal(steady.status, 401, `the whole upload arrived and was answered (no session): ${steady.text.slice(0, 100)} after ${steady.ms} ms`);
  assert.ok(steady.ms > REQUEST_S * 1000, `it took longer than the deadline: ${steady.ms} ms`);
  // A byte every quarter second is not an upload: cut off near the deadline.
  const trickle = await rawSocket(server.port, [head(200), ...Array.from({ length: 80 }, () => 'A')], { gap: 250, timeout: REQUEST_S * 1000 + LATE_MS + 4000 });
  assert.ok(trickle.closed, `the server closed the connection (after ${trickle.ms} ms)`);
  assert.equal(trickle.status, null, trickle.text);
  assert.ok(trickle.ms <= REQUEST_S * 1000 + LATE_MS, `closed near the deadline: ${trickle.ms} ms`);
});

test('a kept-alive connection may idle past the head deadline, but its next head gets the same deadline', async () => {
  const server = await shortServer();
  const sock = net.connect({ host: '127.0.0.1', port: server.port });
  await new Promise((resolve) => sock.once('connect', resolve));
  let text = '';
  let closedAt = 0;
  sock.on('data', (d) => { text += d.toString('latin1'); });
  sock.on('error', () => {});
  sock.on('close', () => { closedAt = Date.now(); });
  const replies = () => (text.match(/HTTP\/1\.1 200 /g) || []).length;
  const request = `GET ${API}/health HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n\r\n`;
  const waitFor = async (n) => { for (let i = 0; i < 100 && replies() < n && !closedAt; i++) await sleep(50); };

  sock.write(request);
  await waitFor(1);
  assert.equal(replies(), 1, text);
  await sleep((HEAD_S + 1) * 1000); // idle: the idle timeout (30 s) governs, not the head deadline
  assert.equal(closedAt, 0, 'an idle kept-alive connection stays open past the head deadline');
  sock.write(request);
  await waitFor(2);
  assert.equal(replies(), 2, `the second request is served on the same connection: ${text}`);

  await sleep(1000);
  const firstByte = Date.now();
  sock.write(`GET ${API}/health HTTP/1.1\r\n`);
  for (let i = 0; i < 30 && !closedAt; i++) {
    await sleep(300);
    if (!closedAt) sock.write(`X-Slow-${i}: a\r\n`);
  }
  sock.destroy();
  assert.ok(closedAt, 'the trickled third head was cut off');
  const ms = closedAt - firstByte;
  assert.ok(ms >= HEAD_S * 1000 - 300 && ms <= HEAD_S * 1000 + LATE_MS, `cut at the deadline after its first byte: ${ms} ms`);
  assert.equal(replies(), 2, text);
});
