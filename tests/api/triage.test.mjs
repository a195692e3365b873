// Triage for professionals: every client who shares with the professional,
// ranked by need from per-client summaries; only what a client shares with
// that professional counts (also towards the order); filters by reason and
// discipline; each client shown with reasons is one read on their log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { assertError, signUp, uniqueEmail } from '../lib/api.mjs';

let server;
let petra; // a GP
const c = {}; // the clients, by letter

const at = (minutesAgo = 0) => new Date(Date.now() - minutesAgo * 60000).toISOString();

async function client(name, rights, discipline = 'huisarts') {
  const p = await signUp(server.url, { email: uniqueEmail(name), name });
  const inv = await p.post('/clients/me/invitations', { role: 'professional', discipline, valid_days: 7, rights });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await petra.post('/invitations/accept', { code: inv.body.code })).status, 200);
  return p;
}

async function fires(p, ruleBody, readings) {
  assert.equal((await p.post('/clients/me/alert-rules', ruleBody)).status, 201);
  for (const [kind, value, ago] of readings) {
    const r = await p.post('/clients/me/measurements', { kind, value, taken_at: at(ago) });
    assert.equal(r.status, 201, r.text);
  }
  assert.equal((await p.get('/clients/me/alerts?open=1')).body.items.length, 1, 'the rule fired');
}

const order = async (query = '') => {
  const r = await petra.get(`/triage${query}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const names = (body) => body.items.map((i) => i.client.name);

before(async () => {
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '1000' } });
  petra = await signUp(server.url, { email: uniqueEmail('petra'), name: 'Petra' });
  // Made in an order that is not the order of need, names not in it either.
  c.F = await client('Fenna', { plan: 'see' }); // does not share her alerts
  c.E = await client('Eef', { checkins: 'see' });
  c.D = await client('Dirk', { balance: 'see' });
  c.C = await client('Cor', { help_requests: 'see' });
  c.G = await client('Gijs', { alerts: 'see' });
  c.B = await client('Bea', { alerts: 'see' });
  c.A = await client('Aad', { alerts: 'see' });
  c.H = await client('Hans', { alerts: 'see' }, 'wijkverpleegkundige');
  c.Q = await client('Quinta', { alerts: 'see', checkins: 'see', balance: 'see', help_requests: 'see' }); // all is well

  // Bea: an alert raised first, a warning.
  await fires(c.B, { kind: 'urgent', measure_kind: 'cgm', below: 3, severity: 'warning' }, [['cgm', 2.6, 0]]);
  // Gijs: weight up 2.4 kg in two days.
  await fires(c.G, { kind: 'trend', measure_kind: 'weight', change: 2, hours: 72 }, [['weight', 80, 2880], ['weight', 82.4, 0]]);
  // Cor: a help request nobody took yet.
  assert.equal((await c.C.post('/clients/me/help-requests', { text: 'Boodschappen', day: '2026-12-20' })).status, 201);
  // Dirk: burdens weigh more than strengths, as he weighed them.
  assert.equal((await c.D.post('/clients/me/balance', { side: 'burden', text: 'Alleen thuis', whose: 'mine', weight: 5 })).status, 201);
  assert.equal((await c.D.post('/clients/me/balance', { side: 'strength', text: 'Mijn hond', whose: 'mine', weight: 2 })).status, 201);
  // Eef: a low check-in.
  assert.equal((await c.E.post('/clients/me/checkins', { mood: 1 })).status, 201);
  // Fenna, Aad and Hans: the help button, urgent (Fenna's is not shared with Petra). Pressed in this
  // order, so that whether two fall in the same second or not, the older (or the earlier client) ranks first.
  for (const p of [c.F, c.A, c.H]) assert.equal((await p.post('/clients/me/help', { text: 'Kom je?' })).status, 201);
  // Quinta: a balance in favour, a good check-in.
  assert.equal((await c.Q.post('/clients/me/balance', { side: 'strength', text: 'Koor', whose: 'mine', weight: 4 })).status, 201);
  assert.equal((await c.Q.post('/clients/me/checkins', { mood: 4 })).status, 201);
});
after(() => server.stop());

test('ranked by need: urgent before warning, then trends, help, balance, check-in; the rest in the order they joined', async () => {
  const body = await order();
  assert.deepEqual(names(body), ['Aad', 'Hans', 'Bea', 'Gijs', 'Cor', 'Dirk', 'Eef', 'Fenna', 'Quinta']);
  const aad = body.items[0];
  assert.equal(aad.reasons[0].code, 'alert');
  assert.equal(aad.reasons[0].severity, 'urgent');
  assert.equal(body.items[2].reasons[0].severity, 'warning');
  assert.deepEqual(body.items.map((i) => i.reasons.map((r) => r.code)),
    [['alert'], ['alert'], ['alert'], ['trend'], ['help'], ['balance'], ['checkin'], [], []]);
  assert.equal(body.total, 9);
  assert.deepEqual(body.counts, { alert: 3, trend: 1, help: 1, balance: 1, checkin: 1, missing: 0 });
});

test('what is not shared does not count, not even towards the order, and leaves no read on the log', async () => {
  const fenna = (await order()).items.find((i) => i.client.name === 'Fenna');
  assert.deepEqual(fenna.reasons, [], 'her open alert is hers and not shared');
  const log = (await c.F.get('/me/audit?limit=50')).body.items;
  assert.ok(!log.some((a) => a.object === 'triage'), 'no triage read on Fenna\'s log');
  const aadLog = (await c.A.get('/me/audit?limit=50')).body.items;
  assert.ok(aadLog.some((a) => a.object === 'triage' && a.actor?.id === petra.me.id && a.category === 'alerts'),
    'Aad\'s log says Petra saw his alerts in triage');
  // When Fenna shares her alerts, her alert counts at once.
  assert.equal((await c.F.patch(`/clients/me/members/${petra.me.id}`, { rights: { plan: 'see', alerts: 'see' } })).status, 200);
  assert.deepEqual(names(await order()).slice(0, 3), ['Fenna', 'Aad', 'Hans']);
  assert.equal((await c.F.patch(`/clients/me/members/${petra.me.id}`, { rights: { plan: 'see' } })).status, 200);
  assert.equal(names(await order())[7], 'Fenna');
});

test('taken up is no longer waiting: the ranking follows as data arrives', async () => {
  const [a] = (await c.A.get('/clients/me/alerts?open=1')).body.items;
  assert.equal((await c.A.post(`/alerts/${a.id}/acknowledge`)).status, 200);
  const body = await order();
  assert.deepEqual(names(body).slice(0, 2), ['Hans', 'Bea']);
  assert.deepEqual(body.items.find((i) => i.client.name === 'Aad').reasons, []);
  // Cor's request taken: no longer unanswered.
  const [h] = (await c.C.get('/clients/me/help-requests')).body;
  assert.equal((await petra.post(`/clients/${c.C.me.id}/help-requests/${h.id}/offer`)).status, 200);
  assert.ok(!(await order('?reason=help')).items.length);
  // Eef feels better.
  assert.equal((await c.E.post('/clients/me/checkins', { mood: 4 })).status, 201);
  assert.deepEqual((await order()).items.find((i) => i.client.name === 'Eef').reasons, []);
  // Dirk's burden lightened (weights are his own).
  const burden = (await c.D.get('/clients/me/balance')).body.find((b) => b.side === 'burden');
  assert.equal((await c.D.del(`/clients/me/balance/${burden.id}`)).status, 204);
  assert.deepEqual((await order()).items.find((i) => i.client.name === 'Dirk').reasons, []);
});

test('filters by reason and discipline; paging; bad filters are refused', async () => {
  assert.deepEqual(names(await order('?reason=trend')), ['Gijs']);
  assert.equal((await order('?reason=trend')).total, 1);
  const gp = await order('?discipline=huisarts');
  assert.ok(!names(gp).includes('Hans'));
  assert.deepEqual(names(await order('?discipline=wijkverpleegkundige')), ['Hans']);
  const all = names(await order());
  assert.deepEqual(names(await order('?limit=2&offset=1')), all.slice(1, 3));
  assertError(await petra.get('/triage?reason=whim'), 400, 'invalid_input', 'reason');
  assertError(await petra.get('/triage?discipline=astroloog'), 400, 'invalid_input', 'discipline');
  assertError(await petra.get('/triage?limit=0'), 400, 'invalid_input', 'limit');
  // Someone in nobody's network has an empty list.
  const nobody = await signUp(server.url, { email: uniqueEmail('nobody'), name: 'Nobody' });
  assert.deepEqual((await nobody.get('/triage')).body.items, []);
});
