// The client's own record: every part, its validation, its history, and
// that someone else's record is refused (404) and audited as a refusal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';

let server;
let ann;
let bob;

// A signed-in person: cookie and anti-forgery token kept between calls.
async function signUp(email, name) {
  const res = await fetch(`${server.url}/api/v1/auth/register`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'a long enough password', name, language: 'nl' }),
  });
  assert.equal(res.status, 201);
  const me = await res.json();
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const call = async (method, path, body) => {
    const headers = { Cookie: cookie };
    if (method !== 'GET') headers['X-CSRF-Token'] = me.csrf_token;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(`${server.url}/api/v1${path}`, {
      method, headers, body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  return { me, call };
}

before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '100' } });
  ann = await signUp('ann@example.nl', 'Ann');
  bob = await signUp('bob@example.nl', 'Bob');
});
after(() => server.stop());

const ratings = (over = {}) => ({
  body: { score: 5, note: 'knie doet pijn' }, mind: { score: 7 }, meaning: { score: 8 },
  quality_of_life: { score: 6 }, participation: { score: 4 }, daily_life: { score: 6 }, ...over,
});

test('what matters: answers to our questions and to the client\'s own', async () => {
  const a = await ann.call('POST', '/clients/me/profile', { question_key: 'what_matters', answer: 'Mijn kleinkinderen zien.\nTuinieren.' });
  assert.equal(a.status, 201);
  assert.equal(a.body.answer, 'Mijn kleinkinderen zien.\nTuinieren.');
  const own = await ann.call('POST', `/clients/${ann.me.id}/profile`, { question: 'Wat wil ik nog leren?', answer: 'Tablet gebruiken' });
  assert.equal(own.status, 201);
  // One answer per question of ours: the second is a conflict, and changing the first works.
  const again = await ann.call('POST', '/clients/me/profile', { question_key: 'what_matters', answer: 'x' });
  assert.equal(again.status, 409);
  const changed = await ann.call('PATCH', `/clients/me/profile/${a.body.id}`, { answer: 'Mijn kleinkinderen.' });
  assert.equal(changed.status, 200);
  assert.equal(changed.body.answer, 'Mijn kleinkinderen.');
  assert.equal(changed.body.question_key, 'what_matters');
  // Neither or both of question_key and question is refused.
  for (const body of [{ answer: 'x' }, { question_key: 'worries', question: 'x', answer: 'y' }]) {
    const r = await ann.call('POST', '/clients/me/profile', body);
    assert.equal(r.status, 400);
    assert.equal(r.body.error.field, 'question');
  }
  const bad = await ann.call('POST', '/clients/me/profile', { question_key: 'favourite_colour', answer: 'x' });
  assert.equal(bad.body.error.field, 'question_key');
  const list = await ann.call('GET', '/clients/me/profile');
  assert.equal(list.status, 200);
  assert.deepEqual(list.body.map((i) => i.answer), ['Mijn kleinkinderen.', 'Tablet gebruiken']);
});

test('life domains: every rating is kept with its date and cannot be changed', async () => {
  const first = await ann.call('POST', '/clients/me/domains', ratings());
  assert.equal(first.status, 201);
  assert.equal(first.body.body.note, 'knie doet pijn');
  const second = await ann.call('POST', '/clients/me/domains', ratings({ body: { score: 7 } }));
  assert.equal(second.status, 201);
  const list = await ann.call('GET', '/clients/me/domains');
  assert.deepEqual(list.body.map((r) => r.body.score), [5, 7]);
  assert.match(list.body[0].created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.equal((await ann.call('PATCH', `/clients/me/domains/${first.body.id}`, { body: { score: 1 } })).status, 405);
  assert.equal((await ann.call('DELETE', `/clients/me/domains/${first.body.id}`)).status, 405);
  // Range, type and completeness, each named.
  for (const [over, field] of [
    [{ participation: { score: 11 } }, 'participation.score'],
    [{ mind: { score: -1 } }, 'mind.score'],
    [{ meaning: { score: '8' } }, 'meaning.score'],
    [{ daily_life: undefined }, 'daily_life'],
    [{ body: 5 }, 'body'],
  ]) {
    const r = await ann.call('POST', '/clients/me/domains', ratings(over));
    assert.equal(r.status, 400, JSON.stringify(over));
    assert.equal(r.body.error.code, 'invalid_input');
    assert.equal(r.body.error.field, field);
  }
  assert.equal((await ann.call('GET', '/clients/me/domains')).body.length, 2, 'nothing half-saved');
});

test('balance: items, dated totals that tip, and the client\'s own judgement', async () => {
  const stairs = await ann.call('POST', '/clients/me/balance', { side: 'burden', text: 'Traplopen is zwaar', weight: 4, whose: 'mine', domain: 'body' });
  const daughter = await ann.call('POST', '/clients/me/balance', { side: 'strength', text: 'Mijn dochter helpt', weight: 3, whose: 'network' });
  const worry = await ann.call('POST', '/clients/me/balance', { side: 'burden', text: 'Zorgen om geld', weight: 2, whose: 'mine' });
  assert.deepEqual([stairs.status, daughter.status, worry.status], [201, 201, 201]);
  let r = await ann.call('PATCH', `/clients/me/balance/${daughter.body.id}`, { weight: 5, why: 'Ze komt nu elke dag' });
  assert.equal(r.status, 200);
  assert.equal(r.body.weight, 5);
  r = await ann.call('DELETE', `/clients/me/balance/${worry.body.id}`);
  assert.equal(r.status, 204);
  const history = (await ann.call('GET', '/clients/me/balance/history')).body;
  assert.deepEqual(history.map((h) => [h.strengths, h.burdens, h.change.what]),
    [[0, 4, 'create'], [3, 4, 'create'], [3, 6, 'create'], [5, 6, 'update'], [5, 4, 'remove']]);
  assert.equal(history[3].change.item_id, daughter.body.id);
  assert.equal(history[3].change.why, 'Ze komt nu elke dag');
  const items = (await ann.call('GET', '/clients/me/balance')).body;
  assert.deepEqual(items.map((i) => i.text), ['Traplopen is zwaar', 'Mijn dochter helpt']);
  // Weights are 1 to 5, and only known sides and owners.
  for (const body of [{ side: 'burden', text: 'x', weight: 6, whose: 'mine' }, { side: 'burden', text: 'x', weight: 0, whose: 'mine' },
    { side: 'middle', text: 'x', weight: 3, whose: 'mine' }, { side: 'burden', text: '', weight: 3, whose: 'mine' },
    { side: 'burden', text: 'x', weight: 3, whose: 'the neighbours' }, { side: 'burden', text: 'x', weight: 2.5, whose: 'mine' }]) {
    assert.equal((await ann.call('POST', '/clients/me/balance', body)).status, 400, JSON.stringify(body));
  }
  const j = await ann.call('POST', '/clients/me/balance/judgements', { text: 'Het gaat net, dankzij mijn dochter.', leaning: 'even' });
  assert.equal(j.status, 201);
  assert.equal((await ann.call('GET', '/clients/me/balance/judgements')).body[0].leaning, 'even');
});

test('plan: goals linked to the balance, actions by who and how, check-ins', async () => {
  const items = (await ann.call('GET', '/clients/me/balance')).body;
  const burden = items.find((i) => i.side === 'burden');
  const strength = items.find((i) => i.side === 'strength');
  const goal = await ann.call('POST', '/clients/me/goals', { text: 'Zelf boodschappen blijven doen', domains: ['body', 'participation'], relieves: [burden.id], strengthens: [strength.id] });
  assert.equal(goal.status, 201);
  assert.equal(goal.body.status, 'active');
  // A burden cannot be named as a strength, nor an unknown or someone else's id.
  let r = await ann.call('POST', '/clients/me/goals', { text: 'x', strengthens: [burden.id] });
  assert.equal(r.status, 400);
  assert.equal(r.body.error.field, 'strengthens');
  r = await ann.call('POST', '/clients/me/goals', { text: 'x', relieves: [999999] });
  assert.equal(r.body.error.field, 'relieves');
  r = await ann.call('POST', '/clients/me/goals', { text: 'x', domains: ['body', 'body'] });
  assert.equal(r.status, 400);

  const self = await ann.call('POST', '/clients/me/actions', { goal_id: goal.body.id, what: 'Elke dag een rondje lopen', who: 'self', how: 'zelf', when: 'elke ochtend' });
  const network = await ann.call('POST', '/clients/me/actions', { goal_id: goal.body.id, what: 'Boodschappen tillen', who: 'network', who_name: 'Mijn dochter', how: 'thuis' });
  const pro = await ann.call('POST', '/clients/me/actions', { goal_id: goal.body.id, what: 'Oefeningen', who: 'professional', who_discipline: 'wijkverpleegkundige', how: 'digitaal' });
  assert.deepEqual([self.status, network.status, pro.status], [201, 201, 201]);
  assert.equal(self.body.status, 'planned');
  r = await ann.call('PATCH', `/clients/me/actions/${self.body.id}`, { status: 'doing', note: 'Gaat goed' });
  assert.equal(r.body.status, 'doing');
  r = await ann.call('PATCH', `/clients/me/actions/${self.body.id}`, { status: 'finished' });
  assert.equal(r.status, 400);
  r = await ann.call('POST', '/clients/me/actions', { goal_id: goal.body.id, what: 'x', who: 'self', who_discipline: 'huisarts', how: 'zelf' });
  assert.equal(r.body.error.field, 'who_discipline');
  r = await ann.call('POST', '/clients/me/actions', { goal_id: 424242, what: 'x', who: 'self', how: 'zelf' });
  assert.equal(r.body.error.field, 'goal_id');

  const c = await ann.call('POST', '/clients/me/checkins', { mood: 4, text: 'Goede week', went_well: [goal.body.id] });
  assert.equal(c.status, 201);
  assert.equal((await ann.call('POST', '/clients/me/checkins', { mood: 6 })).status, 400);
  assert.equal((await ann.call('POST', '/clients/me/checkins', { mood: 3, went_badly: [self.body.id] })).body.error.field, 'went_badly');
  assert.equal((await ann.call('GET', '/clients/me/checkins')).body.length, 1);
  // The rhythm of check-ins is the client's choice; the newest counts, every choice is kept.
  assert.equal((await ann.call('POST', '/clients/me/checkins/rhythm', { rhythm: 'weekly' })).status, 201);
  assert.equal((await ann.call('POST', '/clients/me/checkins/rhythm', { rhythm: 'daily' })).status, 201);
  assert.equal((await ann.call('POST', '/clients/me/checkins/rhythm', { rhythm: 'hourly' })).body.error.field, 'rhythm');
  assert.deepEqual((await ann.call('GET', '/clients/me/checkins/rhythm')).body.map((r) => r.rhythm), ['weekly', 'daily']);
});

test('decisions: editable until decided, then kept as they were', async () => {
  const d = await ann.call('POST', '/clients/me/decisions', {
    question: 'Ga ik naar de dagbesteding?',
    options: [{ option: 'Ja', pros: 'Mensen zien', cons: 'Vermoeiend' }, { option: 'Nee', pros: 'Rust' }],
    what_matters: 'Niet eenzaam zijn', talked_with: 'Mijn dochter en de huisarts',
  });
  assert.equal(d.status, 201);
  let r = await ann.call('PATCH', `/clients/me/decisions/${d.body.id}`, { decided_on: '2026-11-20' });
  assert.equal(r.status, 400, 'a date needs a choice');
  r = await ann.call('PATCH', `/clients/me/decisions/${d.body.id}`, { options: [{ option: 'Ja' }, { pros: 'no option text' }] });
  assert.equal(r.body.error.field, 'options[1].option');
  r = await ann.call('PATCH', `/clients/me/decisions/${d.body.id}`, { choice: 'Ja, twee dagen per week', decided_on: '2026-11-20' });
  assert.equal(r.status, 200);
  assert.equal(r.body.choice, 'Ja, twee dagen per week');
  r = await ann.call('PATCH', `/clients/me/decisions/${d.body.id}`, { choice: 'Nee' });
  assert.equal(r.status, 409);
  assert.equal((await ann.call('DELETE', `/clients/me/decisions/${d.body.id}`)).status, 409);
  assert.equal((await ann.call('GET', `/clients/me/decisions/${d.body.id}`)).body.choice, 'Ja, twee dagen per week');
  assert.equal((await ann.call('PATCH', `/clients/me/decisions/${d.body.id}`, { decided_on: '2026-02-30' })).status, 409);
});

test('thinking ahead: every saved version is kept and numbered', async () => {
  const v1 = { resuscitation: { wish: 'not_decided' }, hospital_admission: { wish: 'yes' }, intensive_care: { wish: 'no', explanation: 'Liever thuis' }, spokesperson: { name: 'Mijn dochter', contact: '06-12345678' } };
  assert.equal((await ann.call('POST', '/clients/me/advance-care-plan', v1)).status, 201);
  const v2 = { ...v1, resuscitation: { wish: 'no', explanation: 'Besproken met de huisarts' } };
  assert.equal((await ann.call('POST', '/clients/me/advance-care-plan', v2)).status, 201);
  const list = (await ann.call('GET', '/clients/me/advance-care-plan')).body;
  assert.deepEqual(list.map((v) => [v.version, v.resuscitation.wish]), [[1, 'not_decided'], [2, 'no']]);
  assert.equal((await ann.call('PATCH', `/clients/me/advance-care-plan/${list[0].id}`, v2)).status, 405);
  const bad = await ann.call('POST', '/clients/me/advance-care-plan', { ...v1, hospital_admission: { wish: 'maybe' } });
  assert.equal(bad.body.error.field, 'hospital_admission.wish');
});

test('someone else\'s record is not found, refused without leaking, and audited as a refusal', async () => {
  const goal = (await ann.call('GET', '/clients/me/goals')).body[0];
  const paths = ['profile', 'domains', 'balance', 'balance/history', 'balance/judgements', 'goals', 'actions', 'checkins', 'decisions', 'advance-care-plan'];
  for (const p of paths) {
    const r = await bob.call('GET', `/clients/${ann.me.id}/${p}`);
    assert.equal(r.status, 404, p);
    assert.equal(r.body.error.code, 'not_found');
  }
  // Reading, changing and removing one of Ann's items, and adding to her record.
  assert.equal((await bob.call('GET', `/clients/${ann.me.id}/goals/${goal.id}`)).status, 404);
  assert.equal((await bob.call('PATCH', `/clients/${ann.me.id}/goals/${goal.id}`, { text: 'gehackt' })).status, 404);
  assert.equal((await bob.call('DELETE', `/clients/${ann.me.id}/goals/${goal.id}`)).status, 404);
  assert.equal((await bob.call('POST', `/clients/${ann.me.id}/goals`, { text: 'gehackt' })).status, 404);
  // Ann's own id under Bob's "me" is simply not there.
  assert.equal((await bob.call('GET', `/clients/me/goals/${goal.id}`)).status, 404);
  assert.equal((await bob.call('PATCH', `/clients/me/goals/${goal.id}`, { text: 'gehackt' })).status, 404);
  // Ids next to Ann's, and nonsense ids.
  for (const id of [ann.me.id + 1, ann.me.id - 1 || 999, 999999]) {
    if (id === bob.me.id) continue;
    assert.equal((await bob.call('GET', `/clients/${id}/goals`)).status, 404);
  }
  for (const p of ['/clients/0/goals', '/clients/-1/goals', '/clients/abc/goals', '/clients/me/goals/0']) {
    assert.equal((await bob.call('GET', p)).status, 404, p);
  }
  assert.equal((await ann.call('GET', `/clients/me/goals/${goal.id}`)).body.text, goal.text, 'nothing changed');
  // Ann sees each refusal in her audit log, with Bob as the actor.
  const audit = (await ann.call('GET', '/me/audit?limit=500')).body.items;
  const refusals = audit.filter((a) => a.outcome === 'denied' && a.actor && a.actor.id === bob.me.id);
  assert.ok(refusals.length >= paths.length + 4, `refusals on record: ${refusals.length}`);
  assert.ok(refusals.some((a) => a.action === 'update' && a.category === 'plan' && a.object === `goal/${goal.id}`));
  assert.ok(refusals.some((a) => a.action === 'read' && a.category === 'thinking_ahead'));
  // Bob's own record is empty; nothing of Ann's shows there.
  assert.deepEqual((await bob.call('GET', '/clients/me/goals')).body, []);
});

test('bad bodies are refused clearly and the server keeps serving', async () => {
  let r = await ann.call('POST', '/clients/me/goals', '{"text": ');
  assert.equal(r.status, 400);
  assert.equal(r.body.error.code, 'malformed_json');
  r = await ann.call('POST', '/clients/me/goals', '[1,2]');
  assert.equal(r.body.error.code, 'malformed_json');
  r = await ann.call('POST', '/clients/me/goals', { text: 'a'.repeat(501) });
  assert.equal(r.body.error.field, 'text');
  r = await ann.call('POST', '/clients/me/goals', { text: 'tab\tin a single line? fine in multiline', domains: 'body' });
  assert.equal(r.body.error.field, 'domains');
  r = await ann.call('POST', '/clients/me/balance', { side: 'burden', text: 'bel\u0007', weight: 1, whose: 'mine' });
  assert.equal(r.body.error.field, 'text');
  assert.equal((await ann.call('GET', '/clients/me/goals/99999999999999999999')).status, 404);
  assert.equal((await fetch(`${server.url}/api/v1/health`)).status, 200);
});

test('the export holds the whole record', async () => {
  const r = await ann.call('GET', '/me/export');
  assert.equal(r.status, 200);
  const rec = r.body.record;
  for (const kind of ['what_matters', 'domains', 'balance', 'balance_judgement', 'goal', 'action', 'checkin', 'decision', 'advance_care_plan']) {
    assert.ok(Array.isArray(rec[kind]) && rec[kind].length > 0, `export has ${kind}`);
  }
  assert.equal(rec.advance_care_plan.length, 2);
  const bobs = await bob.call('GET', '/me/export');
  assert.equal(bobs.body.record.goal.length, 0);
});
