// An installation that requires two-factor login for everyone: after
// registering, the person is sent to the set-up on the account page with an
// explanation, cannot go elsewhere until it is done, sees the recovery codes
// once, and then reaches home. In Dutch and in English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, texts, openPage, assertClean, assertAccessible, email, totp, register, fill, menu } from './helpers.mjs';

const env = setup({ ROER_REQUIRE_2FA: 'everyone' });

for (const lang of ['nl', 'en']) {
  const T = texts[lang];

  test(`${lang}: two-factor login required: set it up first, then home`, async () => {
    const { context, page } = await openPage(env.browser, env.server);
    await register(page, env.server, lang, 'Dirk', email(`enrol-${lang}`));
    await page.getByRole('heading', { level: 1, name: T.account.heading }).waitFor();
    await page.getByText(T.account.totpRequired).waitFor();
    assert.match(page.url(), /#\/account$/);
    await assertAccessible(page, `account, set-up required (${lang})`);

    // Home is not there yet: the address goes back to the set-up.
    await (await menu(page, lang)).getByRole('link', { name: T.nav.home }).click();
    await page.waitForURL(/#\/account$/);
    await page.getByText(T.account.totpRequired).waitFor();

    await page.getByRole('button', { name: T.account.totpStart }).click();
    await page.getByRole('img', { name: T.account.totpQrAlt }).waitFor();
    const secret = (await page.locator('code.secret').textContent()).trim();
    await page.getByLabel(T.account.totpCode).fill(totp(secret));
    await page.getByRole('button', { name: T.account.totpConfirm }).click();
    // The recovery codes stay on screen after the requirement is met.
    await page.getByText(T.account.totpDone).waitFor();
    assert.equal(await page.locator('ul.codes li').count(), 10);
    await page.getByText(T.account.totpRequired).waitFor({ state: 'detached' });
    assert.equal(await page.locator('ul.codes li').count(), 10);

    await (await menu(page, lang)).getByRole('link', { name: T.nav.home }).click();
    await page.getByRole('heading', { level: 1, name: fill(T.home.hello, { name: 'Dirk' }) }).waitFor();
    assertClean(page);
    await context.close();
  });
}
