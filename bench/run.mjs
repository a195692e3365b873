// The benchmarks of issue 8 ("the spine under load") and issue 10 ("Measuring at home"), run by `make bench`.
//
// Every figure is a ratio to a limit measured in the same run on the same
// machine, because the machine is shared and absolute rates move with
// whatever else runs: HTTP rates against raw SQLite transactions into
// Roer's own tables (bench/raw_sqlite.c) or against GET /health; latencies
// against the same latency at a smaller size or without the other load.
// Limits and what they limit are measured in turn (limit, figure, limit,
// figure, limit), so that other work on the machine weighs on both alike.
//
// The release binary (build/roer) serves on 127.0.0.1; wrk (bench/plan.lua)
// sends the requests over keep-alive connections, with sessions and CSRF
// tokens made here through the API as the API tests make them. The growth
// benchmark fills its lists with bench/fill.c in a stopped server's store.
//
// Prints one line per figure ("writes/raw_normal 0.42 (target >= 0.5)") and
// adds the run, dated and labelled, to docs/performance.md.
//
// Environment: BENCH_LABEL names the run in the docs; BENCH_SECONDS (default
// 5) is the length of each rate measurement; BENCH_BIG_ROWS (1000000) and
// BENCH_CAPPED_ROWS (20000) the sizes of the growth benchmark; BENCH_DOCS=0
// leaves the docs alone (for trying things out); BENCH_ONLY=owner,member,
// writes,growth,ingest,single,nightscout,metrics runs only those (with BENCH_DOCS=0, for profiling one);
// BENCH_DEBUG=1 prints the log of the server of benchmarks 1-3 and of the uploads (6-8); BENCH_ROER runs
// another build of the server (an experiment's, with BENCH_DOCS=0).
//
// Benchmarks 6-9 are issue 10's ("Measuring at home"): ingest, single, nightscout and metrics (see
// docs/performance.md); their devices' readings are made by bench/readings.lua and their raw limits by
// bench/raw_readings.c.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { startServer, repoRoot } from '../tests/lib/server.mjs';
import { signUp } from '../tests/lib/api.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS || 5);
const RAW_SECONDS = Math.max(2, Math.round(SECONDS * 0.6));
const LATENCY_SECONDS = 1;
const LATENCY_ROUNDS = 4;
const SMALL_ROWS = 1000;
const BIG_ROWS = Number(process.env.BENCH_BIG_ROWS || 1_000_000);
const CAPPED_ROWS = Number(process.env.BENCH_CAPPED_ROWS || 20_000);
const LABEL = process.env.BENCH_LABEL || '';
const WRITE_DOCS = process.env.BENCH_DOCS !== '0';
const ONLY = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : null;
const wanted = (name) => !ONLY || ONLY.includes(name);
if (ONLY && WRITE_DOCS) throw new Error('BENCH_ONLY runs part of the benchmarks: set BENCH_DOCS=0 too');

const ROER = process.env.BENCH_ROER || join(repoRoot, 'build', 'roer');
const RAW = join(repoRoot, 'build', 'bench', 'raw_sqlite');
const FILL = join(repoRoot, 'build', 'bench', 'fill');
const LUA = join(repoRoot, 'bench', 'plan.lua');
const READINGS_LUA = join(repoRoot, 'bench', 'readings.lua');
const RAW_READINGS = join(repoRoot, 'build', 'bench', 'raw_readings');
const DOCS = join(repoRoot, 'docs', 'performance.md');
// The User-Agent of every request (the audit rows keep it); bench/plan.lua sends the same.
const UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SERVER_ENV = { ROER_REGISTRATIONS_PER_HOUR: '100000' };

const work = mkdtempSync(join(tmpdir(), 'roer-bench-'));
const started = new Date();
const load = [loadavg()[0]];
const results = {}; // section -> [{ name, text, target, detail }]
const notes = {};   // section -> [markdown lines]

// ---- small helpers ----

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mean = (a) => a.reduce((s, x) => s + x, 0) / a.length;

function run(cmd, args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${out}${err}`))));
  });
}

// Runs fn(i) for i in 0..n-1, `width` at a time (registration hashes a password: keep it to the 2 cores).
async function inParallel(n, width, fn) {
  const out = new Array(n);
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < n) {
      const i = next++;
      out[i] = await fn(i);
    }
  }));
  return out;
}

function fmt(x) {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return x.toFixed(0);
  if (Math.abs(x) >= 10) return x.toFixed(1);
  return x.toFixed(x < 0.01 ? 4 : 3);
}

// One figure: printed as "section/name value (target ...)" and kept for the docs.
function figure(section, name, value, { target, unit = '', detail = '' } = {}) {
  const text = `${fmt(value)}${unit}`;
  const t = target ? ` (target ${target})` : '';
  console.log(`${section}/${name} ${text}${t}${detail ? `  ${detail}` : ''}`);
  (results[section] ||= []).push({ name, text, target: target || '', detail });
}

function note(section, line) {
  console.log(`${section}: ${line.replace(/^- /, '')}`);
  (notes[section] ||= []).push(line);
}

// ---- load generation ----

// One line of a wrk plan: a request of `person` (null: no session). "{n}" in the body becomes a unique number.
function req(person, method, path, body) {
  return { method, path, cookie: person ? person.cookie : '', csrf: person && method !== 'GET' ? person.csrf : '',
    body: body === undefined ? '' : JSON.stringify(body) };
}

let planCount = 0;
// Runs wrk over `plan` and returns { rate, p50, p99 (ms), requests, errors }.
async function wrk(server, plan, { connections, seconds = SECONDS }) {
  const file = join(work, `plan-${++planCount}.tsv`);
  writeFileSync(file, `${plan.map((p) => [p.method, p.path, p.cookie, p.csrf, p.body].join('\t')).join('\n')}\n`);
  const threads = Math.min(2, connections);
  const out = await run('wrk', ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '60s',
    '-s', LUA, server.url], { WRK_PLAN: file });
  const m = out.match(/WRK_RESULT requests=(\d+) duration_us=(\d+) p50_us=(\d+) p99_us=(\d+) status_errors=(\d+) other_errors=(\d+)/);
  if (!m) throw new Error(`no result from wrk:\n${out}`);
  const [requests, duration, p50, p99, statusErrors, otherErrors] = m.slice(1).map(Number);
  // No request finished in the whole run: its length is a lower bound of their latency.
  if (!requests) return { rate: 0, p50: seconds * 1000, p99: seconds * 1000, requests, errors: statusErrors + otherErrors, starved: true };
  return { rate: requests / (duration / 1e6), p50: p50 / 1000, p99: p99 / 1000, requests, errors: statusErrors + otherErrors };
}

// Sends each distinct request of a plan once and insists on success, so that wrk measures answers, not refusals.
async function check(server, plan) {
  const seen = new Set();
  for (const p of plan) {
    const key = `${p.method} ${p.path} ${p.cookie}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const headers = { 'User-Agent': UA };
    if (p.cookie) headers.Cookie = `roer=${p.cookie}`;
    if (p.csrf) headers['X-CSRF-Token'] = p.csrf;
    if (p.body) headers['Content-Type'] = 'application/json';
    const r = await fetch(server.url + p.path, { method: p.method, headers, body: p.body ? p.body.replaceAll('{n}', '0') : undefined });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${p.method} ${p.path} answered ${r.status}: ${text.slice(0, 300)}`);
  }
}

function errorsOf(...runs) {
  const n = runs.reduce((s, r) => s + r.errors, 0);
  const starved = runs.some((r) => r.starved);
  return [n ? `(${n} failed requests!)` : '', starved ? '(a run finished no request at all: its length counted as the latency, a lower bound)' : '']
    .filter(Boolean).join(' ');
}

// ---- raw SQLite limits ----

let rawCount = 0;
async function raw(sync, table) {
  const dir = join(work, `raw-${++rawCount}`);
  const out = await run(RAW, [dir, String(RAW_SECONDS), sync, table]);
  rmSync(dir, { recursive: true, force: true });
  return Number(out.match(/raw_tx_per_s (\d+)/)[1]);
}

// ---- people ----

const CLIENT_NAMES = ['Els Jansen', 'Henk de Vries', 'Fatima el Amrani', 'Wim Bakker', 'Truus Visser', 'Kees Smit',
  'Ans Meijer', 'Jan de Boer', 'Riet Mulder', 'Gerrit de Groot', 'Joke Bos', 'Piet Vos', 'Marja Peters',
  'Ahmed Yilmaz', 'Corrie Hendriks', 'Bert van Dijk'];
const MEMBER_NAMES = ['Marieke Jansen', 'Sanne de Vries', 'Yusuf el Amrani', 'Linda Bakker', 'Peter Visser',
  'Ingrid Smit', 'Rob Meijer', 'Eva de Boer', 'Tom Mulder', 'Anouk de Groot', 'Lars Bos', 'Nina Vos',
  'Daan Peters', 'Elif Yilmaz', 'Mark Hendriks', 'Sophie van Dijk'];
// What a mantelzorger is typically given: the plan, the check-ins, help requests and messages, to see.
const RIGHTS = { plan: 'see', checkins: 'see', help_requests: 'see', messages: 'see' };

let emailCount = 0;
const email = (name) => `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${process.pid}.${++emailCount}@example.nl`;

function register(server, name) {
  return signUp(server.url, { email: email(name), name, password: 'een lang genoeg wachtwoord', language: 'nl' }, { userAgent: UA });
}

// The client invites the member with RIGHTS (docs/api.md, "The client's network"); the member accepts.
async function invite(client, member) {
  const inv = await client.post('/clients/me/invitations', { role: 'mantelzorger', valid_days: 7, rights: RIGHTS });
  if (inv.status !== 201) throw new Error(`invitation: ${inv.text}`);
  const acc = await member.post('/invitations/accept', { code: inv.body.code });
  if (acc.status !== 200) throw new Error(`accepting: ${acc.text}`);
}

const GOAL_TEXTS = ['Weer zelf boodschappen doen bij de supermarkt om de hoek', 'Elke ochtend een kwartier wandelen',
  'Een keer per week naar de dagbesteding', 'Minder piekeren over de avonden', 'De trap weer veilig op en af kunnen'];
const goal = (i, text = GOAL_TEXTS[i % GOAL_TEXTS.length]) => ({ text, domains: ['participation', 'daily_life'], status: 'active' });

// ---- the benchmarks ----

const sections = {
  writes: 'writes', owner: 'owner_read', member: 'member_read', growth: 'growth', mixed: 'write_under_reads',
  ingest: 'ingest', single: 'single', nightscout: 'nightscout', metrics: 'metrics',
  alerts: 'alert_latency', triage: 'triage',
};

// Runs a limit and the thing it limits in turn (limit, run, limit, run, limit), so that other work on the
// machine weighs on both alike. Returns { limits, runs }.
async function alternate(limit, measure) {
  const limits = [await limit()];
  const runs = [];
  for (let i = 0; i < 2; i++) {
    runs.push(await measure());
    limits.push(await limit());
  }
  return { limits, runs };
}

const rateOf = (runs) => mean(runs.map((r) => r.rate));
const p99Of = (runs) => mean(runs.map((r) => r.p99));

// 2. An owner's read of one part of the record, against GET /health; both c=16.
async function ownerRead(server, clients) {
  const goals = clients.map((c) => req(c, 'GET', '/api/v1/clients/me/goals'));
  const health = [req(null, 'GET', '/api/v1/health')];
  await check(server, goals);
  const { limits, runs } = await alternate(() => wrk(server, health, { connections: 16 }),
    () => wrk(server, goals, { connections: 16 }));
  figure(sections.owner, 'health', rateOf(runs) / rateOf(limits), { target: '>= 0.5', detail: errorsOf(...limits, ...runs) });
  figure(sections.owner, 'goals_per_s', rateOf(runs), { unit: '/s' });
  figure(sections.owner, 'health_per_s', rateOf(limits), { unit: '/s' });
  figure(sections.owner, 'p99_ms', p99Of(runs), { unit: ' ms' });
}

// 3. A member's audited read of a part the client shares, against raw single-row NORMAL audit-table transactions.
async function memberRead(server, clients, members) {
  const plan = members.map((m, i) => req(m, 'GET', `/api/v1/clients/${clients[i].me.id}/goals`));
  await check(server, plan);
  const { limits, runs } = await alternate(() => raw('normal', 'audit'), () => wrk(server, plan, { connections: 16 }));
  figure(sections.member, 'raw_normal', rateOf(runs) / mean(limits), { target: '>= 0.5', detail: errorsOf(...runs) });
  figure(sections.member, 'reads_per_s', rateOf(runs), { unit: '/s' });
  figure(sections.member, 'raw_normal_audit_per_s', mean(limits), { unit: '/s' });
  figure(sections.member, 'p99_ms', p99Of(runs), { unit: ' ms' });
}

// 1. Acknowledged durable single writes (POST a goal), against raw single-row record_items transactions.
async function writes(server, clients) {
  const plan = clients.map((c, i) => req(c, 'POST', '/api/v1/clients/me/goals', goal(i, `${GOAL_TEXTS[i % GOAL_TEXTS.length]} ({n})`)));
  await check(server, plan);
  const { limits, runs } = await alternate(async () => ({ normal: await raw('normal', 'record_items'), full: await raw('full', 'record_items') }),
    () => wrk(server, plan, { connections: 16 }));
  const normal = mean(limits.map((l) => l.normal));
  const full = mean(limits.map((l) => l.full));
  figure(sections.writes, 'raw_normal', rateOf(runs) / normal, { target: '>= 0.5', detail: errorsOf(...runs) });
  figure(sections.writes, 'raw_full', rateOf(runs) / full);
  figure(sections.writes, 'p99_ms', p99Of(runs), { unit: ' ms' });
  figure(sections.writes, 'writes_per_s', rateOf(runs), { unit: '/s' });
  figure(sections.writes, 'raw_normal_per_s', normal, { unit: '/s' });
  figure(sections.writes, 'raw_full_per_s', full, { unit: '/s' });
}

// 4. Growth: the p50 of each list's first page with BIG_ROWS rows (CAPPED_ROWS for lists without paging) / with 1,000.
// Each list belongs to its own client, so one list's rows do not slow another's page. Two stores are served
// at once, one with 1,000 rows in each list and a copy of it filled to the large size, and measured in turn,
// so that other work on the machine weighs on both alike.
const LISTS = [
  // fill: the list bench/fill.c fills; capped: a list whose API returns it whole (none since the lists are paged;
  // set it to measure such a list with CAPPED_ROWS).
  { owner: 'audit', fill: 'audit' },
  { owner: 'messages', fill: 'messages' },
  { owner: 'notifications', fill: 'notifications' },
  { owner: 'help_requests', fill: 'help_requests' },
  { owner: 'members', fill: 'members' },
  { owner: 'goals', fill: 'goals' },
  { owner: 'checkins', fill: 'checkins' },
];

function growthReads(owners, member) {
  const m = member.me.id;
  return [
    { name: 'audit', who: owners.audit, path: '/api/v1/clients/me/audit', owner: 'audit' },
    { name: 'audit_others', who: owners.audit, path: '/api/v1/clients/me/audit?others=1', owner: 'audit' },
    { name: 'audit_actor', who: owners.audit, path: `/api/v1/clients/me/audit?actor=${m}`, owner: 'audit' },
    { name: 'message_threads', who: owners.messages, path: '/api/v1/clients/me/messages/threads', owner: 'messages' },
    { name: 'messages', who: owners.messages, path: '/api/v1/clients/me/messages?thread=0', owner: 'messages' },
    { name: 'notifications', who: owners.notifications, path: '/api/v1/notifications', owner: 'notifications' },
    { name: 'help_requests', who: owners.help_requests, path: '/api/v1/clients/me/help-requests', owner: 'help_requests' },
    { name: 'my_help_requests', who: member, path: '/api/v1/help-requests', owner: 'help_requests' },
    { name: 'members', who: owners.members, path: '/api/v1/clients/me/members', owner: 'members' },
    { name: 'goals', who: owners.goals, path: '/api/v1/clients/me/goals', owner: 'goals' },
    { name: 'checkins', who: owners.checkins, path: '/api/v1/clients/me/checkins', owner: 'checkins' },
  ];
}

async function fill(dir, list, client, member, n) {
  const t = performance.now();
  await run(FILL, [dir, list, String(client.me.id), String(member.me.id), String(n)]);
  return (performance.now() - t) / 1000;
}

// The p50 (and slowest) of n requests sent one after another: for pages too slow for a few seconds of wrk.
async function latencyByFetch(server, p, n = 5) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await check(server, [p]);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(n / 2)], p99: times[n - 1], requests: n, errors: 0 };
}

// The p50 of one read at c=1 (through wrk; by fetch when a page is too slow for wrk to finish five in a run).
const slowPages = new Set();
async function p50Of(server, r) {
  const plan = [req(r.who, 'GET', r.path)];
  const key = `${server.url} ${r.name}`;
  if (!slowPages.has(key)) {
    const w = await wrk(server, plan, { connections: 1, seconds: LATENCY_SECONDS });
    if (w.requests >= 5) return w;
    slowPages.add(key);
  }
  return latencyByFetch(server, plan[0]);
}

// 4. Each read's p50 in the small and the large store, in turn, in LATENCY_ROUNDS rounds of a second: the
// lowest p50 of each is kept (an audited read includes an fsync, and fsync times on a shared disk jump
// about from one second to the next).
async function growth(smallServer, bigServer, reads) {
  for (const server of [smallServer, bigServer]) {
    for (const r of reads) {
      const plan = [req(r.who, 'GET', r.path)];
      await check(server, plan);
      await check(server, plan); // warm the store's cache
    }
  }
  const small = {};
  const big = {};
  const keep = (into, name, w) => {
    if (!into[name] || w.p50 < into[name].p50) into[name] = { ...w, errors: w.errors + (into[name]?.errors || 0) };
  };
  for (let round = 0; round < LATENCY_ROUNDS; round++) {
    for (const r of reads) {
      keep(small, r.name, await p50Of(smallServer, r));
      keep(big, r.name, await p50Of(bigServer, r));
    }
  }
  for (const r of reads) {
    const capped = LISTS.find((l) => l.owner === r.owner).capped;
    const rows = capped ? CAPPED_ROWS : BIG_ROWS;
    figure(sections.growth, r.name, big[r.name].p50 / small[r.name].p50, {
      target: '<= 1.5',
      detail: `p50 ${fmt(small[r.name].p50)} ms at 1,000 rows, ${fmt(big[r.name].p50)} ms at ${rows.toLocaleString('en')}${capped ? ' (no paging: capped)' : ''} ${errorsOf(small[r.name], big[r.name])}`.trim(),
    });
  }
}

// 5. A small write's p99 while 8 clients read the big lists, against its p99 alone (same store, after the growth
// fill). A lone durable write's p99 is the disk's slowest fsyncs, which jump about on a shared disk, so the
// lone and the loaded runs alternate (alone, loaded, alone, loaded, alone): the median lone p99 is the limit.
async function writeUnderReads(server, writer, reads) {
  const write = [req(writer, 'POST', '/api/v1/clients/me/goals', goal(0, 'Zondag bij Marieke eten ({n})'))];
  const readPlan = reads.map((r) => req(r.who, 'GET', r.path));
  await check(server, write);
  const alone = [];
  const loaded = [];
  const readRuns = [];
  for (let i = 0; ; i++) {
    alone.push(await wrk(server, write, { connections: 1 }));
    if (i === 2) break;
    const readers = wrk(server, readPlan, { connections: 8, seconds: SECONDS + 2 });
    await sleep(1000);
    loaded.push(await wrk(server, write, { connections: 1 }));
    readRuns.push(await readers);
    await sleep(1000); // the last large reads finish after wrk stops waiting for them
  }
  const aloneP99 = alone.map((a) => a.p99).sort((a, b) => a - b)[1];
  const loadedP99 = mean(loaded.map((l) => l.p99));
  figure(sections.mixed, 'p99', loadedP99 / aloneP99, { target: '<= 2', detail: errorsOf(...alone, ...loaded, ...readRuns) });
  figure(sections.mixed, 'p99_alone_ms', aloneP99, { unit: ' ms', detail: `median of ${alone.map((a) => fmt(a.p99)).join(', ')} ms` });
  figure(sections.mixed, 'p99_under_reads_ms', loadedP99, { unit: ' ms', detail: `mean of ${loaded.map((l) => fmt(l.p99)).join(', ')} ms` });
  figure(sections.mixed, 'p50_alone_ms', alone.map((a) => a.p50).sort((a, b) => a - b)[1], { unit: ' ms' });
  figure(sections.mixed, 'p50_under_reads_ms', mean(loaded.map((l) => l.p50)), { unit: ' ms' });
  figure(sections.mixed, 'reads_per_s', mean(readRuns.map((r) => r.rate)), { unit: '/s' });
}

async function growthAndMixed() {
  const smallDir = join(work, 'small');
  const bigDir = join(work, 'big');
  let server = await startServer({ binary: ROER, dataDir: smallDir, env: SERVER_ENV });
  const member = await register(server, 'Marieke Jansen');
  const owners = {};
  const names = ['Els Jansen', 'Henk de Vries', 'Fatima el Amrani', 'Wim Bakker', 'Truus Visser', 'Kees Smit', 'Ans Meijer'];
  const people = await inParallel(LISTS.length + 1, 2, (i) => register(server, i < LISTS.length ? names[i] : 'Jan de Boer'));
  LISTS.forEach((l, i) => { owners[l.owner] = people[i]; });
  const writer = people[LISTS.length];
  for (const l of LISTS) await invite(owners[l.owner], member);
  await server.stop();

  // The large store is a copy of the small one (the same people and sessions), filled further.
  for (const l of LISTS) await fill(smallDir, l.fill, owners[l.owner], member, SMALL_ROWS);
  cpSync(smallDir, bigDir, { recursive: true });
  for (const l of LISTS) {
    const n = (l.capped ? CAPPED_ROWS : BIG_ROWS) - SMALL_ROWS;
    const s = await fill(bigDir, l.fill, owners[l.owner], member, n);
    note(sections.growth, `- filled ${n.toLocaleString('en')} ${l.fill} rows in ${s.toFixed(1)} s`);
  }

  const reads = growthReads(owners, member);
  const small = await startServer({ binary: ROER, dataDir: smallDir, env: SERVER_ENV });
  try {
    const big = await startServer({ binary: ROER, dataDir: bigDir, env: SERVER_ENV });
    try {
      await growth(small, big, reads);
      await small.stop();
      await writeUnderReads(big, writer, reads);
    } finally {
      await big.stop();
    }
  } finally {
    await small.stop().catch(() => {});
  }
}

// ---- measuring at home (issue 10) ----

// Readings are placed on one timeline for the whole run, a minute apart, from 2001 on: each wrk run takes
// a stretch of its own (WRK_SPAN minutes per wrk thread), later than the one before, so that no reading
// is ever sent twice (a reading sent again is an upsert that stores nothing new) and each device's
// readings arrive in time order, as a sensor's do.
const MINUTE = 60_000;
let timeline = Date.UTC(2001, 0, 1);
function stretch(minutes) {
  const first = timeline;
  timeline += minutes * MINUTE;
  if (timeline > Date.now() - 100 * 86_400_000) throw new Error('bench: the timeline of readings ran into the last 100 days');
  return first;
}

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

// Runs wrk with bench/readings.lua over `devices` ([{ path, header, value }]) and returns
// { rate (requests/s), readings (readings/s), perRequest, p50, p99 (ms), requests, errors }.
async function wrkReadings(server, devices, { body, batch = 1, connections, span, seconds = SECONDS }) {
  const file = join(work, `plan-${++planCount}.tsv`);
  writeFileSync(file, `${devices.map((d) => [d.path, d.header, d.value].join('\t')).join('\n')}\n`);
  const threads = Math.min(2, connections);
  const first = stretch(threads * span);
  const out = await run('wrk', ['-t', String(threads), '-c', String(connections), '-d', `${seconds}s`, '--timeout', '60s',
    '-s', READINGS_LUA, server.url], { WRK_PLAN: file, WRK_BODY: body, WRK_BATCH: String(batch), WRK_FIRST_MS: String(first),
    WRK_SPAN: String(span) });
  const m = out.match(/WRK_RESULT requests=(\d+) duration_us=(\d+) p50_us=(\d+) p99_us=(\d+) status_errors=(\d+) other_errors=(\d+) sent=(\d+) readings=(\d+) overflow=(\d+) not_created=(\d+)/);
  if (!m) throw new Error(`no result from wrk:\n${out}`);
  const [requests, duration, p50, p99, statusErrors, otherErrors, sent, readings, overflow, notCreated] = m.slice(1).map(Number);
  if (overflow) throw new Error(`bench: a wrk thread ran past its ${span} minutes of readings (${overflow} requests)`);
  if (notCreated) throw new Error(`bench: ${notCreated} uploads stored nothing new (not 201)`);
  const perRequest = readings / sent;
  const rate = requests / (duration / 1e6);
  return { rate, readings: rate * perRequest, perRequest, p50: p50 / 1000, p99: p99 / 1000, requests, errors: statusErrors + otherErrors };
}

// Sends one upload per device (one reading or entry, on the timeline) and insists it is stored.
async function checkUploads(server, devices, nightscout) {
  const at = stretch(1);
  for (const d of devices) {
    const body = nightscout ? [{ type: 'sgv', sgv: 110, date: at, dateString: iso(at), direction: 'Flat', device: 'xDrip-LibreReceiver' }]
      : { kind: 'cgm', taken_at: iso(at), value: 6.1 };
    const r = await fetch(server.url + d.path, { method: 'POST', body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', [d.header]: d.value } });
    const text = await r.text();
    if (r.status !== (nightscout ? 200 : 201)) throw new Error(`POST ${d.path} answered ${r.status}: ${text.slice(0, 300)}`);
  }
}

let rawReadingsCount = 0;
// Raw inserts of CGM rows into Roer's measurements table (bench/raw_readings.c): { rows (per s), p50, p99 (ms) }.
async function rawReadings(sync, rows) {
  const dir = join(work, `raw-readings-${++rawReadingsCount}`);
  const out = await run(RAW_READINGS, [dir, String(RAW_SECONDS), sync, String(rows)]);
  rmSync(dir, { recursive: true, force: true });
  const m = out.match(/raw_rows_per_s (\d+) raw_tx_per_s (\d+) p50_us (\d+) p99_us (\d+)/);
  return { rows: Number(m[1]), p50: Number(m[3]) / 1000, p99: Number(m[4]) / 1000 };
}

// A device of the client's that may send CGM readings: { id, token }.
async function connectDevice(client, name) {
  const r = await client.post('/clients/me/devices', { name, kinds: ['cgm'] });
  if (r.status !== 201) throw new Error(`connecting a device: ${r.text}`);
  return r.body;
}

const bearer = (client, device) => ({ path: `/api/v1/clients/${client.me.id}/measurements`, header: 'Authorization',
  value: `Bearer ${device.token}` });
const nightscoutSecret = (device) => ({ path: '/nightscout/api/v1/entries', header: 'api-secret',
  value: createHash('sha1').update(device.token).digest('hex') });

// 6. Batch ingest: 4 clients' uploaders (a device each, c=4) posting 1,000 CGM readings per request, against
// raw inserts of the same rows in transactions of 1,000 with the server's own durability (synchronous=FULL).
async function ingest(server, clients) {
  const devices = [];
  for (const c of clients.slice(0, 4)) devices.push(bearer(c, await connectDevice(c, 'Libre 3 (ingest)')));
  await checkUploads(server, devices, false);
  const { limits, runs } = await alternate(() => rawReadings('full', 1000),
    () => wrkReadings(server, devices, { body: 'batch', batch: 1000, connections: 4, span: 1_000_000 }));
  const limit = mean(limits.map((l) => l.rows));
  const readings = mean(runs.map((r) => r.readings));
  figure(sections.ingest, 'raw_full_batch', readings / limit, { target: '>= 0.5', detail: errorsOf(...runs) });
  figure(sections.ingest, 'readings_per_s', readings, { unit: '/s' });
  figure(sections.ingest, 'requests_per_s', rateOf(runs), { unit: '/s', detail: '1,000 readings each' });
  figure(sections.ingest, 'raw_full_batch_rows_per_s', limit, { unit: '/s' });
  figure(sections.ingest, 'p99_ms', p99Of(runs), { unit: ' ms', detail: `raw 1,000-row transaction p99 ${fmt(mean(limits.map((l) => l.p99)))} ms` });
}

// 7. Single readings: 16 clients' devices (c=16) posting one reading per request, against raw single-row
// transactions with synchronous=NORMAL; the p99 against the raw transactions' p99.
async function single(server, clients) {
  const devices = [];
  for (const c of clients) devices.push(bearer(c, await connectDevice(c, 'Libre 3 (single)')));
  await checkUploads(server, devices, false);
  const { limits, runs } = await alternate(async () => ({ normal: await rawReadings('normal', 1), full: await rawReadings('full', 1) }),
    () => wrkReadings(server, devices, { body: 'single', connections: 16, span: 200_000 }));
  const normal = mean(limits.map((l) => l.normal.rows));
  const full = mean(limits.map((l) => l.full.rows));
  const rawP99 = mean(limits.map((l) => l.normal.p99));
  figure(sections.single, 'raw_normal', rateOf(runs) / normal, { target: '>= 0.5', detail: errorsOf(...runs) });
  figure(sections.single, 'p99', rawP99 / p99Of(runs), { target: '>= 0.5', detail: 'raw NORMAL transaction p99 / HTTP p99 (c=16)' });
  figure(sections.single, 'raw_full', rateOf(runs) / full);
  figure(sections.single, 'readings_per_s', rateOf(runs), { unit: '/s' });
  figure(sections.single, 'raw_normal_per_s', normal, { unit: '/s' });
  figure(sections.single, 'raw_full_per_s', full, { unit: '/s' });
  figure(sections.single, 'p50_ms', mean(runs.map((r) => r.p50)), { unit: ' ms' });
  figure(sections.single, 'p99_ms', p99Of(runs), { unit: ' ms' });
  figure(sections.single, 'raw_normal_p99_ms', rawP99, { unit: ' ms' });
  figure(sections.single, 'raw_full_p99_ms', mean(limits.map((l) => l.full.p99)), { unit: ' ms' });
}

// 8. Nightscout uploads: 16 clients' xDrip+ (c=16) posting 1, 2, ... 12 sgv entries in turn, against raw
// single-row transactions with synchronous=NORMAL.
async function nightscout(server, clients) {
  const devices = [];
  for (const c of clients) devices.push(nightscoutSecret(await connectDevice(c, 'xDrip+')));
  await checkUploads(server, devices, true);
  const { limits, runs } = await alternate(() => rawReadings('normal', 1),
    () => wrkReadings(server, devices, { body: 'entries', connections: 16, span: 400_000 }));
  const limit = mean(limits.map((l) => l.rows));
  const readings = mean(runs.map((r) => r.readings));
  figure(sections.nightscout, 'raw_normal', readings / limit, { target: '>= 0.5', detail: errorsOf(...runs) });
  figure(sections.nightscout, 'entries_per_s', readings, { unit: '/s', detail: `${fmt(runs[0].perRequest)} entries per request` });
  figure(sections.nightscout, 'requests_per_s', rateOf(runs), { unit: '/s' });
  figure(sections.nightscout, 'raw_normal_per_s', limit, { unit: '/s' });
  figure(sections.nightscout, 'p99_ms', p99Of(runs), { unit: ' ms' });
}

async function uploads() {
  const server = await startServer({ binary: ROER, env: SERVER_ENV });
  try {
    const clients = await inParallel(16, 2, (i) => register(server, CLIENT_NAMES[i]));
    if (wanted('ingest')) await ingest(server, clients);
    if (wanted('single')) await single(server, clients);
    if (wanted('nightscout')) await nightscout(server, clients);
  } finally {
    await server.stop();
    if (process.env.BENCH_DEBUG) console.log(server.output());
  }
}

// A CGM trace of 5-minute readings in [from, to), as POST .../measurements batches of up to 1,000.
function traceBatches(from, to) {
  const batches = [];
  let readings = [];
  for (let t = from; t < to; t += 5 * MINUTE) {
    const i = Math.floor(t / (5 * MINUTE));
    readings.push({ kind: 'cgm', taken_at: iso(t), value: Math.round(40 + ((i * 7919) % 700) / 10) / 10 });
    if (readings.length === 1000) { batches.push({ readings }); readings = []; }
  }
  if (readings.length) batches.push({ readings });
  return batches;
}

// Loads the batches through the API with the device's token, two at a time; returns the readings loaded.
async function loadReadings(server, client, device, batches) {
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${device.token}` };
  let n = 0;
  await inParallel(batches.length, 2, async (i) => {
    const r = await fetch(`${server.url}/api/v1/clients/${client.me.id}/measurements`, { method: 'POST', headers,
      body: JSON.stringify(batches[i]) });
    const text = await r.text();
    if (r.status !== 201) throw new Error(`loading readings: ${r.status} ${text.slice(0, 300)}`);
    n += batches[i].readings.length;
  });
  return n;
}

// 9. The CGM metrics of 90 days (26,000 readings), read by the client (c=16), against GET /health; and
// flat: the same read in a store where she has 5 years of readings, against the store with her 90 days.
// Both stores are loaded through the API by her sensor's device, and served at once, measured in turn.
async function metricsAndFlat() {
  const now = Date.now();
  const day = 86_400_000;
  // Her trace ends a minute ago; 90 local days and a little more, so that the whole period is covered.
  const end = Math.floor((now - MINUTE) / (5 * MINUTE)) * 5 * MINUTE;
  const recent = traceBatches(end - 91 * day, end);
  const older = traceBatches(end - 5 * 365 * day, end - 91 * day);
  const serve = async (dir, batches) => {
    const server = await startServer({ binary: ROER, dataDir: join(work, dir), env: SERVER_ENV });
    const client = await register(server, 'Els Jansen');
    const device = await connectDevice(client, 'Libre 3');
    const t = performance.now();
    const n = await loadReadings(server, client, device, batches);
    note(sections.metrics, `- ${dir}: loaded ${n.toLocaleString('en')} readings through the API in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return { server, client };
  };
  const small = await serve('metrics-90-days', recent);
  try {
    // The 5-year store: her older readings first, as they would have come, then the same 90 days.
    const big = await serve('metrics-5-years', [...older, ...recent]);
    try {
      const path = (c) => `/api/v1/clients/${c.me.id}/metrics?kind=cgm&days=90`;
      const smallPlan = [req(small.client, 'GET', path(small.client))];
      const bigPlan = [req(big.client, 'GET', path(big.client))];
      const health = [req(null, 'GET', '/api/v1/health')];
      for (const [server, plan] of [[small.server, smallPlan], [big.server, bigPlan]]) {
        await check(server, plan);
        const r = await fetch(server.url + plan[0].path, { headers: { Cookie: `roer=${plan[0].cookie}` } });
        const body = await r.json();
        note(sections.metrics, `- ${server === small.server ? '90-day' : '5-year'} store: the read reports ${body.readings} readings in its 90 days`);
      }
      const { limits, runs } = await alternate(() => wrk(small.server, health, { connections: 16 }),
        () => wrk(small.server, smallPlan, { connections: 16 }));
      figure(sections.metrics, 'health', rateOf(runs) / rateOf(limits), { target: '>= 0.25', detail: errorsOf(...limits, ...runs) });
      figure(sections.metrics, 'p99', p99Of(limits) / p99Of(runs), { target: '>= 0.25', detail: '/health p99 / metrics p99' });
      figure(sections.metrics, 'metrics_per_s', rateOf(runs), { unit: '/s' });
      figure(sections.metrics, 'health_per_s', rateOf(limits), { unit: '/s' });
      figure(sections.metrics, 'p99_ms', p99Of(runs), { unit: ' ms', detail: `/health p99 ${fmt(p99Of(limits))} ms` });
      const flat = await alternate(() => wrk(small.server, smallPlan, { connections: 16 }),
        () => wrk(big.server, bigPlan, { connections: 16 }));
      figure(sections.metrics, 'flat', rateOf(flat.runs) / rateOf(flat.limits), { target: '~1 (flat)',
        detail: `5 years ${fmt(rateOf(flat.runs))}/s, 90 days ${fmt(rateOf(flat.limits))}/s ${errorsOf(...flat.limits, ...flat.runs)}`.trim() });
      figure(sections.metrics, 'flat_p99', p99Of(flat.runs) / p99Of(flat.limits), {
        detail: `p99 5 years ${fmt(p99Of(flat.runs))} ms, 90 days ${fmt(p99Of(flat.limits))} ms` });
    } finally {
      await big.server.stop();
    }
  } finally {
    await small.server.stop();
  }
}

// ---- the docs ----

function commitName() {
  try {
    const hash = execFileSync('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD']).toString().trim();
    const dirty = execFileSync('git', ['-C', repoRoot, 'status', '--porcelain', '--', 'src']).toString().trim();
    return dirty ? `${hash} + changes in src/` : hash;
  } catch {
    return 'unknown';
  }
}

// Adds this run to each benchmark's section of docs/performance.md, before its end marker.
function writeDocs() {
  let text = readFileSync(DOCS, 'utf8');
  const when = `${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const head = `**${when}${LABEL ? `, ${LABEL}` : ''}** (commit ${commitName()}, ${SECONDS} s per rate, load average ${load.map((l) => l.toFixed(1)).join(' → ')})`;
  for (const key of Object.values(sections)) {
    const end = `<!-- /bench:${key} -->`;
    const at = text.indexOf(end);
    if (at < 0) throw new Error(`${DOCS} has no ${end}`);
    const rows = (results[key] || []).map((r) => `| ${key}/${r.name} | ${r.text} | ${r.target} | ${r.detail.replaceAll('|', '/')} |`);
    const block = [head, '', '| figure | measured | target | detail |', '| --- | --- | --- | --- |', ...rows,
      ...(notes[key] ? ['', ...notes[key]] : []), '', ''].join('\n');
    text = text.slice(0, at) + block + text.slice(at);
  }
  writeFileSync(DOCS, text);
  console.log(`bench: added this run to ${DOCS}`);
}

// ---- alerts and triage (issue 11) ----

// Reads a person's live events (GET /api/v1/events) as they come; next(name) resolves with the next
// event of that name and the moment it arrived.
async function eventStream(server, person) {
  const ac = new AbortController();
  const res = await fetch(`${server.url}/api/v1/events`, { headers: { Cookie: `roer=${person.cookie}`, 'User-Agent': UA }, signal: ac.signal });
  if (res.status !== 200) throw new Error(`events: ${res.status}`);
  const queue = [];
  const waiting = [];
  (async () => {
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of res.body) {
        const arrived = performance.now();
        buf += decoder.decode(chunk, { stream: true });
        let cut;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          const name = (block.match(/^event: (.*)$/m) || [])[1];
          const data = (block.match(/^data: (.*)$/m) || [])[1];
          if (!name) continue;
          const e = { name, data: JSON.parse(data), arrived };
          const w = waiting.findIndex((x) => x.name === name);
          if (w >= 0) waiting.splice(w, 1)[0].resolve(e); else queue.push(e);
        }
      }
    } catch { /* closed */ }
  })();
  return {
    next(name) {
      const i = queue.findIndex((e) => e.name === name);
      if (i >= 0) return Promise.resolve(queue.splice(i, 1)[0]);
      return new Promise((resolve) => waiting.push({ name, resolve }));
    },
    close: () => ac.abort(),
  };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

// 10. Alert latency: from the HTTP acknowledgement of a reading that makes a rule fire to the alert on the
// receiver's open event stream, while 4 uploaders post 1,000-reading batches (the ingest load). The limit
// in the same run: the acknowledgement time of those readings themselves.
async function alertLatency() {
  const server = await startServer({ binary: ROER, env: SERVER_ENV });
  try {
    const people = await inParallel(6, 2, (i) => register(server, CLIENT_NAMES[i]));
    const [client, receiver, ...loaders] = people;
    const inv = await client.post('/clients/me/invitations', { role: 'mantelzorger', valid_days: 7, rights: { alerts: 'see' } });
    if ((await receiver.post('/invitations/accept', { code: inv.body.code })).status !== 200) throw new Error('bench: accepting');
    const rule = await client.post('/clients/me/alert-rules', { kind: 'urgent', measure_kind: 'cgm', below: 3, receivers: [receiver.me.id] });
    if (rule.status !== 201) throw new Error(`bench: rule ${rule.text}`);
    const devices = [];
    for (const c of loaders) devices.push(bearer(c, await connectDevice(c, 'Libre 3 (alert load)')));
    await checkUploads(server, devices, false);
    const events = await eventStream(server, receiver);
    const latencies = [];
    const acks = [];
    const post = async (value) => {
      const t = performance.now();
      const r = await client.post('/clients/me/measurements', { kind: 'cgm', value, taken_at: new Date().toISOString() });
      if (r.status !== 201) throw new Error(`bench: reading ${r.status} ${r.text}`);
      return performance.now() - t;
    };
    const loadSeconds = SECONDS * 6;
    const load = wrkReadings(server, devices, { body: 'batch', batch: 1000, connections: 4, span: 1_000_000, seconds: loadSeconds });
    await sleep(500);
    const until = performance.now() + (loadSeconds - 1) * 1000;
    while (performance.now() < until) {
      const arrived = events.next('alert');
      acks.push(await post(2.4));
      const acked = performance.now();
      const e = await arrived;
      // The event may be on its way before the reply is: the alert commits with the reading.
      latencies.push(Math.max(0, e.arrived - acked));
      if (e.data.client_id !== client.me.id) throw new Error('bench: an alert of someone else');
      await post(6.2); // back in range: the rule is armed again
      const closed = await client.post(`/alerts/${e.data.id}/close`, { note: 'bench' });
      if (closed.status !== 200) throw new Error(`bench: close ${closed.text}`);
    }
    const loadRun = await load;
    events.close();
    latencies.sort((a, b) => a - b);
    acks.sort((a, b) => a - b);
    const p99 = percentile(latencies, 0.99);
    figure(sections.alerts, 'p99_ms', p99, { unit: ' ms', target: '< 100 ms',
      detail: `${latencies.length} alerts under ${fmt(loadRun.readings)} readings/s of ingest ${errorsOf(loadRun)}`.trim() });
    figure(sections.alerts, 'p50_ms', percentile(latencies, 0.5), { unit: ' ms' });
    figure(sections.alerts, 'p99_to_ack_p99', p99 / percentile(acks, 0.99), {
      detail: `reading acknowledged p50 ${fmt(percentile(acks, 0.5))} ms, p99 ${fmt(percentile(acks, 0.99))} ms (the limit in the same run)` });
  } finally {
    await server.stop();
    if (process.env.BENCH_DEBUG) console.log(server.output());
  }
}

// 11. Triage for a professional with 10,000 sharing clients, 1,000 with alerts nobody took up (bench/fill.c
// "clients"), at c=1, against GET /health at c=1 in turn.
const TRIAGE_CLIENTS = Number(process.env.BENCH_TRIAGE_CLIENTS || 10_000);
async function triage() {
  const dir = join(work, 'triage');
  let server = await startServer({ binary: ROER, dataDir: dir, env: SERVER_ENV });
  const gp = await register(server, 'Petra de Huisarts');
  await server.stop();
  const t = performance.now();
  await run(FILL, [dir, 'clients', String(gp.me.id), String(gp.me.id), String(TRIAGE_CLIENTS)]);
  note(sections.triage, `- filled ${TRIAGE_CLIENTS.toLocaleString('en')} clients in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  server = await startServer({ binary: ROER, dataDir: dir, env: SERVER_ENV });
  try {
    const plan = [req(gp, 'GET', '/api/v1/triage')];
    await check(server, plan);
    const first = await fetch(`${server.url}/api/v1/triage?limit=1`, { headers: { Cookie: `roer=${gp.cookie}`, 'User-Agent': UA } }).then((r) => r.json());
    note(sections.triage, `- the list: ${first.total} clients, ${first.counts.alert} with alerts nobody took up`);
    const health = [req(null, 'GET', '/api/v1/health')];
    const { limits, runs } = await alternate(() => wrk(server, health, { connections: 1 }), () => wrk(server, plan, { connections: 1 }));
    figure(sections.triage, 'p99_ms', p99Of(runs), { unit: ' ms', target: '< 20 ms', detail: errorsOf(...limits, ...runs) });
    figure(sections.triage, 'p99_to_health', p99Of(runs) / p99Of(limits), { detail: `/health p99 ${fmt(p99Of(limits))} ms` });
    figure(sections.triage, 'p50_ms', mean(runs.map((r) => r.p50)), { unit: ' ms' });
    figure(sections.triage, 'per_s', rateOf(runs), { unit: '/s' });
  } finally {
    await server.stop();
  }
}

// ---- main ----

try {
  if (wanted('owner') || wanted('member') || wanted('writes')) {
    const server = await startServer({ binary: ROER, env: SERVER_ENV });
    try {
      const clients = await inParallel(16, 2, (i) => register(server, CLIENT_NAMES[i]));
      const members = await inParallel(16, 2, (i) => register(server, MEMBER_NAMES[i]));
      for (let i = 0; i < 16; i++) await invite(clients[i], members[i]);
      // A realistic handful of goals each; the reads run before the writes add thousands more.
      for (const c of clients) for (let i = 0; i < 5; i++) await c.post('/clients/me/goals', goal(i));
      if (wanted('owner')) await ownerRead(server, clients);
      if (wanted('member')) await memberRead(server, clients, members);
      if (wanted('writes')) await writes(server, clients);
    } finally {
      await server.stop();
      if (process.env.BENCH_DEBUG) console.log(server.output());
    }
  }
  if (wanted('growth')) await growthAndMixed();
  if (wanted('ingest') || wanted('single') || wanted('nightscout')) await uploads();
  if (wanted('metrics')) await metricsAndFlat();
  if (wanted('alerts')) await alertLatency();
  if (wanted('triage')) await triage();
  load.push(loadavg()[0]);
  if (WRITE_DOCS) writeDocs();
} finally {
  rmSync(work, { recursive: true, force: true });
}
