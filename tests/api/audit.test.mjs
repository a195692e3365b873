// The person's own audit log: the exact rows each account action writes,
// newest first, every field of an item, the from/to filter, and paging
// with limit and before. (Two-factor rows are checked in totp.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Person, PASSWORD, uniqueEmail, signUp, assertError, sleep } from '../lib/api.mjs';

let server;
before(async () => {
  server = await startServer({
    env: { ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_ADDRESS_SLOW_AFTER: '1000', ROER_ADDRESS_LOCK_AFTER: '2000' },
  });
});
after(() => server.stop());

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const kind = (i) => `${i.action}/${i.category}/${i.outcome}`;

async function allItems(p) {
  const r = await p.get('/me/audit?limit=500');
  assert.equal(r.status, 200, r.text);
  return r.body.items;
}

test('each account action writes its row, newest first, with every field', async () => {
  const UA = 'roer-audit-test/1.0 (desktop)';
  const OTHER_UA = 'roer-audit-test/2.0 (phone)';
  const p = new Person(server.url, { userAgent: UA });
  assert.equal((await p.register({ email: uniqueEmail('audit'), name: 'Audit Person' })).status, 201);
  const id = p.me.id;
  const NEW = 'the second long password';
  const steps = [];
  const step = async (expected, fn) => { await fn(); steps.push(expected); };

  // The client's own reads leave no row (docs/security.md): the log is of access by others.
  assert.equal((await p.get('/me')).status, 200);
  await step('update/account/success', async () => assert.equal((await p.patch('/me', { name: 'Audited' })).status, 200));
  await step('export/account/success', async () => assert.equal((await p.get('/me/export')).status, 200));
  await step('update/password/success', async () => assert.equal(
    (await p.post('/me/password', { current_password: PASSWORD, new_password: NEW, end_other_sessions: false })).status, 200));
  const q = new Person(server.url, { userAgent: OTHER_UA });
  await step('login_failure/session/failure', async () => assertError(await q.login(p.email, 'a wrong password here'), 401, 'invalid_credentials'));
  await step('login/session/success', async () => assert.equal((await q.login(p.email, NEW)).status, 200));
  await step('update/session/denied', async () => assertError(await q.patch('/me', { name: 'Forged' }, { csrf: 'forged' }), 403, 'csrf_failed'));
  await step('delete/session/success', async () => assert.equal((await q.logout()).status, 204));

  const first = await p.get('/me/audit');
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('cache-control'), 'no-store');
  const items = first.body.items;
  assert.ok('next_before' in first.body, 'next_before is present');
  // Newest first: ids strictly decreasing and times not increasing.
  for (let i = 1; i < items.length; i++) {
    assert.ok(items[i - 1].id > items[i].id, 'ids decrease');
    assert.ok(items[i - 1].at >= items[i].at, 'times do not increase');
  }
  const expected = ['create/account/success', ...steps].reverse();
  assert.deepEqual(items.map(kind), expected);

  // Every field of every item.
  const byKind = Object.fromEntries(items.map((i) => [kind(i), i]));
  for (const i of items) {
    assert.ok(Number.isInteger(i.id) && i.id > 0);
    assert.match(i.at, ISO);
    assert.ok(Math.abs(Date.parse(i.at) - Date.now()) < 120000, 'at is about now');
    assert.equal(i.address, '127.0.0.1');
    assert.ok('object' in i, 'object is present');
    assert.ok('on_behalf_of' in i, 'on_behalf_of is present');
    assert.ok(['success', 'denied', 'failure'].includes(i.outcome));
    if (i.actor !== null) {
      assert.equal(typeof i.actor.name, 'string');
      assert.ok(Number.isInteger(i.actor.id));
    }
  }
  for (const k of ['create/account/success', 'update/account/success', 'export/account/success',
    'update/password/success']) {
    assert.equal(byKind[k].client, UA, `${k}: client is the User-Agent`);
    assert.equal(byKind[k].actor?.id, id, `${k}: the person is the actor`);
  }
  for (const k of ['login_failure/session/failure', 'login/session/success', 'update/session/denied', 'delete/session/success']) {
    assert.equal(byKind[k].client, OTHER_UA, `${k}: client is the other device's User-Agent`);
  }
  for (const k of ['login/session/success', 'update/session/denied', 'delete/session/success']) {
    assert.equal(byKind[k].actor?.id, id, `${k}: the person is the actor`);
  }
  assert.ok(byKind['login_failure/session/failure'].actor === null || byKind['login_failure/session/failure'].actor.id === id);

  // Reading one's own log (or record) writes nothing: the next read shows the same rows.
  const second = await p.get('/me/audit');
  assert.deepEqual(second.body.items.map((i) => i.id), items.map((i) => i.id));
});

test('a person sees only their own rows', async () => {
  const a = await signUp(server.url, { email: uniqueEmail('own') });
  const b = await signUp(server.url, { email: uniqueEmail('own') });
  await a.get('/me');
  await a.patch('/me', { name: 'A only' });
  assertError(await new Person(server.url).login(a.email, 'a wrong password here'), 401, 'invalid_credentials');
  const bItems = await allItems(b);
  for (const i of bItems) {
    assert.ok(i.actor === null || i.actor.id === b.me.id, `row ${i.id} of someone else: ${JSON.stringify(i)}`);
  }
  assert.ok(!bItems.some((i) => i.action === 'login_failure'), 'B does not see A\'s failed login');
  const aItems = await allItems(a);
  assert.ok(aItems.some((i) => kind(i) === 'login_failure/session/failure'), 'A sees the failed login on A\'s account');
  const bIds = new Set(bItems.map((i) => i.id));
  assert.ok(aItems.every((i) => !bIds.has(i.id)), 'no row in both');
});

test('paging with limit and before walks every row once, newest first', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('page') });
  for (let i = 0; i < 12; i++) assert.equal((await p.patch('/me', { name: `Page ${i}` })).status, 200);
  const full = await allItems(p);
  assert.ok(full.length >= 13);
  // Walk from just below the newest row, three at a time.
  const walked = [];
  let before = full[0].id;
  let pages = 0;
  while (before !== null) {
    const r = await p.get(`/me/audit?limit=3&before=${before}`);
    assert.equal(r.status, 200, r.text);
    assert.ok(r.body.items.length <= 3, 'at most limit items');
    for (const i of r.body.items) assert.ok(i.id < before, 'before is exclusive');
    walked.push(...r.body.items);
    if (r.body.next_before !== null) {
      assert.equal(r.body.items.length, 3, 'a page with a next page is full');
      assert.equal(r.body.next_before, r.body.items[2].id, 'next_before is the last id of the page');
    }
    before = r.body.next_before;
    assert.ok(++pages < 50, 'paging ends');
  }
  assert.deepEqual(walked.map((i) => i.id), full.slice(1).map((i) => i.id));
  // limit=1 gives exactly one item.
  const one = await p.get('/me/audit?limit=1');
  assert.equal(one.body.items.length, 1);
  assert.equal(one.body.next_before, one.body.items[0].id);
});

test('the default limit is 100 and the largest is 500', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('many') });
  for (let i = 0; i < 105; i++) await p.patch('/me', { name: `Many ${i}` });
  const d = await p.get('/me/audit');
  assert.equal(d.body.items.length, 100, 'default limit 100');
  assert.equal(d.body.next_before, d.body.items[99].id);
  const big = await p.get('/me/audit?limit=500');
  assert.equal(big.body.items.length, 106, `all rows with limit=500: ${big.body.items.length}`);
  assert.equal(big.body.next_before, null, 'no next page when everything fit');
});

test('bad audit query parameters are 400', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('badq') });
  for (const q of ['limit=0', 'limit=501', 'limit=-1', 'limit=abc', 'limit=1.5', 'limit=', 'before=abc', 'before=-3',
    'from=yesterday', 'to=2026-13-45T99:00:00Z', 'from=23/11/2026', 'limit=99999999999999999999999', 'limit=%00']) {
    const r = await p.get(`/me/audit?${q}`);
    assert.equal(r.status, 400, `${q}: ${r.text}`);
    assert.ok(['bad_request', 'invalid_input'].includes(r.body?.error?.code), `${q}: ${r.text}`);
  }
  assert.equal((await p.get('/me/audit?limit=500')).status, 200);
});

test('from (inclusive) and to (exclusive) filter by time', async () => {
  const p = await signUp(server.url, { email: uniqueEmail('time') });
  assert.equal((await p.patch('/me', { name: 'Before' })).status, 200);
  // Wait for the start of a new second, at least a second later, and act at once.
  const t0 = Date.now();
  // Not in the first milliseconds of it: time() reads a coarse clock that may lag by a tick.
  while (Date.now() - t0 < 1000 || Date.now() % 1000 > 150 || Date.now() % 1000 < 30) await sleep(5);
  const mid = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  assert.equal((await p.patch('/me', { name: 'After' })).status, 200);
  const updates = (items) => items.filter((i) => kind(i) === 'update/account/success');
  const from = await p.get(`/me/audit?from=${mid}`);
  assert.equal(from.status, 200, from.text);
  assert.equal(updates(from.body.items).length, 1, 'from=mid holds only the later change');
  for (const i of from.body.items) assert.ok(i.at >= mid, `from is inclusive lower bound: ${i.at} >= ${mid}`);
  const to = await p.get(`/me/audit?to=${mid}`);
  assert.equal(to.status, 200, to.text);
  assert.equal(updates(to.body.items).length, 1, 'to=mid holds only the earlier change');
  for (const i of to.body.items) assert.ok(i.at < mid, `to is exclusive upper bound: ${i.at} < ${mid}`);
  assert.ok(to.body.items.some((i) => kind(i) === 'create/account/success'));
  // Both together, and an empty window.
  const far = '2000-01-01T00:00:00Z';
  const none = await p.get(`/me/audit?from=${far}&to=2000-01-02T00:00:00Z`);
  assert.deepEqual(none.body.items, []);
  assert.equal(none.body.next_before, null);
  const both = await p.get(`/me/audit?from=${far}&to=${mid}`);
  assert.deepEqual(both.body.items.map((i) => i.id), to.body.items.map((i) => i.id));
});

// Found by fuzz_routes: the User-Agent is kept in the audit log (as "client"). One that is not UTF-8, or
// whose last character the cut at 200 bytes split, made every later read of that log a 500, and anyone
// could leave one on a client's log with a failed login to her email.
test('a User-Agent that is not UTF-8 leaves the log readable', async () => {
  const owner = await signUp(server.url, { email: uniqueEmail('agent'), name: 'Agent Owner' });
  // fetch sends each character of a header value as one byte: these are the UTF-8 bytes, cut or not.
  const bytes = (buf) => buf.toString('latin1');
  const agents = [
    [bytes(Buffer.from([0x4d, 0x6f, 0x7a, 0x20, 0xc3])), 'Moz ?'],
    [bytes(Buffer.from('x'.repeat(199) + 'é')), 'x'.repeat(199) + '?'],
  ];
  for (const [agent] of agents) {
    const stranger = new Person(server.url, { userAgent: agent });
    assert.equal((await stranger.login(owner.email, 'not the password at all')).status, 401);
  }
  const items = await allItems(owner);
  const failures = items.filter((i) => kind(i) === 'login_failure/session/failure').map((i) => i.client);
  assert.deepEqual(failures, agents.map(([, shown]) => shown).reverse());
  assert.equal((await owner.get('/me/export')).status, 200);
});
