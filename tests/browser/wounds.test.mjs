// Wounds and their photos, in Dutch and in English: the client adds a wound on #/wounds, sends
// photos as the camera would (a PNG made here), sees them in the wound's timeline (loaded: the
// image has pixels), gets the page's own words when the file is not a photo, marks the wound
// healed, and puts two photos side by side. A member with `photos: see` sees the timeline without
// the forms; one without the right is told it is not shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { setup, texts, openPage, assertClean, assertAccessible, email, PASSWORD, fill, menu, fits320 } from './helpers.mjs';
import { signUp } from '../lib/api.mjs';
import { signInAs, inviteMember } from './network-helpers.mjs';

const env = setup();

// A small RGB PNG of one colour, built here (signature, IHDR, IDAT, IEND with their CRCs).
function png(width, height, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf) => {
    let c = 0xffffffff;
    for (const x of buf) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// Waits until every image in `scope` (a locator) has loaded with pixels, and there are `n` of them.
async function imagesLoaded(page, scope, n) {
  await scope.locator('img').nth(n - 1).waitFor();
  const handle = await scope.elementHandle();
  await page.waitForFunction(([el, count]) => {
    const imgs = [...el.querySelectorAll('img')];
    return imgs.length === count && imgs.every((i) => i.complete && i.naturalWidth > 0);
  }, [handle, n]);
}

// "yyyy-mm-ddThh:mm" of a local time, for a datetime-local field.
function localInput(d) {
  const p = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

for (const lang of ['nl', 'en']) {
  const T = texts[lang];
  const W = T.wounds;
  const WOUND = lang === 'nl' ? 'Wond op linker enkel' : 'Wound on left ankle';

  test(`${lang}: a wound, photos in its timeline, not a photo, healed, side by side; members`, async () => {
    const els = await signUp(env.server.url, { email: email(`wnd-els-${lang}`), password: PASSWORD, name: 'Els', language: lang });
    const anna = await signUp(env.server.url, { email: email(`wnd-anna-${lang}`), password: PASSWORD, name: 'Anna', language: lang });
    const bert = await signUp(env.server.url, { email: email(`wnd-bert-${lang}`), password: PASSWORD, name: 'Bert', language: lang });
    await inviteMember(els, anna, { role: 'mantelzorger', rights: { photos: 'see' } });
    await inviteMember(els, bert, { role: 'mantelzorger', rights: { measurements: 'see' } });
    const { context, page } = await openPage(env.browser, env.server, { viewport: { width: 1000, height: 900 } });
    await signInAs(page, env.server, lang, els.email, 'Els');
    await page.getByRole('navigation', { name: T.nav.label }).getByRole('link', { name: W.nav, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: W.heading }).waitFor();
    const main = page.getByRole('main');
    await main.getByText(W.none, { exact: true }).waitFor();
    await assertAccessible(page, `wounds, none yet (${lang})`);

    await page.getByLabel(W.name).fill(WOUND);
    await page.getByLabel(`${W.note} ${T.common.optional}`).fill('Open plek na val');
    await page.getByRole('button', { name: W.add, exact: true }).click();
    const card = main.locator('li.wound', { hasText: WOUND });
    await card.getByText(W.noPhotos, { exact: true }).waitFor();
    await card.getByText('Open plek na val').waitFor();
    await card.getByText(W.notHealed, { exact: true }).waitFor();

    // Its note changed, and an empty name refused in the page's words.
    await card.getByRole('button', { name: W.edit }).click();
    const edit = card.getByRole('form', { name: fill(W.editLabel, { name: WOUND }) });
    await page.waitForFunction(() => document.activeElement && /^wound-\d+-name$/.test(document.activeElement.id));
    await edit.getByLabel(W.name).fill('');
    await edit.getByRole('button', { name: T.common.save }).click();
    await edit.getByRole('alert').getByText(W.errors.name).waitFor();
    await edit.getByLabel(W.name).fill(WOUND);
    await edit.getByLabel(`${W.note} ${T.common.optional}`).fill('Open plek na een val in de tuin');
    await edit.getByRole('button', { name: T.common.save }).click();
    await card.getByRole('status').getByText(W.changed).waitFor();
    await card.getByText('Open plek na een val in de tuin').waitFor();
    assert.equal(await edit.count(), 0);

    // The timeline, empty, then a photo sent as the camera would.
    await card.getByRole('button', { name: W.show }).click();
    await card.getByText(W.timelineEmpty).waitFor();
    const fileInput = card.getByLabel(W.photo);
    assert.equal(await fileInput.getAttribute('accept'), 'image/jpeg,image/png');
    assert.equal(await fileInput.getAttribute('capture'), 'environment');
    await fileInput.setInputFiles({ name: 'wond.png', mimeType: 'image/png', buffer: png(64, 48, [200, 80, 80]) });
    await card.getByLabel(`${W.photoNote} ${T.common.optional}`).fill('Eerste foto');
    await card.getByRole('button', { name: W.upload }).click();
    await card.getByRole('status').getByText(W.uploaded).waitFor();
    const timeline = card.getByRole('list', { name: fill(W.timelineHeading, { name: WOUND }) });
    await imagesLoaded(page, timeline, 1);
    const alt = await timeline.locator('img').getAttribute('alt');
    assert.ok(alt.startsWith(`${WOUND}, `), `alt text names the wound: ${alt}`);
    await timeline.getByText('Eerste foto').waitFor();
    await card.getByText(W.photoCountOne, { exact: false }).waitFor();
    await assertAccessible(page, `a wound with a photo (${lang})`);

    // A file that is not a photo: the server refuses it (415) and the page says so in its words.
    await fileInput.setInputFiles({ name: 'notitie.txt', mimeType: 'text/plain', buffer: Buffer.from('geen foto') });
    await card.getByRole('button', { name: W.upload }).click();
    await card.getByRole('alert').getByText(W.errors.unsupported_media_type).waitFor();
    assert.equal(await fileInput.getAttribute('aria-invalid'), 'true');
    await assertAccessible(page, `a wound, not a photo (${lang})`);

    // Too large (over the server's 10 MiB): refused (413) before it is read, in the page's words.
    const big = Buffer.concat([png(8, 8, [0, 0, 0]), Buffer.alloc(11 * 1024 * 1024)]);
    await fileInput.setInputFiles({ name: 'groot.png', mimeType: 'image/png', buffer: big });
    await card.getByRole('button', { name: W.upload }).click();
    await card.getByRole('alert').getByText(W.errors.payload_too_large).waitFor();

    // A second photo, taken a day earlier: it comes first in the timeline.
    const earlier = new Date(Date.now() - 24 * 3600 * 1000);
    await fileInput.setInputFiles({ name: 'wond2.png', mimeType: 'image/png', buffer: png(48, 64, [90, 160, 90]) });
    await card.getByLabel(`${W.takenAt} ${T.common.optional}`).fill(localInput(earlier));
    await card.getByRole('button', { name: W.upload }).click();
    await card.getByRole('status').getByText(W.uploaded).waitFor();
    await imagesLoaded(page, timeline, 2);
    await timeline.getByRole('listitem').nth(1).getByText('Eerste foto').waitFor();
    await card.getByText(fill(W.photoCountMany, { n: 2 }), { exact: false }).waitFor();

    // Side by side: the first and the last by default, both loaded; another choice shows it.
    const compare = card.getByRole('region', { name: W.compareHeading });
    const sides = compare.locator('.side-by-side');
    await imagesLoaded(page, sides, 2);
    const first = compare.getByLabel(W.compareFirst);
    const second = compare.getByLabel(W.compareSecond);
    const options = await first.locator('option').allTextContents();
    assert.equal(options.length, 2);
    assert.notEqual(await first.inputValue(), await second.inputValue());
    await second.selectOption({ label: options[0] });
    await page.waitForFunction((el) => {
      const [a, b] = [...el.querySelectorAll('img')];
      return a && b && a.getAttribute('src') === b.getAttribute('src');
    }, await sides.elementHandle());
    await imagesLoaded(page, sides, 2);
    await assertAccessible(page, `two photos side by side (${lang})`);
    await fits320(page, `two photos side by side (${lang})`);

    // The earlier photo removed, after a second yes: one is left, and nothing to compare it with.
    const earliest = timeline.getByRole('listitem').first();
    const date = (await earliest.locator('time').textContent()).trim();
    await earliest.getByRole('button', { name: fill(W.removePhoto, { date }) }).click();
    await earliest.getByText(fill(W.removeConfirm, { date })).waitFor();
    await earliest.getByRole('button', { name: W.removeYes }).click();
    await card.getByRole('status').getByText(W.removed).waitFor();
    await imagesLoaded(page, timeline, 1);
    await card.getByText(W.photoCountOne, { exact: false }).waitFor();
    assert.equal(await compare.count(), 0);

    // Healed, and back.
    await card.getByRole('button', { name: W.markHealed }).click();
    await card.getByText(new RegExp(`^${fill(W.healedOn, { date: 'X' }).replace('X', '.+')}$`)).waitFor();
    await card.getByRole('button', { name: W.markNotHealed }).click();
    await card.getByText(W.notHealed, { exact: true }).waitFor();
    await card.getByRole('button', { name: W.markHealed }).click();
    await card.getByRole('button', { name: W.markNotHealed }).waitFor();
    assertClean(page);
    await context.close();

    // Anna may see the photos: the timeline, without the forms.
    const a = await openPage(env.browser, env.server, { viewport: { width: 360, height: 740 } });
    await signInAs(a.page, env.server, lang, anna.email, 'Anna');
    // She finds them from the people she helps, by the name of the right.
    await (await menu(a.page, lang)).getByRole('link', { name: T.nav.supporting, exact: true }).click();
    await a.page.locator('.supported', { hasText: 'Els' }).getByRole('link', { name: T.network.categories.photos, exact: true }).click();
    await a.page.getByRole('heading', { level: 1, name: fill(W.sharedHeading, { name: 'Els' }) }).waitFor();
    assert.equal(await a.page.evaluate(() => window.location.hash), `#/c/${els.me.id}/wounds`);
    const hers = a.page.getByRole('main').locator('li.wound', { hasText: WOUND });
    await hers.getByRole('button', { name: W.show }).click();
    await imagesLoaded(a.page, hers.getByRole('list', { name: fill(W.timelineHeading, { name: WOUND }) }), 1);
    assert.equal(await hers.getByRole('button', { name: new RegExp(fill(W.removePhoto, { date: '.+' })) }).count(), 0);
    assert.equal(await hers.getByLabel(W.photo).count(), 0, 'no upload with a right to see');
    await hers.getByText(new RegExp(`^${fill(W.healedOn, { date: 'X' }).replace('X', '.+')}$`)).waitFor();
    assert.equal(await hers.getByRole('button', { name: W.markNotHealed }).count(), 0);
    assert.equal(await a.page.getByLabel(W.name).count(), 0, 'no new wound with a right to see');
    await assertAccessible(a.page, `a member's view of the wounds (${lang})`);
    assertClean(a.page);
    await a.context.close();

    // Bert may see measurements, not photos.
    const b = await openPage(env.browser, env.server, { viewport: { width: 360, height: 740 } });
    await signInAs(b.page, env.server, lang, bert.email, 'Bert');
    await b.page.goto(`${env.server.url}/#/c/${els.me.id}/wounds`);
    await b.page.getByRole('heading', { level: 1, name: T.shared.notSharedHeading }).waitFor();
    await b.page.getByText(fill(T.shared.notShared, { name: 'Els' })).waitFor();
    assert.equal(await b.page.locator('img[src*="/wounds/"]').count(), 0);
    assertClean(b.page);
    await b.context.close();
  });
}
