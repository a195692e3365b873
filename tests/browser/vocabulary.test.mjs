// The pages take the kinds of information and the disciplines from the server
// (GET /api/v1/vocabulary), asked once when the app starts. While that fails the
// page says so, shows no page that would need them, and offers to try again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, texts, openPage } from './helpers.mjs';

const env = setup();

test('without the vocabulary the page says so; trying again brings the page, and it is asked only once', async () => {
  const T = texts.nl;
  const { context, page } = await openPage(env.browser, env.server);
  let asked = 0;
  await page.route('**/api/v1/vocabulary', (route) => {
    asked += 1;
    return asked === 1 ? route.abort() : route.continue();
  });
  await page.goto(`${env.server.url}/#/login`);
  await page.getByRole('alert').getByText(T.errors.network).waitFor();
  assert.equal(await page.locator('main h1').count(), 0, 'no page before the vocabulary is there');
  await page.getByRole('button', { name: T.app.retry, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: T.login.heading, exact: true }).waitFor();
  assert.equal(await page.getByRole('alert').count(), 0, 'the error is gone');
  // Moving between pages asks nothing again.
  await page.goto(`${env.server.url}/#/register`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.goto(`${env.server.url}/#/login`);
  await page.getByRole('heading', { level: 1, name: T.login.heading, exact: true }).waitFor();
  assert.equal(asked, 2);
  await context.close();
});
