// Messages and notifications, in Dutch and in English: a client and a member (invited through the
// API) write to each other from two browsers. New messages and the member's count of new
// notifications come in without reloading (the page's clock is moved on to the next poll); the
// notifications page says what happened and marks it read; once the client takes the right back,
// the member no longer sees the conversation. axe-core on every page visited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, fill } from './helpers.mjs';
import { signUp } from '../lib/api.mjs';
import { signInAs, inviteMember } from './network-helpers.mjs';

const env = setup();

// A browser whose timers the test can move on: the header asks for new notifications every 30
// seconds and an open conversation asks for new messages every 15.
async function browserWithClock() {
  const opened = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
  await opened.page.clock.install();
  return opened;
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];
  const nav = (page) => page.getByRole('navigation', { name: T.nav.label });
  const unreadLink = (page, n) => nav(page).getByRole('link', {
    name: fill(T.notifications.linkLabel, { unread: n === 1 ? T.notifications.unreadOne : fill(T.notifications.unreadMany, { n }) }),
  });

  test(`${lang}: a client and a member exchange messages; notifications; taking the right back`, async () => {
    const els = await signUp(env.server.url, { email: email(`msg-els-${lang}`), password: PASSWORD, name: 'Els', language: lang });
    const anna = await signUp(env.server.url, { email: email(`msg-anna-${lang}`), password: PASSWORD, name: 'Anna', language: lang });
    await inviteMember(els, anna, { role: 'mantelzorger', rights: { messages: 'see', help_requests: 'see' } });
    const annaName = `Anna (${T.roles.mantelzorger})`;

    const a = await browserWithClock();
    const b = await browserWithClock();
    const ep = a.page;
    const ap = b.page;
    await signInAs(ep, env.server, lang, els.email, 'Els');
    await signInAs(ap, env.server, lang, anna.email, 'Anna');
    await nav(ap).getByRole('link', { name: T.nav.notifications, exact: true }).waitFor();

    // Els writes in the conversation with everyone.
    await nav(ep).getByRole('link', { name: T.nav.messages }).click();
    await ep.getByRole('heading', { level: 1, name: T.messages.heading }).waitFor();
    await ep.getByRole('heading', { level: 2, name: T.messages.mine }).waitFor();
    await ep.getByRole('button', { name: fill(T.messages.withYou, { name: annaName }) }).waitFor();
    await assertAccessible(ep, `conversations of the client (${lang})`);
    await ep.getByRole('button', { name: T.messages.everyone }).click();
    await ep.getByRole('heading', { level: 2, name: T.messages.everyone }).waitFor();
    await ep.waitForFunction(() => document.activeElement.id === 'thread-heading'); // focus on the conversation
    await ep.getByText(fill(T.messages.people, { names: `Els, ${annaName}` })).waitFor();
    await ep.getByLabel(T.messages.write).fill('Hallo Anna, kom je dinsdag?');
    await ep.getByRole('button', { name: T.messages.send }).click();
    const elsLog = ep.getByRole('log', { name: fill(T.messages.logLabel, { name: T.messages.everyone }) });
    await elsLog.getByRole('listitem').filter({ hasText: 'Hallo Anna, kom je dinsdag?' }).getByText(T.messages.you, { exact: true }).waitFor();
    await assertAccessible(ep, `a conversation (${lang})`);

    // Anna, on her home page, hears of it at the next poll: no reload, no other page.
    await ap.clock.fastForward(31000);
    await unreadLink(ap, 1).waitFor();
    assert.equal((await ap.locator('.site-header [aria-live="polite"]').textContent()).trim(), T.notifications.unreadOne);
    await assertAccessible(ap, `home with a new notification (${lang})`);
    // Her home page, opened again, says what is new around Els.
    await nav(ap).getByRole('link', { name: T.nav.supporting, exact: true }).click();
    await nav(ap).getByRole('link', { name: T.nav.home, exact: true }).click();
    await ap.getByRole('region', { name: T.home.supported.heading }).getByRole('link', { name: T.home.supported.messageOne }).waitFor();
    await unreadLink(ap, 1).click();
    await ap.getByRole('heading', { level: 1, name: T.notifications.heading }).waitFor();
    const note = ap.getByRole('list', { name: T.notifications.listLabel }).getByRole('listitem').first();
    await note.getByText(fill(T.notifications.kinds.message.byClient, { client: 'Els' })).waitFor();
    await note.getByText(T.notifications.new).waitFor();
    await assertAccessible(ap, `notifications (${lang})`);
    await ap.getByRole('button', { name: T.notifications.readAll }).click();
    await ap.getByRole('status').getByText(T.notifications.allRead).waitFor();
    await nav(ap).getByRole('link', { name: T.nav.notifications, exact: true }).waitFor();
    assert.equal(await note.getByText(T.notifications.new).count(), 0, 'no longer new');

    // To the conversation: new for Anna, Els's message with her name; Anna answers.
    await note.getByRole('link', { name: T.notifications.links.message }).click();
    await ap.getByRole('heading', { level: 2, name: fill(T.messages.ofClient, { name: 'Els' }) }).waitFor();
    const everyone = ap.getByRole('region', { name: fill(T.messages.ofClient, { name: 'Els' }) }).getByRole('button', { name: new RegExp(`^${T.messages.everyone}`) });
    await everyone.getByText(T.messages.unreadOne).waitFor();
    await assertAccessible(ap, `conversations of a member (${lang})`);
    await everyone.click();
    const annaLog = ap.getByRole('log', { name: fill(T.messages.logLabel, { name: T.messages.everyone }) });
    await annaLog.getByRole('listitem').filter({ hasText: 'Hallo Anna, kom je dinsdag?' }).getByText('Els', { exact: true }).waitFor();
    await ap.getByText(fill(T.messages.aboutClient, { name: 'Els' })).waitFor();
    await ap.getByLabel(T.messages.write).fill('Ja, om tien uur.');
    await ap.getByRole('button', { name: T.messages.send }).click();
    await annaLog.getByText('Ja, om tien uur.').waitFor();
    await assertAccessible(ap, `a member in a conversation (${lang})`);

    // Els's open conversation and her header both get it without a reload; oldest at the top.
    await ep.clock.fastForward(31000);
    await elsLog.getByRole('listitem').filter({ hasText: 'Ja, om tien uur.' }).getByText('Anna', { exact: true }).waitFor();
    assert.deepEqual(await elsLog.locator('.message .prose').allTextContents(), ['Hallo Anna, kom je dinsdag?', 'Ja, om tien uur.']);
    // Anna joined her network: still new. Anna's message was read in the open conversation, and so was its notification.
    await unreadLink(ep, 1).waitFor();
    await ep.getByLabel(T.messages.write).fill('Fijn, tot dan!');
    await ep.getByRole('button', { name: T.messages.send }).click();
    await ap.clock.fastForward(16000);
    await annaLog.getByText('Fijn, tot dan!').waitFor();

    // Els takes the messages right back: Anna's open conversation says she is out, and it is gone.
    assert.equal((await els.patch(`/clients/me/members/${anna.me.id}`, { rights: { help_requests: 'see' } })).status, 200);
    await ap.clock.fastForward(16000);
    await ap.getByRole('alert').getByText(T.messages.gone).waitFor();
    assert.equal(await ap.getByLabel(T.messages.write).count(), 0, 'nothing to write in any more');
    await ap.getByRole('button', { name: T.messages.back }).click();
    await ap.getByText(T.messages.none).waitFor();
    await ap.getByRole('heading', { name: fill(T.messages.ofClient, { name: 'Els' }) }).waitFor({ state: 'detached' });
    await ap.reload();
    await ap.getByText(T.messages.none).waitFor();
    assert.equal(await ap.getByRole('heading', { name: fill(T.messages.ofClient, { name: 'Els' }) }).count(), 0, 'not after a reload either');
    await assertAccessible(ap, `conversations after the right was taken back (${lang})`);
    assertClean(ep);
    assertClean(ap);
    await a.context.close();
    await b.context.close();
  });
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];
  test(`${lang}: the client keeps her thread with someone who no longer takes part, as ended`, async () => {
    const els = await signUp(env.server.url, { email: email(`ended-els-${lang}`), password: PASSWORD, name: 'Els', language: lang });
    const bob = await signUp(env.server.url, { email: email(`ended-bob-${lang}`), password: PASSWORD, name: 'Bob', language: lang });
    await inviteMember(els, bob, { role: 'buur', rights: { messages: 'see' } });
    assert.equal((await bob.post(`/clients/${els.me.id}/messages`, { thread: bob.me.id, text: 'Alleen voor jou, Els' })).status, 201);
    assert.equal((await els.patch(`/clients/me/members/${bob.me.id}`, { rights: {} })).status, 200);

    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 390, height: 844 } });
    await signInAs(page, env.server, lang, els.email, 'Els');
    await page.goto(`${env.server.url}/#/messages`);
    await page.getByRole('heading', { level: 1, name: T.messages.heading }).waitFor();
    const thread = page.getByRole('button', { name: new RegExp(`Bob.*${T.messages.ended.replace(/[()]/g, '\\$&')}`) });
    await thread.click();
    await page.getByText('Alleen voor jou, Els').waitFor();
    await page.getByText(fill(T.messages.endedNote, { name: 'Bob' })).waitFor();
    assert.equal(await page.getByLabel(T.messages.write).count(), 0, 'nobody writes in an ended thread');
    await assertAccessible(page, `an ended thread (${lang})`);
    assertClean(page);
    await context.close();
  });
}
