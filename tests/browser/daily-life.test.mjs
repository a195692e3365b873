// Mijn dag thuis in the browser: four weeks of home-sensor signals sent by a hub, then a night
// she was out of bed four times; the page shows yesterday's deviation in words, every signal of
// the day in a table, the last 14 days side by side and the thresholds as learned; she sets one
// herself and it says so; a member who may see reads the same page without the form. Checked with
// axe-core and at 320 pixels, in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, fill, fits320 } from './helpers.mjs';
import { signUp, Device } from '../lib/api.mjs';
import { signInAs, inviteMember } from './network-helpers.mjs';

const env = setup();
const D = (lang) => texts[lang].dailyLife;
const ZONE = 'Europe/Amsterdam';

// The local date in Amsterdam `n` days before today, and a local time on it as ISO with its offset.
const localDay = (n) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(Date.now() - n * 86400e3));
function at(day, minute) {
  const noon = new Date(`${day}T12:00:00Z`);
  const offset = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, timeZoneName: 'shortOffset' }).formatToParts(noon)
    .find((p) => p.type === 'timeZoneName').value.replace('GMT', '') || '+0';
  const [h, m] = [Math.floor(minute / 60), minute % 60].map((x) => String(x).padStart(2, '0'));
  const sign = offset[0];
  const hours = String(Math.abs(Number(offset.slice(1)))).padStart(2, '0');
  return `${day}T${h}:${m}:00${sign}${hours}:00`;
}

// An ordinary day: up at 07:10, the kitchen at 07:30, moving about every 20 minutes until bed.
function ordinaryDay(day, nightsOut = 0) {
  const out = [];
  for (let i = 0; i < nightsOut; i++) {
    out.push({ at: at(day, 60 + i * 45), type: 'bed_out', place: 'Slaapkamer' });
    out.push({ at: at(day, 60 + i * 45 + 8), type: 'bed_in', place: 'Slaapkamer' });
  }
  out.push({ at: at(day, 430), type: 'bed_out', place: 'Slaapkamer' });
  out.push({ at: at(day, 450), type: 'kitchen', place: 'Keuken' });
  for (let m = 470; m < 22 * 60; m += 20) out.push({ at: at(day, m), type: 'motion', place: m % 60 < 20 ? 'Keuken' : 'Woonkamer' });
  out.push({ at: at(day, 22 * 60 + 30), type: 'bed_in', place: 'Slaapkamer' });
  return out;
}

async function client(lang, prefix, name) {
  const p = await signUp(env.server.url, { email: email(`${prefix}-${lang}`), password: PASSWORD, name, language: lang });
  p.name = name;
  return p;
}

// 28 ordinary days before yesterday, and yesterday with four times out of bed in the night.
async function fourWeeks(person) {
  const made = await person.post('/clients/me/devices', { name: 'Sensoren', kinds: ['daily_life'] });
  assert.equal(made.status, 201, made.text);
  const hub = new Device(env.server.url, made.body.token);
  const signals = [];
  for (let n = 29; n >= 2; n--) signals.push(...ordinaryDay(localDay(n)));
  signals.push(...ordinaryDay(localDay(1), 4));
  for (let i = 0; i < signals.length; i += 1000) {
    const r = await hub.post('/clients/me/signals', { signals: signals.slice(i, i + 1000) });
    assert.equal(r.status, 201, r.text);
  }
  return ordinaryDay(localDay(1), 4).length;
}

async function openDay(page, lang, path, h1) {
  await page.goto(`${env.server.url}/#${path}`);
  await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
  await page.getByRole('main').getByText(texts[lang].app.loading, { exact: true }).waitFor({ state: 'detached' });
}

// Shows yesterday through the page's own day field.
async function showYesterday(page, lang) {
  await page.getByLabel(D(lang).otherDay).fill(localDay(1));
  await page.getByRole('button', { name: D(lang).show, exact: true }).click();
  await page.getByRole('heading', { level: 2, name: fill(D(lang).dayHeading, { day: localDay(1) }) }).waitFor();
}

for (const lang of ['nl', 'en']) {
  test(`${lang}: yesterday's restless night in words, its signals, 14 days side by side, and her own threshold`, async () => {
    const els = await client(lang, 'dl', 'Els');
    const yesterdays = await fourWeeks(els);
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    await signInAs(page, env.server, lang, els.email, 'Els');
    await openDay(page, lang, '/daily-life', D(lang).title);
    await showYesterday(page, lang);
    const today = page.getByRole('region', { name: fill(D(lang).dayHeading, { day: localDay(1) }) });
    await today.getByText(D(lang).statusPast.deviation).waitFor();
    await today.getByText(fill(D(lang).deviation.night_wandering.times_past, { count: 4, usual: 0 })).waitFor();
    // Every signal of the day, in a table with a caption.
    const table = page.getByRole('table', { name: fill(D(lang).timelineCaption, { n: yesterdays }) });
    await table.waitFor();
    assert.equal(await table.locator('tbody tr').count(), yesterdays);
    await table.getByRole('row', { name: `07:10 ${D(lang).type.bed_out} Slaapkamer` }).waitFor();
    // The last 14 days, the day shown last.
    const days = page.getByRole('table', { name: D(lang).daysCaption });
    assert.equal(await days.locator('tbody tr').count(), 14);
    await days.getByRole('row').last().getByRole('rowheader', { name: localDay(1) }).waitFor();
    await days.getByRole('row', { name: new RegExp(`^${localDay(2)} 07:10 07:30 0 `) }).waitFor();
    // Learned thresholds say so.
    const first = page.locator('dd[data-threshold="first_activity_by"]');
    await first.getByText(`(${D(lang).learned})`).waitFor();
    await assertAccessible(page, `the day view (${lang})`);
    await fits320(page, `the day view (${lang})`);
    if (lang === 'nl') await page.screenshot({ path: 'build/daily-life.png' });

    // Her own: four times a night is still usual for her.
    await page.getByLabel(D(lang).threshold.nights_out_max).fill('4');
    await page.getByRole('button', { name: D(lang).save }).click();
    await page.getByRole('status').getByText(D(lang).saved).waitFor();
    await page.locator('dd[data-threshold="nights_out_max"]').getByText(`4 (${D(lang).setByYou})`).waitFor();
    await showYesterday(page, lang);
    await today.getByText(D(lang).statusPast.normal).waitFor();
    // A value that does not fit is refused with words, and nothing changes.
    await page.getByLabel(D(lang).threshold.silent_minutes).fill('5');
    await page.getByRole('button', { name: D(lang).save }).click();
    await page.getByText(D(lang).badValue).first().waitFor();
    assert.equal((await els.get('/clients/me/daily-life')).body.thresholds.silent_minutes.set_by_client, false);
    assertClean(page);
    await context.close();
  });

  test(`${lang}: a member who may see reads her day, without the form`, async () => {
    const els = await client(lang, 'dl-share', 'Els');
    const sam = await client(lang, 'dl-sam', 'Sam');
    await fourWeeks(els);
    await inviteMember(els, sam, { role: 'naaste', rights: { daily_life: 'see' } });
    const { context, page } = await openPage(env.browser, env.server);
    await signInAs(page, env.server, lang, sam.email, 'Sam');
    await openDay(page, lang, `/c/${els.me.id}/daily-life`, fill(D(lang).sharedHeading, { name: 'Els' }));
    await showYesterday(page, lang);
    await page.getByText(fill(D(lang).deviation.night_wandering.times_past, { count: 4, usual: 0 })).waitFor();
    assert.equal(await page.getByRole('button', { name: D(lang).save }).count(), 0);
    await assertAccessible(page, `her day, shared (${lang})`);
    await fits320(page, `her day, shared (${lang})`);
    assertClean(page);
    await context.close();
  });
}
