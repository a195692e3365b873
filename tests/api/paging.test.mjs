// Every list comes a page at a time: at most `limit` rows (100 unless
// asked, 500 at most), and, when the page is full, a Link header to the
// next one (RFC 8288, rel="next"). Walking the links gives every row once,
// in the list's order (a list that fills its last page exactly ends with an
// empty page); bad paging arguments are a clear 400.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signUp, uniqueEmail, assertError } from '../lib/api.mjs';

let server;
let ann;
before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_COSTLY_PER_MINUTE: '1000' } });
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
});
after(() => server.stop());

// The path (below /api/v1) of the next page, or null.
function nextOf(reply) {
  const link = reply.headers.get('link');
  if (!link) return null;
  const m = /^<\/api\/v1([^>]+)>; rel="next"$/.exec(link);
  assert.ok(m, `a Link to the next page: ${link}`);
  return m[1];
}

// Walks a list from `path`, returning the pages' sizes and all rows.
async function walk(who, path) {
  const sizes = [];
  const rows = [];
  for (let next = path, n = 0; next; n++) {
    const r = await who.get(next);
    assert.equal(r.status, 200, r.text);
    assert.ok(Array.isArray(r.body));
    sizes.push(r.body.length);
    rows.push(...r.body);
    next = nextOf(r);
    assert.ok(n < 100, 'paging ends');
  }
  return { sizes, rows };
}

test('a part of the record: 100 a page by default, the Link walks every item once, oldest first', async () => {
  for (let i = 0; i < 230; i++) assert.equal((await ann.post('/clients/me/goals', { text: `doel ${i}` })).status, 201);
  const { sizes, rows } = await walk(ann, '/clients/me/goals');
  assert.deepEqual(sizes, [100, 100, 30]);
  assert.deepEqual(rows.map((g) => g.text), Array.from({ length: 230 }, (_, i) => `doel ${i}`));
  const ids = rows.map((g) => g.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'oldest first');
  assert.equal(new Set(ids).size, 230, 'each once');
  // A chosen size, and removed items leave no gaps in the pages.
  for (const g of rows.slice(0, 10)) assert.equal((await ann.call('DELETE', `/clients/me/goals/${g.id}`)).status, 204);
  // A full page always links on (the server does not look ahead), so the walk ends with an empty one.
  const small = await walk(ann, '/clients/me/goals?limit=110');
  assert.deepEqual(small.sizes, [110, 110, 0]);
  assert.equal(small.rows[0].text, 'doel 10');
  const exact = await ann.get('/clients/me/goals?limit=500');
  assert.equal(exact.body.length, 220);
  assert.equal(exact.headers.get('link'), null, 'no next page when everything fit');
});

test('versions keep their numbers on later pages', async () => {
  const acp = { resuscitation: { wish: 'yes' }, hospital_admission: { wish: 'no' }, intensive_care: { wish: 'not_decided' } };
  for (let i = 0; i < 5; i++) {
    assert.equal((await ann.post('/clients/me/advance-care-plan', { ...acp, what_matters: `versie ${i + 1}` })).status, 201);
  }
  const { sizes, rows } = await walk(ann, '/clients/me/advance-care-plan?limit=2');
  assert.deepEqual(sizes, [2, 2, 1]);
  assert.deepEqual(rows.map((v) => v.version), [1, 2, 3, 4, 5]);
  assert.deepEqual(rows.map((v) => v.what_matters), ['versie 1', 'versie 2', 'versie 3', 'versie 4', 'versie 5']);
});

test('invitations newest first, members and help requests, page by page', async () => {
  const codes = [];
  for (let i = 0; i < 7; i++) {
    const r = await ann.post('/clients/me/invitations', { role: 'buur', valid_days: 7, rights: { help_requests: 'see' } });
    assert.equal(r.status, 201);
    codes.push(r.body);
  }
  const inv = await walk(ann, '/clients/me/invitations?limit=3');
  assert.deepEqual(inv.sizes, [3, 3, 1]);
  assert.deepEqual(inv.rows.map((i) => i.id), codes.map((c) => c.id).reverse(), 'newest first, each once');

  for (let i = 0; i < 5; i++) {
    const m = await signUp(server.url, { email: uniqueEmail('m'), name: `Buur ${i}` });
    assert.equal((await m.post('/invitations/accept', { code: codes[i].code })).status, 200);
  }
  const members = await walk(ann, '/clients/me/members?limit=2');
  assert.deepEqual(members.sizes, [2, 2, 1]);
  assert.deepEqual(members.rows.map((m) => m.name), ['Buur 0', 'Buur 1', 'Buur 2', 'Buur 3', 'Buur 4']);
  for (const m of members.rows) assert.deepEqual(m.rights, { help_requests: { level: 'see' } }, 'rights stay with their member');

  for (let i = 0; i < 5; i++) {
    assert.equal((await ann.post('/clients/me/help-requests', { text: `hulp ${i}`, day: '2026-12-24' })).status, 201);
  }
  const help = await walk(ann, '/clients/me/help-requests?limit=2');
  assert.deepEqual(help.sizes, [2, 2, 1]);
  assert.deepEqual(help.rows.map((h) => h.text), ['hulp 0', 'hulp 1', 'hulp 2', 'hulp 3', 'hulp 4']);
});

test('bad paging arguments are a clear 400', async () => {
  for (const q of ['limit=0', 'limit=501', 'limit=abc', 'after=0', 'after=-1', 'after=x']) {
    for (const path of ['/clients/me/goals', '/clients/me/members', '/clients/me/invitations', '/clients/me/help-requests']) {
      const r = await ann.get(`${path}?${q}`);
      assertError(r, 400, 'invalid_input');
      assert.ok(['limit', 'after'].includes(r.body.error.field), `${path}?${q}: ${r.text}`);
    }
  }
});
