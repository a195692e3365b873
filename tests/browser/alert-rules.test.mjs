// "Wanneer waarschuwen" in the browser, in Dutch and in English: the client makes a rule through the
// form (a trend of her weight, two receivers put in order) and reads it back in words; a figure
// left out is said at its field; a receiver pauses the rule with a reason, which the client then
// reads; a member says "Ik heb dienst" with a note, the client sees who is on duty, and the member
// ends it. axe-core on every state looked at, and no sideways scrolling at 320 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, fill, fits320 } from './helpers.mjs';
import { signUp } from '../lib/api.mjs';
import { signInAs, inviteMember, sentencePattern } from './network-helpers.mjs';

const env = setup();
const SHOTS = process.env.ROER_SHOTS; // a folder: screenshots of the states looked at, to look at by eye

async function person(lang, prefix, name) {
  const p = await signUp(env.server.url, { email: email(`${prefix}-${lang}`), password: PASSWORD, name, language: lang });
  p.name = name;
  return p;
}

async function shot(page, name) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function openAlerts(page, lang, path, h1) {
  const T = texts[lang];
  await page.goto(`${env.server.url}/#${path}`);
  await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
  await page.getByRole('heading', { level: 2, name: T.alerts.rules.heading }).waitFor();
  await page.waitForFunction((s) => ![...document.querySelectorAll('main p')].some((p) => p.textContent === s), T.app.loading);
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];
  const R = T.alerts.rules;
  const weight = lang === 'nl' ? 'gewicht' : 'weight';
  const n = (v) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

  test(`${lang}: a rule made through the form, read back in words; a receiver pauses it with a reason the client reads`, async () => {
    const ann = await person(lang, 'ar-client', 'Ann');
    const noor = await person(lang, 'ar-noor', 'Noor');
    const tom = await person(lang, 'ar-tom', 'Tom');
    await inviteMember(ann, noor, { role: 'professional', discipline: 'wijkverpleegkundige', rights: { alerts: 'see' }, receives_alerts: true });
    await inviteMember(ann, tom, { role: 'naaste', rights: { alerts: 'see' } });

    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    await signInAs(page, env.server, lang, ann.email, 'Ann');
    await openAlerts(page, lang, '/alerts', T.alerts.title);
    await page.getByText(R.none).waitFor();
    await page.getByRole('button', { name: R.add }).click();
    const form = page.locator('form.rule-form');
    await form.getByRole('group', { name: R.form.kind }).getByLabel(R.kinds.trend).check();
    await form.getByText(R.explain.trend).waitFor();
    await form.getByLabel(R.form.measure).selectOption({ label: T.measure.kind.weight });
    await form.getByLabel(fill(R.form.change, { unit: 'kg' })).fill(lang === 'nl' ? '2' : '2');
    await form.getByLabel(R.form.days).fill('3');
    const add = form.getByLabel(R.form.addReceiver);
    await add.selectOption({ label: `Noor (${T.roles.disciplines.wijkverpleegkundige})` });
    await form.getByRole('button', { name: T.common.add, exact: true }).click();
    await add.selectOption({ label: `Tom (${T.roles.naaste})` });
    await form.getByRole('button', { name: T.common.add, exact: true }).click();
    await form.getByRole('button', { name: fill(R.form.earlierLabel, { name: `Tom (${T.roles.naaste})` }) }).click();
    await form.locator('.receiver-list li').first().getByText(`Tom (${T.roles.naaste})`).waitFor();
    await form.getByLabel(R.form.step).fill('15');
    await assertAccessible(page, `the rule form (${lang})`);
    await fits320(page, `the rule form (${lang})`);
    await shot(page, `${lang}-rule-form`);
    await form.getByRole('button', { name: T.common.save }).click();
    await page.getByRole('status').getByText(R.added).waitFor();

    const list = page.getByRole('list', { name: R.listLabel });
    const rule = list.locator('.rule', { hasText: fill(R.say.trend_up, { kind: weight, period: fill(T.alerts.time.days, { n: '3' }), change: `${n(2)} kg` }) });
    await rule.getByText(fill(R.who.first, { name: 'Tom' })).waitFor();
    await rule.getByText(fill(R.who.next, { name: 'Noor', minutes: '15' }), { exact: false }).waitFor();
    await rule.getByText(R.who.everyone, { exact: false }).waitFor();
    const stored = (await ann.get('/clients/me/alert-rules')).body;
    assert.equal(stored.length, 1);
    assert.deepEqual([stored[0].kind, stored[0].measure_kind, stored[0].change, stored[0].hours, stored[0].step_minutes],
      ['trend', 'weight', 2, 72, 15]);
    assert.deepEqual(stored[0].receivers, [tom.me.id, noor.me.id], 'the receivers in the order chosen');

    // A figure left out is said at its field, which gets the focus.
    await page.getByRole('button', { name: R.add }).click();
    await form.getByRole('group', { name: R.form.kind }).getByLabel(R.kinds.urgent).check();
    await form.getByRole('button', { name: T.common.save }).click();
    await form.getByText(R.errors.below).waitFor();
    await page.waitForFunction(() => document.activeElement && document.activeElement.name && document.activeElement.name.endsWith('-below'));
    await assertAccessible(page, `the rule form with an error (${lang})`);
    await form.getByRole('button', { name: T.common.cancel }).click();
    assert.equal((await ann.get('/clients/me/alert-rules')).body.length, 1, 'nothing refused was stored');

    // Noor receives it, and pauses it with a reason (a reason is needed).
    const other = await openPage(env.browser, env.server, { viewport: { width: 360, height: 800 } });
    const np = other.page;
    await signInAs(np, env.server, lang, noor.email, 'Noor');
    await openAlerts(np, lang, `/c/${ann.me.id}/alerts`, fill(T.alerts.sharedHeading, { name: 'Ann' }));
    const hers = np.locator('.rule').first();
    assert.equal(await hers.getByRole('button', { name: T.common.change }).count(), 0, 'a receiver does not change the rule');
    await hers.getByRole('button', { name: R.snooze }).click();
    await hers.getByLabel(R.snoozeFor).selectOption({ label: fill(T.alerts.time.day, { n: '1' }) });
    await hers.getByRole('button', { name: R.snooze }).click();
    await hers.getByText(R.reasonNeeded).waitFor();
    await assertAccessible(np, `the snooze form with its error (${lang})`);
    await fits320(np, `the snooze form (${lang})`);
    await hers.getByLabel(R.reason).fill('Ik ben op vakantie');
    await hers.getByRole('button', { name: R.snooze }).click();
    await np.getByRole('status').getByText(R.snoozed).waitFor();
    await hers.getByText(fill(R.snoozeReason, { reason: 'Ik ben op vakantie' })).waitFor();

    // Noor is on duty tonight, with a note.
    await np.getByLabel(`${T.alerts.duty.noteLabel} ${T.common.optional}`).fill('Nachtdienst');
    await np.getByRole('button', { name: T.alerts.duty.take, exact: true }).click();
    const duty = np.getByRole('list', { name: T.alerts.duty.listLabel });
    await duty.getByText(new RegExp(`^${fill(T.alerts.duty.youUntil, { from: '.+', until: '.+' })}$`)).waitFor();
    await shot(np, `${lang}-member-rules-duty`);
    await assertAccessible(np, `a member's rules and duty (${lang})`);

    // Ann reads why it is paused, and who is on duty.
    await page.reload();
    await openAlerts(page, lang, '/alerts', T.alerts.title);
    const mine = list.locator('.rule').first();
    await mine.getByText(sentencePattern(R.snoozedUntil, { name: 'Noor' })).waitFor();
    await mine.getByText(fill(R.snoozeReason, { reason: 'Ik ben op vakantie' })).waitFor();
    const hersNow = page.getByRole('list', { name: T.alerts.duty.listLabel });
    await hersNow.getByText(new RegExp(`^${fill(T.alerts.duty.until, { name: 'Noor', from: '.+', until: '.+' })}$`)).waitFor();
    await hersNow.getByText(fill(T.alerts.duty.note, { note: 'Nachtdienst' })).waitFor();
    await shot(page, `${lang}-client-rules`);
    await assertAccessible(page, `the client's rules with a pause and a duty (${lang})`);
    await fits320(page, `the client's rules (${lang})`);

    // Noor ends her duty.
    await np.getByRole('button', { name: T.alerts.duty.endMine }).click();
    await np.getByText(T.alerts.duty.none).waitFor();
    assert.deepEqual((await ann.get(`/clients/${ann.me.id}/duty`)).body, []);
    assertClean(np);
    await other.context.close();
    assertClean(page);
    await context.close();
  });
}
