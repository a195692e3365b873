// Alerts in the browser, in Dutch and in English: a carer who receives the client's alerts has the
// client's alerts page open; a reading past the client's urgent limit comes in through the API; the
// alert appears on the carer's page without a reload (and on the client's own page), the carer takes
// it up and closes it with a note, and the client's page shows who took it and what was done, live.
// The help button: the client, by keyboard only, asks for help with a short text and reads who was
// told; pressing again calls nobody twice; the receiver finds the call from their home page, and
// takes it up, which the client sees; a client whom nobody receives
// alerts for is told so, with the way to the network page. axe-core on every state looked at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, fill, fits320 } from './helpers.mjs';
import { signUp } from '../lib/api.mjs';
import { signInAs, inviteMember } from './network-helpers.mjs';

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

// Opens an alerts page (the client's own or a member's view) and waits until its alerts are in.
async function openAlerts(page, lang, path, h1) {
  const T = texts[lang];
  await page.goto(`${env.server.url}/#${path}`);
  await page.getByRole('heading', { level: 1, name: h1 }).waitFor();
  await page.getByRole('heading', { level: 2, name: T.alerts.openHeading }).waitFor();
  await page.waitForFunction((s) => ![...document.querySelectorAll('main p')].some((p) => p.textContent === s), T.app.loading);
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];
  const A = T.alerts;
  const glucose = lang === 'nl' ? 'bloedsuiker (vingerprik)' : 'blood sugar (finger prick)';
  const n = (v) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v);

  test(`${lang}: an alert appears live on the carer's page, the carer takes it up, the client sees who did`, async () => {
    const ann = await person(lang, 'al-client', 'Ann');
    const sam = await person(lang, 'al-sam', 'Sam');
    await inviteMember(ann, sam, { role: 'mantelzorger', rights: { alerts: 'see', measurements: 'see' }, receives_alerts: true });
    const rule = await ann.post('/clients/me/alert-rules', { kind: 'urgent', measure_kind: 'glucose', below: 3, receivers: [sam.me.id] });
    assert.equal(rule.status, 201, rule.text);

    // Sam has Ann's alerts page open: nothing yet, and the rule in words.
    const carer = await openPage(env.browser, env.server, { viewport: { width: 360, height: 800 } });
    const sp = carer.page;
    await signInAs(sp, env.server, lang, sam.email, 'Sam');
    await openAlerts(sp, lang, `/c/${ann.me.id}/alerts`, fill(A.sharedHeading, { name: 'Ann' }));
    await sp.getByText(fill(A.noneOpenOther, { name: 'Ann' })).waitFor();
    await sp.getByText(fill(A.rules.say.urgent_below, { kind: glucose, below: `${n(3)} mmol/L` })).waitFor();
    await sp.getByText(fill(A.rules.who.first, { name: 'Sam' })).waitFor();
    assert.equal(await sp.getByRole('button', { name: A.rules.add }).count(), 0, 'who only sees the alerts makes no rules');
    assert.equal(await sp.getByRole('button', { name: T.helpButton.button }).count(), 0, 'no help button on someone else\'s page');
    await assertAccessible(sp, `a member's alerts page, nothing open (${lang})`);

    // A reading under the limit comes in (as a device or the client would send it).
    const r = await ann.post('/clients/me/measurements', { kind: 'glucose', value: 2.8, taken_at: new Date().toISOString() });
    assert.equal(r.status, 201, r.text);
    const said = fill(A.says.other.urgent_low, { kind: glucose, name: 'Ann', value: `${n(2.8)} mmol/L`, limit: n(3) });
    const item = sp.locator('.alert-item', { hasText: said });
    await item.waitFor();
    await sp.getByRole('status').getByText(fill(A.live.new, { name: 'Ann' })).waitFor();
    await item.getByText(A.notTaken).waitFor();
    await item.getByText(new RegExp(fill(A.told, { names: fill(A.toldAt, { name: A.you, time: '\\d\\d:\\d\\d' }) }).replace('.', '\\.'))).waitFor();
    await shot(sp, `${lang}-member-alert-open`);
    await assertAccessible(sp, `a member's alerts page with an open alert (${lang})`);
    await fits320(sp, `a member's alerts page (${lang})`);

    // Ann has her own page open while Sam takes it up: hers changes without a reload.
    const own = await openPage(env.browser, env.server, { viewport: { width: 360, height: 800 } });
    const ap = own.page;
    await signInAs(ap, env.server, lang, ann.email, 'Ann');
    await openAlerts(ap, lang, '/alerts', A.title);
    const mine = ap.locator('.alert-item', { hasText: fill(A.says.own.urgent_low, { kind: glucose, value: `${n(2.8)} mmol/L`, limit: n(3) }) });
    await mine.getByText(A.notTaken).waitFor();

    await item.getByRole('button', { name: A.take }).click();
    await sp.getByRole('status').getByText(A.tookIt).waitFor();
    await item.getByText(new RegExp(`^${fill(A.takenYou, { when: '.+' })}$`)).waitFor();
    assert.equal(await item.getByRole('button', { name: A.take }).count(), 0, 'taken: no second "take it"');
    await mine.getByText(new RegExp(`^${fill(A.taken, { name: 'Sam', when: '.+' })}$`)).waitFor();
    await ap.getByRole('status').getByText(A.live.taken).waitFor();

    // Sam closes it with what was done; Ann reads it, live, under "earlier".
    await item.getByRole('button', { name: A.close, exact: true }).click();
    await item.getByLabel(`${A.noteLabel} ${T.common.optional}`).fill('Gebeld, het gaat weer.');
    await item.getByRole('button', { name: A.closeConfirm, exact: true }).click();
    await sp.getByRole('status').getByText(A.closedIt).waitFor();
    const past = ap.getByRole('list', { name: A.pastHeading });
    await past.getByText(fill(A.note, { note: 'Gebeld, het gaat weer.' })).waitFor();
    await past.getByText(new RegExp(`^${fill(A.closedBy, { name: 'Sam', when: '.+' })}$`)).waitFor();
    await ap.getByText(A.noneOpen).waitFor();
    await shot(ap, `${lang}-client-alert-closed`);
    await assertAccessible(ap, `the client's alerts page with a closed alert (${lang})`);
    await fits320(ap, `the client's alerts page (${lang})`);
    assertClean(sp);
    assertClean(ap);
    await carer.context.close();
    await own.context.close();
  });

  test(`${lang}: the help button, by keyboard: who was told, no second call, the receiver sees it`, async () => {
    const ann = await person(lang, 'hb-client', 'Ann');
    const sam = await person(lang, 'hb-sam', 'Sam');
    await inviteMember(ann, sam, { role: 'buur', rights: { alerts: 'see' }, receives_alerts: true });
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 360, height: 800 } });
    await signInAs(page, env.server, lang, ann.email, 'Ann');
    const button = page.getByRole('button', { name: T.helpButton.button });
    await button.waitFor();
    await fits320(page, `home with the help button (${lang})`);

    // Only the keyboard: Tab until the button has the focus, Enter, type, Tab to the confirm, Enter.
    for (let i = 0; i < 40 && !(await button.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
    assert.ok(await button.evaluate((b) => b === document.activeElement), 'the help button is reached with Tab');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: T.helpButton.title });
    const text = dialog.getByLabel(`${T.helpButton.text} ${T.common.optional}`);
    await text.waitFor();
    await page.waitForFunction(() => document.activeElement && document.activeElement.tagName === 'TEXTAREA');
    await page.keyboard.type('Ik ben gevallen in de keuken');
    await shot(page, `${lang}-help-dialog`);
    await assertAccessible(page, `the help dialog (${lang})`);
    await fits320(page, `the help dialog (${lang})`);
    await page.keyboard.press('Tab');
    await page.waitForFunction((label) => document.activeElement.textContent.trim() === label, T.helpButton.confirm);
    await page.keyboard.press('Enter');
    await dialog.getByText(fill(T.helpButton.toldOne, { names: 'Sam' })).waitFor();
    await dialog.getByText(T.helpButton.notTaken).waitFor();
    // The answer has the keyboard, so that it is read at once.
    await page.waitForFunction(() => document.activeElement.classList.contains('help-call'));
    await shot(page, `${lang}-help-told`);
    await assertAccessible(page, `the help dialog after calling (${lang})`);

    // Escape closes it, the keyboard is back on the button; pressed again, it shows the open call.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction((label) => document.activeElement.textContent.trim() === label, T.helpButton.button);
    await page.getByRole('link', { name: T.helpButton.openNow }).waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByText(new RegExp(fill(T.helpButton.already, { when: '.+' }).replace(/[.']/g, '.'))).waitFor();
    await dialog.getByText(fill(T.helpButton.toldOne, { names: 'Sam' })).waitFor();
    assert.equal(await dialog.getByRole('button', { name: T.helpButton.confirm }).count(), 0, 'no way to call twice');
    await page.keyboard.press('Escape');
    const calls = (await ann.get('/clients/me/alerts')).body.items.filter((a) => a.kind === 'help');
    assert.equal(calls.length, 1, 'one call for help');
    assert.equal(calls[0].details.text, 'Ik ben gevallen in de keuken');

    // Sam, who receives Ann's alerts, sees the call with her words, and takes it up; Ann sees that live.
    const other = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    const sp = other.page;
    await signInAs(sp, env.server, lang, sam.email, 'Sam');
    // Home shows Ann's call on her card first, and leads to her alerts.
    const what = T.attention.what.help.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    await sp.getByRole('main').locator('.card', { hasText: 'Ann' }).getByRole('link', { name: new RegExp(what) }).click();
    await sp.getByRole('heading', { level: 1, name: fill(T.alerts.sharedHeading, { name: 'Ann' }) }).waitFor();
    const call = sp.locator('.alert-item', { hasText: fill(T.alerts.says.other.help, { name: 'Ann' }) });
    await call.getByText(fill(T.alerts.says.other.text, { name: 'Ann', text: 'Ik ben gevallen in de keuken' })).waitFor();
    await call.getByText(T.alerts.severity.urgent).waitFor();
    await call.getByRole('button', { name: T.alerts.take }).click();
    await call.getByText(new RegExp(`^${fill(T.alerts.takenYou, { when: '.+' })}$`)).waitFor();
    await page.keyboard.press('Enter');
    await dialog.getByText(fill(T.helpButton.taken, { name: 'Sam' })).waitFor();
    assertClean(sp);
    await other.context.close();
    assertClean(page);
    await context.close();
  });

  test(`${lang}: nobody receives alerts yet: the help button says so and shows the way to the network`, async () => {
    const bo = await person(lang, 'hb-alone', 'Bo');
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 360, height: 800 } });
    await signInAs(page, env.server, lang, bo.email, 'Bo');
    await page.getByRole('button', { name: T.helpButton.button }).click();
    const dialog = page.getByRole('dialog', { name: T.helpButton.title });
    await dialog.getByRole('button', { name: T.helpButton.confirm }).click();
    await dialog.getByText(T.helpButton.nobody).waitFor();
    assert.equal(await dialog.locator('.alert.ok').count(), 0, 'nobody said to be told');
    await shot(page, `${lang}-help-nobody`);
    await assertAccessible(page, `the help dialog when nobody receives alerts (${lang})`);
    await dialog.getByRole('link', { name: T.helpButton.toNetwork }).click();
    await page.getByRole('heading', { level: 1, name: T.network.heading }).waitFor();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement.tagName === 'H1'); // the new page's heading
    assertClean(page);
    await context.close();
  });
}
