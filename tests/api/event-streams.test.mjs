// Open pages must not starve the server: with 1,000 live-event streams open
// (from 127.0.0.2 to .21, fifty each; loopback only), other requests from
// 127.0.0.1 are still served, each within a bound, and an alert still
// reaches every open stream of its person. A stream holds no thread while it
// waits (its connection is suspended), so the few worker threads stay free.
// Also: the limits per person and in all answer 503 with Retry-After.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startServer } from '../lib/server.mjs';
import { API, signUp, uniqueEmail, retryAfter } from '../lib/api.mjs';

const STREAMS = 1000;
const ADDRESSES = 20;
const PER_PERSON = 100;
// A request of the normal user must be answered within this, however many streams are open (a bound,
// not a measurement: on a busy CI machine a request takes milliseconds, not seconds).
const BOUND_MS = 5000;

let server;
const people = [];
const sockets = [];

// Opens a raw event stream and resolves once its head and first comment are in; `seen` collects what comes.
function openStream(person, localAddress) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: server.port, localAddress });
    const st = { socket: s, text: '', open: false };
    s.setEncoding('utf8');
    s.on('connect', () => {
      s.write(`GET ${API}/events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: roer=${person.cookie}\r\n` +
        'Accept: text/event-stream\r\n\r\n');
    });
    s.on('data', (d) => {
      st.text += d;
      if (!st.open && /^HTTP\/1\.1 200/.test(st.text) && st.text.includes('retry: 3000')) {
        st.open = true;
        resolve(st);
      }
      if (!st.open && /^HTTP\/1\.1 [45]\d\d/.test(st.text) && st.text.includes('\r\n\r\n')) reject(new Error(st.text));
    });
    s.on('error', reject);
    s.on('close', () => { st.closed = true; if (!st.open) reject(new Error(`closed: ${st.text}`)); });
    sockets.push(s);
  });
}

before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_EVENT_STREAMS_PER_PERSON: String(PER_PERSON),
    ROER_EVENT_STREAMS: String(STREAMS + 50) } });
  for (let i = 0; i < STREAMS / PER_PERSON; i++) people.push(await signUp(server.url, { email: uniqueEmail(`s${i}`), name: `S${i}` }));
});
after(async () => {
  for (const s of sockets) s.destroy();
  await server.stop();
});

test('1,000 open streams: other requests are served within a bound, and an alert reaches every stream of its person', async () => {
  const streams = [];
  for (let i = 0; i < STREAMS; i++) {
    const address = `127.0.0.${2 + (i % ADDRESSES)}`;
    streams.push(openStream(people[Math.floor(i / PER_PERSON)], address));
  }
  const open = await Promise.all(streams);
  assert.equal(open.length, STREAMS);
  // The normal user: a public read, a signed-in read, and a write, many times, none waiting past the bound.
  const ann = people[0];
  const slow = [];
  for (let i = 0; i < 60; i++) {
    for (const call of [
      () => fetch(`${server.url}${API}/health`).then((r) => r.status),
      () => ann.get('/me').then((r) => r.status),
      () => ann.post('/clients/me/measurements', { kind: 'weight', value: 70 + i / 10, taken_at: new Date(Date.now() - i * 1000).toISOString() }).then((r) => r.status),
    ]) {
      const t0 = Date.now();
      const status = await call();
      const ms = Date.now() - t0;
      assert.ok(status === 200 || status === 201, `status ${status}`);
      if (ms > BOUND_MS) slow.push(ms);
    }
  }
  assert.deepEqual(slow, [], `requests slower than ${BOUND_MS} ms with ${STREAMS} streams open`);
  // Every one of the person's streams hears of their own call for help.
  const help = await people[3].post('/clients/me/help', { text: 'Test' });
  assert.equal(help.status, 201, help.text);
  const theirs = open.slice(3 * PER_PERSON, 4 * PER_PERSON);
  const deadline = Date.now() + 30000;
  while (theirs.some((s) => !s.text.includes('event: alert')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.equal(theirs.filter((s) => s.text.includes('event: alert')).length, PER_PERSON);
  assert.equal(open.slice(0, PER_PERSON).filter((s) => s.text.includes('event: alert')).length, 0, 'nobody else\'s streams');
  assert.equal(open.filter((s) => s.closed).length, 0, 'no stream was dropped');
});

test('past the limits: 503 with Retry-After, per person and in all', async () => {
  const r = await people[0].get('/events');
  assert.equal(r.status, 503, r.text);
  assert.equal(r.body.error.code, 'busy');
  assert.ok(retryAfter(r) > 0);
  const newcomer = await signUp(server.url, { email: uniqueEmail('late'), name: 'Late' });
  const ok = [];
  for (let i = 0; i < 50; i++) ok.push(openStream(newcomer, '127.0.0.30'));
  await Promise.all(ok);
  const full = await signUp(server.url, { email: uniqueEmail('full'), name: 'Full' });
  const refused = await full.get('/events');
  assert.equal(refused.status, 503, 'the streams in all are at their limit');
});
