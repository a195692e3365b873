// Uniqueness that matters is the store's rule, not a check in C that two
// requests at the same moment could both pass: one answer per question of
// ours, one membership per person, one taker of a help request. Requests
// sent at once run in one group commit; each clash is a clear 409 and
// undoes only that request, never its neighbours.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { signUp, uniqueEmail, assertError, assertHealthy } from '../lib/api.mjs';

let server;
before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000' } });
});
after(() => server.stop());

test('one answer per question of ours, also when twenty arrive at once', async () => {
  const ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  const replies = await Promise.all(Array.from({ length: 20 }, (_, i) =>
    ann.post('/clients/me/profile', { question_key: 'worries', answer: `zorg ${i}` })));
  const created = replies.filter((r) => r.status === 201);
  assert.equal(created.length, 1, replies.map((r) => r.status).join(','));
  for (const r of replies.filter((x) => x.status !== 201)) assertError(r, 409, 'conflict', 'question_key');
  const list = await ann.get('/clients/me/profile');
  assert.deepEqual(list.body.filter((a) => a.question_key === 'worries').map((a) => a.id), [created[0].body.id]);
  // Removing the answer frees the question again; the removed one stays in the history only.
  assert.equal((await ann.call('DELETE', `/clients/me/profile/${created[0].body.id}`)).status, 204);
  assert.equal((await ann.post('/clients/me/profile', { question_key: 'worries', answer: 'opnieuw' })).status, 201);
  // Own questions are not limited.
  for (let i = 0; i < 3; i++) {
    assert.equal((await ann.post('/clients/me/profile', { question: 'Wat nog?', answer: `${i}` })).status, 201);
  }
});

test('a clash undoes only its own request: the neighbours in the same commit keep theirs', async () => {
  const ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  const first = await ann.post('/clients/me/profile', { question_key: 'still_want', answer: 'reizen' });
  assert.equal(first.status, 201);
  // Clashing answers and good goals interleaved, all at once.
  const replies = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2
    ? ann.post('/clients/me/profile', { question_key: 'still_want', answer: `nog ${i}` })
    : ann.post('/clients/me/goals', { text: `doel ${i}` }))));
  replies.forEach((r, i) => assert.equal(r.status, i % 2 ? 409 : 201, `request ${i}: ${r.text}`));
  const goals = await ann.get('/clients/me/goals');
  assert.equal(goals.body.length, 15);
  // The clashes wrote nothing, not even their audit rows; the goals did, each one.
  const audit = (await ann.get('/me/audit?limit=500')).body.items;
  assert.equal(audit.filter((a) => a.action === 'create' && a.object === 'goal').length, 15);
  assert.equal(audit.filter((a) => a.action === 'create' && a.object === 'what_matters').length, 1);
});

test('one membership per person: a second invitation changes nothing, and everyone is told so', async () => {
  const ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  const bob = await signUp(server.url, { email: uniqueEmail('bob'), name: 'Bob' });
  const one = await ann.post('/clients/me/invitations', { role: 'naaste', valid_days: 7, rights: { plan: 'see' } });
  const two = await ann.post('/clients/me/invitations', { role: 'mantelzorger', valid_days: 7, rights: { plan: 'change' } });
  assert.equal((await bob.post('/invitations/accept', { code: one.body.code })).status, 200);
  // Looking at it tells Bob what he holds and keeps.
  const look = await bob.post('/invitations/preview', { code: two.body.code });
  assert.equal(look.status, 200, look.text);
  assert.deepEqual(look.body.rights, { plan: 'change' }, 'what the invitation offers');
  assert.equal(look.body.already_member.role, 'naaste');
  assert.deepEqual(look.body.already_member.rights, { plan: { level: 'see' } }, 'what he holds, and keeps');
  // Taking it: a clear refusal, the reply true to what he holds; Ann hears that it changed nothing.
  const before = (await ann.get('/notifications')).body.items.length;
  assertError(await bob.post('/invitations/accept', { code: two.body.code }), 409, 'already_member', 'code');
  const told = (await ann.get('/notifications')).body.items;
  assert.equal(told.length, before + 1);
  assert.equal(told[0].kind, 'invitation_already_member');
  assert.equal(told[0].actor.id, bob.me.id);
  const members = (await ann.get('/clients/me/members')).body;
  assert.equal(members.length, 1);
  assert.equal(members[0].role, 'naaste', 'the role stays as it was');
  assert.deepEqual(members[0].rights, { plan: { level: 'see' } });
  const invitations = (await ann.get('/clients/me/invitations')).body;
  assert.equal(invitations.find((i) => i.id === two.body.id).status, 'open', 'the second invitation is still open');
  assertError(await bob.post(`/clients/${ann.me.id}/goals`, { text: 'x' }), 404, 'not_found');
  await assertHealthy(server.url);
});

test('one taker of a help request, when two offer at once', async () => {
  const ann = await signUp(server.url, { email: uniqueEmail('ann'), name: 'Ann' });
  const helpers = [];
  for (let i = 0; i < 4; i++) {
    const h = await signUp(server.url, { email: uniqueEmail('h'), name: `Helper ${i}` });
    const inv = await ann.post('/clients/me/invitations', { role: 'buur', valid_days: 7, rights: { help_requests: 'see' } });
    assert.equal((await h.post('/invitations/accept', { code: inv.body.code })).status, 200);
    helpers.push(h);
  }
  const req = await ann.post('/clients/me/help-requests', { text: 'Boodschappen', day: '2026-12-24' });
  assert.equal(req.status, 201, req.text);
  const offers = await Promise.all(helpers.map((h) => h.post(`/clients/${ann.me.id}/help-requests/${req.body.id}/offer`)));
  assert.equal(offers.filter((r) => r.status === 200).length, 1, offers.map((r) => r.status).join(','));
  for (const r of offers.filter((x) => x.status !== 200)) assertError(r, 409, 'conflict');
  const taker = helpers[offers.findIndex((r) => r.status === 200)];
  const mine = (await ann.get('/clients/me/help-requests')).body[0];
  assert.equal(mine.taken_by, taker.me.id);
});
