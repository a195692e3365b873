// Refusals are on the client's log, so the log must not be a stranger's to fill: denied accesses
// are bounded per person (then 429, nothing written), and a refusal about an id that is nobody's
// account yet is never put on the log of whoever gets that id later (the operator keeps it).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, assertHealthy, retryAfter, signUp, uniqueEmail } from '../lib/api.mjs';

let server;
let ann;

before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_DENIED_PER_MINUTE: '20' } });
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
});
after(() => server.stop());

const rowsBy = async (client, actor) => (await client.get('/me/audit?limit=500')).body.items
  .filter((a) => a.actor && a.actor.id === actor.me.id);

test('a stranger\'s refused tries are bounded: then 429, and nothing more on the client\'s log', async () => {
  const stranger = await signUp(server.url, { email: uniqueEmail('stranger'), name: 'Stranger' });
  const statuses = [];
  let limited = null;
  for (let i = 0; i < 60; i += 1) {
    const r = await stranger.get(`/clients/${ann.me.id}/${i % 2 ? 'goals' : 'balance'}`);
    statuses.push(r.status);
    if (r.status === 429) limited = limited || r;
  }
  assert.deepEqual(statuses.slice(0, 20), Array(20).fill(404), 'refused as not found up to the limit');
  assert.ok(limited, 'then limited');
  assertError(limited, 429, 'too_many_requests');
  assert.ok(retryAfter(limited) > 0);
  assert.equal(statuses.filter((s) => s === 404).length, 20);
  const rows = await rowsBy(ann, stranger);
  assert.equal(rows.length, 20, 'exactly the refusals up to the limit are on her log');
  assert.ok(rows.every((a) => a.outcome === 'denied'));
  // Others are not held back by the stranger, and the server serves on.
  assert.equal((await ann.get('/clients/me/goals')).status, 200);
  const other = await signUp(server.url, { email: uniqueEmail('other'), name: 'Other' });
  assert.equal((await other.get(`/clients/${ann.me.id}/goals`)).status, 404);
  assert.equal((await rowsBy(ann, other)).length, 1);
  await assertHealthy(server.url, 'a flood of refusals');
});

test('refusals about an id that has no account are not inherited by whoever gets it', async () => {
  const prober = await signUp(server.url, { email: uniqueEmail('prober'), name: 'Prober' });
  const next = prober.me.id + 1;
  for (let id = next; id < next + 5; id += 1) {
    assert.equal((await prober.get(`/clients/${id}/goals`)).status, 404);
  }
  const newcomer = await signUp(server.url, { email: uniqueEmail('new'), name: 'Newcomer' });
  assert.ok(newcomer.me.id >= next && newcomer.me.id < next + 5, `the newcomer got one of the probed ids (${newcomer.me.id})`);
  const log = (await newcomer.get('/me/audit?limit=500')).body.items;
  assert.deepEqual(log.filter((a) => a.actor && a.actor.id === prober.me.id), [], 'nothing of the prober on her log');
  // The same request now that the account exists is a refusal on her log.
  assert.equal((await prober.get(`/clients/${newcomer.me.id}/goals`)).status, 404);
  assert.equal((await rowsBy(newcomer, prober)).length, 1);
});
