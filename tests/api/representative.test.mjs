// A representative acts for the client, not for themself: they may not
// change their own rights or end date, not change or remove another
// representative, not appoint one, and not give rights that outlast their
// own mandate. Only the client does those. Each refusal changes nothing and
// is on the client's access log as denied.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, signUp, uniqueEmail } from '../lib/api.mjs';

let server;
let ann; // the client
let rita; // her representative, until `end`
let ruud; // a second representative, without an end
let bob; // a member

const day = (days) => new Date(Date.now() + days * 86400e3).toISOString().slice(0, 10);
const end = day(30);

async function enlist(client, body) {
  const p = await signUp(server.url, { email: uniqueEmail(body.role), name: body.role });
  const inv = await client.post(`/clients/me/invitations`, { valid_days: 7, rights: {}, ...body });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await p.post('/invitations/accept', { code: inv.body.code })).status, 200);
  return p;
}

const memberOf = async (id) => (await ann.get('/clients/me/members')).body.find((m) => m.id === id);
const deniedRows = async () => (await ann.get('/me/audit?limit=100')).body.items.filter((a) => a.outcome === 'denied')
  .filter((a) => a.category === 'network').length;

before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000' } });
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  rita = await enlist(ann, { role: 'vertegenwoordiger', acts_on_behalf: true, until: end });
  ruud = await enlist(ann, { role: 'vertegenwoordiger', acts_on_behalf: true });
  bob = await enlist(ann, { role: 'naaste', rights: { plan: 'see' } });
});
after(() => server.stop());

test('a representative cannot change their own rights or lengthen their own mandate', async () => {
  const before = await memberOf(rita.me.id);
  const denied = await deniedRows();
  for (const body of [{ rights: { plan: 'change' } }, { rights: {}, acts_on_behalf: true }, { rights: {}, until: day(3000), acts_on_behalf: true }]) {
    const r = await rita.patch(`/clients/${ann.me.id}/members/${rita.me.id}`, body);
    assertError(r, 403, 'client_only');
  }
  assert.deepEqual(await memberOf(rita.me.id), before, 'nothing changed');
  assert.equal(await deniedRows(), denied + 3, 'each refusal is on the client\'s log');
  // The client can.
  const r = await ann.patch(`/clients/me/members/${rita.me.id}`, { rights: { plan: 'see' }, acts_on_behalf: true, until: day(60) });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.acts_on_behalf, true);
  assert.equal(r.body.rights.plan.until.slice(0, 10), day(60));
  assert.equal((await ann.patch(`/clients/me/members/${rita.me.id}`, { rights: {}, acts_on_behalf: true, until: end })).status, 200);
});

test('a representative cannot appoint a representative, nor change or remove another', async () => {
  let r = await rita.post(`/clients/${ann.me.id}/invitations`, { role: 'vertegenwoordiger', valid_days: 7, rights: {}, acts_on_behalf: true, until: end });
  assertError(r, 403, 'client_only');
  r = await ruud.post(`/clients/${ann.me.id}/invitations`, { role: 'vertegenwoordiger', valid_days: 7, rights: {} });
  assertError(r, 403, 'client_only');
  assert.equal((await ann.get('/clients/me/invitations')).body.filter((i) => i.role === 'vertegenwoordiger').length, 2,
    'only the client\'s two invitations for a representative are there');
  const before = await memberOf(ruud.me.id);
  r = await rita.patch(`/clients/${ann.me.id}/members/${ruud.me.id}`, { rights: {}, acts_on_behalf: false, until: end });
  assertError(r, 403, 'client_only');
  r = await rita.del(`/clients/${ann.me.id}/members/${ruud.me.id}`);
  assertError(r, 403, 'client_only');
  assert.deepEqual(await memberOf(ruud.me.id), before, 'the other representative is as the client made them');
});

test('what a representative gives ends no later than their own mandate', async () => {
  // Without an end, or with a later one: refused, nothing changes.
  const before = await memberOf(bob.me.id);
  let r = await rita.patch(`/clients/${ann.me.id}/members/${bob.me.id}`, { rights: { plan: 'change' } });
  assertError(r, 400, 'invalid_input', 'until');
  assert.match(r.body.error.message, new RegExp(end));
  r = await rita.patch(`/clients/${ann.me.id}/members/${bob.me.id}`, { rights: { plan: 'change' }, until: day(31) });
  assertError(r, 400, 'invalid_input', 'until');
  assert.deepEqual(await memberOf(bob.me.id), before);
  r = await rita.post(`/clients/${ann.me.id}/invitations`, { role: 'naaste', valid_days: 7, rights: { plan: 'see' } });
  assertError(r, 400, 'invalid_input', 'until');
  // Up to the end of the mandate: done.
  r = await rita.patch(`/clients/${ann.me.id}/members/${bob.me.id}`, { rights: { plan: 'change' }, until: end });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.rights.plan.level, 'change');
  r = await rita.post(`/clients/${ann.me.id}/invitations`, { role: 'naaste', valid_days: 7, rights: { plan: 'see' }, until: day(10) });
  assert.equal(r.status, 201, r.text);
  // A representative without an end gives as the client would.
  r = await ruud.patch(`/clients/${ann.me.id}/members/${bob.me.id}`, { rights: { plan: 'see' } });
  assert.equal(r.status, 200, r.text);
});

test('a representative may leave; what they set up but was not taken ends with them', async () => {
  const inv = await ruud.post(`/clients/${ann.me.id}/invitations`, { role: 'buur', valid_days: 7, rights: { messages: 'see' } });
  assert.equal(inv.status, 201, inv.text);
  const second = await signUp(server.url, { email: uniqueEmail('second'), name: 'Second' });
  assert.equal((await ann.del(`/clients/me/members/${ruud.me.id}`)).status, 204);
  const r = await second.post('/invitations/accept', { code: inv.body.code });
  assertError(r, 409, 'invitation_withdrawn', 'code');
  assert.equal(await memberOf(second.me.id), undefined, 'no foothold');
  assert.equal((await second.get(`/clients/${ann.me.id}/audit`)).status, 404);
  // Leaving: a representative can take themself out of the network.
  assert.equal((await rita.del(`/clients/${ann.me.id}/members/${rita.me.id}`)).status, 204);
  assert.equal(await memberOf(rita.me.id), undefined);
});
