// The client's network, second part: messages in the conversation and in
// one-to-one threads, notifications, the access log in the client's words,
// and invitations that run out (on the sanitizer build's test clock).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { signUp, uniqueEmail, assertError } from '../lib/api.mjs';

const clockDir = mkdtempSync(join(tmpdir(), 'roer-clock-'));
const clockFile = join(clockDir, 'offset');
let server;
let ann; // the client
let bob; // mantelzorger: messages and help requests
let cas; // buur: help requests only
let rita; // vertegenwoordiger
let eve; // a stranger

async function enlist(client, person, body) {
  const inv = await client.post('/clients/me/invitations', { valid_days: 7, ...body });
  assert.equal(inv.status, 201, inv.text);
  const r = await person.post('/invitations/accept', { code: inv.body.code });
  assert.equal(r.status, 200, r.text);
}

before(async () => {
  writeFileSync(clockFile, '0');
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000', ROER_TEST_CLOCK_FILE: clockFile } });
  const names = ['Ann', 'Bob', 'Cas', 'Rita', 'Eve'];
  [ann, bob, cas, rita, eve] = await Promise.all(names.map((n) => signUp(server.url, { email: uniqueEmail(n), name: n })));
  await enlist(ann, bob, { role: 'mantelzorger', rights: { messages: 'see', help_requests: 'see', plan: 'see' } });
  await enlist(ann, cas, { role: 'buur', rights: { help_requests: 'see' } });
  await enlist(ann, rita, { role: 'vertegenwoordiger', rights: {}, acts_on_behalf: true });
});
after(async () => {
  await server.stop();
  rmSync(clockDir, { recursive: true, force: true });
});

const threads = async (p, client = ann.me.id) => (await p.get(`/clients/${client}/messages/threads`)).body;
const unread = async (p) => (await p.get('/notifications/unread')).body.unread;

test('the conversation: the client, members with the messages right and the representative take part', async () => {
  const t = await threads(ann, 'me');
  assert.deepEqual(t.map((x) => x.thread), [0, bob.me.id], 'the conversation and a thread with Bob; not Cas');
  assert.equal(t[0].people[0].name, 'Ann', 'the client first');
  assert.deepEqual(t[0].people.map((p) => p.name).sort(), ['Ann', 'Bob', 'Rita']);
  assert.equal(t[1].with.name, 'Bob');
  assert.equal(t[1].with.role, 'mantelzorger');
  assert.deepEqual((await threads(bob)).map((x) => x.thread), [0, bob.me.id], 'Bob sees his own thread only');
  assert.equal((await cas.get(`/clients/${ann.me.id}/messages/threads`)).status, 404, 'no messages right');
  assert.equal((await eve.get(`/clients/${ann.me.id}/messages`)).status, 404);

  const before = await unread(bob);
  const sent = await ann.post('/clients/me/messages', { thread: 0, text: 'Wie kan er dinsdag <b>koken</b>?' });
  assert.equal(sent.status, 201, sent.text);
  assert.equal(sent.body.from.name, 'Ann');
  assert.equal(sent.body.on_behalf, false);
  assert.equal(sent.body.text, 'Wie kan er dinsdag <b>koken</b>?', 'kept as written; escaping is the page\'s work');
  assert.equal(await unread(bob), before + 1, 'Bob is told');
  assert.equal((await threads(bob))[0].unread, 1);

  const read = await bob.get(`/clients/${ann.me.id}/messages?thread=0`);
  assert.equal(read.status, 200);
  assert.equal(await unread(bob), before, 'reading the thread is reading its notification');
  assert.equal(read.body.items[0].text, sent.body.text);
  assert.equal((await threads(bob))[0].unread, 0, 'reading marks the thread read');

  const reply = await bob.post(`/clients/${ann.me.id}/messages`, { thread: 0, text: 'Ik kan dinsdag.' });
  assert.equal(reply.status, 201);
  assert.equal((await threads(ann, 'me'))[0].unread, 1);
  assert.equal((await threads(rita))[0].unread, 2, 'the representative reads along: Ann\'s message and Bob\'s');
  const n = (await ann.get('/notifications')).body.items[0];
  assert.equal(n.kind, 'message');
  assert.deepEqual(n.actor, { id: bob.me.id, name: 'Bob' });
  assert.equal(n.object, 'thread/0');
  assert.ok(!JSON.stringify(n).includes('dinsdag'), 'a notification never holds the message');
});

test('one-to-one threads are between the client and that member only', async () => {
  const own = await bob.post(`/clients/${ann.me.id}/messages`, { thread: bob.me.id, text: 'Alleen voor jou' });
  assert.equal(own.status, 201, own.text);
  // Someone else's thread, or a thread of nobody: not there, and the try is on Ann's log.
  const other = await bob.post(`/clients/${ann.me.id}/messages`, { thread: rita.me.id, text: 'x' });
  assertError(other, 404, 'not_found');
  const tried = (await ann.get(`/clients/me/audit?actor=${bob.me.id}&limit=1`)).body.items[0];
  assert.deepEqual([tried.action, tried.category, tried.object, tried.outcome], ['create', 'messages', `thread/${rita.me.id}`, 'denied']);
  assert.equal((await bob.get(`/clients/${ann.me.id}/messages?thread=${cas.me.id}`)).status, 404);
  assert.equal((await bob.get(`/clients/${ann.me.id}/messages?thread=999999`)).status, 404);
  assert.ok(!(await ann.get('/me/export')).body.network.messages.some((m) => m.text === 'x'), 'nothing stored');
  const annView = await ann.get(`/clients/me/messages?thread=${bob.me.id}`);
  assert.equal(annView.body.items[0].text, 'Alleen voor jou');
  // The representative writes on behalf of the client, and it shows.
  const byRita = await rita.post(`/clients/${ann.me.id}/messages`, { thread: bob.me.id, text: 'Namens Ann: dank je' });
  assert.equal(byRita.status, 201);
  assert.equal(byRita.body.on_behalf, true);
  assert.equal(byRita.body.from.name, 'Rita');
  const log = (await ann.get(`/clients/me/audit?actor=${rita.me.id}&limit=1`)).body.items[0];
  assert.equal(log.action, 'create');
  assert.equal(log.category, 'messages');
  assert.equal(log.on_behalf, true);
  assert.equal(log.actor.role, 'vertegenwoordiger');
});

test('bad message input is refused and nothing is stored', async () => {
  const count = async () => (await ann.get('/clients/me/messages?thread=0&limit=200')).body.items.length;
  const n = await count();
  assertError(await ann.post('/clients/me/messages', { thread: 0, text: '' }), 400, 'invalid_input', 'text');
  assertError(await ann.post('/clients/me/messages', { thread: 0, text: 'x'.repeat(2001) }), 400, 'invalid_input', 'text');
  assertError(await ann.post('/clients/me/messages', { thread: '0', text: 'x' }), 400, 'invalid_input', 'thread');
  assertError(await ann.post('/clients/me/messages', { text: 'x' }), 400, 'invalid_input', 'thread');
  assertError(await ann.get('/clients/me/messages?thread=-1'), 400, 'invalid_input', 'thread');
  assertError(await ann.get('/clients/me/messages?limit=0'), 400, 'invalid_input', 'limit');
  assertError(await ann.post('/notifications/read', { ids: [0] }), 400, 'invalid_input', 'ids[0]');
  assert.equal(await count(), n);
});

test('taking the messages right back takes the member out of the conversation at once', async () => {
  assert.equal((await ann.patch(`/clients/me/members/${bob.me.id}`, { rights: { help_requests: 'see', plan: 'see' } })).status, 200);
  assert.equal((await bob.get(`/clients/${ann.me.id}/messages?thread=0`)).status, 404);
  assert.equal((await bob.post(`/clients/${ann.me.id}/messages`, { thread: 0, text: 'Hallo?' })).status, 404);
  // Ann keeps her thread with Bob: it has ended, she (and her representative) still read it, nobody writes.
  const list = await threads(ann, 'me');
  assert.deepEqual(list.map((x) => [x.thread, x.ended]), [[0, false], [bob.me.id, true]]);
  assert.deepEqual(list[0].people.map((p) => p.name).sort(), ['Ann', 'Rita']);
  assert.equal(list[1].with.name, 'Bob');
  for (const p of [ann, rita]) {
    const own = await p.get(`/clients/${ann.me.id}/messages?thread=${bob.me.id}`);
    assert.equal(own.status, 200, own.text);
    assert.ok(own.body.items.some((m) => m.text === 'Alleen voor jou'));
    assertError(await p.post(`/clients/${ann.me.id}/messages`, { thread: bob.me.id, text: 'Ben je er nog?' }), 409, 'conflict', 'thread');
  }
  assert.equal((await bob.get(`/clients/${ann.me.id}/messages?thread=${bob.me.id}`)).status, 404, 'not Bob\'s any more');
  assert.ok(!(await ann.get('/me/export')).body.network.messages.some((m) => m.text === 'Ben je er nog?'), 'nothing stored');
  const n = (await bob.get('/notifications')).body.items[0];
  assert.equal(n.kind, 'rights_changed');
  assert.deepEqual(n.client, { id: ann.me.id, name: 'Ann' });
  const denied = (await ann.get(`/clients/me/audit?actor=${bob.me.id}&limit=2`)).body.items;
  assert.ok(denied.some((a) => a.category === 'messages' && a.outcome === 'denied'), 'the refusal is on the log');
  assert.equal((await ann.patch(`/clients/me/members/${bob.me.id}`, { rights: { messages: 'see', help_requests: 'see', plan: 'see' } })).status, 200);
});

test('help requests notify whom they are meant for, the client when taken, the taker when closed', async () => {
  const casBefore = await unread(cas);
  const bobBefore = await unread(bob);
  const onlyCas = await ann.post('/clients/me/help-requests', { text: 'Vuilnis buiten zetten', day: '2026-12-02', for: [cas.me.id] });
  assert.equal(onlyCas.status, 201, onlyCas.text);
  assert.equal(await unread(cas), casBefore + 1);
  const seen = (await cas.get(`/clients/${ann.me.id}/help-requests`)).body;
  assert.ok(seen.length > 0 && seen.every((h) => !('for' in h)), 'whom else a request is for is not a member\'s business');
  assert.deepEqual((await ann.get('/clients/me/help-requests')).body.find((h) => h.id === onlyCas.body.id).for, [cas.me.id]);
  assert.equal(await unread(bob), bobBefore, 'not meant for Bob');
  const everyone = await ann.post('/clients/me/help-requests', { text: 'Boodschappen', day: '2026-12-03' });
  assert.equal(await unread(bob), bobBefore + 1);
  assert.equal((await bob.get('/notifications')).body.items[0].kind, 'help_requested');

  const took = await cas.post(`/clients/${ann.me.id}/help-requests/${onlyCas.body.id}/offer`);
  assert.equal(took.status, 200);
  assert.equal(took.body.for, undefined);
  const offered = (await ann.get('/notifications')).body.items[0];
  assert.equal(offered.kind, 'help_offered');
  assert.equal(offered.actor.name, 'Cas');
  assert.equal(offered.object, `help_request/${onlyCas.body.id}`);
  // What Cas took stays on Cas's list until it is closed.
  const mine = (await cas.get('/help-requests')).body;
  assert.ok(mine.some((h) => h.id === onlyCas.body.id && h.status === 'taken'));
  assert.equal((await ann.patch(`/clients/me/help-requests/${onlyCas.body.id}`, { status: 'done' })).status, 200);
  assert.equal((await cas.get('/notifications')).body.items[0].kind, 'help_closed');
  assert.ok(!(await cas.get('/help-requests')).body.some((h) => h.id === onlyCas.body.id));
  assert.ok((await cas.get('/help-requests')).body.some((h) => h.id === everyone.body.id));
});

test('notifications: invitation accepted, removed; read one or all; only one\'s own', async () => {
  const dan = await signUp(server.url, { email: uniqueEmail('dan'), name: 'Dan' });
  // Rita invites on Ann's behalf: both hear that Dan joined.
  const inv = await rita.post(`/clients/${ann.me.id}/invitations`, { role: 'vrijwilliger', valid_days: 2, rights: { help_requests: 'see' } });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await dan.post('/invitations/accept', { code: inv.body.code })).status, 200);
  for (const p of [ann, rita]) {
    const n = (await p.get('/notifications')).body.items[0];
    assert.equal(n.kind, 'invitation_accepted');
    assert.deepEqual(n.actor, { id: dan.me.id, name: 'Dan' });
  }
  assert.equal((await ann.del(`/clients/me/members/${dan.me.id}`)).status, 204);
  const removed = (await dan.get('/notifications')).body;
  assert.equal(removed.items[0].kind, 'removed');
  assert.equal(removed.unread, 1);

  const list = (await ann.get('/notifications')).body;
  assert.ok(list.unread >= 2);
  assert.equal((await ann.post('/notifications/read', { ids: [list.items[0].id] })).status, 204);
  assert.equal(await unread(ann), list.unread - 1);
  // Someone else's notification ids change nothing.
  assert.equal((await eve.post('/notifications/read', { ids: [list.items[1].id] })).status, 204);
  assert.equal(await unread(ann), list.unread - 1);
  assert.equal((await ann.post('/notifications/read', {})).status, 204);
  assert.equal(await unread(ann), 0);
  assert.equal((await ann.get('/notifications')).body.items[0].read, true);
  assert.equal((await eve.get('/notifications')).body.items.length, 0);
  const page = (await ann.get('/notifications?limit=1')).body;
  assert.equal(page.items.length, 1);
  assert.equal((await ann.get(`/notifications?limit=1&before=${page.next_before}`)).body.items[0].id < page.items[0].id, true);
});

test('the access log names the person and their role as they were, and filters by person', async () => {
  await bob.get(`/clients/${ann.me.id}/goals`);
  await cas.get(`/clients/${ann.me.id}/goals`);
  const byBob = (await ann.get(`/clients/me/audit?actor=${bob.me.id}&limit=5`)).body.items;
  assert.ok(byBob.length > 0);
  assert.ok(byBob.every((a) => a.actor.id === bob.me.id));
  assert.deepEqual({ ...byBob[0].actor }, { id: bob.me.id, name: 'Bob', role: 'mantelzorger', discipline: null });
  assert.equal(byBob[0].category, 'plan');
  assert.equal(byBob[0].outcome, 'success');
  const byCas = (await ann.get(`/clients/me/audit?actor=${cas.me.id}&limit=1`)).body.items[0];
  assert.equal(byCas.outcome, 'denied', 'Cas may not see the plan, and that is on the log');
  const others = (await ann.get('/clients/me/audit?others=1&limit=100')).body.items;
  assert.ok(others.length > 0 && others.every((a) => a.actor.id !== ann.me.id));
  const own = (await ann.get('/clients/me/audit?limit=100')).body.items;
  assert.ok(own.some((a) => a.actor.id === ann.me.id && a.actor.role === null));
  // Bob changes his name: the log keeps the name he had then.
  assert.equal((await bob.patch('/me', { name: 'Robert' })).status, 200);
  assert.equal((await ann.get(`/clients/me/audit?actor=${bob.me.id}&limit=1`)).body.items[0].actor.name, 'Bob');
  assertError(await ann.get('/clients/me/audit?others=2'), 400, 'invalid_input', 'others');
  assertError(await ann.get('/clients/me/audit?actor=abc'), 400, 'invalid_input', 'actor');
  assert.equal((await bob.get(`/clients/${ann.me.id}/audit`)).status, 404, 'a member does not read the log');
  // A change of rights names whom it was about.
  const grant = (await ann.get('/clients/me/audit?limit=100')).body.items.find((a) => a.action === 'grant' && a.object === `member/${bob.me.id}`);
  assert.deepEqual(grant.subject, { id: bob.me.id, name: 'Robert' });
  assert.equal(grant.actor.id, ann.me.id);
});

test('the export holds the network: members, whom I support, help requests, messages, notifications', async () => {
  const mine = (await ann.get('/me/export')).body.network;
  assert.deepEqual(mine.members.map((m) => m.name).sort(), ['Cas', 'Rita', 'Robert']);
  assert.ok(mine.help_requests.some((h) => h.text === 'Boodschappen'));
  assert.ok(mine.messages.some((m) => m.text === 'Alleen voor jou' && m.thread === bob.me.id));
  assert.ok(mine.messages.some((m) => m.text === 'Ik kan dinsdag.' && m.thread === 0));
  assert.ok(mine.notifications.length > 0);
  const his = (await bob.get('/me/export')).body.network;
  assert.deepEqual(his.supporting.map((c) => c.name), ['Ann']);
  assert.deepEqual(his.messages, [], 'what Bob wrote to Ann is in Ann\'s record, not in Bob\'s export');
  assert.deepEqual(his.members, []);
});

test('an invitation runs out after its days; accepting it then is a clear error', async () => {
  const inv = await ann.post('/clients/me/invitations', { role: 'naaste', valid_days: 1, rights: { plan: 'see' } });
  assert.equal(inv.status, 201);
  writeFileSync(clockFile, String(86400 + 60));
  const late = await signUp(server.url, { email: uniqueEmail('late'), name: 'Late' });
  assertError(await late.post('/invitations/accept', { code: inv.body.code }), 409, 'invitation_expired', 'code');
  assert.equal((await late.get(`/clients/${ann.me.id}/goals`)).status, 404);
  assert.equal((await ann.login()).status, 200, 'sessions ran out with the clock; sign in again');
  assert.equal((await ann.get('/clients/me/invitations')).body[0].status, 'expired');
});
