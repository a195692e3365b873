// The client's network end to end, in Dutch and in English: a client invites an informal carer
// and confirms the rights one category at a time; the carer (in a second browser) registers
// through the invitation link and accepts; the carer sees exactly what is shared and nothing
// else; a help request goes back and forth; the client takes a right back, and the carer's
// next look finds nothing; the client reads the carer's name in the access log. axe-core and
// the clean-page checks run on every page either of them visits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../lib/server.mjs';
import { setup, texts, openPage, assertClean, assertAccessible, email, register, fill, PASSWORD, menu } from './helpers.mjs';
import { signUp } from '../lib/api.mjs';
import { signInAs, inviteMember } from './network-helpers.mjs';

// What a client can share, as the server has it (`roer vocabulary`), in the order the page asks.
const CATEGORIES = JSON.parse(execFileSync(join(repoRoot, 'build', 'roer'), ['vocabulary'], { encoding: 'utf8' }))
  .categories.filter((c) => c.shareable).map((c) => c.name);

const env = setup();

// Today as the date field wants it, in the browser's own time zone.
function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];
  const N = T.network;
  const client = lang === 'nl' ? 'Jan' : 'John';
  const carer = lang === 'nl' ? 'Anna' : 'Alice';
  const goal = lang === 'nl' ? 'Zelf naar de markt blijven gaan' : 'Keep going to the market myself';
  const helpText = lang === 'nl' ? 'Boodschappen halen' : 'Do the shopping';
  const h1 = (page, name) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  const group = (page, category) => page.getByRole('group', { name: N.categories[category], exact: true });

  test(`${lang}: inviting a carer, sharing exactly what was chosen, and taking it back`, async () => {
    const a = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    const b = await openPage(env.browser, env.server);
    const cp = a.page; // the client
    const mp = b.page; // the carer, in a browser of their own

    // The client writes a goal, to be shared later.
    await register(cp, env.server, lang, client, email(`net-client-${lang}`));
    await h1(cp, fill(T.home.hello, { name: client }));
    await cp.getByRole('main').getByRole('link', { name: T.home.cards.network, exact: true }).waitFor();
    await assertAccessible(cp, `home (${lang})`);
    await cp.goto(`${env.server.url}/#/plan`);
    await h1(cp, T.plan.heading);
    await cp.getByLabel(T.plan.goalText).fill(goal);
    await cp.getByRole('button', { name: T.plan.addGoal, exact: true }).click();
    await cp.locator('.goal', { hasText: goal }).waitFor();
    await assertAccessible(cp, `plan (${lang})`);

    // The network page, from the menu: nobody yet.
    await cp.getByRole('navigation').getByRole('link', { name: T.nav.network, exact: true }).click();
    await h1(cp, N.heading);
    await cp.getByText(N.noMembers).waitFor();
    await assertAccessible(cp, `network, empty (${lang})`);

    // Step 1: who, and for how long the code works.
    await cp.getByLabel(N.nameLabel).fill(carer);
    await cp.getByRole('group', { name: N.roleLabel }).getByLabel(N.roleChoice.mantelzorger).check();
    assert.equal(await cp.getByLabel(N.daysLabel).inputValue(), '7', 'a code works for a week unless the client says otherwise');
    await cp.getByRole('button', { name: N.toRights }).click();

    // Step 2: every category, nothing chosen beforehand, the suggestion beside each.
    await cp.getByRole('heading', { name: fill(N.rightsHeading, { name: carer }) }).waitFor();
    assert.equal(await cp.locator('.rights-chooser input[type="radio"]').count(), CATEGORIES.length * 3);
    assert.equal(await cp.locator('.rights-chooser input[type="radio"]:checked').count(), 0, 'nothing is pre-selected');
    await group(cp, 'balance').getByText(fill(N.suggestion.mantelzorger, { level: N.levelWords.see })).waitFor();
    await group(cp, 'help_requests').getByText(fill(N.suggestion.mantelzorger, { level: N.levelWords.change })).waitFor();
    await assertAccessible(cp, `network, choosing rights (${lang})`);

    // Sending without a choice everywhere is refused, and says what is missing.
    await cp.getByRole('button', { name: N.send }).click();
    const summary = cp.getByRole('alert').filter({ hasText: N.missingTitle });
    await summary.waitFor();
    for (const c of CATEGORIES) await summary.getByText(N.categories[c], { exact: false }).first().waitFor();
    assert.equal(await group(cp, 'plan').getByText(N.chooseHere).count(), 1);

    // Plan: the suggestion, taken with its button. Help requests: only see, less than suggested.
    await cp.getByRole('button', { name: `${N.takeSuggestion}: ${N.categories.plan}`, exact: true }).click();
    await group(cp, 'plan').getByRole('radio', { name: N.levels.see, exact: true, checked: true }).waitFor();
    await group(cp, 'help_requests').getByLabel(N.levels.see, { exact: true }).check();
    // Everything but the last: nothing. The summary still names the one left when sending again.
    const rest = CATEGORIES.filter((c) => c !== 'plan' && c !== 'help_requests');
    for (const c of rest.slice(0, -1)) await group(cp, c).getByLabel(N.levels.nothing, { exact: true }).check();
    await cp.getByRole('button', { name: N.send }).click();
    await cp.getByRole('alert').filter({ hasText: fill(N.missing, { list: N.categories[rest[rest.length - 1]] }) }).waitFor();
    await group(cp, rest[rest.length - 1]).getByLabel(N.levels.nothing, { exact: true }).check();
    // Being told when things go badly is a right of its own, asked too, with nothing chosen.
    const alerts = cp.getByRole('group', { name: fill(N.alertsLabel, { name: carer }) });
    assert.equal(await alerts.locator('input:checked').count(), 0);
    await cp.getByRole('button', { name: N.send }).click();
    await cp.getByRole('alert').filter({ hasText: N.alertsMissing }).first().waitFor();
    await alerts.getByLabel(N.alertsYes, { exact: true }).check();
    await cp.getByRole('button', { name: N.send }).click();

    // Step 3: the code and the link, shown once.
    await cp.getByRole('heading', { name: N.sentHeading }).waitFor();
    await cp.getByText(N.onlyOnce).waitFor();
    const link = await cp.locator('a.invitation-link').getAttribute('href');
    const code = await cp.locator('code.invitation-code').textContent();
    assert.equal(link, `${env.server.url}/#/accept/${code}`);
    // The open invitation is listed, and can be withdrawn.
    await cp.locator('.invitations li', { hasText: carer }).getByRole('button', { name: `${N.withdraw}: ${carer}`, exact: true }).waitFor();
    await assertAccessible(cp, `network, invitation made (${lang})`);

    // The carer opens the link signed out: asked to sign in or register, then back here.
    await mp.goto(link);
    await mp.getByRole('button', { name: T.tools[lang === 'nl' ? 'dutch' : 'english'], exact: true }).click();
    await h1(mp, T.accept.heading);
    await mp.getByText(T.accept.signedOut).waitFor();
    await assertAccessible(mp, `accept, signed out (${lang})`);
    await mp.getByRole('link', { name: T.accept.toRegister }).click();
    await h1(mp, T.register.heading);
    await assertAccessible(mp, `register (${lang})`);
    await mp.getByLabel(T.register.name).fill(carer);
    await mp.getByLabel(T.register.email).fill(email(`net-carer-${lang}`));
    await mp.getByLabel(T.register.password, { exact: true }).fill(PASSWORD);
    await mp.getByRole('button', { name: T.register.submit }).click();
    await h1(mp, T.accept.heading);
    assert.equal(await mp.getByLabel(T.accept.code).inputValue(), code, 'the code came back with them');
    await assertAccessible(mp, `accept, signed in (${lang})`);
    // First what the invitation offers: whose network, the role, what would be shared.
    await mp.getByRole('button', { name: T.accept.look }).click();
    const offer = mp.getByRole('region', { name: fill(T.accept.offerHeading, { name: client }) });
    await offer.waitFor();
    await offer.getByText(`${N.categories.plan}: ${N.levelWords.see}`).waitFor();
    assert.equal(await offer.getByText(N.categories.balance).count(), 0);
    await offer.getByText(fill(T.accept.offerAlerts, { name: client })).waitFor();
    await assertAccessible(mp, `accept, the offer (${lang})`);
    // "Not now" goes back to the code; looking again and saying yes takes it.
    await offer.getByRole('button', { name: T.accept.notNow }).click();
    await mp.getByRole('button', { name: T.accept.look }).click();
    await offer.getByRole('button', { name: T.accept.submit }).click();
    const joined = mp.getByRole('region', { name: fill(T.accept.joined, { name: client }) });
    await joined.waitFor();
    await joined.getByRole('link', { name: N.categories.plan, exact: true }).waitFor();
    assert.equal(await joined.getByText(N.categories.balance).count(), 0);
    await assertAccessible(mp, `accept, joined (${lang})`);

    // The same code a second time: used.
    await mp.goto(`${env.server.url}/#/accept/${code}`);
    await mp.reload();
    await h1(mp, T.accept.heading);
    await mp.getByRole('button', { name: T.accept.look }).click();
    await mp.getByRole('alert').getByText(T.errors.invitation_used).waitFor();
    await assertAccessible(mp, `accept, used code (${lang})`);

    // People I support: plan and help requests, not the balance.
    await (await menu(mp, lang)).getByRole('link', { name: T.nav.supporting, exact: true }).click();
    await h1(mp, T.supporting.heading);
    const card = mp.locator('.supporting li.card', { hasText: client });
    await card.getByRole('heading', { name: client, exact: true }).waitFor();
    await card.getByRole('link', { name: N.categories.plan, exact: true }).waitFor();
    await card.getByText(`${N.categories.help_requests}: ${N.levelWords.see}`).waitFor();
    assert.equal(await card.getByText(N.categories.balance).count(), 0, 'the balance is not shared');
    assert.equal(await card.locator('.rights-list li').count(), 2);
    await assertAccessible(mp, `people I support (${lang})`);

    // The client's plan, as the carer sees it: the goal, and no forms (they may only see).
    await card.getByRole('link', { name: N.categories.plan, exact: true }).click();
    await h1(mp, fill(T.shared.headings.plan, { name: client }));
    await mp.locator('.goal', { hasText: goal }).waitFor();
    await mp.getByText(fill(T.shared.maySee, { name: client })).waitFor();
    assert.equal(await mp.getByLabel(T.plan.goalText).count(), 0, 'no form to add a goal');
    assert.equal(await mp.locator('main select, main form').count(), 0, 'nothing to change');
    await assertAccessible(mp, `the client's plan, seen by the carer (${lang})`);
    const planUrl = mp.url();
    const clientId = planUrl.match(/#\/c\/(\d+)\/plan$/)[1];

    // The balance was not shared: the page says so, and shows nothing of it.
    await mp.goto(`${env.server.url}/#/c/${clientId}/balance`);
    await h1(mp, T.shared.notSharedHeading);
    await mp.getByText(fill(T.shared.notShared, { name: client })).waitFor();
    assert.equal(await mp.locator('.sides, .items').count(), 0);
    await assertAccessible(mp, `not shared (${lang})`);

    // A help request: the client asks on the help page, the carer offers to do it.
    await cp.goto(`${env.server.url}/#/help`);
    await h1(cp, T.help.heading);
    await cp.getByLabel(T.help.text, { exact: true }).fill(helpText);
    await cp.getByLabel(T.help.day, { exact: true }).fill(today());
    await cp.getByRole('button', { name: T.help.ask, exact: true }).click();
    await cp.getByRole('status').getByText(T.help.sent).waitFor();
    await assertAccessible(cp, `help, asked (${lang})`);
    await mp.goto(`${env.server.url}/#/help`);
    await h1(mp, T.help.heading);
    await mp.locator('.help-request', { hasText: helpText }).getByRole('button', { name: T.help.offer }).click();
    await mp.getByRole('status').getByText(fill(T.help.offered, { name: client })).waitFor();
    await assertAccessible(mp, `help, offered (${lang})`);

    // The client takes the plan back, on the network page.
    await cp.goto(`${env.server.url}/#/network`);
    await h1(cp, N.heading);
    const member = cp.locator('.members li.member', { hasText: carer });
    await member.getByText(`${N.categories.plan}: ${N.levelWords.see}`).waitFor();
    await member.getByText(fill(N.receivesAlerts, { name: carer })).waitFor();
    await member.getByRole('button', { name: `${N.editRights}: ${carer}`, exact: true }).click();
    const editor = member.locator('form.edit-rights');
    assert.equal(await editor.getByRole('group', { name: fill(N.alertsLabel, { name: carer }) }).getByLabel(N.alertsYes, { exact: true }).isChecked(), true);
    // The current rights are known to the client: they start selected.
    assert.equal(await editor.getByRole('group', { name: N.categories.plan, exact: true }).getByLabel(N.levels.see, { exact: true }).isChecked(), true);
    assert.equal(await editor.getByRole('group', { name: N.categories.balance, exact: true }).getByLabel(N.levels.nothing, { exact: true }).isChecked(), true);
    await assertAccessible(cp, `network, changing rights (${lang})`);
    await editor.getByRole('group', { name: N.categories.plan, exact: true }).getByLabel(N.levels.nothing, { exact: true }).check();
    await editor.getByRole('button', { name: N.saveRights }).click();
    await cp.getByRole('status').getByText(fill(N.changed, { name: carer })).waitFor();
    // The message shows before the members are asked again: wait for the right to go.
    await member.getByText(`${N.categories.plan}: ${N.levelWords.see}`).waitFor({ state: 'detached' });
    await member.getByText(fill(N.receivesAlerts, { name: carer })).waitFor(); // kept when other rights change
    await member.getByText(`${N.categories.help_requests}: ${N.levelWords.see}`).waitFor();
    await assertAccessible(cp, `network, rights changed (${lang})`);

    // The carer's next look at the plan: not shared any more, and no goal.
    await mp.goto(planUrl);
    await h1(mp, T.shared.notSharedHeading);
    await mp.getByText(fill(T.shared.notShared, { name: client })).waitFor();
    assert.equal(await mp.getByText(goal).count(), 0, 'nothing stale');
    await mp.reload();
    await h1(mp, T.shared.notSharedHeading);
    assert.equal(await mp.getByText(goal).count(), 0, 'nothing after a reload either');
    await assertAccessible(mp, `no longer shared (${lang})`);

    // The client reads in the access log who looked: the carer, by name.
    await cp.goto(`${env.server.url}/#/access-log`);
    await h1(cp, T.audit.heading);
    await cp.locator('main li', { hasText: carer }).first().waitFor();
    await assertAccessible(cp, `access log (${lang})`);

    // Removing someone takes a confirmation; saying no keeps them.
    await cp.goto(`${env.server.url}/#/network`);
    await h1(cp, N.heading);
    await member.getByRole('button', { name: `${N.remove}: ${carer}`, exact: true }).click();
    await member.getByText(fill(N.removeConfirm, { name: carer })).waitFor();
    await assertAccessible(cp, `network, confirming removal (${lang})`);
    await member.getByRole('button', { name: N.removeNo }).click();
    await member.getByRole('button', { name: `${N.remove}: ${carer}`, exact: true }).waitFor();

    assertClean(cp);
    assertClean(mp);
    await a.context.close();
    await b.context.close();
  });
}

// Every part of a record a member may only see: whose it is, what is in it, and no forms; and
// the one part another member may change: the forms, which work.
for (const lang of ['nl', 'en']) {
  const T = texts[lang];
  const parts = {
    matters: 'Mijn tuin en mijn kleinkinderen',
    domains: 'goed geslapen',
    balance: 'Mijn dochter komt elke dag',
    plan: 'Zelf naar de markt',
    checkin: 'Een goede week',
    decisions: 'Naar de dagbesteding?',
    ahead: 'Thuis blijven wonen',
  };

  test(`${lang}: each shared part, read-only for one member and changeable for another`, async () => {
    const client = await signUp(env.server.url, { email: email(`share-client-${lang}`), password: PASSWORD, name: 'Els', language: lang });
    const ria = await signUp(env.server.url, { email: email(`share-ria-${lang}`), password: PASSWORD, name: 'Ria', language: lang });
    const bert = await signUp(env.server.url, { email: email(`share-bert-${lang}`), password: PASSWORD, name: 'Bert', language: lang });
    const post = async (path, body) => assert.equal((await client.post(`/clients/me/${path}`, body)).status, 201, path);
    await post('profile', { question_key: 'what_matters', answer: parts.matters });
    const six = Object.fromEntries(['body', 'mind', 'meaning', 'quality_of_life', 'participation', 'daily_life'].map((d) => [d, { score: 6 }]));
    await post('domains', { ...six, body: { score: 7, note: parts.domains } });
    await post('balance', { side: 'strength', text: parts.balance, weight: 3, whose: 'network' });
    await post('goals', { text: parts.plan });
    await post('checkins', { mood: 4, text: parts.checkin });
    await post('decisions', { question: parts.decisions });
    await post('advance-care-plan', { place_of_care: parts.ahead, resuscitation: { wish: 'no' },
      hospital_admission: { wish: 'yes' }, intensive_care: { wish: 'not_decided' } });
    await inviteMember(client, ria, { role: 'naaste', rights: { what_matters: 'see', domains: 'see', balance: 'see',
      plan: 'see', checkins: 'see', decisions: 'see', thinking_ahead: 'see' } });
    await inviteMember(client, bert, { role: 'mantelzorger', rights: { plan: 'change', balance: 'change' } });
    const id = client.me.id;

    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    await signInAs(page, env.server, lang, ria.email, 'Ria');
    // Home points to the people I support.
    await page.getByRole('main').getByRole('link', { name: T.home.cards.supporting, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: T.supporting.heading }).waitFor();
    for (const [part, text] of Object.entries(parts)) {
      await page.goto(`${env.server.url}/#/c/${id}/${part}`);
      await page.getByRole('heading', { level: 1, name: fill(T.shared.headings[part], { name: 'Els' }), exact: true }).waitFor();
      await page.getByText(text).first().waitFor();
      await page.getByText(fill(T.shared.maySee, { name: 'Els' })).waitFor();
      assert.equal(await page.locator('main form, main input, main select, main textarea').count(), 0, `${part}: nothing to change`);
      await assertAccessible(page, `${part}, seen by a member (${lang})`);
    }
    assertClean(page);
    await context.close();

    const b = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    await signInAs(b.page, env.server, lang, bert.email, 'Bert');
    await b.page.goto(`${env.server.url}/#/c/${id}/plan`);
    await b.page.getByText(fill(T.shared.mayChange, { name: 'Els' })).waitFor();
    await b.page.getByLabel(T.plan.goalText).fill('Samen koken op zondag');
    await b.page.getByRole('button', { name: T.plan.addGoal, exact: true }).click();
    await b.page.locator('.goal', { hasText: 'Samen koken op zondag' }).waitFor();
    await assertAccessible(b.page, `plan, changed by a member (${lang})`);
    const goals = await client.get('/clients/me/goals');
    assert.deepEqual(goals.body.map((g) => g.text), [parts.plan, 'Samen koken op zondag']);
    // The balance: he proposes, she weighs. No weight to choose, none to change.
    await b.page.goto(`${env.server.url}/#/c/${id}/balance`);
    await b.page.getByText(fill(T.balance.proposeHelp, { name: 'Els' })).waitFor();
    assert.equal(await b.page.getByRole('group', { name: T.balance.weight }).count(), 0, 'no weight to choose');
    assert.equal(await b.page.getByRole('button', { name: `${T.balance.heavier}: ${parts.balance}` }).count(), 0);
    await b.page.getByLabel(T.balance.text).fill('De trap');
    await b.page.getByRole('button', { name: T.common.add, exact: true }).click();
    await b.page.locator('.items li', { hasText: 'De trap' }).getByText(T.balance.notWeighed).waitFor();
    const proposed = (await client.get('/clients/me/balance')).body.find((i) => i.text === 'De trap');
    assert.equal(proposed.weight, undefined, 'stored without a weight');
    assert.equal(proposed.created_by, bert.me.id);
    // Only the plan and the balance: what matters is not his to see.
    await b.page.goto(`${env.server.url}/#/c/${id}/matters`);
    await b.page.getByRole('heading', { level: 1, name: T.shared.notSharedHeading }).waitFor();
    assert.equal(await b.page.getByText(parts.matters).count(), 0);
    await assertAccessible(b.page, `not shared with this member (${lang})`);
    assertClean(b.page);
    await b.context.close();
  });
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];
  test(`${lang}: a second invitation for someone in the network already says what they keep, and changes nothing`, async () => {
    const els = await signUp(env.server.url, { email: email(`twice-els-${lang}`), password: PASSWORD, name: 'Els', language: lang });
    const bob = await signUp(env.server.url, { email: email(`twice-bob-${lang}`), password: PASSWORD, name: 'Bob', language: lang });
    await inviteMember(els, bob, { role: 'naaste', rights: { plan: 'see' } });
    const second = await els.post('/clients/me/invitations', { role: 'buur', valid_days: 7, rights: { plan: 'change', messages: 'see' } });
    assert.equal(second.status, 201);

    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 390, height: 844 } });
    await signInAs(page, env.server, lang, bob.email, 'Bob');
    await page.goto(`${env.server.url}/#/accept/${second.body.code}`);
    await page.getByRole('button', { name: T.accept.look }).click();
    const offer = page.getByRole('region', { name: fill(T.accept.offerHeading, { name: 'Els' }) });
    await offer.getByText(fill(T.accept.alreadyMember, { name: 'Els' })).waitFor();
    await offer.getByText(T.accept.youHold).waitFor();
    assert.equal(await offer.getByRole('button', { name: T.accept.submit }).count(), 0, 'nothing to take');
    await assertAccessible(page, `a second invitation (${lang})`);
    const members = (await els.get('/clients/me/members')).body;
    assert.deepEqual(members.map((m) => [m.name, m.role, m.rights]), [['Bob', 'naaste', { plan: { level: 'see' } }]]);
    assertClean(page);
    await context.close();
  });
}
