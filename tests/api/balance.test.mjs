// The balance is the client's: a member with "change" proposes items and rewords them, only the
// client (or their representative) weighs them. Its history works at any size, and a member's
// writes are bounded, so no member can break it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, retryAfter, signUp, uniqueEmail } from '../lib/api.mjs';

let server;
let ann; // the client
let bob; // a member who may change the balance
let rita; // her representative

async function enlist(client, body) {
  const p = await signUp(server.url, { email: uniqueEmail(body.role), name: body.role });
  const inv = await client.post('/clients/me/invitations', { valid_days: 7, rights: {}, ...body });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await p.post('/invitations/accept', { code: inv.body.code })).status, 200);
  return p;
}

before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_MEMBER_WRITES_PER_HOUR: '40' } });
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  bob = await enlist(ann, { role: 'naaste', rights: { balance: 'change' } });
  rita = await enlist(ann, { role: 'vertegenwoordiger', acts_on_behalf: true });
});
after(() => server.stop());

const history = async (who = ann, client = 'me') => {
  const r = await who.get(`/clients/${client}/balance/history`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};

test('a member proposes without a weight; only the client or her representative weighs', async () => {
  const path = `/clients/${ann.me.id}/balance`;
  const denied = (await ann.get('/me/audit?limit=100')).body.items.filter((a) => a.outcome === 'denied').length;
  // Setting a weight, on a new item or on hers, is refused and changes nothing.
  let r = await bob.post(path, { side: 'burden', text: 'Trap', weight: 5, whose: 'mine' });
  assertError(r, 403, 'client_only', 'weight');
  const hers = await ann.post('/clients/me/balance', { side: 'strength', text: 'Tuin', weight: 2, whose: 'mine' });
  assert.equal(hers.status, 201, hers.text);
  r = await bob.patch(`${path}/${hers.body.id}`, { weight: 5 });
  assertError(r, 403, 'client_only', 'weight');
  assert.equal((await ann.get(`/clients/me/balance/${hers.body.id}`)).body.weight, 2);
  assert.equal((await ann.get('/me/audit?limit=100')).body.items.filter((a) => a.outcome === 'denied').length, denied + 2, 'both on her log');
  // Proposing and rewording are fine; the weight she gave stays.
  r = await bob.patch(`${path}/${hers.body.id}`, { text: 'De tuin', weight: 2 });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.weight, 2);
  const proposal = await bob.post(path, { side: 'burden', text: 'Trap', whose: 'mine' });
  assert.equal(proposal.status, 201, proposal.text);
  assert.equal(proposal.body.weight, undefined, 'not weighed yet');
  // An item not weighed yet counts for nothing; once she weighs it, it counts.
  let h = await history();
  assert.deepEqual([h.at(-1).strengths, h.at(-1).burdens], [2, 0]);
  r = await rita.patch(`${path}/${proposal.body.id}`, { weight: 4 });
  assert.equal(r.status, 200, r.text);
  h = await history();
  assert.deepEqual([h.at(-1).strengths, h.at(-1).burdens], [2, 4]);
  assert.equal(h.at(-1).change.weight, 4);
});

test('the history works at any size, and its totals are right after every change', async () => {
  const carl = await signUp(server.url, { email: uniqueEmail('carl'), name: 'Carl' });
  // More items than the old limit of 4,096, and changes and removals among them.
  const n = 4200;
  let expectS = 0;
  let expectB = 0;
  const ids = [];
  for (let i = 0; i < n; i += 1) {
    const side = i % 3 === 0 ? 'burden' : 'strength';
    const weight = (i % 5) + 1;
    const r = await carl.post('/clients/me/balance', { side, text: `x${i}`, weight, whose: 'mine' });
    assert.equal(r.status, 201, r.text);
    ids.push([r.body.id, side, weight]);
    if (side === 'strength') expectS += weight; else expectB += weight;
  }
  for (const [id, side, weight] of ids.slice(0, 50)) {
    assert.equal((await carl.patch(`/clients/me/balance/${id}`, { weight: 5 })).status, 200);
    if (side === 'strength') expectS += 5 - weight; else expectB += 5 - weight;
  }
  for (const [id, side, weight] of ids.slice(50, 80)) {
    assert.equal((await carl.del(`/clients/me/balance/${id}`)).status, 204);
    if (side === 'strength') expectS -= weight; else expectB -= weight;
  }
  const h = await history(carl);
  assert.equal(h.length, n + 80);
  assert.deepEqual([h.at(-1).strengths, h.at(-1).burdens], [expectS, expectB]);
  // The totals after each change are those of the items as they stood then.
  assert.deepEqual([h[0].strengths, h[0].burdens], [0, 1]);
  assert.deepEqual([h[2].strengths, h[2].burdens], [2 + 3, 1]);
  const list = (await carl.get('/clients/me/balance?limit=500')).body;
  assert.ok(Array.isArray(list));
});

test('a member\'s writes in a client\'s record are bounded: 429 with Retry-After, the client unaffected', async () => {
  const path = `/clients/${ann.me.id}/balance`;
  let refused = null;
  let made = 0;
  for (let i = 0; i < 60 && !refused; i += 1) {
    const r = await bob.post(path, { side: 'burden', text: `Voorstel ${i}`, whose: 'mine' });
    if (r.status === 201) made += 1;
    else refused = r;
  }
  assert.ok(refused, 'refused before 60');
  assertError(refused, 429, 'too_many_requests');
  assert.ok(retryAfter(refused) > 0);
  assert.ok(made < 40, `at most the limit of 40 writes an hour (some were used above): ${made}`);
  const count = (await ann.get('/clients/me/balance?limit=500')).body.filter((i) => i.text.startsWith('Voorstel')).length;
  assert.equal(count, made, 'the refused one is not stored');
  // Reading goes on, the client and her representative write on.
  assert.equal((await bob.get(path)).status, 200);
  assert.equal((await ann.post('/clients/me/balance', { side: 'strength', text: 'Zon', weight: 1, whose: 'mine' })).status, 201);
  assert.equal((await rita.post(path, { side: 'strength', text: 'Buren', weight: 1, whose: 'network' })).status, 201);
});
