// My account and "who looked", in Dutch and in English: the access log with
// the registration and the login, a password change, two-factor login with a
// QR code (then logging in with a code and with a recovery code), download of
// my data and deletion of the account; axe-core on both pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, totp, register, login, fill, menu } from './helpers.mjs';
import { sentencePattern } from './network-helpers.mjs';

const env = setup();

for (const lang of ['nl', 'en']) {
  const T = texts[lang];
  const home = (name) => ({ level: 1, name: fill(T.home.hello, { name }) });

  test(`${lang}: account and who-looked pages are accessible and show the registration and the login`, async () => {
    const { context, page } = await openPage(env.browser, env.server);
    const who = email(`acc-${lang}`);
    await register(page, env.server, lang, 'Annie', who);
    await page.getByRole('heading', home('Annie')).waitFor();
    await (await menu(page, lang)).getByRole('link', { name: T.nav.account }).click();
    await page.getByRole('heading', { level: 1, name: T.account.heading }).waitFor();
    await page.waitForFunction((t) => document.title.startsWith(`${t} – `), T.titles.account);
    await assertAccessible(page, `account (${lang})`);

    // Log out and in again, so that a login is on record.
    await (await menu(page, lang)).getByRole('button', { name: T.nav.logout }).click();
    await page.getByRole('heading', { level: 1, name: T.login.heading }).waitFor();
    await login(page, lang, who);
    await page.getByRole('heading', home('Annie')).waitFor();

    await (await menu(page, lang)).getByRole('link', { name: T.nav.audit }).click();
    await page.getByRole('heading', { level: 1, name: T.audit.heading }).waitFor();
    await page.waitForFunction((t) => document.title.startsWith(`${t} – `), T.titles.audit);
    // At first only what others did, and nobody else has looked; then my own doings too.
    await page.getByText(T.audit.empty).waitFor();
    await page.getByLabel(T.audit.others).uncheck();
    await page.getByRole('button', { name: T.audit.filter }).click();
    const list = page.getByRole('list', { name: T.audit.listHeading });
    const created = sentencePattern(T.audit.special.createdAccount, { who: T.audit.you });
    // In words of this language: the registration and the login.
    await list.getByText(created).waitFor();
    await list.getByText(sentencePattern(T.audit.done.login, { who: T.audit.you })).first().waitFor();
    // Newest first, dates in this language's format.
    const times = await list.locator('time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
    assert.ok(times.length >= 2);
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    const shown = await list.locator('time').first().textContent();
    const expected = new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { day: 'numeric', month: 'long' }).format(new Date(times[0]));
    assert.ok(shown.includes(expected), `date "${shown}" in ${lang} format ("${expected}")`);
    await assertAccessible(page, `who looked (${lang})`);

    // More than one page of rows (each change of my name is on the log; my own looks are not): "load more"
    // adds the older ones.
    await page.evaluate(async () => {
      const me = await (await fetch('/api/v1/me')).json();
      const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token };
      for (let i = 0; i < 55; i++) await fetch('/api/v1/me', { method: 'PATCH', headers, body: JSON.stringify({ name: me.name }) });
    });
    await page.getByRole('button', { name: T.audit.filter }).click();
    await list.getByRole('listitem').nth(49).waitFor();
    const firstPage = await list.getByRole('listitem').count();
    await page.getByRole('button', { name: T.audit.more }).click();
    await list.getByText(created).waitFor();
    assert.ok(await list.getByRole('listitem').count() > firstPage, 'older rows added');
    const all = await list.locator('time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
    assert.deepEqual(all, [...all].sort().reverse(), 'still newest first');

    // The period filter: a period in the past shows nothing, today's shows the rows again.
    await page.getByLabel(T.audit.from).fill('2001-01-01');
    await page.getByLabel(T.audit.to).fill('2001-12-31');
    await page.getByRole('button', { name: T.audit.filter }).click();
    await page.getByText(T.audit.empty).waitFor();
    const today = new Date().toISOString().slice(0, 10);
    await page.getByLabel(T.audit.from).fill(today);
    await page.getByLabel(T.audit.to).fill(today);
    await page.getByRole('button', { name: T.audit.filter }).click();
    await list.getByText(sentencePattern(T.audit.done.update, { who: T.audit.you, what: T.audit.what.account })).first().waitFor();
    assertClean(page);
    await context.close();
  });

  test(`${lang}: password change, two-factor login with a QR code, logging in with a code and a recovery code`, async () => {
    const who = email(`tfa-${lang}`);
    const NEW = lang === 'nl' ? 'een gloednieuw wachtwoord' : 'a brand new passphrase';
    const { context, page } = await openPage(env.browser, env.server);
    await register(page, env.server, lang, 'Bert', who);
    await page.getByRole('heading', home('Bert')).waitFor();
    await (await menu(page, lang)).getByRole('link', { name: T.nav.account }).click();

    // Change the password (wrong current first: the translated message next to the field).
    await page.getByLabel(T.account.current).fill('not my password at all');
    await page.getByLabel(T.account.new, { exact: true }).fill(NEW);
    await page.getByRole('button', { name: T.account.changePassword }).click();
    await page.getByRole('alert').getByText(T.errors.invalid_credentials).waitFor();
    await page.getByLabel(T.account.current).fill(PASSWORD);
    await page.getByRole('button', { name: T.account.changePassword }).click();
    await page.getByRole('status').getByText(T.account.passwordChanged).waitFor();

    // Two-factor: a QR image with an alt text and the key to type, then a code from "the app".
    await page.getByRole('button', { name: T.account.totpStart }).click();
    const qr = page.getByRole('img', { name: T.account.totpQrAlt });
    await qr.waitFor();
    assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml;charset=utf-8,/);
    assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code renders');
    await assertAccessible(page, `two-factor set-up with the QR code (${lang})`);
    const secret = (await page.locator('code.secret').textContent()).trim();
    assert.match(secret, /^[A-Z2-7]+=*$/);
    // A wrong code first.
    await page.getByLabel(T.account.totpCode).fill('000000' === totp(secret) ? '111111' : '000000');
    await page.getByRole('button', { name: T.account.totpConfirm }).click();
    await page.getByRole('alert').getByText(T.errors.invalid_totp).waitFor();
    await page.getByLabel(T.account.totpCode).fill(totp(secret));
    await page.getByRole('button', { name: T.account.totpConfirm }).click();
    await page.getByText(T.account.totpDone).waitFor();
    const codes = await page.locator('ul.codes li').allTextContents();
    assert.equal(codes.length, 10);
    await page.getByText(T.account.totpOn).waitFor();
    await assertAccessible(page, `account with two-factor on (${lang})`);

    // Log out and in again: the code is asked for after the password.
    await (await menu(page, lang)).getByRole('button', { name: T.nav.logout }).click();
    await login(page, lang, who, NEW);
    await page.getByRole('alert').getByText(T.errors.totp_required).waitFor();
    await assertAccessible(page, `login asking for a code (${lang})`);
    // A code from the next 30-second step (accepted for clock drift; the one used to confirm works only once).
    await page.getByLabel(T.login.totp).fill(totp(secret, Date.now() + 30000));
    await page.getByRole('button', { name: T.login.submit }).click();
    await page.getByRole('heading', home('Bert')).waitFor();

    // And once more with a recovery code instead.
    await (await menu(page, lang)).getByRole('button', { name: T.nav.logout }).click();
    await login(page, lang, who, NEW);
    await page.getByRole('alert').getByText(T.errors.totp_required).waitFor();
    await page.getByRole('button', { name: T.login.useRecovery }).click();
    await page.waitForFunction(() => document.activeElement.id === 'login-code');
    await page.getByLabel(T.login.recovery).fill(codes[0].trim());
    await page.getByRole('button', { name: T.login.submit }).click();
    await page.getByRole('heading', home('Bert')).waitFor();

    // The access log shows the password change and the logins, with my own doings asked for.
    await (await menu(page, lang)).getByRole('link', { name: T.nav.audit }).click();
    await page.getByLabel(T.audit.others).uncheck();
    await page.getByRole('button', { name: T.audit.filter }).click();
    const list = page.getByRole('list', { name: T.audit.listHeading });
    await list.getByText(sentencePattern(T.audit.special.changedPassword, { who: T.audit.you })).first().waitFor();
    await list.getByText(sentencePattern(T.audit.done.login, { who: T.audit.you })).first().waitFor();
    assertClean(page);
    await context.close();
  });

  test(`${lang}: download my data and delete my account`, async () => {
    const who = email(`del-${lang}`);
    const { context, page } = await openPage(env.browser, env.server, { acceptDownloads: true });
    await register(page, env.server, lang, 'Cor', who);
    await page.getByRole('heading', home('Cor')).waitFor();
    await (await menu(page, lang)).getByRole('link', { name: T.nav.account }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: T.account.export }).click()]);
    assert.equal(download.suggestedFilename(), 'roer-export.json');
    const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(data.account.email, who);
    await page.getByRole('status').getByText(T.account.exported).waitFor();

    // A confirmation step: nothing happens until the password is given; cancelling goes back.
    await page.getByRole('button', { name: T.account.deleteStart }).click();
    await page.getByText(T.account.deleteConfirm).waitFor();
    // Before erasing, the page says what stays in others' "who looked" lists, and why.
    await page.getByText(T.account.deleteRemains).waitFor();
    await page.getByRole('button', { name: T.account.cancel }).click();
    await page.getByText(T.account.deleteConfirm).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: T.account.deleteStart }).click();
    await page.getByLabel(T.account.password, { exact: true }).fill('wrong password here');
    await page.getByRole('button', { name: T.account.delete, exact: true }).click();
    await page.getByRole('alert').getByText(T.errors.invalid_credentials).waitFor();
    await page.getByLabel(T.account.password, { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: T.account.delete, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: T.register.heading }).waitFor();
    // The account is gone: logging in fails.
    const status = await page.evaluate(async (body) => (await fetch('/api/v1/auth/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body,
    })).status, JSON.stringify({ email: who, password: PASSWORD }));
    assert.equal(status, 401);
    assertClean(page);
    await context.close();
  });
}
