// DNS rebinding (issue 9, item 9). A page on rebind.evil.example, whose name
// its owner then points at 127.0.0.1, reaches Roer with "Host:
// rebind.evil.example:PORT", and to the browser its requests are
// same-origin, so Origin matches that Host. Roer used to accept an Origin
// equal to "http(s)://" + Host, so login and PATCH /me went through. Now it
// answers only to the Host of its public URL (and, listening on loopback,
// to 127.0.0.1, localhost and [::1] at its port), and takes only an Origin
// whose scheme, host and port are the public URL's. The tests' server is
// started with port 0, so the public URL it derives must carry the port it
// really got.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer } from '../lib/server.mjs';
import { API, PASSWORD, assertError, rawSocket, rawJson, signUp, uniqueEmail } from '../lib/api.mjs';

let server;
let port;
let rebound;
before(async () => {
  server = await startServer();
  port = server.port;
  rebound = `rebind.evil.example:${port}`;
});
after(() => server.stop());

// One request with the Host header as given (fetch cannot set Host):
// { status, headers, text, body (JSON or null), setCookies }.
function send(path, { method = 'GET', host = `127.0.0.1:${port}`, headers = {}, body } = {}) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const all = { Host: host, ...headers };
  if (payload !== undefined) {
    all['Content-Type'] = 'application/json';
    all['Content-Length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers: all, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let parsed = null;
        try { parsed = JSON.parse(text); } catch { parsed = null; }
        resolve({ status: res.statusCode, headers: res.headers, text, body: parsed, setCookies: res.headers['set-cookie'] || [] });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

// What a person's session sends from the page, with the Host and Origin given.
const session = (p, host, origin) => ({
  host,
  headers: { Cookie: `roer=${p.cookie}`, 'X-CSRF-Token': p.csrf, Origin: origin, 'Sec-Fetch-Site': 'same-origin' },
});

async function auditCount(p) {
  return (await p.audit()).items.length;
}

test('a login with a rebinding Host and its matching Origin is refused and gives no session', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('rebind'), name: 'Anna' });
  const before = await auditCount(p);
  const r = await send(`${API}/auth/login`, {
    method: 'POST', host: rebound, body: { email: p.email, password: PASSWORD },
    headers: { Origin: `http://${rebound}`, 'Sec-Fetch-Site': 'same-origin' },
  });
  assertError(r, 421, 'misdirected_request');
  assert.deepEqual(r.setCookies, [], 'no session cookie');
  assert.equal(await auditCount(p), before, 'no login on the audit log');
});

test('PATCH /me with a rebinding Host, its matching Origin and a valid session is refused and changes nothing', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('rebind'), name: 'Anna' });
  const before = await auditCount(p);
  const r = await send(`${API}/me`, { method: 'PATCH', body: { name: 'Changed by evil' }, ...session(p, rebound, `http://${rebound}`) });
  assertError(r, 421, 'misdirected_request');
  // Without Sec-Fetch-Site and Origin too (an older browser): the Host alone refuses it.
  const bare = await send(`${API}/me`, {
    method: 'PATCH', host: rebound, body: { name: 'Changed by evil' }, headers: { Cookie: `roer=${p.cookie}`, 'X-CSRF-Token': p.csrf },
  });
  assertError(bare, 421, 'misdirected_request');
  const me = await p.get('/me');
  assert.equal(me.body.name, 'Anna');
  assert.equal(await auditCount(p), before, 'nothing on the audit log');
});

test('a GET with a foreign Host is refused, for the API and the pages alike', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('rebind'), name: 'Anna' });
  for (const path of [`${API}/health`, `${API}/me`, '/', '/index.html', '/app.js', '/no-such-page']) {
    const r = await send(path, { host: rebound, headers: { Cookie: `roer=${p.cookie}` } });
    assertError(r, 421, 'misdirected_request');
    assert.match(r.headers['content-type'], /^application\/json/, path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', `${path}: security headers too`);
  }
  for (const host of [`127.0.0.1:${port + 1}`, '127.0.0.1', `localhost:${port + 1}`, `127.0.0.2:${port}`, `localhost.:${port}`,
    `evil.example`, `127.0.0.1:${port}.evil.example`, `127.0.0.1:${port}@evil.example`, `[::2]:${port}`, `127.0.0.1:0${port}x`, ' ']) {
    assertError(await send(`${API}/health`, { host }), 421, 'misdirected_request');
  }
  // Without Host there is nothing to check: 400, also for HTTP/1.0, which may leave it out.
  for (const version of ['1.0', '1.1']) {
    const noHost = await rawSocket(port, `GET ${API}/health HTTP/${version}\r\nConnection: close\r\n\r\n`);
    assert.equal(noHost.status, 400, noHost.text);
    assert.equal(rawJson(noHost.text).error.code, 'bad_request');
  }
});

test('an Origin with another scheme, port or host is refused on a state change', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('origin'), name: 'Anna' });
  for (const origin of [`https://127.0.0.1:${port}`, `http://127.0.0.1:${port + 1}`, 'http://127.0.0.1', `http://localhost:${port}`,
    `http://127.0.0.2:${port}`, `http://${rebound}`, `http://127.0.0.1:${port}/`, `http://127.0.0.1:${port}.evil.example`, 'null']) {
    const r = await send(`${API}/me`, { method: 'PATCH', body: { name: 'Changed' }, ...session(p, `127.0.0.1:${port}`, origin) });
    assertError(r, 403, 'origin_refused');
    const login = await send(`${API}/auth/login`, {
      method: 'POST', body: { email: p.email, password: PASSWORD }, headers: { Origin: origin },
    });
    assertError(login, 403, 'origin_refused');
    assert.deepEqual(login.setCookies, [], `no session for a login from ${origin}`);
  }
  assert.equal((await p.get('/me')).body.name, 'Anna');
});

test('the public URL (its real port) and the listen address by name still work', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('same'), name: 'Anna' });
  const changed = await send(`${API}/me`, { method: 'PATCH', body: { name: 'Same Origin' }, ...session(p, `127.0.0.1:${port}`, server.url) });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.body.name, 'Same Origin');
  const login = await send(`${API}/auth/login`, {
    method: 'POST', body: { email: p.email, password: PASSWORD }, headers: { Origin: server.url, 'Sec-Fetch-Site': 'same-origin' },
  });
  assert.equal(login.status, 200, login.text);
  // A proxy or a tool on this machine may name the listen address: 127.0.0.1, localhost or [::1] at the port.
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LocalHost:${port}`, `[::1]:${port}`]) {
    const r = await send(`${API}/health`, { host });
    assert.equal(r.status, 200, `${host}: ${r.text}`);
  }
  const page = await send('/', { host: `localhost:${port}` });
  assert.notEqual(page.status, 421, page.text);
});
