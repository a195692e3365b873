// The page on a 360-pixel-wide phone, in Dutch and in English: no sideways
// scrolling, base text of at least 18px, touch targets of at least 44px, one
// h1 per page, the language of the account chosen at registration, field
// errors linked to their field, and read aloud when the browser cannot speak.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, register, fill, menu, clickInMenu } from './helpers.mjs';

const env = setup();
const other = { nl: 'en', en: 'nl' };

// Everything a finger presses (inline links in running text excepted) is at least 44 by 44 pixels.
async function smallTargets(page) {
  return page.evaluate(() => {
    const sel = 'button, input:not([type=checkbox]):not([type=radio]):not([type=hidden]), select, textarea, nav a, a.button, label.radio, .field.checkbox label, .brand-link';
    return [...document.querySelectorAll(sel)]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.height < 43.5 || r.width < 43.5)
      .map(({ el, r }) => `${el.tagName.toLowerCase()} "${(el.textContent || el.id).trim().slice(0, 30)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  });
}

async function checkLayout(page, what) {
  const m = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    width: window.innerWidth,
    font: parseFloat(getComputedStyle(document.body).fontSize),
    h1: document.querySelectorAll('h1').length,
  }));
  assert.ok(m.scroll <= m.width, `${what}: no sideways scrolling (${m.scroll} > ${m.width})`);
  assert.ok(m.font >= 18, `${what}: base text ${m.font}px`);
  assert.equal(m.h1, 1, `${what}: one h1`);
  assert.deepEqual(await smallTargets(page), [], `${what}: touch targets of at least 44px`);
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];

  test(`${lang}: every page fits a 360px phone, also with larger text`, async () => {
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 360, height: 740 } });
    await page.goto(`${env.server.url}/#/login`);
    await page.getByRole('button', { name: T.tools[lang === 'nl' ? 'dutch' : 'english'], exact: true }).click();
    await page.getByRole('heading', { level: 1, name: T.login.heading }).waitFor();
    await checkLayout(page, `login (${lang})`);
    await page.getByRole('link', { name: T.login.toRegister }).click();
    await page.getByRole('heading', { level: 1, name: T.register.heading }).waitFor();
    // Focus moved to the new page's heading.
    await page.waitForFunction(() => document.activeElement.tagName === 'H1');
    await checkLayout(page, `register (${lang})`);
    await register(page, env.server, lang, 'Fatima El Amrani-van der Berg', email(`lay-${lang}`));
    await page.getByRole('heading', { level: 1, name: fill(T.home.hello, { name: 'Fatima El Amrani-van der Berg' }) }).waitFor();
    for (const large of [false, true]) {
      if (large) {
        await clickInMenu(page, lang, (p) => p.getByRole('button', { name: T.tools.larger }));
        await page.waitForFunction(() => document.documentElement.classList.contains('large-text'));
      }
      const tag = `${lang}${large ? ', larger text' : ''}`;
      await (await menu(page, lang)).getByRole('link', { name: T.nav.home }).click();
      await page.getByRole('heading', { level: 1, name: fill(T.home.hello, { name: 'Fatima El Amrani-van der Berg' }) }).waitFor();
      // Every part has its page now (measurements last): nothing is marked as still to come.
      assert.equal(await page.getByRole('listitem').filter({ hasText: T.home.soon }).count(), 0);
      await page.locator('.latest-measurements').getByText(T.measure.home.none).waitFor();
      await checkLayout(page, `home (${tag})`);
      await (await menu(page, lang)).getByRole('link', { name: T.nav.account }).click();
      await page.getByRole('heading', { level: 1, name: T.account.heading }).waitFor();
      await page.getByRole('button', { name: T.account.deleteStart }).click();
      await checkLayout(page, `account (${tag})`);
      await (await menu(page, lang)).getByRole('link', { name: T.nav.audit }).click();
      await page.getByLabel(T.audit.others).uncheck();
      await page.getByRole('button', { name: T.audit.filter }).click();
      await page.getByRole('list', { name: T.audit.listHeading }).waitFor();
      await checkLayout(page, `audit (${tag})`);
      for (const [link, heading] of [[T.nav.help, T.help.heading], [T.nav.messages, T.messages.heading], [T.nav.notifications, T.notifications.heading],
        [T.measure.nav, T.measure.title], [T.alerts.nav, T.alerts.title],
        [T.devices.nav, T.devices.heading], [T.wounds.nav, T.wounds.heading]]) {
        await (await menu(page, lang)).getByRole('link', { name: link, exact: true }).click();
        await page.getByRole('heading', { level: 1, name: heading }).waitFor();
        await page.getByRole('main').getByText(T.app.loading, { exact: true }).waitFor({ state: 'detached' });
        await checkLayout(page, `${heading} (${tag})`);
      }
      // The triage list is not in a client's menu, but its page is there for whoever opens it.
      await page.goto(`${env.server.url}/#/triage`);
      await page.getByRole('heading', { level: 1, name: T.triage.heading }).waitFor();
      await page.getByRole('status').getByText(fill(T.triage.countMany, { n: 0 }), { exact: true }).waitFor();
      await checkLayout(page, `triage (${tag})`);
    }
    assertClean(page);
    await context.close();
  });

  test(`${lang}: the account's language is chosen at registration; field errors are linked to their field`, async () => {
    const { context, page } = await openPage(env.browser, env.server);
    await page.goto(`${env.server.url}/#/register`);
    await page.getByRole('button', { name: T.tools[lang === 'nl' ? 'dutch' : 'english'], exact: true }).click();
    // Preselected: the language of the page.
    const group = page.getByRole('group', { name: T.register.language });
    const chosen = group.getByRole('radio', { name: T.tools[lang === 'nl' ? 'dutch' : 'english'] });
    // The choice follows the page's language after it re-renders: wait for it rather than read too early.
    await page.waitForFunction((el) => el.checked, await chosen.elementHandle());
    assert.equal(await chosen.isChecked(), true);
    // The rule for the password is help text tied to the field.
    const pw = page.getByLabel(T.register.password, { exact: true });
    const help = await pw.getAttribute('aria-describedby');
    assert.equal((await page.locator(`#${help}`).textContent()).trim(), T.register.passwordHelp);

    await page.getByLabel(T.register.name).fill('Gerrit');
    await page.getByLabel(T.register.email).fill('geen-adres');
    await pw.fill(PASSWORD);
    await page.getByRole('button', { name: T.register.submit }).click();
    const emailField = page.getByLabel(T.register.email);
    await page.getByText(T.errors.fields.email).waitFor();
    assert.equal(await emailField.getAttribute('aria-invalid'), 'true');
    const ids = (await emailField.getAttribute('aria-describedby')).split(' ');
    const described = await Promise.all(ids.map((id) => page.locator(`#${id}`).textContent()));
    assert.ok(described.includes(T.errors.fields.email), 'the error is read with the field');
    await page.waitForFunction(() => document.activeElement.getAttribute('role') === 'alert');
    await assertAccessible(page, `register with an error (${lang})`);

    // An account in the other language: after registering the page speaks that language.
    await emailField.fill(email(`reglang-${lang}`));
    await group.getByRole('radio', { name: T.tools[lang === 'nl' ? 'english' : 'dutch'] }).check();
    await page.getByRole('button', { name: T.register.submit }).click();
    await page.getByRole('heading', { level: 1, name: fill(texts[other[lang]].home.hello, { name: 'Gerrit' }) }).waitFor();
    await page.waitForFunction((l) => document.documentElement.lang === l, other[lang]);
    const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
    assert.equal(me.language, other[lang]);
    assertClean(page);
    await context.close();
  });

  test(`${lang}: without speech in the browser, read aloud is off and says why`, async () => {
    const { context, page } = await openPage(env.browser, env.server);
    await context.addInitScript(() => { delete window.speechSynthesis; delete Window.prototype.speechSynthesis; });
    await page.goto(`${env.server.url}/#/login`);
    await page.getByRole('button', { name: T.tools[lang === 'nl' ? 'dutch' : 'english'], exact: true }).click();
    const read = page.getByRole('button', { name: T.tools.readAloud });
    assert.equal(await read.isDisabled(), true);
    const note = await read.getAttribute('aria-describedby');
    assert.equal(await page.locator(`#${note}`).textContent(), T.tools.noSpeech);
    assert.ok(await page.locator(`#${note}`).isVisible());
    await assertAccessible(page, `login without speech (${lang})`);
    assertClean(page);
    await context.close();
  });
}
