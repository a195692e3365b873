// A representative, in Dutch and in English: what the client may do, they may do for the client
// from "Mensen die ik help": the plan (with its forms), the network, help requests and the access
// log, each naming whose it is; and what they do is on the client's log as done on her behalf.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, fill } from './helpers.mjs';
import { signUp } from '../lib/api.mjs';
import { signInAs, inviteMember } from './network-helpers.mjs';

const env = setup();

for (const lang of ['nl', 'en']) {
  const T = texts[lang];

  test(`${lang}: a representative manages the client's plan, network, help requests and reads her log`, async () => {
    const els = await signUp(env.server.url, { email: email(`rep-client-${lang}`), password: PASSWORD, name: 'Els', language: lang });
    const rita = await signUp(env.server.url, { email: email(`rep-rita-${lang}`), password: PASSWORD, name: 'Rita', language: lang });
    const anna = await signUp(env.server.url, { email: email(`rep-anna-${lang}`), password: PASSWORD, name: 'Anna', language: lang });
    const mandateEnd = new Date(Date.now() + 60 * 86400e3).toISOString().slice(0, 10);
    await inviteMember(els, rita, { role: 'vertegenwoordiger', rights: {}, acts_on_behalf: true, until: mandateEnd });
    await inviteMember(els, anna, { role: 'mantelzorger', rights: { help_requests: 'see' } });
    assert.equal((await els.post('/clients/me/goals', { text: 'Thuis blijven wonen' })).status, 201);

    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    await signInAs(page, env.server, lang, rita.email, 'Rita');
    await page.goto(`${env.server.url}/#/supporting`);
    await page.getByRole('heading', { level: 1, name: T.supporting.heading }).waitFor();
    await page.getByText(fill(T.supporting.onBehalf, { name: 'Els' })).waitFor();
    await assertAccessible(page, `supporting, representative (${lang})`);

    // The plan, with its forms: a representative may change what the client may.
    await page.getByRole('link', { name: fill(T.supporting.behalf.plan, { name: 'Els' }) }).click();
    await page.getByRole('heading', { level: 1, name: fill(T.shared.headings.plan, { name: 'Els' }) }).waitFor();
    await page.getByText('Thuis blijven wonen').first().waitFor();
    assert.ok(await page.getByRole('button', { name: T.plan.addGoal }).count() > 0, 'the forms are there');
    await assertAccessible(page, `plan for Els (${lang})`);

    // The network of the client: Anna is there, with what she may do.
    await page.goto(`${env.server.url}/#/supporting`);
    await page.getByRole('link', { name: fill(T.supporting.behalf.network, { name: 'Els' }) }).click();
    await page.getByRole('heading', { level: 1, name: fill(T.network.headingOf, { name: 'Els' }) }).waitFor();
    await page.locator('.members').getByText('Anna').first().waitFor();
    await page.getByRole('heading', { name: T.network.invite }).waitFor();
    // Her own rights are the client's to change (she may leave), and she cannot appoint a representative.
    const ritaRow = page.locator('.members li', { has: page.getByRole('heading', { name: 'Rita' }) });
    await ritaRow.getByText(fill(T.network.clientOnly, { client: 'Els' })).waitFor();
    assert.equal(await ritaRow.getByRole('button', { name: T.network.editRights }).count(), 0);
    assert.equal(await ritaRow.getByRole('button', { name: T.network.remove }).count(), 1);
    const annaRow = page.locator('.members li', { has: page.getByRole('heading', { name: 'Anna' }) });
    assert.equal(await annaRow.getByRole('button', { name: T.network.editRights }).count(), 1);
    await page.getByRole('radio', { name: T.network.roleChoice.naaste }).waitFor();
    assert.equal(await page.getByRole('radio', { name: T.network.roleChoice.vertegenwoordiger }).count(), 0);
    // What she gives ends no later than her own mandate: the form says so.
    const endText = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'long' })
      .format(new Date(`${mandateEnd}T12:00:00Z`));
    await page.getByText(fill(T.network.untilMandate, { date: endText })).waitFor();
    await assertAccessible(page, `network of Els (${lang})`);

    // A help request for the client.
    await page.goto(`${env.server.url}/#/supporting`);
    await page.getByRole('link', { name: fill(T.supporting.behalf.help, { name: 'Els' }) }).click();
    await page.getByRole('heading', { level: 1, name: fill(T.help.headingOf, { name: 'Els' }) }).waitFor();
    await page.getByLabel(T.help.text).fill('Naar de kapper brengen');
    await page.getByLabel(T.help.day).fill(new Date(Date.now() + 2 * 86400e3).toISOString().slice(0, 10));
    await page.getByRole('button', { name: T.help.ask, exact: true }).click();
    await page.getByRole('status').getByText(T.help.sent).waitFor();
    await assertAccessible(page, `help for Els (${lang})`);
    const asked = (await els.get('/clients/me/help-requests')).body;
    assert.ok(asked.some((h) => h.text === 'Naar de kapper brengen' && h.created_by === rita.me.id), 'asked by Rita, in Els\'s record');

    // The client's access log, read by the representative: Rita's request is there, on behalf.
    await page.goto(`${env.server.url}/#/supporting`);
    await page.getByRole('link', { name: fill(T.supporting.behalf.log, { name: 'Els' }) }).click();
    await page.getByRole('heading', { level: 1, name: fill(T.audit.headingOf, { name: 'Els' }) }).waitFor();
    await page.locator('.access-log li').first().waitFor();
    assert.ok(await page.locator('.access-log li', { hasText: 'Rita' }).count() > 0);
    await assertAccessible(page, `access log of Els (${lang})`);
    const log = (await els.get(`/clients/me/audit?actor=${rita.me.id}&limit=100`)).body.items;
    assert.ok(log.some((a) => a.category === 'help_requests' && a.action === 'create' && a.on_behalf));

    // Someone who is not a representative gets none of this.
    const { context: c2, page: p2 } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    await signInAs(p2, env.server, lang, anna.email, 'Anna');
    await p2.goto(`${env.server.url}/#/c/${els.me.id}/network`);
    await p2.getByRole('heading', { level: 1, name: T.shared.notSharedHeading }).waitFor();
    assert.equal(await p2.locator('.members').count(), 0);
    await assertAccessible(p2, `network not shared (${lang})`);
    assertClean(page);
    assertClean(p2);
    await context.close();
    await c2.close();
  });
}
