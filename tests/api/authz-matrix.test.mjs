// The authorization matrix, generated from the route table (`roer routes`):
// every route against the owner, a representative, a member with rights, a
// member without them, a member whose rights ran out, a member whose rights
// were revoked a moment ago, a stranger, and no session. A route without a rule here fails the test, so
// a new route cannot slip in unchecked. Every access by someone other than
// the owner to the owner's record leaves exactly one audit row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { crc32, deflateSync } from 'node:zlib';
import { startServer, repoRoot } from '../lib/server.mjs';
import { Person, signUp, uniqueEmail } from '../lib/api.mjs';

const roer = process.env.ROER_BIN || join(repoRoot, 'build', 'asan', 'roer');
const routes = JSON.parse(spawnSync(roer, ['routes'], { encoding: 'utf8' }).stdout);

const RECORD = ['what_matters', 'domains', 'balance', 'plan', 'checkins', 'decisions', 'thinking_ahead', 'measurements', 'photos', 'alerts', 'daily_life'];
// The smallest photo: a 1×1 PNG, written here (signature, IHDR, IDAT, IEND).
const pngChunk = (type, data) => {
  const td = Buffer.concat([Buffer.from(type), data]);
  const n = Buffer.alloc(4); n.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([n, td, crc]);
};
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  pngChunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0])),
  pngChunk('IDAT', deflateSync(Buffer.from([0, 200, 100, 50]))), pngChunk('IEND', Buffer.alloc(0))]);
const ratings = { body: { score: 5 }, mind: { score: 5 }, meaning: { score: 5 }, quality_of_life: { score: 5 }, participation: { score: 5 }, daily_life: { score: 5 } };
const wishes = { resuscitation: { wish: 'no' }, hospital_admission: { wish: 'yes' }, intensive_care: { wish: 'not_decided' } };

// The rule of each route: what kind of route it is, and for the record, a body to add and to change.
const record = (create, change) => ({ kind: 'record', create, change });
const rules = {
  'GET /api/v1/health': { kind: 'public' },
  'GET /api/v1/vocabulary': { kind: 'public' },
  'POST /api/v1/auth/register': { kind: 'public' },
  'POST /api/v1/auth/login': { kind: 'public' },
  'POST /api/v1/auth/logout': { kind: 'self' },
  'GET /api/v1/me': { kind: 'self' },
  'PATCH /api/v1/me': { kind: 'self' },
  'DELETE /api/v1/me': { kind: 'self' },
  'POST /api/v1/me/password': { kind: 'self' },
  'GET /api/v1/me/export': { kind: 'self' },
  'GET /api/v1/me/audit': { kind: 'self' },
  'POST /api/v1/me/totp/setup': { kind: 'self' },
  'POST /api/v1/me/totp/confirm': { kind: 'self' },
  'POST /api/v1/me/totp/disable': { kind: 'self' },
  'POST /api/v1/invitations/accept': { kind: 'self' },
  'POST /api/v1/invitations/preview': { kind: 'self' },
  'GET /api/v1/supporting': { kind: 'self' },
  'POST /api/v1/clients/{client}/invitations': { kind: 'network', body: { role: 'naaste', valid_days: 1, rights: {} } },
  'GET /api/v1/clients/{client}/invitations': { kind: 'network' },
  'DELETE /api/v1/clients/{client}/invitations/{id}': { kind: 'network', target: 'invitation' },
  'GET /api/v1/clients/{client}/members': { kind: 'network' },
  'PATCH /api/v1/clients/{client}/members/{id}': { kind: 'network', target: 'member', body: { rights: {} } },
  'DELETE /api/v1/clients/{client}/members/{id}': { kind: 'network', target: 'member' },
  'GET /api/v1/clients/{client}/audit': { kind: 'audit' },
  'GET /api/v1/help-requests': { kind: 'self' },
  'GET /api/v1/notifications': { kind: 'self' },
  'GET /api/v1/notifications/unread': { kind: 'self' },
  'POST /api/v1/notifications/read': { kind: 'self' },
  'GET /api/v1/clients/{client}/messages/threads': { kind: 'messages' },
  'GET /api/v1/clients/{client}/messages': { kind: 'messages' },
  'POST /api/v1/clients/{client}/messages': { kind: 'messages', body: { thread: 0, text: 'Hallo' } },
  'GET /api/v1/clients/{client}/help-requests': { kind: 'help' },
  'POST /api/v1/clients/{client}/help-requests': { kind: 'help', body: { text: 'Boodschappen', day: '2026-12-01' } },
  'POST /api/v1/clients/{client}/help-requests/{id}/offer': { kind: 'help', target: 'help' },
  'PATCH /api/v1/clients/{client}/help-requests/{id}': { kind: 'help', target: 'help', body: { status: 'done' } },
  'GET /api/v1/measurement-kinds': { kind: 'public' },
  'GET /api/v1/clients/{client}/measurements/latest': { kind: 'measure' },
  'GET /api/v1/clients/{client}/measurements/series': { kind: 'measure', query: '?kind=weight' },
  'GET /api/v1/clients/{client}/measurements': { kind: 'measure', query: '?kind=weight' },
  'POST /api/v1/clients/{client}/measurements': { kind: 'measure', body: { kind: 'weight', taken_at: '2026-11-30T08:00:00Z', value: 80 } },
  'DELETE /api/v1/clients/{client}/measurements/{id}': { kind: 'measure', target: 'measurement' },
  'GET /api/v1/clients/{client}/targets': { kind: 'measure' },
  'GET /api/v1/clients/{client}/metrics': { kind: 'measure', query: '?kind=cgm&days=90&profile=1' },
  'PUT /api/v1/clients/{client}/targets': { kind: 'measure', body: { kind: 'weight', low: 60, high: 90 } },
  'GET /api/v1/clients/{client}/devices': { kind: 'measure' },
  'POST /api/v1/clients/{client}/devices': { kind: 'measure', body: { name: 'Weegschaal', kinds: ['weight'] } },
  'DELETE /api/v1/clients/{client}/devices/{id}': { kind: 'measure', target: 'device' },
  // A signal of an hour ago on the server's clock (which the matrix moves a day and an hour on).
  'POST /api/v1/clients/{client}/signals': { kind: 'daily', body: { at: new Date(Date.now() + 24 * 3600e3).toISOString(), type: 'motion', place: 'Gang' } },
  'GET /api/v1/clients/{client}/signals': { kind: 'daily' },
  'GET /api/v1/clients/{client}/daily-life': { kind: 'daily' },
  'PUT /api/v1/clients/{client}/daily-life/settings': { kind: 'daily', body: { nights_out_max: 3 } },
  'GET /api/v1/clients/{client}/wounds': { kind: 'photos' },
  'POST /api/v1/clients/{client}/wounds': { kind: 'photos', body: { name: 'Wond' } },
  'PATCH /api/v1/clients/{client}/wounds/{id}': { kind: 'photos', target: 'wound', body: { healed: true } },
  'GET /api/v1/clients/{client}/wounds/{id}/photos': { kind: 'photos', target: 'wound' },
  'POST /api/v1/clients/{client}/wounds/{id}/photos': { kind: 'photos', target: 'wound', photo: true },
  'GET /api/v1/clients/{client}/wounds/{id}/photos/{id}': { kind: 'photos', target: 'photo' },
  'DELETE /api/v1/clients/{client}/wounds/{id}/photos/{id}': { kind: 'photos', target: 'photo' },
  'GET /api/v1/clients/{client}/alert-rules': { kind: 'alerts' },
  'POST /api/v1/clients/{client}/alert-rules': { kind: 'alerts', body: { kind: 'urgent', measure_kind: 'cgm', below: 3 } },
  'PUT /api/v1/clients/{client}/alert-rules/{id}': { kind: 'alerts', target: 'rule', body: { kind: 'urgent', measure_kind: 'cgm', below: 2.8 } },
  'DELETE /api/v1/clients/{client}/alert-rules/{id}': { kind: 'alerts', target: 'rule' },
  'POST /api/v1/clients/{client}/alert-rules/{id}/snooze': { kind: 'alerts', target: 'rule', body: { minutes: 30, reason: 'Sensor wisselen' } },
  'DELETE /api/v1/clients/{client}/alert-rules/{id}/snooze': { kind: 'alerts', target: 'rule' },
  'GET /api/v1/clients/{client}/alerts': { kind: 'alerts' },
  'GET /api/v1/clients/{client}/alert-receivers': { kind: 'alerts' },
  'GET /api/v1/alerts': { kind: 'self' },
  'GET /api/v1/events': { kind: 'self' },
  'GET /api/v1/triage': { kind: 'self' },
  // By the alert's id alone: the test "alerts by id" below has their matrix.
  'POST /api/v1/alerts/{id}/acknowledge': { kind: 'alert' },
  'POST /api/v1/alerts/{id}/close': { kind: 'alert' },
  // The help button is the client's own (and their representative's), not a member's, whatever they hold.
  'POST /api/v1/clients/{client}/help': { kind: 'helpbutton', body: { text: 'Kom je?' } },
  'GET /api/v1/clients/{client}/duty': { kind: 'alerts' },
  'POST /api/v1/clients/{client}/duty': { kind: 'alerts', body: { until: new Date(Date.now() + 40 * 3600e3).toISOString() } },
  'DELETE /api/v1/clients/{client}/duty/{id}': { kind: 'alerts', target: 'duty' },
  'profile': record({ question: 'Mijn vraag', answer: 'a' }, { answer: 'b' }),
  'domains': record(ratings),
  'balance/history': { kind: 'record' },
  'balance/judgements': record({ text: 'Het gaat' }),
  // Weighing is the client's (tests/api/balance.test.mjs): a member proposes and rewords.
  'balance': record({ side: 'burden', text: 'x', whose: 'mine' }, { text: 'y' }),
  'goals': record({ text: 'Een doel' }, { text: 'Een ander doel' }),
  'actions': record(null, { status: 'doing' }),
  'checkins/rhythm': record({ rhythm: 'weekly' }),
  'checkins': record({ mood: 3 }),
  'decisions': record({ question: 'Wat kies ik?' }, { question: 'Wat kies ik nu?' }),
  'advance-care-plan': record(wishes),
};

function ruleOf(route) {
  const key = `${route.method} ${route.pattern}`;
  if (rules[key]) return rules[key];
  // The Nightscout API: a device's secret, never a session (tests/api/nightscout.test.mjs has its cases).
  if (route.pattern.startsWith('/nightscout/api/v1/')) {
    const open = ['status', 'status.json', 'verifyauth'].includes(route.pattern.slice('/nightscout/api/v1/'.length));
    return { kind: open ? 'public' : 'device' };
  }
  const m = route.pattern.match(/^\/api\/v1\/clients\/\{client\}\/(.+?)(\/\{id\})?$/);
  return m && rules[m[1]] && rules[m[1]].kind === 'record' ? { ...rules[m[1]], part: m[1], item: !!m[2] } : null;
}

let server;
let owner; let rep; let member; let bare; let expired; let revoked; let stranger; let goalId;
const clockDir = mkdtempSync(join(tmpdir(), 'roer-clock-'));
const clockFile = join(clockDir, 'offset');
const people = {};

async function enlist(client, role, rights, extra = {}) {
  const p = await signUp(server.url, { email: uniqueEmail(role), name: role });
  const inv = await client.post('/clients/me/invitations', { role, valid_days: 1, rights, ...extra });
  assert.equal(inv.status, 201, inv.text);
  assert.equal((await p.post('/invitations/accept', { code: inv.body.code })).status, 200);
  return p;
}

before(async () => {
  writeFileSync(clockFile, '0');
  // The matrix makes far more refused tries per person than a minute allows (tests/api/refusals.test.mjs).
  server = await startServer({ env: { ROER_REGISTRATIONS_PER_HOUR: '10000', ROER_COSTLY_PER_MINUTE: '10000', ROER_DENIED_PER_MINUTE: '100000', ROER_TEST_CLOCK_FILE: clockFile } });
  owner = await signUp(server.url, { email: uniqueEmail('owner'), name: 'Owner' });
  const all = Object.fromEntries(RECORD.map((c) => [c, 'change']));
  rep = await enlist(owner, 'vertegenwoordiger', {}, { acts_on_behalf: true });
  member = await enlist(owner, 'mantelzorger', all);
  bare = await enlist(owner, 'buur', { messages: 'see' });
  // Rights that end tomorrow, and then a day and an hour pass on the server's (test) clock.
  const tomorrow = new Date(Date.now() + 86400e3).toISOString().slice(0, 10);
  expired = await enlist(owner, 'naaste', { ...all, help_requests: 'change', messages: 'see' }, { until: tomorrow });
  revoked = await enlist(owner, 'naaste', all);
  stranger = await signUp(server.url, { email: uniqueEmail('stranger'), name: 'Stranger' });
  assert.equal((await expired.get(`/clients/${owner.me.id}/goals`)).status, 200, 'rights work before their end');
  writeFileSync(clockFile, String(25 * 3600));
  for (const p of [owner, rep, member, bare, expired, revoked, stranger]) assert.equal((await p.login()).status, 200);
  assert.equal((await owner.patch(`/clients/me/members/${revoked.me.id}`, { rights: {} })).status, 200);
  goalId = (await owner.post('/clients/me/goals', { text: 'Basis' })).body.id;
  Object.assign(people, { owner, rep, member, bare, expired, revoked, stranger, nobody: new Person(server.url) });
});
after(async () => {
  await server.stop();
  rmSync(clockDir, { recursive: true, force: true });
});

// A fresh target for routes that act on one thing, made by the owner.
async function target(rule) {
  if (rule.target === 'invitation') return (await owner.post('/clients/me/invitations', { role: 'buur', valid_days: 1, rights: {} })).body.id;
  if (rule.target === 'help') return (await owner.post('/clients/me/help-requests', { text: 'Hulp', day: '2026-12-01' })).body.id;
  if (rule.target === 'member') return (await enlist(owner, 'naaste', { plan: 'see' })).me.id;
  if (rule.target === 'rule') return (await owner.post('/clients/me/alert-rules', { kind: 'urgent', measure_kind: 'cgm', below: 3 })).body.id;
  if (rule.target === 'duty') {
    const r = await owner.post('/clients/me/duty', { member_id: member.me.id, until: new Date(Date.now() + 40 * 3600e3).toISOString() });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  }
  if (rule.target === 'device') return (await owner.post('/clients/me/devices', { name: 'Meter', kinds: ['weight'] })).body.id;
  if (rule.target === 'wound' || rule.target === 'photo') {
    const wound = (await owner.post('/clients/me/wounds', { name: 'Wond' })).body.id;
    if (rule.target === 'wound') return wound;
    const r = await owner.call('POST', `/clients/me/wounds/${wound}/photos`, undefined, { rawBody: PNG, contentType: 'image/png' });
    assert.equal(r.status, 201, r.text);
    return [wound, r.body.id];
  }
  if (rule.target === 'measurement') {
    const taken = new Date(Date.now() - Math.floor(Math.random() * 1e9)).toISOString();
    return (await owner.post('/clients/me/measurements', { kind: 'weight', taken_at: taken, value: 80 })).body.id;
  }
  const body = rule.part === 'actions' ? { goal_id: goalId, what: 'x', who: 'self', how: 'zelf' } : rule.create;
  const r = await owner.post(`/clients/me/${rule.part}`, body);
  assert.equal(r.status, 201, `${rule.part}: ${r.text}`);
  return r.body.id;
}

function bodyFor(route, rule) {
  if (route.method === 'GET' || route.method === 'DELETE') return undefined;
  if (rule.kind === 'record') {
    if (route.method === 'PATCH') return rule.change;
    return rule.part === 'actions' ? { goal_id: goalId, what: 'x', who: 'self', how: 'zelf' } : rule.create;
  }
  return rule.body || {};
}

// Who may: the owner always; the representative in record, network and log; a member with rights in the record.
const mayAct = {
  record: ['owner', 'rep', 'member'],
  network: ['owner', 'rep'],
  audit: ['owner', 'rep'],
  help: ['owner', 'rep'],
  messages: ['owner', 'rep', 'bare'],
  measure: ['owner', 'rep', 'member'],
  photos: ['owner', 'rep', 'member'],
  alerts: ['owner', 'rep', 'member'],
  helpbutton: ['owner', 'rep'],
  daily: ['owner', 'rep', 'member'],
};

test('rights past their end are gone', async () => {
  const list = (await owner.get('/clients/me/members')).body;
  const e = list.find((m) => m.id === expired.me.id);
  assert.deepEqual(e.rights, {}, 'rights past their end are not listed');
  const r = await expired.get(`/clients/${owner.me.id}/goals`);
  assert.equal(r.status, 404);
});

// The owner's newest audit row id, and how many rows by others came after a given one.
const newestRow = async () => (await owner.get('/me/audit?limit=1')).body.items[0].id;
const othersSince = async (id) => (await owner.get('/me/audit?limit=50')).body.items
  .filter((a) => a.id > id && (!a.actor || a.actor.id !== owner.me.id)).length;

test('every route has a rule', () => {
  const missing = routes.filter((r) => !ruleOf(r)).map((r) => `${r.method} ${r.pattern}`);
  assert.deepEqual(missing, [], 'routes without a rule in tests/api/authz-matrix.test.mjs');
  // A route open to anyone is a decision made here too, not only in the route table.
  const open = routes.filter((r) => r.public !== (ruleOf(r).kind === 'public')).map((r) => `${r.method} ${r.pattern}`);
  assert.deepEqual(open, [], 'routes public in the table but not here, or the other way round');
  assert.ok(routes.length > 50);
});

test('the matrix: every client route against every kind of person', async () => {
  const unexpected = [];
  for (const route of routes.filter((r) => r.pattern.startsWith('/api/v1/clients/{client}'))) {
    const rule = ruleOf(route);
    for (const [who, person] of Object.entries(people)) {
      const id = route.pattern.includes('{id}') ? await target(rule) : null;
      // The owner's own id, its neighbours, and "me" for the owner.
      const clientIds = who === 'owner' ? ['me', owner.me.id] : [owner.me.id];
      for (const cid of clientIds) {
        let path = route.pattern.replace('/api/v1', '').replace('{client}', cid) + (rule.query || '');
        for (const one of [].concat(id)) path = path.replace('{id}', one);
        const before = who !== 'owner' && who !== 'nobody' ? await newestRow() : 0;
        const r = rule.photo ? await person.call(route.method, path, undefined, { rawBody: PNG, contentType: 'image/png' })
          : await person.call(route.method, path, bodyFor(route, rule));
        const allowed = mayAct[rule.kind].includes(who);
        const ok = who === 'nobody' ? r.status === 401
          : allowed ? ![401, 403, 404, 405].includes(r.status) && r.status < 500
            : r.status === 404 && r.body.error.code === 'not_found';
        if (!ok) unexpected.push(`${who} ${route.method} ${path}: ${r.status} ${r.text.slice(0, 120)}`);
        if (who !== 'owner' && who !== 'nobody') {
          const delta = await othersSince(before);
          if (delta !== 1) unexpected.push(`${who} ${route.method} ${path}: ${delta} audit rows, not 1`);
        }
        if (allowed && route.method === 'DELETE' && r.status === 204) break; // the target is gone
      }
    }
  }
  assert.deepEqual(unexpected, []);
});

test('alerts by id: taken up and closed by whoever may, not found for anyone else', async () => {
  const unexpected = [];
  for (const action of ['acknowledge', 'close']) {
    for (const [who, person] of Object.entries(people)) {
      const raised = await owner.post('/clients/me/help', { text: `${action} ${who}` });
      assert.ok([200, 201].includes(raised.status), raised.text);
      const before = who !== 'owner' && who !== 'nobody' ? await newestRow() : 0;
      const r = await person.post(`/alerts/${raised.body.id}/${action}`, {});
      const allowed = mayAct.alerts.includes(who);
      const ok = who === 'nobody' ? r.status === 401
        : allowed ? r.status === 200 : r.status === 404 && r.body.error.code === 'not_found';
      if (!ok) unexpected.push(`${who} ${action}: ${r.status} ${r.text.slice(0, 120)}`);
      if (who !== 'owner' && who !== 'nobody') {
        const delta = await othersSince(before);
        if (delta !== 1) unexpected.push(`${who} ${action}: ${delta} audit rows, not 1`);
      }
      // A stranger learns nothing of an id that does not exist either.
      if (who === 'stranger') {
        const none = await person.post('/alerts/987654321/acknowledge', {});
        if (none.status !== 404) unexpected.push(`stranger, unknown id: ${none.status}`);
      }
      await owner.post(`/alerts/${raised.body.id}/close`, {});
    }
  }
  assert.deepEqual(unexpected, []);
});

test('ids next to the owner\'s: other clients\' records are not found for anyone', async () => {
  const other = await signUp(server.url, { email: uniqueEmail('other'), name: 'Other' });
  const unexpected = [];
  for (const route of routes.filter((r) => r.method === 'GET' && r.pattern.startsWith('/api/v1/clients/{client}') && !r.pattern.includes('{id}'))) {
    for (const cid of [other.me.id, other.me.id + 1, owner.me.id - 1]) {
      for (const [who, person] of Object.entries(people)) {
        if (who === 'nobody' || cid === person.me?.id) continue;
        const r = await person.get(route.pattern.replace('/api/v1', '').replace('{client}', cid));
        if (r.status !== 404) unexpected.push(`${who} GET ${route.pattern} as ${cid}: ${r.status}`);
      }
    }
  }
  assert.deepEqual(unexpected, []);
});

test('Nightscout routes answer nobody without a device secret, nor anyone by a session', async () => {
  const unexpected = [];
  for (const route of routes.filter((r) => ruleOf(r).kind === 'device')) {
    for (const [who, person] of [['nobody', people.nobody], ['owner', owner], ['rep', rep]]) {
      const r = await person.call(route.method, route.pattern, route.method === 'GET' ? undefined : [], { absolute: true });
      if (r.status !== 401 || r.body.status !== 401) unexpected.push(`${who} ${route.method} ${route.pattern}: ${r.status}`);
    }
  }
  assert.deepEqual(unexpected, []);
});

test('self routes need a session and act only on one\'s own account', async () => {
  for (const route of routes.filter((r) => ruleOf(r).kind === 'self')) {
    const r = await people.nobody.call(route.method, route.pattern.replace('/api/v1', ''), route.method === 'GET' ? undefined : {});
    assert.equal(r.status, 401, `${route.method} ${route.pattern}`);
  }
  // The member's export holds the member's own account, nothing of the owner's.
  const ex = await member.get('/me/export');
  assert.equal(ex.body.account.id, member.me.id);
  assert.ok(!JSON.stringify(ex.body.record).includes('Basis'));
});

// A representative may do in the network what the client may, except what only the client
// does (tests/api/representative.test.mjs has the whole of it): their own rights, another
// representative, appointing one.
test('the representative cannot grant themself, another representative, or a new one', async () => {
  const cases = [
    ['PATCH', `/clients/${owner.me.id}/members/${rep.me.id}`, { rights: { plan: 'change' }, acts_on_behalf: true }],
    ['POST', `/clients/${owner.me.id}/invitations`, { role: 'vertegenwoordiger', valid_days: 1, rights: {}, acts_on_behalf: true }],
  ];
  const unexpected = [];
  for (const [method, path, body] of cases) {
    const r = await rep.call(method, path, body);
    if (r.status !== 403 || r.body.error.code !== 'client_only') unexpected.push(`${method} ${path}: ${r.status} ${r.text.slice(0, 120)}`);
  }
  assert.deepEqual(unexpected, []);
  const self = (await owner.get('/clients/me/members')).body.find((m) => m.id === rep.me.id);
  assert.deepEqual(self.rights, {}, 'the representative\'s own rights are as the client set them');
});
