// Things a finger presses stay big enough on a phone, and the spider web says all of itself:
// - every radio button and check box is at least 24 by 24 CSS pixels (WCAG 2.5.8) on a 320px
//   screen, with normal and with larger text, also when the words beside it wrap (they once
//   shrank to dots on the network's rights, the plan and the check-in);
// - every label of the spider web is there in full and inside the picture (they were cut:
//   "Gevoel en denk"), on a phone and on a wide screen, in Dutch and in English, and grows with
//   larger text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { texts, openPage, assertClean, assertAccessible, fill, clickInMenu } from './helpers.mjs';
import { setupDemo, signInDemo, tour, signedOutTour, visit, ELS, MARIEKE } from './demo-tour.mjs';

const env = setupDemo();
const DOMAINS = ['body', 'mind', 'meaning', 'quality_of_life', 'participation', 'daily_life'];

// The radio buttons and check boxes on screen smaller than 24 by 24 pixels.
async function smallControls(page, where) {
  const { count, small } = await page.evaluate(() => {
    const shown = [...document.querySelectorAll('input[type=radio], input[type=checkbox]')].filter((el) => el.getClientRects().length > 0);
    return {
      count: shown.length,
      small: shown.map((el) => ({ el, r: el.getBoundingClientRect() })).filter(({ r }) => r.width < 24 || r.height < 24)
        .map(({ el, r }) => `${el.type} "${(el.closest('label') || el.parentElement).textContent.trim().slice(0, 30)}" ${r.width.toFixed(1)}x${r.height.toFixed(1)}`),
    };
  });
  assert.ok(count > 0, `${where}: there are choices to measure`);
  return small.map((s) => `${where}: ${s}`);
}

for (const large of [false, true]) {
  const mode = large ? 'larger text' : 'normal text';
  test(`radio buttons and check boxes are at least 24x24 at 320px, ${mode}`, async () => {
    const lang = 'nl';
    const T = texts[lang];
    const N = T.network;
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 320, height: 640 } });
    const found = [];
    await page.goto(`${env.server.url}/#/login`);
    if (large) {
      await page.getByRole('button', { name: T.tools.larger }).click();
      await page.waitForFunction(() => document.documentElement.classList.contains('large-text'));
    }
    const [, register] = signedOutTour(lang);
    await visit(page, env.server, lang, register);
    found.push(...await smallControls(page, `register (${mode})`));
    await signInDemo(page, env.server, lang, ELS);
    const stops = Object.fromEntries(tour(lang, ELS, env.els).map((s) => [s[0], s]));
    for (const route of ['/plan', '/checkin', '/domains', '/ahead', '/access-log', '/account']) {
      await visit(page, env.server, lang, stops[route]);
      found.push(...await smallControls(page, `${route} (${mode})`));
    }
    // The balance, with one item's "weigh differently" open.
    await visit(page, env.server, lang, stops['/balance']);
    await page.getByText(T.balance.reweigh).first().click();
    await page.locator('details.reweigh[open] input[type=radio]').first().waitFor();
    found.push(...await smallControls(page, `/balance (${mode})`));
    // The network: inviting a representative (a check box with long words), choosing the rights, and
    // changing the rights of the daughter, all open at once.
    await visit(page, env.server, lang, stops['/network']);
    await page.getByRole('group', { name: N.roleLabel }).getByLabel(N.roleChoice.vertegenwoordiger).check();
    await page.getByLabel(N.onBehalfLabel).waitFor();
    found.push(...await smallControls(page, `/network, who (${mode})`));
    await page.getByRole('button', { name: N.toRights }).click();
    await page.getByRole('heading', { name: fill(N.rightsHeading, { name: N.thisPerson }) }).waitFor();
    await page.getByRole('button', { name: `${N.editRights}: ${MARIEKE.name}`, exact: true }).click();
    await page.getByRole('heading', { name: fill(N.editHeading, { name: MARIEKE.name }) }).waitFor();
    found.push(...await smallControls(page, `/network, rights (${mode})`));
    assert.deepEqual(found, []);
    assertClean(page);
    await context.close();
  });
}

// The labels of the spider web on screen: each one's full text (its lines joined), whether it lies
// inside the picture and the window, and the size of its letters on screen.
async function webLabels(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('figure.chart svg[aria-labelledby="web-title"]');
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text.label')].map((el) => {
      const lines = el.querySelectorAll('tspan');
      const text = lines.length ? [...lines].map((l) => l.textContent).join(' ') : el.textContent;
      const r = el.getBoundingClientRect();
      const inside = r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5
        && r.left >= 0 && r.right <= document.documentElement.clientWidth;
      return { text: text.trim(), inside, px: parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a };
    });
  });
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];
  test(`${lang}: the spider web's labels are whole, inside the picture and grow with larger text`, async () => {
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 320, height: 640 } });
    await signInDemo(page, env.server, lang, ELS);
    const stops = Object.fromEntries(tour(lang, ELS, env.els).map((s) => [s[0], s]));
    const wanted = DOMAINS.map((d) => T.domains[d]);
    const sizes = {};
    for (const [width, height] of [[320, 640], [1000, 800]]) {
      for (const large of [false, true]) {
        await page.setViewportSize({ width, height });
        if (large !== await page.evaluate(() => document.documentElement.classList.contains('large-text'))) {
          await clickInMenu(page, lang, (p) => p.getByRole('button', { name: T.tools.larger }));
          await page.waitForFunction((on) => document.documentElement.classList.contains('large-text') === on, large);
        }
        for (const route of ['/domains', '/']) {
          const where = `${route} at ${width}px, ${large ? 'larger' : 'normal'} text (${lang})`;
          await visit(page, env.server, lang, stops[route]);
          const labels = await webLabels(page);
          assert.deepEqual(labels.map((l) => l.text), wanted, `${where}: every label in full`);
          assert.deepEqual(labels.filter((l) => !l.inside).map((l) => l.text), [], `${where}: every label inside the picture`);
          sizes[`${route} ${width} ${large}`] = Math.min(...labels.map((l) => l.px));
        }
      }
    }
    for (const route of ['/domains', '/']) {
      for (const width of [320, 1000]) {
        const normal = sizes[`${route} ${width} false`];
        const larger = sizes[`${route} ${width} true`];
        assert.ok(larger > normal * 1.1, `${route} at ${width}px: labels grow with larger text (${larger.toFixed(1)} > ${normal.toFixed(1)}px)`);
        assert.ok(normal >= 12, `${route} at ${width}px: labels readable (${normal.toFixed(1)}px)`);
      }
    }
    await assertAccessible(page, `home with the spider web (${lang})`);
    assertClean(page);
    await context.close();
  });
}
