// A small HTTP client for the API suite: one Person per signed-in person,
// with a cookie jar and the anti-forgery token remembered from the person
// object; raw fetch and raw socket helpers for bad-input tests; RFC 6238
// TOTP codes computed here so the two-factor tests need no other library.
import assert from 'node:assert/strict';
import net from 'node:net';
import { createHmac } from 'node:crypto';

export const PASSWORD = 'a long enough password';
export const API = '/api/v1';

// Settings for every request of this process. connectionClose: send
// "Connection: close" so no connection is reused; for files that set a short
// server idle timeout, where a kept-alive connection could be closed by the
// server just as the next request is sent on it.
export const fetchSettings = { connectionClose: false };

let counter = 0;
// A unique email per call, so tests in one file never clash.
export function uniqueEmail(prefix = 'p') {
  counter += 1;
  return `${prefix}${counter}-${process.pid}@example.nl`;
}

// Parses one Set-Cookie header value into { name, value, attrs } where attrs
// maps lower-case attribute names to their value (true for flags).
export function parseSetCookie(header) {
  const [pair, ...rest] = header.split(';');
  const eq = pair.indexOf('=');
  const attrs = {};
  for (const part of rest) {
    const p = part.trim();
    if (!p) continue;
    const i = p.indexOf('=');
    if (i < 0) attrs[p.toLowerCase()] = true;
    else attrs[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim();
  }
  return { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim(), attrs };
}

function cookieDeletes(c) {
  if (c.value === '') return true;
  if (c.attrs['max-age'] !== undefined && Number(c.attrs['max-age']) <= 0) return true;
  if (c.attrs.expires && Date.parse(c.attrs.expires) < Date.now()) return true;
  return false;
}

// One reply, read fully: status, headers (a Headers object), bytes (a
// Buffer, for images), text, and body (parsed JSON, or null when empty or
// not JSON).
async function readReply(res) {
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  let body = null;
  if (text) {
    try { body = JSON.parse(text); } catch { body = null; }
  }
  return { status: res.status, headers: res.headers, bytes, text, body, setCookies: res.headers.getSetCookie() };
}

// fetch without any client state. path is absolute ("/api/v1/health").
// opts: { method, headers, body (string, Buffer, or object sent as JSON) }.
export async function rawFetch(baseUrl, path, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  if (fetchSettings.connectionClose) headers.Connection = 'close';
  let body = opts.body;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    body = JSON.stringify(body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
  }
  const res = await fetch(baseUrl + path, { method: opts.method || 'GET', headers, body, redirect: 'manual' });
  return readReply(res);
}

// A person using the API: cookie jar, csrf token, and the last person object.
export class Person {
  constructor(baseUrl, { userAgent = 'roer-api-tests' } = {}) {
    this.baseUrl = baseUrl;
    this.userAgent = userAgent;
    this.jar = new Map(); // cookie name -> value
    this.csrf = null;
    this.me = null;
    this.lastCookies = []; // parsed Set-Cookie headers of the last reply
    this.email = null;
    this.password = null;
  }

  get cookie() { return this.jar.get('roer'); }

  // Replaces the session cookie (e.g. to replay an old one).
  setCookie(value) {
    if (value === undefined || value === null) this.jar.delete('roer');
    else this.jar.set('roer', value);
  }

  cookieHeader() {
    return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  // call(method, path, body, opts): path is under /api/v1 unless it starts
  // with "/api/" or opts.absolute. opts: { headers, csrf (false to leave the
  // header out, or a string to send instead), contentType, rawBody }.
  async call(method, path, body, opts = {}) {
    const full = (opts.absolute || path.startsWith('/api/')) ? path : API + path;
    const headers = { 'User-Agent': this.userAgent };
    if (fetchSettings.connectionClose) headers.Connection = 'close';
    const cookie = this.cookieHeader();
    if (cookie) headers.Cookie = cookie;
    if (method !== 'GET' && method !== 'HEAD') {
      if (typeof opts.csrf === 'string') headers['X-CSRF-Token'] = opts.csrf;
      else if (opts.csrf !== false && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    }
    let payload;
    if (opts.rawBody !== undefined) {
      payload = opts.rawBody;
      headers['Content-Type'] = opts.contentType || 'application/json';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = opts.contentType || 'application/json';
    }
    Object.assign(headers, opts.headers || {});
    const res = await fetch(this.baseUrl + full, { method, headers, body: payload, redirect: 'manual' });
    const reply = await readReply(res);
    this.lastCookies = reply.setCookies.map(parseSetCookie);
    for (const c of this.lastCookies) {
      if (cookieDeletes(c)) this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    if (reply.body && typeof reply.body === 'object' && typeof reply.body.csrf_token === 'string') {
      this.csrf = reply.body.csrf_token;
      this.me = reply.body;
    }
    return reply;
  }

  get(path, opts) { return this.call('GET', path, undefined, opts); }
  post(path, body, opts) { return this.call('POST', path, body, opts); }
  patch(path, body, opts) { return this.call('PATCH', path, body, opts); }
  put(path, body, opts) { return this.call('PUT', path, body, opts); }
  del(path, body, opts) { return this.call('DELETE', path, body, opts); }

  async register(fields = {}) {
    const body = {
      email: fields.email ?? uniqueEmail(), password: fields.password ?? PASSWORD,
      name: fields.name ?? 'Test Person', language: fields.language ?? 'nl', ...fields,
    };
    const r = await this.post('/auth/register', body);
    if (r.status === 201) { this.email = body.email; this.password = body.password; }
    return r;
  }

  async login(email = this.email, password = this.password, extra = {}) {
    const r = await this.post('/auth/login', { email, password, ...extra });
    if (r.status === 200) { this.email = email; this.password = password; }
    return r;
  }

  logout() { return this.post('/auth/logout'); }

  // The audit items of this person, newest first (one page).
  async audit(query = '') {
    const r = await this.get(`/me/audit${query}`);
    assert.equal(r.status, 200, `audit: ${r.text}`);
    return r.body;
  }
}

// A connected device: calls with its token in `Authorization: Bearer` (or, with
// opts.headers, however a test says), never with a cookie.
export class Device {
  constructor(baseUrl, token) { this.baseUrl = baseUrl; this.token = token; }

  async call(method, path, body, opts = {}) {
    const full = (opts.absolute || path.startsWith('/api/') || path.startsWith('/nightscout')) ? path : API + path;
    const headers = { 'User-Agent': 'roer-api-tests-device' };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let payload;
    if (opts.rawBody !== undefined) payload = opts.rawBody;
    else if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined) headers['Content-Type'] = opts.contentType || 'application/json';
    Object.assign(headers, opts.headers || {});
    return readReply(await fetch(this.baseUrl + full, { method, headers, body: payload, redirect: 'manual' }));
  }

  get(path, opts) { return this.call('GET', path, undefined, opts); }
  post(path, body, opts) { return this.call('POST', path, body, opts); }
  put(path, body, opts) { return this.call('PUT', path, body, opts); }
  del(path, body, opts) { return this.call('DELETE', path, body, opts); }
}

// Registers a new person and asserts success; returns the Person.
export async function signUp(baseUrl, fields = {}, opts = {}) {
  const p = new Person(baseUrl, opts);
  const r = await p.register(fields);
  assert.equal(r.status, 201, `register: ${r.text}`);
  return p;
}

// A second Person signed in as the same account (another session).
export async function signIn(baseUrl, email, password = PASSWORD, opts = {}) {
  const p = new Person(baseUrl, opts);
  const r = await p.login(email, password);
  assert.equal(r.status, 200, `login: ${r.text}`);
  return p;
}

// Asserts the server still serves: GET /api/v1/health -> 200 {"status":"ok"}.
export async function assertHealthy(baseUrl, what = '') {
  const r = await rawFetch(baseUrl, `${API}/health`);
  assert.equal(r.status, 200, `health after ${what}`);
  assert.deepEqual(r.body, { status: 'ok' }, `health body after ${what}`);
}

// Asserts an error reply: status, code, and optionally the field.
export function assertError(reply, status, code, field) {
  assert.equal(reply.status, status, `expected ${status} ${code}, got ${reply.status}: ${reply.text}`);
  assert.ok(reply.body && reply.body.error, `error body: ${reply.text}`);
  assert.equal(reply.body.error.code, code, `error code: ${reply.text}`);
  assert.equal(typeof reply.body.error.message, 'string');
  if (field !== undefined) assert.equal(reply.body.error.field, field, `error field: ${reply.text}`);
}

// A password that is never anyone's, for failed logins.
export const WRONG_PASSWORD = 'definitely the wrong password';

// The Retry-After of a reply: present, and a whole number of seconds.
export function retryAfter(r) {
  const v = r.headers.get('retry-after');
  assert.ok(v !== null, `Retry-After header present: ${r.text}`);
  assert.match(v, /^\d+$/, `Retry-After is a whole number of seconds: ${v}`);
  return Number(v);
}

// Sends bytes over a plain socket and collects what comes back until the
// server closes, or until opts.timeout ms pass. data: a string/Buffer, or an
// array of parts written in turn with opts.gap ms between them. Like a
// careful client, it stops writing once a reply has arrived (a server may
// answer 413 and close without reading the rest; writing on would only
// reset the connection and lose the reply). Write errors are tolerated.
// Returns { text, status (number or null), closed (by the server), error, ms, wrote (parts
// written whole) }.
export function rawSocket(port, data, opts = {}) {
  const timeout = opts.timeout ?? 10000;
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks = [];
    let closed = false;
    let error = null;
    let done = false;
    let wrote = 0;
    const sock = net.connect({ host: '127.0.0.1', port });
    const closedP = new Promise((r) => sock.once('close', r));
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const m = text.match(/^HTTP\/1\.[01] (\d{3})/);
      resolve({ text, status: m ? Number(m[1]) : null, closed, error, ms: Date.now() - started, wrote });
    };
    const timer = setTimeout(finish, timeout);
    sock.on('data', (d) => chunks.push(d));
    sock.on('end', () => { closed = true; if (!opts.keepOpenAfterEnd) finish(); });
    sock.on('close', () => { closed = true; finish(); });
    sock.on('error', (e) => { error = e; });
    sock.on('connect', async () => {
      const parts = Array.isArray(data) ? data : [data];
      for (let i = 0; i < parts.length; i++) {
        if (done || sock.destroyed || (chunks.length && opts.stopOnReply !== false)) break;
        const written = new Promise((res) => sock.write(parts[i], (err) => { if (!err) wrote += 1; res(); }));
        await Promise.race([written, closedP]);
        const gap = i === 0 && opts.firstGap !== undefined ? opts.firstGap : opts.gap;
        if (gap && i < parts.length - 1) await new Promise((r) => setTimeout(r, gap));
      }
      if (opts.end && !sock.destroyed) sock.end();
    });
  });
}

// The JSON body of a raw HTTP/1.1 reply text (after the blank line), or null.
export function rawJson(text) {
  const i = text.indexOf('\r\n\r\n');
  if (i < 0) return null;
  let body = text.slice(i + 4);
  if (/\r\ntransfer-encoding:\s*chunked/i.test(text.slice(0, i))) {
    let out = '';
    let rest = body;
    for (;;) {
      const nl = rest.indexOf('\r\n');
      if (nl < 0) break;
      const size = parseInt(rest.slice(0, nl), 16);
      if (!size) break;
      out += rest.slice(nl + 2, nl + 2 + size);
      rest = rest.slice(nl + 2 + size + 2);
    }
    body = out;
  }
  try { return JSON.parse(body); } catch { return null; }
}

// Header value of a raw reply text (case-insensitive), or null.
export function rawHeader(text, name) {
  const head = text.split('\r\n\r\n')[0];
  const re = new RegExp(`^${name}:\\s*(.*)$`, 'im');
  const m = head.match(re);
  return m ? m[1].trim() : null;
}

// RFC 4648 base32 (no padding needed) to bytes.
export function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = s.replace(/=+$/, '').replace(/\s+/g, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of clean) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

// RFC 6238 TOTP: HMAC-SHA-1, 6 digits, 30-second steps. offset in steps.
export function totp(secretBase32, { time = Date.now(), offset = 0 } = {}) {
  const counter = Math.floor(time / 1000 / 30) + offset;
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', base32Decode(secretBase32)).update(msg).digest();
  const o = h[h.length - 1] & 0x0f;
  const bin = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(bin % 1_000_000).padStart(6, '0');
}

// A six-digit code that is none of the codes valid around now.
export function wrongTotp(secretBase32) {
  const near = new Set([-2, -1, 0, 1, 2].map((offset) => totp(secretBase32, { offset })));
  for (let i = 0; ; i++) {
    const c = String((123456 + i * 7919) % 1_000_000).padStart(6, '0');
    if (!near.has(c)) return c;
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
