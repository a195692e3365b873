// Registration: the person object and session cookie it gives, every rule
// on every field (missing, wrong type, out of range), common passwords,
// duplicates (409), and that a refused registration creates nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Person, PASSWORD, uniqueEmail, assertError, rawFetch, API } from '../lib/api.mjs';

let server;
before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '10000' } });
});
after(() => server.stop());

const valid = (over = {}) => ({ email: uniqueEmail('reg'), password: PASSWORD, name: 'Jan de Vries', language: 'nl', ...over });

async function register(body) {
  return rawFetch(server.url, `${API}/auth/register`, { method: 'POST', body });
}

// A refused registration must not have created the account: the same email
// registers fine afterwards.
async function assertNotCreated(email) {
  const r = await register(valid({ email }));
  assert.equal(r.status, 201, `the refused email ${email} must still be free: ${r.text}`);
}

test('a valid registration answers 201 with the person object and signs in', async () => {
  const p = new Person(server.url);
  const email = uniqueEmail('valid');
  const r = await p.register({ email, name: 'Jan de Vries', language: 'en' });
  assert.equal(r.status, 201, r.text);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  const me = r.body;
  assert.ok(Number.isInteger(me.id) && me.id > 0, 'id is a positive integer');
  assert.equal(me.name, 'Jan de Vries');
  assert.equal(me.email, email);
  assert.equal(me.language, 'en');
  assert.deepEqual(me.roles, ['client']);
  assert.equal(typeof me.csrf_token, 'string');
  assert.ok(me.csrf_token.length >= 16, 'csrf token is long enough to be unguessable');
  assert.equal(me.totp_enabled, false);
  assert.equal(me.totp_enrollment_required, false);
  assert.equal(me.demo, false);
  // Signed in: GET /me with the cookie gives the same person.
  const again = await p.get('/me');
  assert.equal(again.status, 200);
  assert.equal(again.body.id, me.id);
  assert.equal(again.body.email, email);
});

test('the session cookie is named roer, HttpOnly, SameSite=Strict', async () => {
  const p = new Person(server.url);
  const r = await p.register(valid());
  assert.equal(r.status, 201);
  const raw = r.setCookies;
  assert.equal(raw.length, 1, `one Set-Cookie: ${raw}`);
  const c = p.lastCookies[0];
  assert.equal(c.name, 'roer');
  assert.ok(c.value.length >= 22, 'token long enough to be unguessable');
  assert.equal(c.attrs.httponly, true, `HttpOnly in ${raw[0]}`);
  assert.equal(String(c.attrs.samesite).toLowerCase(), 'strict', `SameSite=Strict in ${raw[0]}`);
  assert.equal(c.attrs.path, '/', `Path=/ in ${raw[0]}`);
  assert.equal(c.attrs.domain, undefined, 'no Domain attribute');
});

test('an email is stored lower-case and a duplicate in any case is 409 conflict', async () => {
  const base = uniqueEmail('Dup');
  const mixed = base.replace('dup', 'DuP').replace('example.nl', 'Example.NL');
  const first = await register(valid({ email: mixed }));
  assert.equal(first.status, 201, first.text);
  assert.equal(first.body.email, mixed.toLowerCase());
  for (const email of [mixed, mixed.toLowerCase(), mixed.toUpperCase()]) {
    const r = await register(valid({ email, name: 'Someone Else' }));
    assertError(r, 409, 'conflict');
    assert.equal(r.setCookies.length, 0, 'no session for a refused registration');
  }
});

test('a professional can register with role "professional"', async () => {
  const r = await register(valid({ role: 'professional' }));
  assert.equal(r.status, 201, r.text);
  assert.ok(r.body.roles.includes('professional'), JSON.stringify(r.body.roles));
  const c = await register(valid({ role: 'client' }));
  assert.equal(c.status, 201, c.text);
  assert.deepEqual(c.body.roles, ['client']);
});

test('every missing field is 400 invalid_input naming it', async () => {
  for (const field of ['email', 'password', 'name', 'language']) {
    const body = valid();
    delete body[field];
    const r = await register(body);
    assertError(r, 400, 'invalid_input', field);
    if (field !== 'email') await assertNotCreated(body.email);
  }
});

test('every wrong type is 400 invalid_input naming the field', async () => {
  const cases = [
    ['email', 5], ['email', null], ['email', ['a@b.nl']], ['email', { at: 'x' }], ['email', true],
    ['password', 1234567890123], ['password', null], ['password', ['a long enough password']],
    ['name', 5], ['name', null], ['name', { first: 'Jan' }], ['name', false],
    ['language', 1], ['language', null], ['language', ['nl']],
    ['role', 1], ['role', ['client']], ['role', true],
  ];
  for (const [field, value] of cases) {
    const body = valid({ [field]: value });
    const r = await register(body);
    assertError(r, 400, 'invalid_input', field);
    if (field !== 'email') await assertNotCreated(body.email);
  }
});

test('passwords: 10 to 256 characters counted as Unicode characters', async () => {
  for (const password of ['short', '123456789x'.slice(0, 9), 'x'.repeat(257), 'é'.repeat(9), '€'.repeat(9),
    '😀'.repeat(9), 'ab'.repeat(128) + 'c']) {
    const body = valid({ password });
    const r = await register(body);
    assertError(r, 400, 'invalid_input', 'password');
    await assertNotCreated(body.email);
  }
  // The bounds themselves are accepted: 10 and 256 characters, also when
  // each character takes several bytes (counted as characters, not bytes).
  for (const password of ['q7Zx!k2Lp9', 'é'.repeat(5) + 'wXq9z', 'ß€😀'.repeat(4), 'Zq8'.repeat(85) + 'x',
    '€'.repeat(256)]) {
    const p = new Person(server.url);
    const r = await p.register(valid({ password }));
    assert.equal(r.status, 201, `password of ${[...password].length} characters: ${r.text}`);
    const again = new Person(server.url);
    const l = await again.login(p.email, password);
    assert.equal(l.status, 200, 'logs in with that password');
  }
});

test('common passwords are refused', async () => {
  for (const password of ['wachtwoord123', '1234567890']) {
    const body = valid({ password });
    const r = await register(body);
    assertError(r, 400, 'invalid_input', 'password');
    await assertNotCreated(body.email);
  }
});

test('bad emails are refused', async () => {
  const long = `${'a'.repeat(244)}@example.nl`; // 255 characters
  assert.equal(long.length, 255);
  for (const email of ['', 'ab', 'no-at-sign.example.nl', '@example.nl', 'jan@', 'jan@@example.nl',
    'jan@de@example.nl', 'jan de vries@example.nl', ' jan@example.nl', 'jan@example.nl ', 'jan@exa mple.nl',
    'jan\t@example.nl', long]) {
    const r = await register(valid({ email }));
    assertError(r, 400, 'invalid_input', 'email');
  }
  // 254 characters is the upper bound and is accepted.
  const tag = uniqueEmail('max').split('@')[0];
  const ok = `${'b'.repeat(243 - tag.length)}${tag}@example.nl`;
  assert.equal(ok.length, 254);
  const r = await register(valid({ email: ok }));
  assert.equal(r.status, 201, `254-character email: ${r.text}`);
});

test('bad names are refused', async () => {
  for (const name of ['', 'x'.repeat(201), 'Jan\u0001', 'Jan\nde Vries', 'Jan\u007f', 'Jan\u001bde', 'Jan\tVries']) {
    const body = valid({ name });
    const r = await register(body);
    assertError(r, 400, 'invalid_input', 'name');
    await assertNotCreated(body.email);
  }
  for (const name of ['J', 'x'.repeat(200), 'Zoë Çelik-Ørsted 李雷 😀']) {
    const r = await register(valid({ name }));
    assert.equal(r.status, 201, `name ${name}: ${r.text}`);
    assert.equal(r.body.name, name);
  }
  // 200 characters that take four bytes each are still 200 characters.
  const emoji = '😀'.repeat(200);
  const r = await register(valid({ name: emoji }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.name, emoji);
});

test('bad languages and roles are refused', async () => {
  for (const language of ['', 'de', 'english', 'nl-NL', 'xx']) {
    const body = valid({ language });
    const r = await register(body);
    assertError(r, 400, 'invalid_input', 'language');
    await assertNotCreated(body.email);
  }
  for (const role of ['admin', 'Professional', '', 'superuser']) {
    const body = valid({ role });
    const r = await register(body);
    assertError(r, 400, 'invalid_input', 'role');
    await assertNotCreated(body.email);
  }
});

test('unknown fields are ignored', async () => {
  const r = await register(valid({ is_admin: true, roles: ['professional', 'admin'], id: 1, extra: { nested: [1, 2] } }));
  assert.equal(r.status, 201, r.text);
  assert.deepEqual(r.body.roles, ['client'], 'roles cannot be smuggled in');
  assert.notEqual(r.body.id, 1, 'the id cannot be chosen');
});
