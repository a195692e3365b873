// The client's network, first part: invitations with confirmed rights,
// accepting them once, and the rights taking effect at once in the record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { Person, signUp, uniqueEmail } from '../lib/api.mjs';

let server;
let ann;
let bob;
let carl;
let dora;

before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000' } });
  ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  bob = await signUp(server.url, { email: uniqueEmail('bob'), name: 'Bob' });
  carl = await signUp(server.url, { email: uniqueEmail('carl'), name: 'Carl' });
  dora = await signUp(server.url, { email: uniqueEmail('dora'), name: 'Dora' });
});
after(() => server.stop());

const invite = (by, clientId, body) => by.post(`/clients/${clientId}/invitations`, body);

test('an invitation carries the rights the client confirmed, and its code works once', async () => {
  const inv = await invite(ann, 'me', { role: 'mantelzorger', valid_days: 7, rights: { plan: 'see', balance: 'change' } });
  assert.equal(inv.status, 201, inv.text);
  assert.match(inv.body.code, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(inv.body.status, 'open');
  const list = await ann.get('/clients/me/invitations');
  assert.equal(list.status, 200);
  assert.equal(list.body[0].id, inv.body.id);
  assert.equal(list.body[0].code, undefined, 'the code is shown only once');
  assert.deepEqual(list.body[0].rights, { plan: 'see', balance: 'change' });

  const accepted = await bob.post('/invitations/accept', { code: inv.body.code });
  assert.equal(accepted.status, 200, accepted.text);
  assert.deepEqual(accepted.body.client, { id: ann.me.id, name: 'Ann' });
  assert.equal(accepted.body.role, 'mantelzorger');
  const again = await carl.post('/invitations/accept', { code: inv.body.code });
  assert.equal(again.status, 409);
  assert.equal(again.body.error.code, 'invitation_used');
  assert.equal((await ann.get('/clients/me/invitations')).body[0].status, 'accepted');
});

test('granted rights work at once, and only as far as granted', async () => {
  const goal = await ann.post('/clients/me/goals', { text: 'Zelf boodschappen doen' });
  assert.equal(goal.status, 201);
  // See the plan, not change it.
  const goals = await bob.get(`/clients/${ann.me.id}/goals`);
  assert.equal(goals.status, 200);
  assert.deepEqual(goals.body.map((g) => g.text), ['Zelf boodschappen doen']);
  assert.equal((await bob.patch(`/clients/${ann.me.id}/goals/${goal.body.id}`, { text: 'x' })).status, 404);
  assert.equal((await bob.post(`/clients/${ann.me.id}/goals`, { text: 'x' })).status, 404);
  // See and change the balance: what Bob adds is marked as his.
  const item = await bob.post(`/clients/${ann.me.id}/balance`, { side: 'strength', text: 'Bob komt elke dag', whose: 'network' });
  assert.equal(item.status, 201, item.text);
  assert.equal(item.body.created_by, bob.me.id);
  // Nothing else: not what matters, not the network, not the audit log.
  for (const p of ['profile', 'decisions', 'invitations']) assert.equal((await bob.get(`/clients/${ann.me.id}/${p}`)).status, 404, p);
  // Carl, who has no rights, sees nothing.
  assert.equal((await carl.get(`/clients/${ann.me.id}/goals`)).status, 404);
  // Ann reads Bob's accesses in her audit log, with Bob as the actor.
  const audit = (await ann.get('/me/audit?limit=200')).body.items;
  assert.ok(audit.some((a) => a.actor && a.actor.id === bob.me.id && a.action === 'read' && a.category === 'plan' && a.outcome === 'success'));
  assert.ok(audit.some((a) => a.actor && a.actor.id === bob.me.id && a.action === 'update' && a.category === 'plan' && a.outcome === 'denied'));
  assert.ok(audit.some((a) => a.actor && a.actor.id === bob.me.id && a.action === 'grant' && a.category === 'network'));
});

test('the invitee reads what an invitation offers before taking it; the look is on the client\'s log', async () => {
  const inv = await invite(ann, 'me', { role: 'professional', discipline: 'huisarts', name: 'Dokter', valid_days: 3, rights: { plan: 'see' } });
  const look = await carl.post('/invitations/preview', { code: inv.body.code });
  assert.equal(look.status, 200, look.text);
  assert.deepEqual(look.body.client, { id: ann.me.id, name: 'Ann' });
  assert.equal(look.body.role, 'professional');
  assert.equal(look.body.discipline, 'huisarts');
  assert.deepEqual(look.body.rights, { plan: 'see' });
  assert.match(look.body.expires_at, /^\d{4}-\d\d-\d\dT/);
  assert.equal(look.body.name, undefined, 'the name the client gave it is the client\'s own');
  const row = (await ann.get(`/clients/me/audit?actor=${carl.me.id}&limit=1`)).body.items[0];
  assert.equal(row.action, 'read');
  assert.equal(row.category, 'network');
  assert.equal(row.object, `invitation/${inv.body.id}`);
  // Looking takes nothing: the invitation is still open, and the same errors as accepting apply.
  assert.equal((await ann.get('/clients/me/invitations')).body.find((i) => i.id === inv.body.id).status, 'open');
  assert.equal((await ann.post('/invitations/preview', { code: inv.body.code })).status, 409);
  assert.equal((await carl.post('/invitations/preview', { code: 'x'.repeat(43) })).status, 404);
  assert.equal((await carl.post('/invitations/preview', {})).status, 400);
  assert.equal((await ann.del(`/clients/me/invitations/${inv.body.id}`)).status, 204);
  const gone = await carl.post('/invitations/preview', { code: inv.body.code });
  assert.equal(gone.status, 409);
  assert.equal(gone.body.error.code, 'invitation_withdrawn');
});

test('withdrawn and own invitations cannot be accepted; unknown codes are not found', async () => {
  const inv = await invite(ann, 'me', { role: 'buur', valid_days: 3, rights: { help_requests: 'see' } });
  assert.equal((await ann.del(`/clients/me/invitations/${inv.body.id}`)).status, 204);
  assert.equal((await ann.del(`/clients/me/invitations/${inv.body.id}`)).status, 404, 'only open invitations can be withdrawn');
  let r = await carl.post('/invitations/accept', { code: inv.body.code });
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'invitation_withdrawn');
  const own = await invite(ann, 'me', { role: 'naaste', valid_days: 1, rights: {} });
  r = await ann.post('/invitations/accept', { code: own.body.code });
  assert.equal(r.status, 409);
  r = await carl.post('/invitations/accept', { code: 'x'.repeat(43) });
  assert.equal(r.status, 404);
  r = await carl.post('/invitations/accept', { code: 'not a code' });
  assert.equal(r.status, 404);
});

test('an invitation is checked: role, discipline, days, rights, end date', async () => {
  for (const [body, field] of [
    [{ valid_days: 7, rights: {} }, 'role'],
    [{ role: 'professional', valid_days: 7, rights: {} }, 'discipline'],
    [{ role: 'naaste', discipline: 'huisarts', valid_days: 7, rights: {} }, 'discipline'],
    [{ role: 'naaste', valid_days: 0, rights: {} }, 'valid_days'],
    [{ role: 'naaste', valid_days: 31, rights: {} }, 'valid_days'],
    [{ role: 'naaste', valid_days: 7 }, 'rights'],
    [{ role: 'naaste', valid_days: 7, rights: { plan: 'everything' } }, 'rights.plan'],
    [{ role: 'naaste', valid_days: 7, rights: {}, acts_on_behalf: true }, 'acts_on_behalf'],
    [{ role: 'naaste', valid_days: 7, rights: {}, until: '2020-01-01' }, 'until'],
  ]) {
    const r = await invite(ann, 'me', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.body.error.field, field, JSON.stringify(body));
  }
  // Someone else cannot invite people into Ann's network.
  assert.equal((await carl.post(`/clients/${ann.me.id}/invitations`, { role: 'naaste', valid_days: 7, rights: {} })).status, 404);
});

test('a representative acts on the client\'s behalf, marked as done by them', async () => {
  const inv = await invite(ann, 'me', { role: 'vertegenwoordiger', valid_days: 7, rights: {}, acts_on_behalf: true });
  assert.equal((await dora.post('/invitations/accept', { code: inv.body.code })).status, 200);
  const d = await dora.post(`/clients/${ann.me.id}/decisions`, { question: 'Verhuizen?' });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.body.created_by, dora.me.id);
  // Managing the network is part of it.
  const sub = await invite(dora, ann.me.id, { role: 'naaste', valid_days: 2, rights: { plan: 'see' } });
  assert.equal(sub.status, 201, sub.text);
  // The representative reads the client's access log too.
  const log = await dora.get(`/clients/${ann.me.id}/audit?limit=50`);
  assert.equal(log.status, 200, log.text);
  const row = log.body.items.find((a) => a.actor && a.actor.id === dora.me.id && a.category === 'decisions');
  assert.ok(row, 'the representative\'s decision is on the log');
  assert.equal(row.on_behalf, true, 'marked as done on behalf of the client');
  assert.equal(row.actor.role, 'vertegenwoordiger');
  assert.ok(log.body.items.filter((a) => a.actor && a.actor.id === ann.me.id).every((a) => a.on_behalf === false),
    'what the client does herself is not on behalf');
  // Never the account: Ann's export stays Ann's.
  const mine = await dora.get('/me/export');
  assert.equal(mine.body.account.id, dora.me.id);
});

test('the client sees the members and their rights; members see whom they support', async () => {
  const members = await ann.get('/clients/me/members');
  assert.equal(members.status, 200, members.text);
  const b = members.body.find((m) => m.id === bob.me.id);
  assert.equal(b.name, 'Bob');
  assert.equal(b.role, 'mantelzorger');
  assert.deepEqual(b.rights, { balance: { level: 'change' }, plan: { level: 'see' } });
  assert.equal(b.acts_on_behalf, false);
  assert.equal(members.body.find((m) => m.id === dora.me.id).acts_on_behalf, true);
  const supporting = await bob.get('/supporting');
  assert.equal(supporting.status, 200);
  assert.deepEqual(supporting.body.map((c) => [c.id, c.name]), [[ann.me.id, 'Ann']]);
  assert.deepEqual(supporting.body[0].rights, { balance: { level: 'change' }, plan: { level: 'see' } });
  assert.deepEqual((await carl.get('/supporting')).body, []);
  // Members and strangers do not see the member list, nor the client's access log.
  assert.equal((await bob.get(`/clients/${ann.me.id}/members`)).status, 404);
  assert.equal((await bob.get(`/clients/${ann.me.id}/audit`)).status, 404);
  assert.equal((await carl.get(`/clients/${ann.me.id}/audit`)).status, 404);
  const own = await ann.get('/clients/me/audit?limit=5');
  assert.equal(own.status, 200);
  assert.equal(own.body.items[0].category, 'audit');
});

test('a right taken back stops the very next request; removal and ending a representation too', async () => {
  const item = { side: 'burden', text: 'x', whose: 'mine' };
  assert.equal((await bob.post(`/clients/${ann.me.id}/balance`, item)).status, 201);
  const changed = await ann.patch(`/clients/me/members/${bob.me.id}`, { rights: { plan: 'see' } });
  assert.equal(changed.status, 200, changed.text);
  assert.deepEqual(changed.body.rights, { plan: { level: 'see' } });
  assert.equal((await bob.post(`/clients/${ann.me.id}/balance`, item)).status, 404);
  assert.equal((await bob.get(`/clients/${ann.me.id}/balance`)).status, 404);
  assert.equal((await bob.get(`/clients/${ann.me.id}/goals`)).status, 200);
  // Representation is given by invitation only; it can be ended like any right.
  let r = await ann.patch(`/clients/me/members/${bob.me.id}`, { rights: {}, acts_on_behalf: true });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'acts_on_behalf');
  r = await ann.patch(`/clients/me/members/${dora.me.id}`, { rights: { decisions: 'see' }, acts_on_behalf: false });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.acts_on_behalf, false);
  assert.equal((await dora.post(`/clients/${ann.me.id}/decisions`, { question: 'x' })).status, 404);
  assert.equal((await dora.get(`/clients/${ann.me.id}/decisions`)).status, 200);
  // Not a member, bad rights, someone else changing Ann's network.
  assert.equal((await ann.patch(`/clients/me/members/${carl.me.id}`, { rights: {} })).status, 404);
  assert.equal((await ann.patch(`/clients/me/members/${bob.me.id}`, { rights: { plan: 'all' } })).body.error.field, 'rights.plan');
  assert.equal((await carl.patch(`/clients/${ann.me.id}/members/${bob.me.id}`, { rights: { plan: 'change' } })).status, 404);
  assert.equal((await bob.patch(`/clients/${ann.me.id}/members/${bob.me.id}`, { rights: { plan: 'change' } })).status, 404);
  // Removing a member ends everything at once.
  assert.equal((await ann.del(`/clients/me/members/${bob.me.id}`)).status, 204);
  assert.equal((await bob.get(`/clients/${ann.me.id}/goals`)).status, 404);
  assert.deepEqual((await bob.get('/supporting')).body, []);
  assert.equal((await ann.del(`/clients/me/members/${bob.me.id}`)).status, 404);
  const audit = (await ann.get('/me/audit?limit=300')).body.items;
  assert.ok(audit.some((a) => a.action === 'revoke' && a.category === 'network' && a.object === `member/${bob.me.id}`));
  assert.ok(audit.some((a) => a.action === 'grant' && a.category === 'network' && a.object === `member/${dora.me.id}`));
});

test('help requests: the client asks, a member offers, the client sees who took what and closes it', async () => {
  const client = await signUp(server.url, { email: uniqueEmail('els'), name: 'Els' });
  const hanna = await signUp(server.url, { email: uniqueEmail('hanna'), name: 'Hanna' });
  const piet = await signUp(server.url, { email: uniqueEmail('piet'), name: 'Piet' });
  for (const [p, role] of [[hanna, 'naaste'], [piet, 'buur']]) {
    const inv = await client.post('/clients/me/invitations', { role, valid_days: 2, rights: { help_requests: 'see' } });
    assert.equal((await p.post('/invitations/accept', { code: inv.body.code })).status, 200);
  }
  const all = await client.post('/clients/me/help-requests', { text: 'Boodschappen dinsdag', day: '2026-12-01' });
  assert.equal(all.status, 201, all.text);
  assert.equal(all.body.status, 'open');
  const onlyHanna = await client.post('/clients/me/help-requests', { text: 'Rijden naar het ziekenhuis', day: '2026-12-14', time: '10:00', for: [hanna.me.id] });
  assert.equal(onlyHanna.status, 201, onlyHanna.text);
  // Checked: only members who see help requests can be asked; periods run forward.
  assert.equal((await client.post('/clients/me/help-requests', { text: 'x', day: '2026-12-01', for: [carl.me.id] })).body.error.field, 'for');
  assert.equal((await client.post('/clients/me/help-requests', { text: 'x', day: '2026-12-05', until: '2026-12-01' })).body.error.field, 'until');
  assert.equal((await client.post('/clients/me/help-requests', { text: 'x', day: '5 december' })).body.error.field, 'day');
  // Piet sees only what is meant for him, here and across the clients he supports.
  const forPiet = await piet.get(`/clients/${client.me.id}/help-requests`);
  assert.deepEqual(forPiet.body.map((h) => h.text), ['Boodschappen dinsdag']);
  const mine = await piet.get('/help-requests');
  assert.deepEqual(mine.body.map((h) => [h.text, h.client.name]), [['Boodschappen dinsdag', 'Els']]);
  assert.equal((await piet.post(`/clients/${client.me.id}/help-requests/${onlyHanna.body.id}/offer`)).status, 404);
  // Piet takes the shopping; Hanna is too late for it, but takes the drive.
  const taken = await piet.post(`/clients/${client.me.id}/help-requests/${all.body.id}/offer`);
  assert.equal(taken.status, 200, taken.text);
  assert.equal(taken.body.taken_by, piet.me.id);
  assert.equal((await hanna.post(`/clients/${client.me.id}/help-requests/${all.body.id}/offer`)).status, 409);
  assert.equal((await hanna.post(`/clients/${client.me.id}/help-requests/${onlyHanna.body.id}/offer`)).status, 200);
  assert.deepEqual((await piet.get('/help-requests')).body.map((h) => [h.id, h.status]), [[all.body.id, 'taken']],
    'what Piet took stays on his list; what Hanna took and what is not for him do not show');
  assert.deepEqual((await hanna.get('/help-requests')).body.map((h) => [h.id, h.status]), [[onlyHanna.body.id, 'taken']]);
  // Members who only see cannot post or close; the client sees who took what and closes it.
  assert.equal((await piet.post(`/clients/${client.me.id}/help-requests`, { text: 'x', day: '2026-12-01' })).status, 404);
  assert.equal((await piet.patch(`/clients/${client.me.id}/help-requests/${all.body.id}`, { status: 'done' })).status, 404);
  const list = (await client.get('/clients/me/help-requests')).body;
  assert.deepEqual(list.map((h) => [h.text, h.taken_by]), [['Boodschappen dinsdag', piet.me.id], ['Rijden naar het ziekenhuis', hanna.me.id]]);
  const done = await client.patch(`/clients/me/help-requests/${all.body.id}`, { status: 'done' });
  assert.equal(done.status, 200);
  assert.equal(done.body.status, 'done');
  assert.equal((await client.patch(`/clients/me/help-requests/${all.body.id}`, { status: 'cancelled' })).status, 409);
  assert.equal((await client.patch(`/clients/me/help-requests/${all.body.id}`, { status: 'open' })).body.error.field, 'status');
  assert.equal((await client.patch('/clients/me/help-requests/999999', { status: 'done' })).status, 404);
  // A stranger sees nothing of it.
  assert.equal((await carl.get(`/clients/${client.me.id}/help-requests`)).status, 404);
});
