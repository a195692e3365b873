// Every page on a 320-pixel-wide phone (WCAG 1.4.10, reflow), with normal and with larger text,
// as the demo's client and as her daughter (who sees parts of the client's record): no page
// scrolls sideways, and no text is squeezed into a column of a letter or two per line (as the
// advance care plan, the printed plan and a member's view of what matters once were).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { texts, openPage, assertClean } from './helpers.mjs';
import { setupDemo, signInDemo, tour, signedOutTour, visit, ELS, MARIEKE } from './demo-tour.mjs';

const env = setupDemo();
const lang = 'nl';
const T = texts[lang];

// What is wrong with the page on screen: sideways scrolling, and text whose lines hold on average
// fewer than four letters (a word broken into a letter or two per line). A single word longer
// than its line (an e-mail address in large text) may break: that gives long pieces, not short.
async function problems(page, where) {
  const found = await page.evaluate(() => {
    const out = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) out.push(`scrolls sideways (${root.scrollWidth} > ${root.clientWidth})`);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const letters = n.textContent.replace(/\s+/g, '').length;
      if (letters < 4 || n.parentElement.closest('svg, .visually-hidden')) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const lines = [...range.getClientRects()].filter((r) => r.width > 0).length;
      if (lines >= 3 && letters / lines < 4) {
        out.push(`${n.parentElement.tagName.toLowerCase()} "${n.textContent.trim().slice(0, 30)}" in ${lines} lines of ${(letters / lines).toFixed(1)} letters`);
      }
    }
    for (const dd of document.querySelectorAll('.details dd')) {
      const w = dd.getBoundingClientRect().width;
      if (w < 120) out.push(`a .details dd only ${Math.round(w)}px wide: "${dd.textContent.trim().slice(0, 30)}"`);
    }
    return out;
  });
  return found.map((p) => `${where}: ${p}`);
}

for (const who of [ELS, MARIEKE]) {
  for (const large of [false, true]) {
    const mode = large ? 'larger text' : 'normal text';
    test(`every page of ${who === ELS ? 'the client' : 'a member'} fits 320px without sideways scrolling, ${mode}`, async () => {
      const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 320, height: 640 } });
      const found = [];
      await page.goto(`${env.server.url}/#/login`);
      if (large) {
        await page.getByRole('button', { name: T.tools.larger }).click();
        await page.waitForFunction(() => document.documentElement.classList.contains('large-text'));
      }
      if (who === ELS) {
        for (const stop of signedOutTour(lang)) {
          await visit(page, env.server, lang, stop);
          found.push(...await problems(page, `${stop[0]} signed out (${mode})`));
        }
      }
      await signInDemo(page, env.server, lang, who);
      for (const stop of tour(lang, who, env.els)) {
        await visit(page, env.server, lang, stop);
        found.push(...await problems(page, `${stop[0]} (${mode})`));
      }
      assert.deepEqual(found, []);
      assertClean(page);
      await context.close();
    });
  }
}
