// Every page in Dutch and in English, as the demo's client and as her daughter: no raw
// translation key is ever shown (a member once read "plan.goalStatus.undefined"), no label is
// printed with nothing after it ("Dit maakt lichter:"), and the printed plan holds every goal
// that is still going, a goal from before goals had a status too (the store is given one).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { texts, openPage, assertClean } from './helpers.mjs';
import { setupDemo, signInDemo, tour, signedOutTour, visit, ELS, MARIEKE } from './demo-tour.mjs';

const OLD_GOAL = 'Minder alleen zijn';
// A goal as an older Roer may have stored it: without a status.
const env = setupDemo({
  sql: `UPDATE record_items SET data = json_remove(data, '$.status') WHERE kind = 'goal' AND data ->> '$.text' = '${OLD_GOAL}';`,
});

// Key-shaped text: a first part that is one of the translation files' own (plan, network, …)
// followed by one or more .parts, not inside an address (e-mail, link) or a longer word.
const prefixes = Object.keys(texts.nl).join('|');
const KEY = new RegExp(`(?<![\\w@/.:-])(?:${prefixes})(?:\\.[A-Za-z0-9_]+)+(?![\\w@/-])`, 'g');

// What a person reads or hears on the page: the text, the page's title, the option texts and
// the names and descriptions given in attributes.
async function shown(page) {
  return page.evaluate(() => {
    const attrs = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description'];
    const parts = [document.title, document.body.innerText];
    for (const o of document.querySelectorAll('option')) parts.push(o.text);
    for (const el of document.querySelectorAll(attrs.map((a) => `[${a}]`).join(','))) {
      for (const a of attrs) if (el.hasAttribute(a)) parts.push(el.getAttribute(a));
    }
    return parts.join('\n');
  });
}

function flat(obj) {
  return Object.values(obj).flatMap((v) => (typeof v === 'object' ? flat(v) : [v]));
}

// A translation as a pattern for the text it becomes, whatever fills its {placeholders}.
function pattern(s, after = '') {
  return new RegExp(`^${s.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\w+\\\}/g, '.+')}${after}$`);
}

// A translated label with a colon put after it, as the pages write a label before its value
// ("Dit maakt lichter: …"). Texts whose translation ends in a colon of its own ("Dit zei ik
// {date}:") lead in to what follows them, and are not labels.
const labels = {};
const leadIns = {};
for (const lang of ['nl', 'en']) {
  const all = flat(texts[lang]);
  labels[lang] = all.filter((s) => !s.trim().endsWith(':')).map((s) => pattern(s, '\\s*:'));
  leadIns[lang] = all.filter((s) => s.trim().endsWith(':')).map((s) => pattern(s));
}

// Lines of the page that are a label and nothing else ("Dit maakt lichter:").
async function emptyLabels(page, lang) {
  const lines = await page.evaluate(() => [...document.querySelectorAll('main p, main li, main dd, main dt, main td')]
    .map((el) => el.innerText.trim()).filter((s) => s.endsWith(':')));
  return lines.filter((s) => labels[lang].some((re) => re.test(s)) && !leadIns[lang].some((re) => re.test(s)));
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];
  for (const who of [ELS, MARIEKE]) {
    test(`${lang}: no translation key and no empty label on any page of ${who === ELS ? 'the client' : 'a member'}`, async () => {
      const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
      const found = [];
      const look = async (where) => {
        for (const m of (await shown(page)).matchAll(KEY)) found.push(`${where}: ${m[0]}`);
        for (const s of await emptyLabels(page, lang)) found.push(`${where}: "${s}" with nothing after it`);
      };
      await page.goto(`${env.server.url}/#/login`);
      await page.getByRole('button', { name: T.tools[lang === 'nl' ? 'dutch' : 'english'], exact: true }).click();
      for (const stop of signedOutTour(lang)) {
        await visit(page, env.server, lang, stop);
        await look(`${stop[0]} signed out`);
      }
      await signInDemo(page, env.server, lang, who);
      for (const stop of tour(lang, who, env.els)) {
        await visit(page, env.server, lang, stop);
        await look(stop[0]);
      }
      assert.deepEqual(found, []);
      assertClean(page);
      await context.close();
    });
  }

  test(`${lang}: the printed plan and the plan show a goal without a status as one still going`, async () => {
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    await signInDemo(page, env.server, lang, ELS);
    const [summary] = tour(lang, ELS).filter(([route]) => route === '/summary');
    await visit(page, env.server, lang, summary);
    const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: T.summary.plan }) });
    const goals = section.getByRole('heading', { level: 3 });
    await goals.filter({ hasText: OLD_GOAL }).waitFor();
    assert.deepEqual(await goals.allInnerTexts(), ['Veilig in mijn eigen huis blijven wonen', OLD_GOAL],
      'both goals, the one without a status too');
    // Its actions are printed under it.
    await page.getByText('Elke avond even beeldbellen').waitFor();

    const [plan] = tour(lang, ELS).filter(([route]) => route === '/plan');
    await visit(page, env.server, lang, plan);
    const old = page.locator('.goal', { hasText: OLD_GOAL });
    assert.equal(await old.getByLabel(T.plan.status).inputValue(), 'active');
    assertClean(page);
    await context.close();
  });
}
