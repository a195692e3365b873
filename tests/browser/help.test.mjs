// Help requests, in Dutch and in English: the client asks for help on one day and, of one chosen
// member, for a period; the week shows each on its own days; the member (invited through the API)
// says "I'll do it" on their page and sees it in their week; the client sees who took it and
// closes both. axe-core on every page visited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, fill } from './helpers.mjs';
import { signUp } from '../lib/api.mjs';
import { signInAs, dayIso, dayLabel, weekDays, inviteMember } from './network-helpers.mjs';

const env = setup();

for (const lang of ['nl', 'en']) {
  const T = texts[lang];

  test(`${lang}: ask for help on a day and for a period, a member takes it, the client closes it`, async () => {
    const client = await signUp(env.server.url, { email: email(`help-client-${lang}`), password: PASSWORD, name: 'Els', language: lang });
    const anna = await signUp(env.server.url, { email: email(`help-anna-${lang}`), password: PASSWORD, name: 'Anna', language: lang });
    const piet = await signUp(env.server.url, { email: email(`help-piet-${lang}`), password: PASSWORD, name: 'Piet', language: lang });
    await inviteMember(client, anna, { role: 'mantelzorger', rights: { help_requests: 'see' } });
    await inviteMember(client, piet, { role: 'buur', rights: { help_requests: 'see' } });

    const days = weekDays();
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    await signInAs(page, env.server, lang, client.email, 'Els');
    await assertAccessible(page, `home (${lang})`);
    await page.getByRole('navigation', { name: T.nav.label }).getByRole('link', { name: T.nav.help, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: T.help.heading }).waitFor();
    await page.waitForFunction((title) => document.title.startsWith(`${title} – `), T.titles.help);

    // One day, at a time, for everyone who sees help requests.
    await page.getByLabel(T.help.text).fill('Boodschappen doen');
    await page.getByLabel(T.help.day).fill(dayIso(days[1]));
    await page.getByLabel(`${T.help.time} ${T.common.optional}`).fill('10:00');
    await page.getByRole('button', { name: T.help.ask, exact: true }).click();
    await page.getByRole('status').getByText(T.help.sent).waitFor();
    const current = page.locator('.help-request', { hasText: 'Boodschappen doen' });
    await current.getByText(T.help.status.open).waitFor();
    await current.getByText(T.help.forAll).waitFor();

    // A period, asked of Anna only.
    await page.getByLabel(T.help.text).fill('Hond uitlaten');
    await page.getByLabel(T.help.day).fill(dayIso(days[3]));
    await page.getByLabel(`${T.help.until} ${T.common.optional}`).fill(dayIso(days[5]));
    await page.getByRole('group', { name: T.help.to }).getByLabel(T.help.chosen).check();
    const choose = page.getByRole('group', { name: T.help.choose });
    await choose.getByRole('checkbox').first().waitFor(); // shown once "chosen people" is chosen
    assert.equal(await choose.getByRole('checkbox').count(), 2, 'both members who see help requests can be chosen');
    await choose.getByLabel(`Anna (${T.roles.mantelzorger})`).check();
    await page.getByRole('button', { name: T.help.ask, exact: true }).click();
    const period = page.locator('.help-request', { hasText: 'Hond uitlaten' });
    await period.getByText(fill(T.help.forSome, { names: 'Anna' })).waitFor();
    await period.getByText(fill(T.help.period, { from: dayLabel(lang, days[3]), until: dayLabel(lang, days[5]) })).waitFor();

    // The week: each request on its own days, with who does it (nobody yet).
    const week = page.getByRole('list', { name: T.help.myWeek });
    const day = (i) => week.getByRole('listitem').filter({ has: page.getByRole('heading', { name: dayLabel(lang, days[i]) }) });
    const nobody = T.help.nobodyYet;
    await day(1).getByText(fill(T.help.weekLine, { what: fill(T.help.withTime, { when: 'Boodschappen doen', time: '10:00' }), who: nobody })).waitFor();
    for (const i of [3, 4, 5]) await day(i).getByText(fill(T.help.weekLine, { what: 'Hond uitlaten', who: nobody })).waitFor();
    for (const i of [0, 2, 6]) assert.equal(await day(i).getByText(T.week.nothing).count(), 1, `nothing on day ${i}`);
    assert.equal(await week.getByRole('heading').count(), 7, 'seven days, each with a heading');
    await assertAccessible(page, `help requests of the client (${lang})`);
    // Another week shows other days, and the way back.
    await page.getByRole('button', { name: T.week.next }).first().click();
    await week.getByRole('heading', { name: dayLabel(lang, new Date(days[0].getTime() + 7 * 86400000)) }).waitFor();
    assert.equal(await week.getByText('Hond uitlaten').count(), 0);
    await page.getByRole('button', { name: T.week.thisWeek }).first().click();
    await day(4).getByText(fill(T.help.weekLine, { what: 'Hond uitlaten', who: nobody })).waitFor();

    // Anna sees both (one for everyone, one for her), with the client's name, and takes the period.
    const other = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    const ap = other.page;
    await signInAs(ap, env.server, lang, anna.email, 'Anna');
    await ap.getByRole('navigation', { name: T.nav.label }).getByRole('link', { name: T.nav.help, exact: true }).click();
    await ap.getByRole('heading', { level: 2, name: T.help.others }).waitFor();
    const asked = ap.locator('.help-request', { hasText: 'Hond uitlaten' });
    await asked.getByText(fill(T.help.asks, { name: 'Els' })).waitFor();
    await ap.locator('.help-request', { hasText: 'Boodschappen doen' }).waitFor();
    await assertAccessible(ap, `help requests of a member (${lang})`);
    await asked.getByRole('button', { name: T.help.offer }).click();
    await ap.getByRole('status').getByText(fill(T.help.offered, { name: 'Els' })).waitFor();
    await ap.waitForFunction((heading) => document.activeElement.textContent === heading, T.help.youDo); // focus on what I do
    const mine = ap.getByRole('list', { name: T.help.yourWeek });
    const myDay = (i) => mine.getByRole('listitem').filter({ has: ap.getByRole('heading', { name: dayLabel(lang, days[i]) }) });
    for (const i of [3, 4, 5]) await myDay(i).getByText(fill(T.help.weekFor, { name: 'Els', what: 'Hond uitlaten' })).waitFor();
    assert.equal(await myDay(1).getByText(T.week.nothing).count(), 1, 'what others may still take is not in my week');
    await assertAccessible(ap, `a member's week (${lang})`);
    assertClean(ap);
    await other.context.close();

    // The client sees who took it, in the list and in the week, and closes both.
    await page.getByRole('link', { name: T.nav.home }).click();
    await page.getByRole('navigation', { name: T.nav.label }).getByRole('link', { name: T.nav.help, exact: true }).click();
    await period.getByText(fill(T.help.takenBy, { name: 'Anna' })).waitFor();
    await day(4).getByText(fill(T.help.weekLine, { what: 'Hond uitlaten', who: fill(T.help.takenBy, { name: 'Anna' }) })).waitFor();
    await period.getByRole('button', { name: T.help.done, exact: true }).click();
    await page.locator('details.closed-help summary', { hasText: fill(T.help.closed, { n: 1 }) }).waitFor();
    await current.getByRole('button', { name: T.help.cancel }).click();
    await page.locator('details.closed-help summary', { hasText: fill(T.help.closed, { n: 2 }) }).click();
    await page.locator('details.closed-help .help-request', { hasText: 'Hond uitlaten' }).getByText(T.help.status.done).waitFor();
    await page.locator('details.closed-help .help-request', { hasText: 'Boodschappen doen' }).getByText(T.help.status.cancelled).waitFor();
    await page.getByText(T.help.noneCurrent).waitFor();
    assert.equal(await week.getByText('Hond uitlaten').count(), 0, 'closed requests leave the week');
    await assertAccessible(page, `closed help requests (${lang})`);
    assertClean(page);
    await context.close();
  });
}
