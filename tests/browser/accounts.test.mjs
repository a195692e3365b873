// Register, log out, log in, switch language, larger text and read aloud, in
// Dutch and in English, by mouse and by keyboard, with axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, menu, clickInMenu } from './helpers.mjs';

const other = { nl: 'en', en: 'nl' };

const env = setup();

async function chooseLanguage(page, lang) {
  const label = texts[lang].tools[lang === 'nl' ? 'dutch' : 'english'];
  await clickInMenu(page, undefined, (p) => p.getByRole('button', { name: label, exact: true }));
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];

  test(`${lang}: register, log out, log in (wrong then right), all pages accessible`, async () => {
    const { context, page } = await openPage(env.browser, env.server);
    const who = email(`reg-${lang}`);
    await page.goto(`${env.server.url}/#/register`);
    await chooseLanguage(page, lang);
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: T.register.heading }).waitFor());
    await assertAccessible(page, `register (${lang})`);
    // Registration with a too-short password: a translated message next to the field, focus on the summary.
    await page.getByLabel(T.register.name).fill('Els de Boer');
    await page.getByLabel(T.register.email).fill(who);
    await page.getByLabel(T.register.password, { exact: true }).fill('kort');
    await page.getByRole('button', { name: T.register.submit }).click();
    await page.getByText(T.errors.fields.password).waitFor();
    assert.equal(await page.getByLabel(T.register.password, { exact: true }).getAttribute('aria-invalid'), 'true');
    await page.waitForFunction(() => document.activeElement.getAttribute('role') === 'alert');
    await page.getByLabel(T.register.password, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: T.register.submit }).click();
    await page.getByRole('heading', { level: 1, name: T.home.hello.replace('{name}', 'Els de Boer') }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
    await page.waitForFunction((t) => document.title.startsWith(`${t} – `), T.titles.home);
    await assertAccessible(page, `home (${lang})`);

    await (await menu(page, lang)).getByRole('button', { name: T.nav.logout }).click();
    await page.getByRole('heading', { level: 1, name: T.login.heading }).waitFor();
    await assertAccessible(page, `login (${lang})`);
    // The session is gone on the server too: the API says so.
    assert.equal(await page.evaluate(async () => (await fetch('/api/v1/me')).status), 401);

    await page.getByLabel(T.login.email).fill(who);
    await page.getByLabel(T.login.password).fill('dit is niet mijn wachtwoord');
    await page.getByRole('button', { name: T.login.submit }).click();
    await page.getByRole('alert').getByText(T.errors.invalid_credentials).waitFor();
    await page.getByLabel(T.login.password).fill(PASSWORD);
    await page.getByRole('button', { name: T.login.submit }).click();
    await page.getByRole('heading', { level: 1, name: T.home.hello.replace('{name}', 'Els de Boer') }).waitFor();
    assertClean(page);
    await context.close();
  });

  test(`${lang}: the language switch changes the page and is remembered`, async () => {
    const { context, page } = await openPage(env.browser, env.server);
    await page.goto(`${env.server.url}/#/login`);
    await chooseLanguage(page, lang);
    await page.getByRole('heading', { level: 1, name: T.login.heading }).waitFor();
    await chooseLanguage(page, other[lang]);
    await page.getByRole('heading', { level: 1, name: texts[other[lang]].login.heading }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), other[lang]);
    await page.waitForFunction((t) => document.title.startsWith(`${t} – `), texts[other[lang]].titles.login);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: texts[other[lang]].login.heading }).waitFor();
    // The page says its language once it has rendered: wait for that rather than read it too early.
    await page.waitForFunction((l) => document.documentElement.lang === l, other[lang]);
    // Signed in, the choice is kept with the account: a fresh browser gets it after logging in.
    const who = email(`lang-${lang}`);
    await chooseLanguage(page, lang);
    await page.goto(`${env.server.url}/#/register`);
    await page.getByLabel(T.register.name).fill('Piet');
    await page.getByLabel(T.register.email).fill(who);
    await page.getByLabel(T.register.password, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: T.register.submit }).click();
    await page.getByRole('heading', { level: 1, name: T.home.hello.replace('{name}', 'Piet') }).waitFor();
    await chooseLanguage(page, other[lang]);
    await page.getByRole('heading', { level: 1, name: texts[other[lang]].home.hello.replace('{name}', 'Piet') }).waitFor();
    await context.close();

    const fresh = await openPage(env.browser, env.server);
    await fresh.page.goto(`${env.server.url}/#/login`);
    await chooseLanguage(fresh.page, lang);
    await fresh.page.getByLabel(T.login.email).fill(who);
    await fresh.page.getByLabel(T.login.password).fill(PASSWORD);
    await fresh.page.getByRole('button', { name: T.login.submit }).click();
    await fresh.page.getByRole('heading', { level: 1, name: texts[other[lang]].home.hello.replace('{name}', 'Piet') }).waitFor();
    assertClean(fresh.page);
    await fresh.context.close();
  });

  test(`${lang}: larger text grows the text and is remembered; read aloud works by keyboard`, async () => {
    const { context, page } = await openPage(env.browser, env.server);
    await page.goto(`${env.server.url}/#/login`);
    await chooseLanguage(page, lang);
    const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const normal = await size();
    assert.ok(normal >= 18, `base text is at least 18px (${normal})`);
    const larger = page.getByRole('button', { name: T.tools.larger });
    assert.equal(await larger.getAttribute('aria-pressed'), 'false');
    await larger.click();
    await page.getByRole('button', { name: T.tools.larger, pressed: true }).waitFor();
    await page.waitForFunction(() => document.documentElement.classList.contains('large-text'));
    const big = await size();
    assert.ok(big > normal * 1.15, `larger text (${big} > ${normal})`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: T.login.heading }).waitFor();
    assert.equal(await size(), big, 'remembered after a reload');
    await assertAccessible(page, `login with larger text (${lang})`);

    // Read aloud: reachable by Tab, started with Enter, and it reads the main content.
    await page.evaluate(() => {
      window.spoken = [];
      window.cancelled = 0;
      window.speechSynthesis.speak = (u) => { window.spoken.push({ text: u.text, lang: u.lang }); };
      window.speechSynthesis.cancel = () => { window.cancelled += 1; };
    });
    const read = page.getByRole('button', { name: T.tools.readAloud });
    await read.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.spoken.length > 0);
    const spoken = await page.evaluate(() => window.spoken);
    assert.equal(spoken.length, 1);
    assert.match(spoken[0].text, new RegExp(T.login.intro.slice(0, 20)));
    assert.equal(spoken[0].lang, lang === 'nl' ? 'nl-NL' : 'en-GB');
    const stop = page.getByRole('button', { name: T.tools.stopReading });
    assert.equal(await stop.getAttribute('aria-pressed'), 'true');
    // Pressing again (still by keyboard: focus stays on the button) stops the reading.
    await page.keyboard.press('Enter');
    assert.equal(await read.getAttribute('aria-pressed'), 'false');
    assert.ok(await page.evaluate(() => window.cancelled) >= 1, 'speech cancelled');
    assert.equal((await page.evaluate(() => window.spoken)).length, 1);
    await context.close();
  });

  test(`${lang}: registering and logging in work by keyboard alone`, async () => {
    const { context, page } = await openPage(env.browser, env.server);
    const who = email(`kbd-${lang}`);
    await page.goto(`${env.server.url}/#/register`);
    await chooseLanguage(page, lang);
    // Start from a fresh load (the language is remembered), as someone arriving by keyboard would.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: T.register.heading }).waitFor();
    // The skip link comes first and lands in the main content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), T.app.skip);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'register-name');
    await page.keyboard.type('Kees');
    await page.keyboard.press('Tab');
    await page.keyboard.type(who);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: T.home.hello.replace('{name}', 'Kees') }).waitFor();
    // Focus moves to the new page's heading once it has rendered.
    await page.waitForFunction(() => document.activeElement.tagName === 'H1');
    // Log out by keyboard: Tab to the button, Enter; on a phone the menu is opened on the way, with Enter.
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((t) => document.activeElement.textContent === t, T.nav.logout)) break;
      if (await page.evaluate(() => document.activeElement.getAttribute('aria-expanded') === 'false')) {
        await page.keyboard.press('Enter');
        await page.locator('.menu-button[aria-expanded="true"]').waitFor();
      }
    }
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: T.login.heading }).waitFor();
    await page.getByLabel(T.login.email).focus();
    await page.keyboard.type(who);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: T.home.hello.replace('{name}', 'Kees') }).waitFor();
    assertClean(page);
    await context.close();
  });
}
