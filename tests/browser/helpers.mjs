// Shared by the browser tests: Debian's Chromium through playwright-core,
// a real server per test file, axe-core for accessibility, and checks that
// the page loads nothing from elsewhere and breaks no policy.
import { readFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import { startServer, repoRoot } from '../lib/server.mjs';

const axeSource = readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

export async function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// env: extra ROER_* settings for this server (ROER_REQUIRE_2FA, …).
export async function start(env = {}) {
  return startServer({ binary: join(repoRoot, 'build', 'roer'), env: { ROER_REGISTRATIONS_PER_HOUR: '1000', ...env } });
}

// A page that records every request to another host and every script error
// or policy violation, for `assertClean`.
export async function openPage(browser, server, options = {}) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, ...options });
  const page = await context.newPage();
  const problems = [];
  const origin = new URL(server.url).origin;
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.push(`request to ${u}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // API refusals (4xx: not signed in, a wrong password) are expected; anything about the policy is not.
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) {
      problems.push(`console: ${m.text()}`);
    }
  });
  page.problems = problems;
  return { context, page };
}

export function assertClean(page) {
  assert.deepEqual(page.problems, [], 'no outside requests, script errors or policy violations');
}

// Fails on any serious or critical axe-core finding on the current page.
export async function assertAccessible(page, what) {
  // Evaluated by the test driver, not as an inline script: the page's CSP rightly forbids those.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id} (${v.impact}): ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [],
    `accessibility of ${what}`);
}

let counter = 0;
export function email(prefix) {
  counter += 1;
  return `${prefix}${counter}-${process.pid}@example.nl`;
}

export const PASSWORD = 'mijn fiets is blauw';

// Registers through the form in the given language and waits for home.
export async function register(page, server, lang, name, who, password = PASSWORD) {
  const T = texts[lang];
  await page.goto(`${server.url}/#/register`);
  await page.getByRole('button', { name: T.tools[lang === 'nl' ? 'dutch' : 'english'], exact: true }).click();
  await page.getByLabel(T.register.name).fill(name);
  await page.getByLabel(T.register.email).fill(who);
  await page.getByLabel(T.register.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: T.register.submit }).click();
}

// Logs in through the form (the page must show the login page).
export async function login(page, lang, who, password = PASSWORD) {
  const T = texts[lang];
  await page.getByLabel(T.login.email).fill(who);
  await page.getByLabel(T.login.password).fill(password);
  await page.getByRole('button', { name: T.login.submit }).click();
}

// On a phone, signed in, the tools and the main menu fold behind the Menu button: this opens it
// when it is folded, so that what is in it can be used, and does nothing where nothing folds (a
// wide screen, or signed out). Call it once the page shows a signed-in page. `lang`: the page's
// language (by default the one it says it speaks).
export async function openMenu(page, lang) {
  const T = texts[lang || await page.evaluate(() => document.documentElement.lang)];
  const button = page.getByRole('button', { name: T.nav.menu, exact: true });
  const tools = page.getByRole('group', { name: T.tools.label });
  await tools.or(button).first().waitFor();
  if (await button.isVisible() && (await button.getAttribute('aria-expanded')) === 'false') {
    await button.click();
    await tools.waitFor();
  }
}

// Clicks `pick(page)`, a control inside the folded menu (a tool, a link), opening the menu first.
// The menu folds again when the page or the person changes; if that happens between opening it and
// the click, the click cannot land: open it again and retry (a few times), rather than wait in vain.
export async function clickInMenu(page, lang, pick) {
  for (let attempt = 1; ; attempt += 1) {
    await openMenu(page, lang);
    try {
      await pick(page).click({ timeout: attempt < 3 ? 5000 : undefined });
      return;
    } catch (e) {
      if (attempt >= 3 || e.name !== 'TimeoutError') throw e;
    }
  }
}

// The main menu (signed in), opened first where it folds.
export async function menu(page, lang) {
  await openMenu(page, lang);
  return page.getByRole('navigation', { name: texts[lang].nav.label });
}

// Fills {name}-style placeholders of a translated string.
export function fill(s, vars) {
  return Object.entries(vars).reduce((a, [k, v]) => a.replace(`{${k}}`, v), s);
}

// RFC 6238 TOTP (SHA-1, 6 digits, 30 s) from a base32 secret, computed here.
export function totp(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const o = mac[mac.length - 1] & 0xf;
  const n = ((mac[o] & 0x7f) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3];
  return String(n % 1000000).padStart(6, '0');
}

// The translation files, so tests find things by the words a person sees in either language.
export const texts = {
  nl: JSON.parse(readFileSync(join(repoRoot, 'web', 'i18n', 'nl.json'), 'utf8')),
  en: JSON.parse(readFileSync(join(repoRoot, 'web', 'i18n', 'en.json'), 'utf8')),
};

// One server and one browser for a test file: env.server and env.browser, set before the tests run.
export function setup(serverEnv = {}) {
  const env = {};
  before(async () => {
    env.server = await start(serverEnv);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser.close();
    await env.server.stop();
  });
  return env;
}

// No sideways scrolling at 320 CSS pixels, with normal and with larger text (WCAG 1.4.10), with
// what the page shows now; the window is put back as it was.
export async function fits320(page, what) {
  const before = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 640 });
  for (const large of [false, true]) {
    const [scroll, width] = await page.evaluate((on) => {
      document.documentElement.classList.toggle('large-text', on);
      return [document.documentElement.scrollWidth, document.documentElement.clientWidth];
    }, large);
    assert.ok(scroll <= width, `${what}${large ? ', larger text' : ''}: no sideways scrolling at 320px (${scroll} > ${width})`);
  }
  await page.evaluate(() => document.documentElement.classList.remove('large-text'));
  await page.setViewportSize(before);
}
