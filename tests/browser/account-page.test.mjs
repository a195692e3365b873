// My account and "who looked": password change, two-factor login with a QR
// code, the audit table, download, deletion; axe-core on both pages, in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, totp } from './helpers.mjs';


const env = setup();

async function register(page, lang, name, who) {
  const T = texts[lang];
  await page.goto(`${env.server.url}/#/register`);
  await page.getByRole('button', { name: T.tools[lang === 'nl' ? 'dutch' : 'english'], exact: true }).click();
  await page.getByLabel(T.register.name).fill(name);
  await page.getByLabel(T.register.email).fill(who);
  await page.getByLabel(T.register.password, { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: T.register.submit }).click();
  await page.getByRole('heading', { level: 1, name: T.home.hello.replace('{name}', name) }).waitFor();
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];

  test(`${lang}: account and who-looked pages are accessible and show the record of access`, async () => {
    const { context, page } = await openPage(env.browser, env.server);
    await register(page, lang, 'Annie', email(`acc-${lang}`));
    await page.getByRole('link', { name: T.nav.account }).click();
    await page.getByRole('heading', { level: 1, name: T.account.heading }).waitFor();
    await assertAccessible(page, `account (${lang})`);
    await page.getByRole('link', { name: T.nav.audit }).click();
    await page.getByRole('heading', { level: 1, name: T.audit.heading }).waitFor();
    const table = page.getByRole('table', { name: T.audit.caption });
    await table.waitFor();
    // The registration is on record, in words of this language.
    await table.getByText(`${T.actions.create} ${T.categories.account}`).waitFor();
    await assertAccessible(page, `who looked (${lang})`);
    assertClean(page);
    await context.close();
  });
}

test('password change, two-factor login with a QR code, and logging in with a code', async () => {
  const T = texts.en;
  const who = email('tfa');
  const { context, page } = await openPage(env.browser, env.server);
  await register(page, 'en', 'Bert', who);
  await page.getByRole('link', { name: T.nav.account }).click();

  // Change the password (wrong current first).
  await page.getByLabel(T.account.current).fill('not my password at all');
  await page.getByLabel(T.account.new, { exact: true }).fill('a brand new passphrase');
  await page.getByRole('button', { name: T.account.changePassword }).click();
  await page.getByText(T.errors.fields.current_password).waitFor();
  await page.getByLabel(T.account.current).fill(PASSWORD);
  await page.getByRole('button', { name: T.account.changePassword }).click();
  await page.getByRole('status').getByText(T.account.passwordChanged).waitFor();

  // Two-factor: a QR image with an alt text and the key to type, then a code from "the app".
  await page.getByRole('button', { name: T.account.totpStart }).click();
  const qr = page.getByRole('img', { name: T.account.totpQrAlt });
  await qr.waitFor();
  assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml/);
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code renders');
  const secret = (await page.locator('code.secret').textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await page.getByLabel(T.account.totpCode).fill(totp(secret));
  await page.getByRole('button', { name: T.account.totpConfirm }).click();
  await page.getByText(T.account.totpDone).waitFor();
  assert.equal(await page.locator('ul.codes li').count(), 10);
  await page.getByText(T.account.totpOn).waitFor();
  await assertAccessible(page, 'account with two-factor on');

  // Log out and in again: the code is asked for after the password.
  await page.getByRole('button', { name: T.nav.logout }).click();
  await page.getByLabel(T.login.email).fill(who);
  await page.getByLabel(T.login.password).fill('a brand new passphrase');
  await page.getByRole('button', { name: T.login.submit }).click();
  await page.getByRole('alert').getByText(T.errors.totp_required).waitFor();
  // A code from the next 30-second step (accepted for clock drift; the one used to confirm works only once).
  await page.getByLabel(T.login.totp).fill(totp(secret, Date.now() + 30000));
  await page.getByRole('button', { name: T.login.submit }).click();
  await page.getByRole('heading', { level: 1, name: T.home.hello.replace('{name}', 'Bert') }).waitFor();

  // The audit page shows the password change and the logins.
  await page.getByRole('link', { name: T.nav.audit }).click();
  const table = page.getByRole('table', { name: T.audit.caption });
  await table.getByText(`${T.actions.update} ${T.categories.password}`).waitFor();
  await table.getByText(`${T.actions.login} ${T.categories.session}`).first().waitFor();
  assertClean(page);
  await context.close();
});

test('download my data and delete my account', async () => {
  const T = texts.nl;
  const who = email('del');
  const { context, page } = await openPage(env.browser, env.server, { acceptDownloads: true });
  await register(page, 'nl', 'Cor', who);
  await page.getByRole('link', { name: T.nav.account }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: T.account.export }).click()]);
  assert.equal(download.suggestedFilename(), 'roer-export.json');
  const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(data.account.email, who);

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
