// Measuring at home in the browser: a client sets her range and enters readings by hand, each shown
// at once against her range in colour and in words, in the table under the chart and on her home
// page; a device uploads readings with its own token and the page shows them after a reload; a
// member with the measurements right sees them, one without reads "not shared"; a batch of glucose
// sensor readings gives the time in ranges, the plain sentences and the daily profile; and the page
// fits a 320-pixel phone with normal and with larger text. axe-core on every state looked at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, fill, clickInMenu } from './helpers.mjs';
import { signUp, Device } from '../lib/api.mjs';
import { signInAs, inviteMember } from './network-helpers.mjs';

const env = setup();
const M = (lang) => texts[lang].measure;

// A number as the page writes it, with the decimals given.
const num = (lang, v, d) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { minimumFractionDigits: d, maximumFractionDigits: d }).format(v);

async function client(lang, prefix, name = 'Els') {
  const p = await signUp(env.server.url, { email: email(`${prefix}-${lang}`), password: PASSWORD, name, language: lang });
  p.name = name;
  return p;
}

// Opens the measurements page of `path` ('/measurements' or '/c/7/measurements') and waits until
// it has loaded.
async function openMeasurements(page, lang, path, h1) {
  await page.goto(`${env.server.url}/#${path}`);
  await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
  await page.getByRole('main').getByText(texts[lang].app.loading, { exact: true }).waitFor({ state: 'detached' });
}

// A device of the client's, connected through the API, for `kinds`.
async function device(person, kinds) {
  const r = await person.post('/clients/me/devices', { name: 'Meter', kinds });
  assert.equal(r.status, 201, r.text);
  return new Device(env.server.url, r.body.token);
}

// Glucose sensor readings every 5 minutes over the last `days` days, going up and down, sent in
// batches of 1,000.
async function uploadCgm(dev, days) {
  const now = Date.now() - 60000;
  const all = [];
  for (let i = 0; i < days * 288; i++) {
    const v = 7.5 + 4.5 * Math.sin(i / 30) + 1.5 * Math.sin(i / 7);
    all.push({ kind: 'cgm', taken_at: new Date(now - i * 300000).toISOString(), value: Math.max(2.2, Math.round(v * 10) / 10) });
  }
  for (let i = 0; i < all.length; i += 1000) {
    const r = await dev.post('/clients/me/measurements', { readings: all.slice(i, i + 1000) });
    assert.equal(r.status, 201, r.text);
  }
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];
  test(`${lang}: a client sets her range, enters readings by hand and sees each against it, in the table and at home`, async () => {
    const els = await client(lang, 'm-hand');
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    await signInAs(page, env.server, lang, els.email, 'Els');
    // Home says there is nothing yet and leads to the page.
    const card = page.locator('.latest-measurements');
    await card.getByText(M(lang).home.none).waitFor();
    await card.getByRole('link', { name: M(lang).home.link }).click();
    await page.getByRole('heading', { level: 1, name: M(lang).title }).waitFor();
    await page.getByRole('main').getByText(T.app.loading, { exact: true }).waitFor({ state: 'detached' });
    await page.getByLabel(M(lang).choose.kind).selectOption('glucose');
    const targets = page.getByRole('region', { name: fill(M(lang).target.heading, { kind: M(lang).kind.glucose.replace(/^./, (c) => c.toLowerCase()) }) });
    await targets.getByText(M(lang).target.none).waitFor();
    await assertAccessible(page, `measurements, nothing yet (${lang})`);

    // Her range for finger-prick glucose: 4 to 8 mmol/L.
    await targets.getByLabel(`${M(lang).target.low} (mmol/L)`).fill(lang === 'nl' ? '4,0' : '4.0');
    await targets.getByLabel(`${M(lang).target.high} (mmol/L)`).fill('8');
    await targets.getByRole('button', { name: M(lang).target.save }).click();
    await targets.getByRole('status').getByText(M(lang).target.saved).waitFor();
    const range = fill(M(lang).target.between, { low: num(lang, 4, 1), high: num(lang, 8, 1), unit: 'mmol/L' });
    await targets.getByText(fill(M(lang).target.now, { range })).waitFor();
    await targets.getByText(fill(M(lang).target.setBy, { name: 'Els', date: '' }).replace(/\.$/, '').trim()).waitFor();

    // A value that cannot be right: the error is next to the field and read with it.
    const entry = page.getByRole('region', { name: M(lang).entry.heading });
    const value = entry.getByLabel(fill(M(lang).entry.value, { kind: M(lang).kind.glucose, unit: 'mmol/L' }));
    await value.fill('95');
    await entry.getByRole('button', { name: M(lang).entry.save }).click();
    await entry.getByText(M(lang).entry.errors.value).waitFor();
    assert.equal(await value.getAttribute('aria-invalid'), 'true');
    const described = await Promise.all((await value.getAttribute('aria-describedby')).split(' ').map((id) => page.locator(`#${id}`).textContent()));
    assert.ok(described.includes(M(lang).entry.errors.value), 'the error is read with the field');
    await assertAccessible(page, `measurements, a wrong value (${lang})`);

    // Too high for her range: said at once, in words and in colour.
    await value.fill(lang === 'nl' ? '9,5' : '9.5');
    await entry.getByRole('button', { name: M(lang).entry.save }).click();
    const saved = entry.getByRole('status');
    const high = fill(M(lang).entry.saved, { value: `${num(lang, 9.5, 1)} mmol/L`, flag: M(lang).flag.high });
    await saved.getByText(high).waitFor();
    assert.equal(await saved.locator('.flag-high').count(), 1);
    // And one within it.
    await value.fill('6');
    await entry.getByRole('button', { name: M(lang).entry.save }).click();
    await saved.getByText(fill(M(lang).entry.saved, { value: `${num(lang, 6, 1)} mmol/L`, flag: M(lang).flag.in_range })).waitFor();

    // Both in the table under the chart, each with its word.
    const chart = page.getByRole('region', { name: fill(M(lang).chart.heading, { kind: M(lang).kind.glucose, days: 14 }) });
    await chart.getByRole('img', { name: fill(M(lang).chart.label, { kind: M(lang).kind.glucose, days: 14 }) }).waitFor();
    await chart.getByText(M(lang).chart.table).click();
    const table = chart.getByRole('table', { name: fill(M(lang).chart.readingsCaption, { kind: M(lang).kind.glucose, days: 14 }) });
    await table.getByRole('row').nth(2).waitFor();
    assert.equal(await table.getByRole('row').count(), 3);
    const rowHigh = table.getByRole('row').filter({ hasText: `${num(lang, 9.5, 1)} mmol/L` });
    assert.equal(await rowHigh.locator('.flag-high').textContent(), M(lang).flag.high);
    const rowIn = table.getByRole('row').filter({ hasText: `${num(lang, 6, 1)} mmol/L` });
    assert.equal(await rowIn.locator('.flag-in_range').textContent(), M(lang).flag.in_range);
    assert.equal(await rowIn.getByText(M(lang).chart.via.client).count(), 1);
    await assertAccessible(page, `measurements with readings (${lang})`);

    // The wrong one removed: gone from the table, and said so.
    const removeButton = rowHigh.getByRole('button');
    assert.match(await removeButton.getAttribute('aria-label'), new RegExp(`^${fill(M(lang).chart.removeLabel, { value: `${num(lang, 9.5, 1)} mmol/L`, when: '' })}`));
    await removeButton.click();
    await page.getByRole('status').getByText(M(lang).chart.removed).waitFor();
    await table.getByRole('row').filter({ hasText: `${num(lang, 9.5, 1)} mmol/L` }).waitFor({ state: 'detached' });
    assert.equal(await table.getByRole('row').count(), 2);

    // Home: the newest reading, against her range.
    await clickInMenu(page, lang, (p) => p.getByRole('navigation', { name: T.nav.label }).getByRole('link', { name: T.nav.home }));
    const latest = page.locator('.latest-measurements li').filter({ hasText: M(lang).kind.glucose });
    await latest.waitFor();
    assert.match(await latest.textContent(), new RegExp(`${num(lang, 6, 1)} mmol/L`));
    assert.equal(await latest.locator('.flag-in_range').textContent(), M(lang).flag.in_range);
    await assertAccessible(page, `home with measurements (${lang})`);
    assertClean(page);
    await context.close();
  });
}

test('a device uploads readings with its token; after a reload the page shows them', async () => {
  const lang = 'nl';
  const els = await client(lang, 'm-dev');
  await els.put('/clients/me/targets', { kind: 'blood_pressure', high: 135, high2: 85 });
  const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
  await signInAs(page, env.server, lang, els.email, 'Els');
  await openMeasurements(page, lang, '/measurements', M(lang).title);
  const dev = await device(els, ['blood_pressure']);
  const at = Date.now() - 3600000;
  const r = await dev.post('/clients/me/measurements', { readings: [
    { kind: 'blood_pressure', taken_at: new Date(at).toISOString(), value: 142, value2: 91 },
    { kind: 'blood_pressure', taken_at: new Date(at - 86400000).toISOString(), value: 128, value2: 82 }] });
  assert.equal(r.status, 201, r.text);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: M(lang).title }).waitFor();
  // The kind with readings is the one shown first.
  const chart = page.getByRole('region', { name: fill(M(lang).chart.heading, { kind: M(lang).kind.blood_pressure, days: 14 }) });
  await chart.getByRole('img').waitFor();
  // uPlot's style sheet is served and applied (its cursor layer lies over the canvas).
  assert.equal(await page.evaluate(async () => (await fetch('/app.css')).status), 200);
  assert.equal(await chart.locator('.u-over').evaluate((el) => getComputedStyle(el).position), 'absolute');
  await chart.getByText(M(lang).chart.table).click();
  const rows = chart.getByRole('table').getByRole('row');
  await rows.nth(2).waitFor();
  const first = rows.filter({ hasText: '142/91 mmHg' });
  assert.equal(await first.locator('.flag-high').textContent(), M(lang).flag.high);
  assert.equal(await first.getByText(M(lang).chart.via.device).count(), 1);
  assert.equal(await rows.filter({ hasText: '128/82 mmHg' }).locator('.flag-in_range').count(), 1);
  const { mean } = (await els.get('/clients/me/metrics?kind=blood_pressure&days=14')).body;
  await page.getByText(fill(M(lang).facts.bpMean, { value: num(lang, mean.value, 0), value2: num(lang, mean.value2, 0) })).waitFor();
  assertClean(page);
  await context.close();
});

test('a member with the measurements right sees them (without the form); one without reads "not shared"', async () => {
  const lang = 'nl';
  const T = texts[lang];
  const els = await client(lang, 'm-share');
  const anna = await client(lang, 'm-anna', 'Anna');
  const bob = await client(lang, 'm-bob', 'Bob');
  await inviteMember(els, anna, { role: 'mantelzorger', rights: { measurements: 'see' } });
  await inviteMember(els, bob, { role: 'buur', rights: { messages: 'see' } });
  const r = await els.post('/clients/me/measurements', { kind: 'weight', taken_at: new Date(Date.now() - 7200000).toISOString(), value: 71.4 });
  assert.equal(r.status, 201, r.text);
  const id = els.me.id;

  const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
  await signInAs(page, env.server, lang, anna.email, 'Anna');
  await openMeasurements(page, lang, `/c/${id}/measurements`, fill(M(lang).sharedHeading, { name: 'Els' }));
  await page.getByText(fill(T.shared.maySee, { name: 'Els' })).waitFor();
  const chart = page.getByRole('region', { name: fill(M(lang).chart.heading, { kind: M(lang).kind.weight, days: 14 }) });
  await chart.getByText(M(lang).chart.table).click();
  const row = chart.getByRole('table').getByRole('row').filter({ hasText: `${num(lang, 71.4, 1)} kg` });
  await row.waitFor();
  assert.equal(await row.locator('.flag-none').textContent(), M(lang).flagShared.none);
  assert.equal(await page.getByRole('button', { name: M(lang).entry.save }).count(), 0, 'no entering with see only');
  assert.equal(await page.getByRole('button', { name: M(lang).target.save }).count(), 0, 'no range form with see only');
  await assertAccessible(page, 'a member\'s view of the measurements');
  assertClean(page);
  await context.close();

  const other = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
  await signInAs(other.page, env.server, lang, bob.email, 'Bob');
  await other.page.goto(`${env.server.url}/#/c/${id}/measurements`);
  await other.page.getByRole('heading', { level: 1, name: T.shared.notSharedHeading }).waitFor();
  await other.page.getByText(fill(T.shared.notShared, { name: 'Els' })).waitFor();
  assert.equal(await other.page.getByRole('alert').count(), 0, 'no error');
  assert.equal(await other.page.locator('.measure-chart').count(), 0);
  assertClean(other.page);
  await other.context.close();
});

test('a member with the right to change enters a reading for the client, shown as entered by the network', async () => {
  const lang = 'nl';
  const T = texts[lang];
  const els = await client(lang, 'm-change');
  const carla = await client(lang, 'm-carla', 'Carla');
  await inviteMember(els, carla, { role: 'mantelzorger', rights: { measurements: 'change' } });
  await els.put('/clients/me/targets', { kind: 'weight', low: 60, high: 70 });
  const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
  await signInAs(page, env.server, lang, carla.email, 'Carla');
  await openMeasurements(page, lang, `/c/${els.me.id}/measurements`, fill(M(lang).sharedHeading, { name: 'Els' }));
  await page.getByText(fill(T.shared.mayChange, { name: 'Els' })).waitFor();
  await page.getByLabel(M(lang).choose.kind).selectOption('weight');
  const entry = page.getByRole('region', { name: M(lang).entry.heading });
  await entry.getByLabel(fill(M(lang).entry.value, { kind: M(lang).kind.weight, unit: 'kg' })).fill('72,5');
  await entry.getByRole('button', { name: M(lang).entry.save }).click();
  await entry.getByRole('status').getByText(fill(M(lang).entry.saved, { value: `${num(lang, 72.5, 1)} kg`, flag: M(lang).flagShared.high })).waitFor();
  const chart = page.getByRole('region', { name: fill(M(lang).chart.heading, { kind: M(lang).kind.weight, days: 14 }) });
  await chart.getByText(M(lang).chart.table).click();
  const row = chart.getByRole('table').getByRole('row').filter({ hasText: `${num(lang, 72.5, 1)} kg` });
  await row.getByText(M(lang).chart.via.member).waitFor();
  // Stored for Els, by Carla.
  const [reading] = (await els.get('/clients/me/measurements?kind=weight')).body;
  assert.equal(reading.via, 'member');
  assert.equal(reading.value, 72.5);
  await assertAccessible(page, 'a member entering a reading');
  assertClean(page);
  await context.close();
});

test('a batch of glucose sensor readings: time in ranges, the plain sentences and the daily profile', async () => {
  const lang = 'nl';
  const els = await client(lang, 'm-cgm');
  await uploadCgm(await device(els, ['cgm']), 14);
  const metrics = (await els.get('/clients/me/metrics?kind=cgm&days=14')).body;
  assert.ok(metrics.readings > 3000, JSON.stringify(metrics));
  const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
  await signInAs(page, env.server, lang, els.email, 'Els');
  await openMeasurements(page, lang, '/measurements', M(lang).title);
  const facts = page.getByRole('region', { name: M(lang).facts.heading });
  const n = (v, d = 1) => num(lang, v, d);
  for (const s of [fill(M(lang).facts.cgmMean, { mean: n(metrics.mean) }), fill(M(lang).facts.gmi, { gmi: n(metrics.gmi), mmol: n(metrics.gmi_mmol_mol, 0) }),
    fill(metrics.cv < 36 ? M(lang).facts.cvCalm : M(lang).facts.cvBusy, { cv: n(metrics.cv) }),
    fill(M(lang).facts.active, { active: n(metrics.active_percent) })]) {
    await facts.getByText(s, { exact: true }).waitFor();
  }
  // Five parts, each with its share in words.
  const tir = facts.locator('.tir-list li');
  await tir.nth(4).waitFor();
  assert.equal(await tir.count(), 5);
  for (const part of ['very_low', 'low', 'in_range', 'high', 'very_high']) {
    const words = fill(M(lang).tir.item, { label: M(lang).tir[part], pct: n(metrics.time_in[part]) });
    assert.equal(await tir.filter({ hasText: words }).count(), 1, words);
  }
  assert.ok(await facts.locator('svg.tir-bar rect').count() >= 3);
  // The daily profile, with its table of hours.
  await facts.getByRole('img', { name: M(lang).agp.label }).waitFor();
  await facts.getByText(M(lang).agp.table).click();
  const agp = facts.getByRole('table', { name: M(lang).agp.caption });
  await agp.getByRole('row').nth(24).waitFor();
  assert.equal(await agp.getByRole('row').count(), 25);
  // So many readings: the table under the chart has one row a day.
  const chart = page.getByRole('region', { name: fill(M(lang).chart.heading, { kind: M(lang).kind.cgm, days: 14 }) });
  await chart.getByText(M(lang).chart.table).click();
  await chart.getByRole('table', { name: new RegExp(fill(M(lang).chart.dailyCaption, { kind: M(lang).kind.cgm }).replace(/[()]/g, '\\$&')) }).waitFor();
  // 90 days come as the server's buckets, drawn all the same.
  await page.getByRole('group', { name: M(lang).choose.period }).getByLabel(fill(M(lang).choose.days, { n: 90 })).check();
  await page.getByRole('region', { name: fill(M(lang).chart.heading, { kind: M(lang).kind.cgm, days: 90 }) }).locator('.measure-chart canvas').waitFor();
  await assertAccessible(page, 'measurements of a glucose sensor');
  assertClean(page);
  await context.close();
});

test('en: what INR, weight and heart rate readings mean, in sentences', async () => {
  const lang = 'en';
  const els = await client(lang, 'm-facts');
  const now = Date.now() - 600000;
  const at = (days) => new Date(now - days * 86400000).toISOString();
  const r = await els.post('/clients/me/measurements', { readings: [
    { kind: 'weight', taken_at: at(7), value: 70 }, { kind: 'weight', taken_at: at(3), value: 71 }, { kind: 'weight', taken_at: at(0), value: 71.6 },
    { kind: 'inr', taken_at: at(12), value: 2.5 }, { kind: 'inr', taken_at: at(6), value: 3.6 }, { kind: 'inr', taken_at: at(0), value: 2.4 },
    { kind: 'heart_rate', taken_at: at(2), value: 64 }, { kind: 'heart_rate', taken_at: at(1), value: 80 }] });
  assert.equal(r.status, 201, r.text);
  const metrics = async (kind) => (await els.get(`/clients/me/metrics?kind=${kind}&days=14`)).body;
  const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
  await signInAs(page, env.server, lang, els.email, 'Els');
  await openMeasurements(page, lang, '/measurements', M(lang).title);
  const facts = page.getByRole('region', { name: M(lang).facts.heading });
  const n = (v, d = 1) => num(lang, v, d);

  await page.getByLabel(M(lang).choose.kind).selectOption('weight');
  const w = await metrics('weight');
  await facts.getByText(fill(M(lang).facts.weightUp, { days: 3, amount: n(w.change_3d) }), { exact: true }).waitFor();
  await facts.getByText(fill(M(lang).facts.weightUp, { days: 7, amount: n(w.change_7d) }), { exact: true }).waitFor();

  await page.getByLabel(M(lang).choose.kind).selectOption('inr');
  const inr = await metrics('inr');
  assert.ok(inr.ttr !== null, JSON.stringify(inr));
  await facts.getByText(fill(M(lang).facts.ttr, { ttr: n(inr.ttr), low: n(inr.range.low), high: n(inr.range.high) }), { exact: true }).waitFor();

  await page.getByLabel(M(lang).choose.kind).selectOption('heart_rate');
  const hr = await metrics('heart_rate');
  await facts.getByText(fill(M(lang).facts.otherMean, { mean: n(hr.mean, 0), min: n(hr.min, 0), max: n(hr.max, 0), unit: M(lang).unit.heart_rate }),
    { exact: true }).waitFor();
  await facts.getByText(fill(M(lang).facts.readings, { n: 2 }), { exact: true }).waitFor();
  assertClean(page);
  await context.close();
});

for (const large of [false, true]) {
  test(`the measurements page fits a 320px phone, ${large ? 'larger' : 'normal'} text`, async () => {
    const lang = 'nl';
    const T = texts[lang];
    const els = await client(lang, `m-narrow-${large}`);
    await uploadCgm(await device(els, ['cgm']), 2);
    await els.post('/clients/me/measurements', { kind: 'blood_pressure', taken_at: new Date(Date.now() - 60000).toISOString(), value: 131, value2: 84, pulse: 66 });
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 320, height: 640 } });
    await signInAs(page, env.server, lang, els.email, 'Els');
    if (large) {
      await clickInMenu(page, lang, (p) => p.getByRole('button', { name: T.tools.larger }));
      await page.waitForFunction(() => document.documentElement.classList.contains('large-text'));
    }
    const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.locator('.latest-measurements li').nth(2).waitFor();
    assert.equal(await sideways(), 0, 'home');
    await openMeasurements(page, lang, '/measurements', M(lang).title);
    for (const code of ['cgm', 'blood_pressure']) {
      await page.getByLabel(M(lang).choose.kind).selectOption(code);
      const chart = page.getByRole('region', { name: fill(M(lang).chart.heading, { kind: M(lang).kind[code], days: 14 }) });
      await chart.locator('.measure-chart canvas').waitFor();
      for (const summary of await page.locator('details.data-table summary').all()) await summary.click();
      await page.locator('details.data-table[open] table').first().waitFor();
      assert.equal(await sideways(), 0, `${code}: no sideways scrolling`);
    }
    assertClean(page);
    await context.close();
  });
}
