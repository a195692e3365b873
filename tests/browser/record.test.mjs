// A client walks through the three steps (what matters and the life domains,
// the balance, the plan), a check-in, a decision and a version of their
// advance care plan, in Dutch and in English, with axe-core on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, texts, openPage, assertClean, assertAccessible, email, register, fill } from './helpers.mjs';

const DOMAINS = ['body', 'mind', 'meaning', 'quality_of_life', 'participation', 'daily_life'];

const env = setup();

for (const lang of ['nl', 'en']) {
  const T = texts[lang];

  test(`${lang}: the three steps, a check-in, a decision and thinking ahead`, async () => {
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    const name = lang === 'nl' ? 'Truus' : 'Tess';
    await register(page, env.server, lang, name, email(`rec-${lang}`));
    await page.getByRole('heading', { level: 1, name: fill(T.home.hello, { name }) }).waitFor();

    // The first-time walk points to the three steps.
    await page.getByRole('link', { name: T.home.startHere }).click();
    await page.getByRole('heading', { level: 1, name: T.start.heading }).waitFor();
    await assertAccessible(page, `start (${lang})`);
    await page.getByRole('link', { name: fill(T.start.go, { n: 1 }) }).click();

    // Step 1: what matters, in my own words, and a question of my own.
    await page.getByRole('heading', { level: 1, name: T.matters.heading }).waitFor();
    await page.getByLabel(T.matters.questions.what_matters).fill('Mijn kleinkinderen\nen mijn tuin');
    await page.locator('form.answer').nth(1).getByRole('button', { name: T.common.save }).click();
    await page.locator('form.answer').nth(1).getByRole('status').getByText(T.common.saved).waitFor();
    await page.getByLabel(T.matters.ownQuestion).fill('Wat wil ik leren?');
    await page.getByLabel(T.matters.ownAnswer).fill('Beeldbellen');
    await page.getByRole('button', { name: T.matters.addOwn }).click();
    await page.getByRole('heading', { level: 3, name: 'Wat wil ik leren?' }).waitFor();
    await assertAccessible(page, `what matters (${lang})`);

    // Step 1, the life domains, twice: the web shows now and the time before.
    await page.getByRole('link', { name: `${T.common.next}: ${T.titles.domains}` }).click();
    await page.getByRole('heading', { level: 1, name: T.domainsPage.heading }).waitFor();
    for (const round of [5, 7]) {
      for (const d of DOMAINS) {
        await page.getByRole('group', { name: fill(T.domainsPage.score, { domain: T.domains[d] }) })
          .getByLabel(String(d === 'body' ? round : 6), { exact: true }).check();
      }
      await page.getByLabel(fill(T.domainsPage.note, { domain: T.domains.body })).fill(`ronde ${round}`);
      await page.getByRole('button', { name: T.domainsPage.save }).click();
      await page.getByRole('status').getByText(T.common.saved).waitFor();
    }
    await page.getByRole('img', { name: T.domainsPage.chartTitle }).waitFor();
    const table = page.getByRole('table', { name: T.domainsPage.tableCaption });
    assert.equal(await table.locator('thead th').count(), 3, 'two dated ratings');
    await table.getByText('ronde 7').waitFor();
    await assertAccessible(page, `life domains (${lang})`);

    // Step 2: the balance, weighed by me; the scales tip and the history is dated.
    await page.getByRole('link', { name: `${T.common.next}: ${T.titles.balance}` }).click();
    await page.getByRole('heading', { level: 1, name: T.balance.heading }).waitFor();
    const addItem = async (side, text, weight) => {
      await page.getByRole('group', { name: T.balance.side }).getByLabel(side === 'strength' ? T.balance.sideStrength : T.balance.sideBurden).check();
      await page.getByLabel(T.balance.text).fill(text);
      await page.getByRole('group', { name: T.balance.weight }).getByLabel(String(weight), { exact: true }).check();
      await page.getByRole('button', { name: T.common.add, exact: true }).click();
      await page.locator('.items li', { hasText: text }).waitFor();
    };
    await addItem('strength', 'Mijn dochter helpt', 3);
    await addItem('burden', 'Traplopen is zwaar', 4);
    await page.getByRole('img', { name: fill(T.balance.scalesTitle, { strengths: 3, burdens: 4 }) }).waitFor();
    await page.getByText(fill(T.balance.heaviest, { text: 'Traplopen is zwaar' })).waitFor();
    await page.getByRole('button', { name: `${T.balance.heavier}: Mijn dochter helpt` }).click();
    await page.getByRole('button', { name: `${T.balance.heavier}: Mijn dochter helpt` }).click();
    await page.getByRole('img', { name: fill(T.balance.scalesTitle, { strengths: 5, burdens: 4 }) }).waitFor();
    // Weighing again, and saying why: the history keeps the reason.
    const stairs = page.locator('.items li', { hasText: 'Traplopen is zwaar' });
    await stairs.getByText(T.balance.reweigh).click();
    await stairs.getByRole('group', { name: T.balance.weight }).getByLabel('2', { exact: true }).check();
    await stairs.getByLabel(T.balance.why).fill('De traplift is besteld');
    await stairs.getByRole('button', { name: T.common.save }).click();
    await page.getByRole('img', { name: fill(T.balance.scalesTitle, { strengths: 5, burdens: 2 }) }).waitFor();
    const history = page.getByRole('table', { name: T.balance.historyCaption });
    await history.getByText('De traplift is besteld').waitFor();
    await history.waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table tbody tr').length >= 5);
    await page.getByLabel(T.balance.judgementText).fill('Het gaat net.');
    await page.getByRole('group', { name: T.balance.leaning }).getByLabel(T.balance.leanings.even).check();
    await page.locator('form', { has: page.getByLabel(T.balance.judgementText) }).getByRole('button', { name: T.common.save }).click();
    await page.locator('blockquote').getByText('Het gaat net.').waitFor();
    await assertAccessible(page, `balance (${lang})`);

    // Step 3: a goal that relieves a burden, and actions by me and my people.
    await page.getByRole('link', { name: `${T.common.next}: ${T.titles.plan}` }).click();
    await page.getByRole('heading', { level: 1, name: T.plan.heading }).waitFor();
    await page.getByLabel(T.plan.goalText).fill('Zelf boodschappen blijven doen');
    await page.getByRole('group', { name: T.plan.relieves }).getByLabel('Traplopen is zwaar').check();
    await page.getByRole('button', { name: T.plan.addGoal, exact: true }).click();
    await page.locator('.goal', { hasText: 'Zelf boodschappen blijven doen' }).waitFor();
    await page.getByLabel(T.plan.what).fill('Elke ochtend een rondje lopen');
    await page.getByRole('button', { name: T.plan.addAction, exact: true }).click();
    await page.getByRole('region', { name: T.plan.byMe }).getByText('Elke ochtend een rondje lopen').waitFor();
    await page.getByLabel(T.plan.what).fill('Boodschappen tillen');
    await page.getByRole('group', { name: T.plan.who }).getByLabel(T.plan.whoNetwork).check();
    await page.getByLabel(T.plan.whoName).fill('Mijn dochter');
    await page.getByRole('group', { name: T.plan.how }).getByLabel(T.plan.hows.thuis).check();
    await page.getByRole('button', { name: T.plan.addAction, exact: true }).click();
    const network = page.getByRole('region', { name: T.plan.byNetwork });
    await network.getByText('Boodschappen tillen').waitFor();
    await network.getByLabel(T.plan.status).selectOption('doing');
    await page.waitForFunction(() => [...document.querySelectorAll('select')].some((s) => s.value === 'doing'));
    await assertAccessible(page, `plan (${lang})`);

    // A check-in: a mood with a face, a few words, a goal that went well.
    await page.getByRole('link', { name: `${T.common.next}: ${T.titles.checkin}` }).click();
    await page.getByRole('heading', { level: 1, name: T.checkin.heading }).waitFor();
    await page.getByRole('group', { name: T.checkin.mood }).getByLabel(T.checkin.moods['4'], { exact: true }).check();
    await page.getByLabel(T.checkin.text).fill('Fijne week');
    await page.getByRole('group', { name: T.checkin.wentWell }).getByLabel('Zelf boodschappen blijven doen').check();
    await page.getByRole('button', { name: T.checkin.save }).click();
    await page.locator('.checkins li', { hasText: 'Fijne week' }).waitFor();
    await page.getByRole('group', { name: T.checkin.rhythm }).getByLabel(T.checkin.rhythms.weekly).check();
    await assertAccessible(page, `check-in (${lang})`);

    // A decision, made and then kept as it was.
    await page.getByRole('link', { name: T.nav.decisions }).click();
    await page.getByRole('heading', { level: 1, name: T.decisions.heading }).waitFor();
    await page.getByRole('button', { name: T.decisions.new }).click();
    await page.getByLabel(T.decisions.question).fill('Naar de dagbesteding?');
    await page.getByLabel(fill(T.decisions.option, { n: 1 })).fill('Ja');
    await page.getByLabel(T.decisions.pros).fill('Mensen zien');
    await page.getByLabel(T.decisions.choice).fill('Ja, op dinsdag');
    await page.getByLabel(T.decisions.decidedOn).fill('2026-11-20');
    await page.getByRole('button', { name: T.common.save }).click();
    const decision = page.locator('.decision', { hasText: 'Naar de dagbesteding?' });
    await decision.locator('.decided').waitFor();
    assert.equal(await decision.getByRole('button', { name: T.common.change }).count(), 0, 'a decided record cannot be changed');
    await assertAccessible(page, `decisions (${lang})`);

    // Thinking ahead: two versions, both kept.
    await page.getByRole('link', { name: T.nav.ahead }).click();
    await page.getByRole('heading', { level: 1, name: T.ahead.heading }).waitFor();
    await page.getByRole('group', { name: T.ahead.resuscitation }).getByLabel(T.ahead.wishes.no, { exact: true }).check();
    await page.getByLabel(T.ahead.spokesName).fill('Mijn dochter');
    await page.getByRole('button', { name: T.ahead.save }).click();
    await page.getByRole('heading', { name: new RegExp(fill(T.ahead.current, { n: 1, date: '.*' }).replace(/[()]/g, '.')) }).waitFor();
    await page.getByRole('group', { name: T.ahead.hospital_admission }).getByLabel(T.ahead.wishes.yes, { exact: true }).check();
    await page.getByRole('button', { name: T.ahead.save }).click();
    await page.getByRole('heading', { name: new RegExp(fill(T.ahead.current, { n: 2, date: '.*' }).replace(/[()]/g, '.')) }).waitFor();
    await page.locator('details.version').getByText(new RegExp(fill(T.ahead.version, { n: 1, date: '' }))).waitFor();
    await assertAccessible(page, `thinking ahead (${lang})`);

    // The printable plan, and the home page at a glance.
    await page.getByRole('link', { name: T.nav.summary }).click();
    await page.getByRole('heading', { level: 1, name: `${T.summary.heading}: ${name}` }).waitFor();
    await page.getByText('Zelf boodschappen blijven doen').waitFor();
    await page.getByText('Mijn kleinkinderen').waitFor();
    await assertAccessible(page, `my plan on paper (${lang})`);
    await page.getByRole('link', { name: T.nav.home }).click();
    await page.getByRole('img', { name: fill(T.balance.scalesTitle, { strengths: 5, burdens: 2 }) }).waitFor();
    await page.getByRole('img', { name: T.domainsPage.chartTitle }).waitFor();
    await page.getByText('Fijne week').waitFor();
    await page.getByText('Elke ochtend een rondje lopen').waitFor();
    await assertAccessible(page, `home with a record (${lang})`);
    assertClean(page);
    await context.close();
  });
}
