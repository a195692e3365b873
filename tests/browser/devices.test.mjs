// Devices, in Dutch and in English: the client connects a device on #/devices, sees its code
// (token) once with how to enter it in a glucose uploader, and after a reload only the device;
// the device sends a reading with that code and the list then says when it was last used; the
// device's status (battery, uploader) shows too; the client disconnects it (after a second yes) and the code answers 401 from then on. A member who
// may see measurements sees the list without the forms; one who may not is told it is not shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, fill, fits320 } from './helpers.mjs';
import { signUp, Device } from '../lib/api.mjs';
import { signInAs, inviteMember } from './network-helpers.mjs';

const env = setup();

for (const lang of ['nl', 'en']) {
  const T = texts[lang];
  const D = T.devices;

  test(`${lang}: connect a device, its code once, last used, disconnect`, async () => {
    const els = await signUp(env.server.url, { email: email(`dev-els-${lang}`), password: PASSWORD, name: 'Els', language: lang });
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.server.url });
    await signInAs(page, env.server, lang, els.email, 'Els');
    await page.getByRole('navigation', { name: T.nav.label }).getByRole('link', { name: D.nav, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: D.heading }).waitFor();
    const main = page.getByRole('main');
    await main.getByText(D.none, { exact: true }).waitFor();
    await main.getByRole('checkbox', { name: T.measure.kind.cgm }).waitFor();
    await assertAccessible(page, `devices, none yet (${lang})`);

    // Without anything it may send, it is not connected: the page says what to choose.
    await page.getByLabel(D.name).fill('xDrip+ op mijn telefoon');
    await page.getByRole('button', { name: D.connect }).click();
    await main.getByRole('alert').getByText(D.errors.kinds).waitFor();

    await main.getByRole('checkbox', { name: T.measure.kind.cgm }).check();
    await main.getByRole('checkbox', { name: T.measure.kind.glucose }).check();
    await page.getByRole('button', { name: D.connect }).click();
    const box = main.getByRole('region', { name: fill(D.tokenHeading, { name: 'xDrip+ op mijn telefoon' }) });
    await box.getByText(D.tokenOnce).waitFor();
    const token = (await box.locator('.token code').first().textContent()).trim();
    assert.match(token, /^\S{20,}$/, 'a code is shown');
    // How to enter it in an uploader: the Nightscout address and the code as its secret.
    const origin = new URL(env.server.url).origin;
    await box.getByText(`${origin}/nightscout`, { exact: true }).waitFor();
    const host = new URL(env.server.url).host;
    await box.getByText(`http://${token}@${host}/nightscout/api/v1/`, { exact: true }).waitFor();
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'token-heading');
    await box.getByRole('button', { name: D.copy }).click();
    await box.getByRole('status').getByText(D.copied).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
    const card = main.locator('li.device', { hasText: 'xDrip+ op mijn telefoon' });
    await card.getByText(D.neverUsed, { exact: true }).waitFor();
    await card.getByText(`${T.measure.kind.glucose}, ${T.measure.kind.cgm}`, { exact: true }).waitFor();
    await card.getByText(new RegExp(`^${fill(D.connectedWhen, { who: D.you, date: 'X' }).replace('X', '.+')}$`)).waitFor();
    await assertAccessible(page, `devices, the code shown (${lang})`);
    await fits320(page, `devices, the code shown (${lang})`);

    // After a reload the code is gone for good; the device stays.
    await page.reload();
    await card.getByText(D.neverUsed, { exact: true }).waitFor();
    assert.equal(await main.getByText(D.tokenOnce).count(), 0);
    assert.equal(await main.getByText(token).count(), 0);

    // The device sends a reading with its code; the list says it was used.
    const device = new Device(env.server.url, token);
    const sent = await device.post('/clients/me/measurements', { kind: 'cgm', taken_at: new Date(Date.now() - 60000).toISOString(), value: 6.4 });
    assert.equal(sent.status, 201, sent.text);
    // As an uploader does, it says how it is (Nightscout's device status): its battery and its name.
    const status = await device.post('/nightscout/api/v1/devicestatus', { device: 'xDrip-LimiTTer', uploaderBattery: 87, created_at: new Date().toISOString() });
    assert.equal(status.status, 200, status.text);
    await page.reload();
    await card.getByText(new RegExp(`^${fill(D.battery, { percent: 87 })}, ${fill(D.uploader, { name: 'xDrip-LimiTTer' })} `)).waitFor();
    await card.getByRole('heading', { name: 'xDrip+ op mijn telefoon' }).waitFor();
    await card.getByText(D.neverUsed, { exact: true }).waitFor({ state: 'detached' });
    const used = card.locator('dd').nth(2);
    assert.notEqual((await used.textContent()).trim(), D.neverUsed);

    // Disconnecting asks first, and then the code no longer works.
    await card.getByRole('button', { name: D.disconnect }).click();
    await card.getByText(fill(D.disconnectConfirm, { name: 'xDrip+ op mijn telefoon' })).waitFor();
    await assertAccessible(page, `devices, disconnect asked (${lang})`);
    await card.getByRole('button', { name: fill(D.disconnectYes, { name: 'xDrip+ op mijn telefoon' }) }).click();
    await card.getByText(D.revoked).waitFor();
    await main.getByRole('status').getByText(fill(D.disconnected, { name: 'xDrip+ op mijn telefoon' })).waitFor();
    assert.equal(await card.getByRole('button', { name: D.disconnect }).count(), 0);
    const refused = await device.post('/clients/me/measurements', { kind: 'cgm', taken_at: new Date().toISOString(), value: 6.5 });
    assert.equal(refused.status, 401, refused.text);
    assertClean(page);
    await context.close();
  });

  test(`${lang}: a member sees the devices when measurements are shared, else not`, async () => {
    const els = await signUp(env.server.url, { email: email(`dev-c-${lang}`), password: PASSWORD, name: 'Els', language: lang });
    const anna = await signUp(env.server.url, { email: email(`dev-a-${lang}`), password: PASSWORD, name: 'Anna', language: lang });
    const bert = await signUp(env.server.url, { email: email(`dev-b-${lang}`), password: PASSWORD, name: 'Bert', language: lang });
    await inviteMember(els, anna, { role: 'mantelzorger', rights: { measurements: 'see' } });
    await inviteMember(els, bert, { role: 'buur', rights: { messages: 'see' } });
    const made = await els.post('/clients/me/devices', { name: 'Bloeddrukmeter', kinds: ['blood_pressure'] });
    assert.equal(made.status, 201, made.text);
    const elsId = els.me.id;

    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 360, height: 740 } });
    await signInAs(page, env.server, lang, anna.email, 'Anna');
    await page.goto(`${env.server.url}/#/c/${elsId}/devices`);
    await page.getByRole('heading', { level: 1, name: fill(D.sharedHeading, { name: 'Els' }) }).waitFor();
    const card = page.getByRole('main').locator('li.device', { hasText: 'Bloeddrukmeter' });
    await card.getByText(T.measure.kind.blood_pressure, { exact: true }).waitFor();
    await card.getByText(new RegExp(`^Els, `)).waitFor();
    assert.equal(await card.getByRole('button').count(), 0, 'no disconnecting with a right to see');
    assert.equal(await page.getByLabel(D.name).count(), 0, 'no connecting with a right to see');
    await assertAccessible(page, `a member's view of devices (${lang})`);
    await context.close();

    const other = await openPage(env.browser, env.server, { viewport: { width: 360, height: 740 } });
    await signInAs(other.page, env.server, lang, bert.email, 'Bert');
    await other.page.goto(`${env.server.url}/#/c/${elsId}/devices`);
    await other.page.getByRole('heading', { level: 1, name: T.shared.notSharedHeading }).waitFor();
    await other.page.getByText(fill(T.shared.notShared, { name: 'Els' })).waitFor();
    assertClean(page);
    assertClean(other.page);
    await other.context.close();
  });
}
