// Each person's home page and menu fit where they stand: a client sees what needs her now first
// (an open alert, new messages, help someone took on); a carer sees the people she supports
// first, the one with an alert on top, and not her own empty record; a professional sees her
// clients ranked by need, can filter them, and sees nothing a client does not share with her.
// The data is made through the API; axe-core and 320 pixels on every page; screenshots at 360
// pixels in ROER_SCREENSHOTS (a folder) when set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, fill, fits320, menu } from './helpers.mjs';
import { signUp } from '../lib/api.mjs';
import { signInAs, inviteMember, dayIso, dayLabel, weekDays } from './network-helpers.mjs';

const env = setup();
const lang = 'nl';
const T = texts[lang];
const shots = process.env.ROER_SCREENSHOTS;

async function person(name, role) {
  return signUp(env.server.url, { email: email(`home-${name.toLowerCase()}`), password: PASSWORD, name, language: lang, role });
}

async function shot(page, name) {
  if (!shots) return;
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

// Monday of next week: a day still to come.
const monday = new Date(weekDays()[6].getTime() + 86400000);
const nextWeek = () => dayIso(monday);

test('a client sees her open alert and a new message first, then her values, then her picture', async () => {
  const els = await person('Els');
  const anna = await person('Anna');
  await inviteMember(els, anna, { role: 'mantelzorger', rights: { messages: 'see', help_requests: 'see', alerts: 'change' }, receives_alerts: true });
  const help = await els.post('/clients/me/help', { text: 'Ik ben gevallen' });
  assert.equal(help.status, 201, help.text);
  // Anna takes it up: it stays open, and Els reads who is coming.
  const [raised] = (await els.get('/clients/me/alerts?open=1')).body.items;
  assert.equal((await anna.post(`/alerts/${raised.id}/acknowledge`)).status, 200);
  assert.equal((await anna.post(`/clients/${els.me.id}/messages`, { thread: 0, text: 'Ik kom zo' })).status, 201);
  const ask = await els.post('/clients/me/help-requests', { text: 'Boodschappen', day: nextWeek() });
  assert.equal(ask.status, 201, ask.text);
  assert.equal((await anna.post(`/clients/${els.me.id}/help-requests/${ask.body.id}/offer`)).status, 200);

  const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
  await signInAs(page, env.server, lang, els.email, 'Els');
  const needs = page.getByRole('region', { name: T.home.needs.heading });
  const items = needs.getByRole('listitem');
  await items.nth(2).waitFor();
  // The alert first, with its severity in words; then the message; then the help Anna took on.
  const alert = items.nth(0);
  await alert.getByText(T.attention.severity.urgent, { exact: true }).waitFor();
  assert.equal(await alert.getByRole('link').getAttribute('href'), '#/alerts');
  assert.match(await alert.textContent(), new RegExp(T.attention.what.helpOwn));
  await alert.getByText(fill(T.attention.takenUp, { name: 'Anna' })).waitFor();
  assert.equal(await items.nth(1).getByRole('link', { name: T.home.needs.messageOne }).getAttribute('href'), '#/messages');
  await items.nth(2).getByText(fill(T.home.needs.helpTaken, { name: 'Anna', text: 'Boodschappen', day: dayLabel(lang, monday) })).waitFor();
  assert.equal(await needs.getByText(T.home.needs.nothing).count(), 0);
  // What needs her comes before her values, and those before her picture and plan.
  const order = await page.evaluate(() => [...document.querySelectorAll('main h2')].map((h) => h.id));
  assert.deepEqual(order.slice(0, 3), ['needs-you', 'latest-heading', 'glance']);
  // She supports nobody: no people to support in her menu; her record is there.
  const nav = await menu(page, lang);
  await nav.getByRole('link', { name: T.nav.plan, exact: true }).waitFor();
  assert.equal(await nav.getByRole('link', { name: T.nav.supporting }).count(), 0);
  assert.equal(await nav.getByRole('link', { name: T.nav.triage }).count(), 0);
  await assertAccessible(page, 'home of a client with an alert');
  await fits320(page, 'home of a client with an alert');
  await shot(page, 'home-client');
  assertClean(page);
  await context.close();
});

test('nothing needs a new client: one calm line', async () => {
  const kees = await person('Kees');
  const { context, page } = await openPage(env.browser, env.server);
  await signInAs(page, env.server, lang, kees.email, 'Kees');
  await page.getByRole('region', { name: T.home.needs.heading }).getByText(T.home.needs.nothing).waitFor();
  await page.getByRole('link', { name: T.home.startHere }).waitFor();
  assertClean(page);
  await context.close();
});

test('a carer sees her mother first, with the alert she was told of, and not her own empty record', async () => {
  const marieke = await person('Marieke');
  const buur = await person('Bep');
  const moeder = await person('Moeder');
  // Bep first, so that her card would come first if the order did not follow what needs attention.
  await inviteMember(buur, marieke, { role: 'buur', rights: { help_requests: 'see' } });
  await inviteMember(moeder, marieke, { role: 'mantelzorger', rights: { alerts: 'see', plan: 'see', messages: 'see', help_requests: 'see' },
    receives_alerts: true });
  assert.equal((await moeder.post('/clients/me/help', { text: 'Kom je?' })).status, 201);
  assert.equal((await moeder.post('/clients/me/messages', { thread: 0, text: 'Hallo' })).status, 201);
  assert.equal((await moeder.post('/clients/me/help-requests', { text: 'Naar de kapper', day: nextWeek() })).status, 201);

  const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
  await signInAs(page, env.server, lang, marieke.email, 'Marieke');
  const people = page.getByRole('region', { name: T.home.supported.heading });
  const cards = people.locator('.person');
  const first = cards.nth(0);
  await first.locator('.needs li').nth(2).waitFor();
  assert.equal(await first.getByRole('heading', { level: 3 }).textContent(), 'Moeder');
  const alert = first.locator('.needs li').nth(0);
  await alert.getByText(T.attention.severity.urgent, { exact: true }).waitFor();
  assert.equal(await alert.getByRole('link').getAttribute('href'), `#/c/${moeder.me.id}/alerts`);
  await first.getByRole('link', { name: fill(T.home.people.helpOpen, { text: 'Naar de kapper', day: dayLabel(lang, monday) }) }).waitFor();
  await first.getByRole('link', { name: T.home.supported.messageOne }).waitFor();
  // What her mother lets her see, each a link to it.
  assert.equal(await first.getByRole('link', { name: T.network.categories.plan, exact: true }).getAttribute('href'), `#/c/${moeder.me.id}/plan`);
  await cards.nth(1).getByText(T.home.people.nothing).waitFor();
  // Her own record is empty: not on her home page, only a small way to start one.
  await page.getByRole('link', { name: T.home.ownToo }).waitFor();
  assert.equal(await page.getByRole('link', { name: T.home.startHere }).count(), 0);
  assert.equal(await page.getByRole('heading', { name: T.home.glance }).count(), 0);
  assert.equal(await page.getByRole('region', { name: T.home.needs.heading }).count(), 0);
  // Her menu: her people first, her own record folded under one entry.
  const nav = await menu(page, lang);
  const groups = await nav.locator('.nav-group-name').allTextContents();
  assert.deepEqual(groups, [T.nav.groups.people, T.nav.groups.mine, T.nav.groups.account]);
  await nav.getByRole('link', { name: T.nav.supporting, exact: true }).waitFor();
  const fold = nav.getByRole('button', { name: T.nav.ownRecord });
  assert.equal(await fold.getAttribute('aria-expanded'), 'false');
  assert.equal(await nav.getByRole('link', { name: T.nav.plan, exact: true }).count(), 0);
  await assertAccessible(page, 'home of a carer');
  await fold.click();
  await nav.getByRole('link', { name: T.nav.plan, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: T.plan.heading }).waitFor();
  await (await menu(page, lang)).getByRole('link', { name: T.nav.home, exact: true }).click();
  await first.locator('.needs li').nth(2).waitFor();
  await fits320(page, 'home of a carer');
  await shot(page, 'home-carer');
  assertClean(page);
  await context.close();
});

test('a carer who may see her father\'s day at home reads how it goes on his card', async () => {
  const dochter = await person('Dochter');
  const vader = await person('Vader');
  await inviteMember(vader, dochter, { role: 'mantelzorger', rights: { daily_life: 'see' } });
  // Ten days of a sensor in his living room every 20 minutes, day and night, up to now: every day
  // like the others, so that today (whatever time the test runs) goes as usual.
  const signals = [];
  for (let t = Date.now() - 10 * 86400e3; t < Date.now() - 60e3; t += 20 * 60e3) {
    signals.push({ at: new Date(t).toISOString(), type: 'motion', place: 'Woonkamer' });
  }
  const sent = await vader.post('/clients/me/signals', { signals });
  assert.equal(sent.status, 201, sent.text);

  const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
  await signInAs(page, env.server, lang, dochter.email, 'Dochter');
  const card = page.getByRole('region', { name: T.home.supported.heading }).locator('.person', { hasText: 'Vader' });
  const day = card.getByRole('link', { name: T.dailyLife.status.normal });
  await day.waitFor();
  assert.equal(await day.getAttribute('href'), `#/c/${vader.me.id}/daily-life`);
  await assertAccessible(page, 'home of a carer, the day at home');
  assertClean(page);
  await context.close();
});

test('a professional sees her clients ranked by need, filters them, and nothing that is not shared', async () => {
  const petra = await person('Petra', 'professional');
  const client = async (name, rights) => {
    const p = await person(name);
    await inviteMember(p, petra, { role: 'professional', discipline: 'huisarts', rights });
    return p;
  };
  // Made in an order that is neither the order of need nor of names.
  const fenna = await client('Fenna', { plan: 'see' }); // does not share her alerts
  const cor = await client('Cor', { help_requests: 'see' });
  const gijs = await client('Gijs', { alerts: 'see' });
  const bea = await client('Bea', { alerts: 'see' });
  const aad = await client('Aad', { alerts: 'see', balance: 'see' });
  assert.equal((await bea.post('/clients/me/alert-rules', { kind: 'urgent', measure_kind: 'cgm', below: 3, severity: 'warning' })).status, 201);
  assert.equal((await bea.post('/clients/me/measurements', { kind: 'cgm', value: 2.6, taken_at: new Date().toISOString() })).status, 201);
  assert.equal((await gijs.post('/clients/me/alert-rules', { kind: 'trend', measure_kind: 'weight', change: 2, hours: 72 })).status, 201);
  for (const [value, ago] of [[80, 2880], [82.4, 0]]) {
    const r = await gijs.post('/clients/me/measurements', { kind: 'weight', value, taken_at: new Date(Date.now() - ago * 60000).toISOString() });
    assert.equal(r.status, 201, r.text);
  }
  assert.equal((await cor.post('/clients/me/help-requests', { text: 'Boodschappen', day: nextWeek() })).status, 201);
  for (const p of [aad, fenna]) assert.equal((await p.post('/clients/me/help', { text: 'Kom je?' })).status, 201);

  const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
  await signInAs(page, env.server, lang, petra.email, 'Petra');
  const list = page.getByRole('list', { name: T.triage.listLabel });
  const rows = list.locator(':scope > li');
  await rows.nth(4).waitFor();
  const names = async () => rows.locator('.triage-name').allTextContents();
  assert.deepEqual(await names(), ['Aad', 'Bea', 'Gijs', 'Cor', 'Fenna']);
  // The reasons in words, each linked to what is shared.
  await rows.nth(0).getByText(T.attention.severity.urgent, { exact: true }).waitFor();
  assert.equal(await rows.nth(0).getByRole('link').first().getAttribute('href'), `#/c/${aad.me.id}/alerts`);
  await rows.nth(1).getByText(T.attention.severity.warning, { exact: true }).waitFor();
  await rows.nth(2).getByRole('link', { name: fill(T.triage.reason.rising, { kind: T.measure.kind.weight.toLowerCase() }) }).waitFor();
  assert.equal(await rows.nth(3).getByRole('link').getAttribute('href'), '#/help');
  await rows.nth(3).getByText(new RegExp(`^${T.triage.reason.helpOne.split(',')[0]}`)).waitFor();
  // Fenna pressed her help button too, but does not share her alerts with Petra: no reason shows.
  await rows.nth(4).getByText(T.triage.nothing).waitFor();
  assert.equal(await rows.nth(4).locator('.severity').count(), 0);
  await assertAccessible(page, 'home of a professional');
  await fits320(page, 'home of a professional');
  await shot(page, 'home-professional');

  // The triage page, from the menu; the filter by reason, with its count.
  await (await menu(page, lang)).getByRole('link', { name: T.nav.triage }).click();
  await page.getByRole('heading', { level: 1, name: T.triage.heading }).waitFor();
  await rows.nth(4).waitFor();
  const reason = page.getByLabel(T.triage.filter.reason);
  await reason.selectOption({ label: fill(T.triage.filter.withCount, { what: T.triage.filter.reasons.help, n: 1 }) });
  await page.getByRole('button', { name: T.triage.filter.show }).click();
  await page.getByRole('status').getByText(T.triage.countOne, { exact: true }).waitFor();
  assert.deepEqual(await names(), ['Cor']);
  await page.getByLabel(T.triage.filter.discipline).selectOption('wijkverpleegkundige');
  await reason.selectOption('');
  await page.getByRole('button', { name: T.triage.filter.show }).click();
  await page.getByRole('status').getByText(fill(T.triage.countMany, { n: 0 }), { exact: true }).waitFor();
  assert.equal(await rows.count(), 0);
  await assertAccessible(page, 'triage, filtered');
  await fits320(page, 'triage');
  assertClean(page);
  await context.close();
});
