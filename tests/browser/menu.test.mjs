// On a phone the menu (and the tools: language, larger text, read aloud) folds behind one button
// named "Menu": a real button that says whether the menu is open and which element it opens, works
// by keyboard and closes with Escape, so that the page's own heading is on the first screen (at
// 390x844 and at 320x640, with normal and with larger text) instead of below four buttons and
// seventeen links. On a wide screen the menu is simply there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { texts, openPage, assertClean, assertAccessible } from './helpers.mjs';
import { setupDemo, signInDemo, tour, signedOutTour, visit, ELS, MARIEKE } from './demo-tour.mjs';

const env = setupDemo();

// Where the bottom of the page's h1 is, from the top of the page (not of the window: moving to a
// page puts the focus on its h1, which may scroll).
async function h1Bottom(page) {
  return page.evaluate(() => Math.ceil(document.querySelector('main h1').getBoundingClientRect().bottom + window.scrollY));
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];

  test(`${lang}: on a phone the menu folds behind a Menu button that works by keyboard`, async () => {
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 390, height: 844 } });
    await signInDemo(page, env.server, lang, ELS);
    const button = page.getByRole('button', { name: T.nav.menu, exact: true });
    const nav = page.getByRole('navigation', { name: T.nav.label });
    await button.waitFor();
    assert.equal(await button.getAttribute('aria-expanded'), 'false');
    const controls = await button.getAttribute('aria-controls');
    assert.ok(controls, 'the button names what it opens');
    assert.equal(await page.locator(`#${controls} nav`).count(), 1, 'it opens the menu');
    assert.equal(await nav.count(), 0, 'the menu is folded away');
    assert.equal(await page.getByRole('button', { name: T.tools.larger }).count(), 0, 'the tools too');
    await assertAccessible(page, `home, menu closed (${lang})`);

    // Open by keyboard: Enter on the button; what it opened comes next in the tab order.
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator(`button[aria-controls="${controls}"][aria-expanded="true"]`).waitFor();
    await nav.getByRole('link', { name: T.nav.plan, exact: true }).waitFor();
    await page.getByRole('button', { name: T.tools.larger }).waitFor();
    await assertAccessible(page, `home, menu open (${lang})`);
    await page.keyboard.press('Tab');
    await page.waitForFunction((id) => document.activeElement.closest(`#${id}`) !== null, controls);

    // Escape closes it, and the keyboard is back on the button.
    await page.keyboard.press('Escape');
    await page.locator(`button[aria-controls="${controls}"][aria-expanded="false"]`).waitFor();
    await nav.waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-controls')), controls);

    // Space opens it too; a link goes to its page, and the menu folds again there.
    await page.keyboard.press('Space');
    const plan = nav.getByRole('link', { name: T.nav.plan, exact: true });
    await plan.waitFor();
    await plan.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: T.plan.heading }).waitFor();
    await page.locator(`button[aria-controls="${controls}"][aria-expanded="false"]`).waitFor();
    await nav.waitFor({ state: 'hidden' });
    await page.waitForFunction(() => document.activeElement.tagName === 'H1');

    // A wide screen has room: no button, the menu is there.
    await page.setViewportSize({ width: 1000, height: 800 });
    await nav.getByRole('link', { name: T.nav.plan, exact: true }).waitFor();
    await button.waitFor({ state: 'hidden' });
    await assertAccessible(page, `plan, wide (${lang})`);
    assertClean(page);
    await context.close();
  });
}

// Every page of the client and of a member, on two phones, with normal and with larger text.
for (const [width, height] of [[390, 844], [320, 640]]) {
  for (const who of [ELS, MARIEKE]) {
    for (const large of [false, true]) {
      const mode = large ? 'larger text' : 'normal text';
      test(`every page's heading is on the first screen at ${width}x${height}, ${who === ELS ? 'the client' : 'a member'}, ${mode}`, async () => {
        const lang = 'nl';
        const T = texts[lang];
        const { context, page } = await openPage(env.browser, env.server, { viewport: { width, height } });
        const found = [];
        const check = async (where) => {
          const bottom = await h1Bottom(page);
          if (bottom > height) found.push(`${where}: h1 ends at ${bottom}px`);
        };
        await page.goto(`${env.server.url}/#/login`);
        if (large) {
          await page.getByRole('button', { name: T.tools.larger }).click();
          await page.waitForFunction(() => document.documentElement.classList.contains('large-text'));
        }
        for (const stop of signedOutTour(lang)) {
          await visit(page, env.server, lang, stop);
          await check(`${stop[0]} signed out`);
        }
        await signInDemo(page, env.server, lang, who);
        for (const stop of tour(lang, who, env.els)) {
          await visit(page, env.server, lang, stop);
          await check(stop[0]);
        }
        assert.deepEqual(found, []);
        assertClean(page);
        await context.close();
      });
    }
  }
}
