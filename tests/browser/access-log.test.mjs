// The access log in the client's words, in Dutch and in English: members (invited through the
// API) read, are refused and act on the client's behalf; the client's page says so in one
// sentence per row with their names and roles, leaves the client's own doings out unless asked,
// filters by person and by period, loads older rows, and saves the rows of a filter as a CSV
// file. axe-core on every page visited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, fill } from './helpers.mjs';
import { signUp } from '../lib/api.mjs';
import { signInAs, inviteMember, sentencePattern, dayIso } from './network-helpers.mjs';

const env = setup();

// The CSV as rows of cells: the byte order mark off, quoted cells split on the language's separator.
function parseCsv(text, sep) {
  assert.equal(text.charCodeAt(0), 0xfeff, 'a byte order mark, so that spreadsheets read UTF-8');
  return text.slice(1).split('\r\n').filter(Boolean)
    .map((line) => line.slice(1, -1).split(`"${sep}"`).map((c) => c.replace(/""/g, '"')));
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];

  test(`${lang}: who looked at my information, in plain words, filtered and downloaded`, async () => {
    const els = await signUp(env.server.url, { email: email(`log-els-${lang}`), password: PASSWORD, name: 'Els', language: lang });
    const anna = await signUp(env.server.url, { email: email(`log-anna-${lang}`), name: 'Anna' });
    const piet = await signUp(env.server.url, { email: email(`log-piet-${lang}`), name: 'Piet' });
    const jan = await signUp(env.server.url, { email: email(`log-jan-${lang}`), name: 'Jan' });
    await inviteMember(els, anna, { role: 'mantelzorger', rights: { plan: 'see' } });
    await inviteMember(els, piet, { role: 'professional', discipline: 'huisarts', rights: { plan: 'see' } });
    await inviteMember(els, jan, { role: 'vertegenwoordiger', rights: {}, acts_on_behalf: true });
    // Anna reads the plan, Piet tries the balance he was not given, Jan reads the decisions for Els.
    assert.equal((await anna.get(`/clients/${els.me.id}/goals`)).status, 200);
    assert.equal((await piet.get(`/clients/${els.me.id}/balance`)).status, 404);
    assert.equal((await jan.get(`/clients/${els.me.id}/decisions`)).status, 200);
    // Els changes what Anna may see: her own doing, shown only when she asks for it.
    assert.equal((await els.patch(`/clients/me/members/${anna.me.id}`, { rights: { plan: 'see', balance: 'see' } })).status, 200);

    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 }, acceptDownloads: true });
    await signInAs(page, env.server, lang, els.email, 'Els');
    // The old address still leads here.
    await page.goto(`${env.server.url}/#/audit`);
    await page.getByRole('heading', { level: 1, name: T.audit.heading }).waitFor();
    await page.getByRole('navigation', { name: T.nav.label }).getByRole('link', { name: T.nav.home }).click();
    await page.getByRole('heading', { level: 1, name: fill(T.home.hello, { name: 'Els' }) }).waitFor();
    await page.getByRole('navigation', { name: T.nav.label }).getByRole('link', { name: T.nav.audit }).click();
    await page.getByRole('heading', { level: 1, name: T.audit.heading }).waitFor();
    await page.waitForFunction((title) => document.title.startsWith(`${title} – `), T.titles.audit);
    const list = page.getByRole('list', { name: T.audit.listHeading });
    const annaName = `Anna (${T.roles.mantelzorger})`;
    const annaRead = sentencePattern(T.audit.done.read, { who: annaName, what: T.audit.what.plan });
    const pietDenied = sentencePattern(T.audit.denied.read, { who: `Piet (${T.roles.disciplines.huisarts})`, what: T.audit.what.balance });
    await list.getByText(annaRead).waitFor();
    await list.getByText(pietDenied).waitFor();
    await list.getByText(sentencePattern(T.audit.special.acceptedInvitation, { who: annaName })).waitFor();
    const janRead = sentencePattern(T.audit.done.read, { who: `Jan (${T.roles.vertegenwoordiger})`, what: T.audit.what.decisions });
    const behalf = list.getByRole('listitem').filter({ hasText: janRead });
    assert.match(await behalf.textContent(), new RegExp(fill(T.audit.onBehalf, { sentence: '.+', name: 'Jan' })), 'on behalf, in words');
    // The moment is a <time>, in this language's words; the client's own doings are left out.
    const at = await list.locator('time').first().getAttribute('datetime');
    const day = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'long' }).format(new Date(at));
    assert.ok((await list.locator('time').first().textContent()).includes(day), `"${day}" in ${lang}`);
    assert.equal(await list.getByText(sentencePattern(T.audit.done.login, { who: T.audit.you })).count(), 0, 'not my own login');
    await assertAccessible(page, `access log (${lang})`);

    // One person: only Piet's.
    await page.getByLabel(T.audit.person, { exact: true }).selectOption({ label: `Piet (${T.roles.disciplines.huisarts})` });
    await page.getByRole('button', { name: T.audit.filter }).click();
    await list.getByText(annaRead).waitFor({ state: 'detached' });
    await list.getByText(pietDenied).waitFor();
    assert.equal(await list.getByRole('listitem').count(), 2, 'Piet accepted the invitation and was refused once');

    // A period in the past shows nothing; today shows the rows again.
    await page.getByLabel(T.audit.person, { exact: true }).selectOption({ label: T.audit.everyone });
    await page.getByLabel(T.audit.from).fill('2001-01-01');
    await page.getByLabel(T.audit.to).fill('2001-12-31');
    await page.getByRole('button', { name: T.audit.filter }).click();
    await page.getByText(T.audit.empty).waitFor();
    const today = dayIso(new Date());
    await page.getByLabel(T.audit.from).fill(today);
    await page.getByLabel(T.audit.to).fill(today);
    await page.getByRole('button', { name: T.audit.filter }).click();
    await list.getByText(annaRead).waitFor();

    // With my own doings: my login and the rights I gave Anna, in the second person.
    await page.getByLabel(T.audit.others).uncheck();
    await page.getByRole('button', { name: T.audit.filter }).click();
    await list.getByText(sentencePattern(T.audit.done.login, { who: T.audit.you })).first().waitFor();
    await list.getByText(sentencePattern(T.audit.special.grantMember, { who: T.audit.you, member: 'Anna' })).waitFor();
    await assertAccessible(page, `access log with my own doings (${lang})`);

    // Older rows come when asked for.
    for (let i = 0; i < 55; i++) await anna.get(`/clients/${els.me.id}/goals`);
    await page.getByLabel(T.audit.others).check();
    await page.getByLabel(T.audit.person, { exact: true }).selectOption({ label: annaName });
    await page.getByRole('button', { name: T.audit.filter }).click();
    // The first page of Anna's rows, not a later page of the rows shown before.
    await list.getByText(sentencePattern(T.audit.done.login, { who: T.audit.you })).first().waitFor({ state: 'detached' });
    await page.getByRole('button', { name: T.audit.more }).click();
    await list.getByText(sentencePattern(T.audit.special.acceptedInvitation, { who: annaName })).waitFor();
    assert.equal(await list.getByRole('listitem').count(), 57, 'Anna accepted, and read 56 times');

    // The download holds the rows of this filter: Anna's, all 57 of them.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: T.audit.download }).click()]);
    assert.equal(download.suggestedFilename(), fill(T.audit.fileName, { date: today }));
    const rows = parseCsv(readFileSync(await download.path(), 'utf8'), lang === 'nl' ? ';' : ',');
    assert.deepEqual(rows[0], ['date', 'time', 'person', 'role', 'happened', 'outcome'].map((c) => T.audit.columns[c]));
    assert.equal(rows.length, 1 + 57);
    const read = rows.find((r) => annaRead.test(r[4]));
    assert.ok(read, 'the sentence of Anna reading the plan');
    assert.equal(read[0], today);
    assert.match(read[1], /^\d\d:\d\d$/);
    assert.deepEqual([read[2], read[3], read[5]], ['Anna', T.roles.mantelzorger, T.outcomes.success]);
    assert.ok(rows.slice(1).every((r) => r[2] === 'Anna'), 'only Anna');
    assertClean(page);
    await context.close();
  });
}
