// A real uploader against Roer: share2nightscout-bridge (npm), the program that copies a Dexcom
// receiver's readings from Dexcom Share to a Nightscout site, run unchanged with Roer as the site.
// Dexcom's cloud is played by a small HTTP server here (the bridge takes its addresses as options);
// everything the bridge sends to Roer (the api-secret header it hashes itself, the entries body, the
// path) is its own code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { startServer } from '../lib/server.mjs';
import { signUp, uniqueEmail } from '../lib/api.mjs';

const require = createRequire(import.meta.url);
const bridge = require('share2nightscout-bridge');

let server;
let dexcom;
let ann;
const now = Date.now();
// What Dexcom Share holds: three readings, newest first, with Share's own date format and trend codes.
const share = [
  { DT: `/Date(${now - 60000}+0100)/`, ST: `/Date(${now - 60000})/`, Trend: 4, Value: 101, WT: `/Date(${now - 60000})/` },
  { DT: `/Date(${now - 360000}+0100)/`, ST: `/Date(${now - 360000})/`, Trend: 3, Value: 117, WT: `/Date(${now - 360000})/` },
  { DT: `/Date(${now - 660000}+0100)/`, ST: `/Date(${now - 660000})/`, Trend: 2, Value: 142, WT: `/Date(${now - 660000})/` },
];

before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000' } });
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  // A plain socket, not node:http: the bridge's glucose request says Content-Length: 0 and then sends
  // two bytes of body, which Node's HTTP parser refuses (Dexcom's servers do not). It asks to close.
  dexcom = createServer((socket) => {
    socket.once('data', (d) => {
      const path = d.toString().split(' ')[1] || '';
      const body = path.startsWith('/auth') ? '"account-1"' : path.startsWith('/login') ? '"session-1"'
        : path.startsWith('/glucose') ? JSON.stringify(share) : null;
      const status = body === null ? '404 Not Found' : '200 OK';
      const text = body ?? '{}';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => dexcom.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  dexcom.close();
  await server.stop();
});

// Runs the bridge once; resolves with what it uploaded and the server's reply, as the bridge saw it.
function runBridge(secret) {
  const base = `http://127.0.0.1:${dexcom.address().port}`;
  const log = console.log;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { console.log = log; reject(new Error('the bridge did not upload')); }, 20000);
    // The bridge reports its upload's reply only in its log line ("Nightscout upload ... status ...").
    console.log = (...args) => {
      if (args[0] === 'Nightscout upload') {
        clearTimeout(timer);
        console.log = log;
        resolve({ error: args[2], status: args[4], body: args[5] });
      }
    };
    bridge({
      login: { accountName: 'ann', password: 'dexcom password', auth: `${base}/auth`, login: `${base}/login` },
      fetch: { maxCount: 3, minutes: 1440, LatestGlucose: `${base}/glucose` },
      nightscout: { endpoint: `${server.url}/nightscout`, API_SECRET: secret },
      maxFailures: 1,
      firstFetchCount: 3,
    });
  });
}

test('share2nightscout-bridge uploads to Roer unchanged, and a retry stores nothing twice', async () => {
  const made = await ann.post('/clients/me/devices', { name: 'Dexcom Share bridge', kinds: ['cgm'] });
  assert.equal(made.status, 201, made.text);
  let r = await runBridge(made.body.token);
  assert.equal(r.error, null);
  assert.equal(r.status, 200);
  assert.equal(r.body.length, 3, 'one stored entry per entry sent');
  for (const e of r.body) assert.match(e._id, /^[0-9a-f]{24}$/);
  const stored = await ann.get('/clients/me/measurements?kind=cgm');
  assert.deepEqual(stored.body.map((m) => Math.round(m.value * 18)), [101, 117, 142]);
  assert.deepEqual(stored.body.map((m) => m.extra.direction), ['Flat', 'FortyFiveUp', 'SingleUp']);
  assert.ok(stored.body.every((m) => m.via === 'device' && m.extra.device === 'share2'));
  // The bridge runs again (it fetches the same readings): nothing is stored twice.
  r = await runBridge(made.body.token);
  assert.equal(r.status, 200);
  assert.equal((await ann.get('/clients/me/measurements?kind=cgm')).body.length, 3);
  // With a wrong secret the bridge gets Nightscout's 401 and nothing is stored.
  r = await runBridge('not the token of any device');
  assert.equal(r.status, 401);
  assert.equal(r.body.status, 401);
});
