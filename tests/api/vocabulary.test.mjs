// GET /api/v1/vocabulary: the words the server and the pages share, the same
// as `roer vocabulary` prints, for anyone. And the server holds to it: an
// invitation grants exactly the shareable categories, every discipline is
// taken where one is asked, and a category's parts are what a member with
// that right may read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer, repoRoot } from '../lib/server.mjs';
import { signUp, uniqueEmail, rawFetch, API } from '../lib/api.mjs';

const roer = process.env.ROER_BIN || join(repoRoot, 'build', 'asan', 'roer');
const vocabulary = JSON.parse(execFileSync(roer, ['vocabulary'], { encoding: 'utf8' }));

let server;
let ann;
before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '10000' } });
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
});
after(() => server.stop());

async function enlist(client, rights, extra = {}) {
  const p = await signUp(server.url, { email: uniqueEmail('m'), name: 'Member' });
  const inv = await client.post('/clients/me/invitations', { role: 'naaste', valid_days: 1, rights, ...extra });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await p.post('/invitations/accept', { code: inv.body.code })).status, 200);
  return p;
}

test('the API serves the vocabulary `roer vocabulary` prints, without a session and without a cookie', async () => {
  const r = await rawFetch(server.url, `${API}/vocabulary`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, vocabulary);
  assert.deepEqual(r.setCookies, []);
  assert.ok(vocabulary.categories.some((c) => c.shareable) && vocabulary.categories.some((c) => !c.shareable));
  assert.ok(vocabulary.disciplines.length > 0 && vocabulary.special_rights.length > 0);
});

test('an invitation grants exactly the shareable categories', async () => {
  const all = Object.fromEntries(vocabulary.categories.map((c) => [c.name, 'see']));
  const inv = await ann.post('/clients/me/invitations', { role: 'naaste', valid_days: 1, rights: all });
  assert.equal(inv.status, 201, inv.text);
  assert.deepEqual(Object.keys(inv.body.rights).sort(),
    vocabulary.categories.filter((c) => c.shareable).map((c) => c.name).sort());
});

test('every discipline is taken for a professional and for an action; another word is not', async () => {
  const goal = await ann.post('/clients/me/goals', { text: 'Een doel' });
  assert.equal(goal.status, 201, goal.text);
  const action = (d) => ann.post('/clients/me/actions',
    { goal_id: goal.body.id, what: 'x', who: 'professional', who_discipline: d, how: 'thuis' });
  const invite = (d) => ann.post('/clients/me/invitations', { role: 'professional', discipline: d, valid_days: 1, rights: {} });
  for (const d of vocabulary.disciplines) {
    assert.equal((await action(d)).status, 201, `action by a ${d}`);
    assert.equal((await invite(d)).status, 201, `invitation of a ${d}`);
  }
  const other = 'not_a_discipline';
  assert.ok(!vocabulary.disciplines.includes(other));
  assert.equal((await action(other)).status, 400);
  assert.equal((await invite(other)).status, 400);
});

test('a member with one right may read the parts of that category and no other', async () => {
  const withParts = vocabulary.categories.filter((c) => c.parts.length > 0);
  assert.ok(withParts.length > 1);
  for (const c of withParts) assert.ok(c.shareable && c.record, `${c.name}: parts belong to the shareable record`);
  const unexpected = [];
  for (const granted of withParts) {
    const member = await enlist(ann, { [granted.name]: 'see' });
    for (const c of withParts) {
      for (const part of c.parts) {
        const r = await member.get(`/clients/${ann.me.id}/${part}`);
        const want = c.name === granted.name ? 200 : 404;
        if (r.status !== want) unexpected.push(`${granted.name} member GET ${part}: ${r.status}, not ${want}`);
      }
    }
  }
  assert.deepEqual(unexpected, []);
});
