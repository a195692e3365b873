// Security headers on API, static and error replies; Cache-Control no-store
// on /api; and that every route of the route table (`roer routes`) that is
// not marked public needs a session (401 without one).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, repoRoot } from '../lib/server.mjs';
import { Person, uniqueEmail, signUp, assertError, rawFetch, rawSocket, API } from '../lib/api.mjs';

const roer = process.env.ROER_BIN || join(repoRoot, 'build', 'asan', 'roer');
const routes = JSON.parse(execFileSync(roer, ['routes'], { encoding: 'utf8' }));

let server;
let web;
let jan;
before(async () => {
  // A stand-in front end, so static replies can be checked without building web/.
  web = mkdtempSync(join(tmpdir(), 'roer-web-'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Roer</title><script src="/app.js"></script>');
  writeFileSync(join(web, 'app.js'), 'console.log("roer");');
  writeFileSync(join(web, 'style.css'), 'body{}');
  server = await startServer({ env: { ROER_WEB: web } });
  jan = await signUp(server.url, { email: uniqueEmail('jan') });
});
after(async () => {
  await server.stop();
  rmSync(web, { recursive: true, force: true });
});

function directives(csp) {
  const out = {};
  for (const part of csp.split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out[name.toLowerCase()] = values;
  }
  return out;
}

function assertSecurityHeaders(headers, what) {
  const csp = headers.get('content-security-policy');
  assert.ok(csp, `${what}: Content-Security-Policy present`);
  const d = directives(csp);
  assert.deepEqual(d['default-src'], ["'self'"], `${what}: default-src 'self' in ${csp}`);
  assert.deepEqual(d['frame-ancestors'], ["'none'"], `${what}: frame-ancestors 'none' in ${csp}`);
  const scripts = d['script-src'] || d['default-src'];
  assert.ok(!scripts.includes("'unsafe-inline'"), `${what}: no 'unsafe-inline' in script-src: ${csp}`);
  assert.ok(!scripts.includes("'unsafe-eval'") && !scripts.includes('*'), `${what}: script-src is strict: ${csp}`);
  assert.equal(headers.get('x-content-type-options'), 'nosniff', `${what}: nosniff`);
  assert.equal(headers.get('referrer-policy'), 'no-referrer', `${what}: Referrer-Policy`);
}

test('API replies carry the security headers and Cache-Control: no-store', async () => {
  const replies = {
    'GET health': await rawFetch(server.url, `${API}/health`),
    'POST register': await rawFetch(server.url, `${API}/auth/register`, {
      method: 'POST', body: { email: uniqueEmail('h'), password: 'a long enough password', name: 'H', language: 'en' },
    }),
    'GET me': await jan.get('/me'),
    'PATCH me': await jan.patch('/me', { name: 'Header Check' }),
    'GET audit': await jan.get('/me/audit'),
    'GET export': await jan.get('/me/export'),
  };
  for (const [what, r] of Object.entries(replies)) {
    assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status}`);
    assertSecurityHeaders(r.headers, what);
    assert.equal(r.headers.get('cache-control'), 'no-store', `${what}: Cache-Control`);
    assert.match(r.headers.get('content-type'), /^application\/json/, `${what}: JSON`);
  }
  const logout = await (await signUp(server.url, { email: uniqueEmail('h') })).logout();
  assert.equal(logout.status, 204);
  assertSecurityHeaders(logout.headers, '204 logout');
  assert.equal(logout.headers.get('cache-control'), 'no-store');
});

test('error replies carry the security headers (and no-store under /api)', async () => {
  const big = 'x'.repeat(1100000);
  const replies = {
    '400 malformed': await jan.patch('/me', undefined, { rawBody: '{' }),
    '400 invalid': await jan.patch('/me', { name: '' }),
    '401': await rawFetch(server.url, `${API}/me`),
    '401 login': await rawFetch(server.url, `${API}/auth/login`, { method: 'POST', body: { email: 'x@y.nl', password: 'wrong password x' } }),
    '403 csrf': await jan.patch('/me', { name: 'x' }, { csrf: false }),
    '403 origin': await jan.patch('/me', { name: 'x' }, { headers: { Origin: 'http://evil.example' } }),
    '404 api': await rawFetch(server.url, `${API}/nope`),
    '404 /api path': await rawFetch(server.url, '/api/nope'),
    '405': await rawFetch(server.url, `${API}/health`, { method: 'DELETE' }),
    '409': await new Person(server.url).register({ email: jan.email }),
    '413': await rawFetch(server.url, `${API}/auth/login`, { method: 'POST', body: big, headers: { 'Content-Type': 'application/json' } })
      .catch(() => null),
    '415': await rawFetch(server.url, `${API}/auth/login`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain' } }),
  };
  for (const [what, r] of Object.entries(replies)) {
    if (r === null) continue; // the 413 is checked over a raw socket below
    assert.equal(r.status, Number(what.slice(0, 3)), `${what}: ${r.status} ${r.text}`);
    assertSecurityHeaders(r.headers, what);
    assert.equal(r.headers.get('cache-control'), 'no-store', `${what}: Cache-Control`);
  }
  const raw = await rawSocket(server.port, [`POST ${API}/auth/login HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nContent-Type: application/json\r\n`
    + `Content-Length: ${big.length}\r\nConnection: close\r\n\r\n`, big], { firstGap: 300 });
  assert.equal(raw.status, 413);
  const head = new Headers(raw.text.split('\r\n\r\n')[0].split('\r\n').slice(1).map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i).trim(), l.slice(i + 1).trim()];
  }));
  assertSecurityHeaders(head, '413 raw');
  assert.equal(head.get('cache-control'), 'no-store');
});

test('static replies and static errors carry the security headers', async () => {
  const index = await rawFetch(server.url, '/');
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /^text\/html/);
  assert.ok(index.text.includes('<title>Roer</title>'));
  assertSecurityHeaders(index.headers, 'GET /');
  const js = await rawFetch(server.url, '/app.js');
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /javascript/);
  assertSecurityHeaders(js.headers, 'GET /app.js');
  const css = await rawFetch(server.url, '/style.css');
  assert.equal(css.status, 200);
  assertSecurityHeaders(css.headers, 'GET /style.css');
  const missing = await rawFetch(server.url, '/missing.html');
  assert.equal(missing.status, 404);
  assertSecurityHeaders(missing.headers, 'static 404');
  const post = await rawFetch(server.url, '/index.html', { method: 'POST', body: {} });
  assert.equal(post.status, 405);
  assertSecurityHeaders(post.headers, 'static 405');
  for (const path of ['/../etc/passwd', '/.env', '/%2e%2e/%2e%2e/etc/passwd', '/index.html/', '/.git/config']) {
    const r = await rawFetch(server.url, path);
    assert.equal(r.status, 404, `${path}: ${r.status}`);
    assertSecurityHeaders(r.headers, `static ${path}`);
  }
});

test('GET /api/v1/health needs no session', async () => {
  const r = await rawFetch(server.url, `${API}/health`);
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { status: 'ok' });
});

test('register and login need no session (400 for an empty body, not 401)', async () => {
  for (const path of ['/auth/register', '/auth/login']) {
    const r = await rawFetch(server.url, API + path, { method: 'POST', body: {} });
    assertError(r, 400, 'invalid_input');
  }
});

// Every route of the route table (`roer routes`) not marked public, for both forms of {client}.
// What a route needs in its query to answer 200 (one kind's readings at a time).
const QUERY = {
  [`${API}/clients/{client}/measurements`]: '?kind=weight',
  [`${API}/clients/{client}/measurements/series`]: '?kind=weight',
  [`${API}/clients/{client}/metrics`]: '?kind=weight',
};

function sessionRoutes(client) {
  // The Nightscout API authenticates devices its own way (tests/api/nightscout.test.mjs).
  return routes.filter((r) => !r.public && !r.pattern.startsWith('/nightscout/') && (client === 'me' || r.pattern.includes('{client}')))
    .map((r) => [r.method, r.pattern.replace(API, '').replace('{client}', client).replaceAll('{id}', '1') +
      (r.method === 'GET' ? QUERY[r.pattern] || '' : '')]);
}

test('the route table is read: public routes and routes that need a session', () => {
  const open = routes.filter((r) => r.public).map((r) => `${r.method} ${r.pattern}`);
  assert.ok(open.includes(`GET ${API}/health`) && open.includes(`POST ${API}/auth/login`), open.join(', '));
  assert.ok(routes.filter((r) => !r.public).length > 50, 'the route table has the session routes');
});

test('every public route answers without a session (not 401)', async () => {
  for (const route of routes.filter((r) => r.public)) {
    const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
    const r = await rawFetch(server.url, route.pattern, { method: route.method, body });
    assert.ok(r.status !== 401 && r.status < 500, `${route.method} ${route.pattern}: ${r.status} ${r.text}`);
    assert.equal(r.headers.get('cache-control'), 'no-store', `${route.method} ${route.pattern}`);
  }
});

test('every other route answers 401 without a session', async () => {
  const paths = [...sessionRoutes('me'), ...sessionRoutes(String(jan.me.id))];
  for (const [method, path] of paths) {
    for (const cookie of [null, 'roer=not-a-real-session-token']) {
      const headers = cookie ? { Cookie: cookie } : {};
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const r = await rawFetch(server.url, API + path, { method, headers, body });
      assertError(r, 401, 'unauthenticated');
      assert.equal(r.headers.get('cache-control'), 'no-store', `${method} ${path}`);
    }
  }
  // And with a session the same routes do not say 401 (they exist and are guarded by the session).
  for (const [method, path] of sessionRoutes('me').filter(([m, p]) => m === 'GET' && !/\/1(\/|$)/.test(p))) {
    if (path === '/events') {
      // The live events stream goes on for as long as the page is open: its head is the answer.
      const ac = new AbortController();
      const res = await fetch(server.url + API + path, { headers: { Cookie: jan.cookieHeader() }, signal: ac.signal });
      assert.equal(res.status, 200, 'GET /events with a session');
      assert.match(res.headers.get('content-type'), /^text\/event-stream/);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      ac.abort();
      continue;
    }
    const r = await jan.call(method, path);
    assert.equal(r.status, 200, `${method} ${path} with a session: ${r.text}`);
  }
});
