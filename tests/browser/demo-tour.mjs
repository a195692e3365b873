// The demo of `roer demo` on a server of its own (Els, the client, and her daughter Marieke, a
// member of her network), and a tour of every page each of them has: for each page its heading
// and what shows once its data has come, so that a test checks a page only when it is complete.
// Shared by the browser tests that look at every page (narrow screens, translations, the menu).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, after } from 'node:test';
import { startServer, repoRoot } from '../lib/server.mjs';
import { launch, texts, fill, login, openMenu } from './helpers.mjs';

const roer = join(repoRoot, 'build', 'roer');

export const ELS = { email: 'demo@roer.example', name: 'Els Jansen (demo)' };
export const MARIEKE = { email: 'demo-mantelzorger@roer.example', name: 'Marieke Jansen (demo)' };
export const DEMO_PASSWORD = 'roer demo 2026';

// One demo server and one browser for a test file: env.server, env.browser and env.els (Els's id),
// set before the tests run. `sql`: statements run on the store after the demo is made and before
// the server starts (to give it data an older version of Roer left, say).
export function setupDemo({ sql } = {}) {
  const env = {};
  before(async () => {
    env.dataDir = mkdtempSync(join(tmpdir(), 'roer-demo-'));
    execFileSync(roer, ['demo', '--data', env.dataDir], { stdio: 'ignore' });
    const db = join(env.dataDir, 'roer.sqlite3');
    if (sql) execFileSync('sqlite3', [db, sql]);
    env.els = Number(execFileSync('sqlite3', [db, `SELECT id FROM users WHERE email = '${ELS.email}'`], { encoding: 'utf8' }).trim());
    env.server = await startServer({ binary: roer, dataDir: env.dataDir });
    env.browser = await launch();
  });
  after(async () => {
    await env.browser.close();
    await env.server.stop();
    rmSync(env.dataDir, { recursive: true, force: true });
  });
  return env;
}

// Signs `who` (ELS or MARIEKE) in through the login page, switches the page to `lang` (which the
// account remembers: the page speaks the account's language after signing in), and waits for home.
export async function signInDemo(page, server, lang, who) {
  const home = (l) => page.getByRole('heading', { level: 1, name: fill(texts[l].home.hello, { name: who.name }), exact: true });
  await page.goto(`${server.url}/#/login`);
  await page.getByRole('button', { name: texts.nl.tools.dutch, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: texts.nl.login.heading }).waitFor();
  await login(page, 'nl', who.email, DEMO_PASSWORD);
  await home('nl').or(home('en')).waitFor();
  await openMenu(page);
  await page.getByRole('button', { name: texts[lang].tools[lang === 'nl' ? 'dutch' : 'english'], exact: true }).click();
  await home(lang).waitFor();
  // Folded again where it folds, as on arrival.
  const open = page.locator('.menu-button[aria-expanded="true"]');
  if (await open.count()) {
    await open.click();
    await page.locator('.menu-button[aria-expanded="false"]').waitFor();
  }
}

// The pages before signing in: [route, h1, what shows when ready].
export function signedOutTour(lang) {
  const T = texts[lang];
  return [
    ['/login', T.login.heading, (p) => [p.getByLabel(T.login.email)]],
    ['/register', T.register.heading, (p) => [p.getByLabel(T.register.name)]],
  ];
}

// Every page of `who` (ELS or MARIEKE) in `lang`: [route, h1, page -> locators that show when the
// page's data has come]. `els`: Els's id, for the pages of her record that Marieke sees.
export function tour(lang, who, els) {
  const T = texts[lang];
  const main = (p) => p.getByRole('main');
  const text = (s) => (p) => main(p).getByText(s, { exact: false }).first();
  const accessLog = (p) => main(p).getByRole('list', { name: T.audit.listHeading }).or(main(p).getByText(T.audit.empty, { exact: true }));
  const notifications = (p) => main(p).getByRole('list', { name: T.notifications.listLabel }).or(main(p).getByText(T.notifications.empty, { exact: true }));
  const threads = (p) => main(p).locator('.thread-button').first();
  if (who === ELS) {
    return [
      ['/', fill(T.home.hello, { name: ELS.name }), (p) => [text('Elke ochtend wegen')(p), text('Wegen gaat goed')(p),
        main(p).getByRole('img', { name: T.domainsPage.chartTitle })]],
      ['/start', T.start.heading, (p) => [main(p).locator('.step.done').nth(2)]],
      ['/matters', T.matters.heading, (p) => [text('Muziek van vroeger')(p)]],
      ['/domains', T.domainsPage.heading, (p) => [text('Wegen helpt me op tijd te bellen')(p),
        main(p).getByRole('img', { name: T.domainsPage.chartTitle })]],
      ['/balance', T.balance.heading, (p) => [text('Mijn geloof en de kerk')(p), text('Het is in balans zolang')(p),
        main(p).getByRole('table', { name: T.balance.historyCaption })]],
      ['/plan', T.plan.heading, (p) => [text('Elke avond even beeldbellen')(p),
        main(p).locator('.goal', { hasText: 'Traplopen is zwaar door mijn hart' })]],
      ['/checkin', T.checkin.heading, (p) => [text('Fijne week, Henk kwam')(p), main(p).getByRole('group', { name: T.checkin.wentWell })]],
      ['/decisions', T.decisions.heading, (p) => [text('Wil ik een alarmknop om mijn hals?')(p)]],
      ['/ahead', T.ahead.heading, (p) => [text('Mijn wilsverklaring ligt in de blauwe map')(p)]],
      ['/summary', `${T.summary.heading}: ${ELS.name}`, (p) => [text('Muziek van vroeger')(p),
        text('Marieke (mijn dochter) belt elke dag')(p), text('Elke ochtend wegen')(p)]],
      // Her morning blood pressure, pulse and weight: the chart's figures, the form and her range.
      ['/measurements', T.measure.title, (p) => [main(p).getByLabel(T.measure.choose.kind), text(T.measure.facts.heading)(p),
        main(p).getByRole('button', { name: T.measure.target.save })]],
      ['/devices', T.devices.heading, (p) => [text(T.devices.none)(p), main(p).getByRole('checkbox', { name: T.measure.kind.cgm })]],
      ['/wounds', T.wounds.heading, (p) => [text(T.wounds.none)(p)]],
      // Her alerts: none open; the call for help Marieke took up and closed; her rules; nobody on duty.
      ['/alerts', T.alerts.title, (p) => [text(T.alerts.noneOpen)(p), text('Gebeld en even langs geweest')(p),
        text(T.alerts.duty.none)(p)]],
      ['/network', T.network.heading, (p) => [main(p).locator('.member', { hasText: MARIEKE.name }), text(T.network.noOpen)(p)]],
      ['/supporting', T.supporting.heading, (p) => [text(T.supporting.none)(p)]],
      // Nobody's network has her in it: an empty triage list.
      ['/triage', T.triage.heading, (p) => [main(p).getByRole('status').getByText(fill(T.triage.countMany, { n: 0 }), { exact: true })]],
      ['/accept', T.accept.heading, (p) => [main(p).getByLabel(T.accept.code)]],
      ['/access-log', T.audit.heading, (p) => [main(p).locator('.access-log li', { hasText: MARIEKE.name }).first()]],
      ['/help', T.help.heading, (p) => [text('Rijden naar de cardioloog')(p)]],
      ['/notifications', T.notifications.heading, (p) => [notifications(p)]],
      ['/messages', T.messages.heading, (p) => [threads(p)]],
      ['/account', T.account.heading, (p) => [text(ELS.email)(p)]],
    ];
  }
  const shared = (part) => fill(T.shared.headings[part], { name: ELS.name });
  const notShared = (p) => [text(fill(T.shared.notShared, { name: ELS.name }))(p)];
  const loaded = () => [];
  return [
    ['/', fill(T.home.hello, { name: MARIEKE.name }), (p) => [main(p).locator('.card', { hasText: ELS.name }).getByRole('link').nth(1)]],
    // What Els shares with her: what matters, the plan, the check-ins and her measurements (to see); not her wounds.
    [`/c/${els}/matters`, shared('matters'), (p) => [text('Muziek van vroeger')(p), text('Ik ben Els, 78 jaar')(p)]],
    [`/c/${els}/domains`, T.shared.notSharedHeading, notShared],
    [`/c/${els}/balance`, T.shared.notSharedHeading, notShared],
    [`/c/${els}/plan`, shared('plan'), (p) => [text('Elke avond even beeldbellen')(p), main(p).locator('.goal').nth(1)]],
    [`/c/${els}/checkin`, shared('checkin'), (p) => [text('Fijne week, Henk kwam')(p)]],
    [`/c/${els}/decisions`, T.shared.notSharedHeading, notShared],
    [`/c/${els}/ahead`, T.shared.notSharedHeading, notShared],
    [`/c/${els}/measurements`, fill(T.measure.sharedHeading, { name: ELS.name }), (p) => [text(T.measure.facts.heading)(p)]],
    [`/c/${els}/devices`, fill(T.devices.sharedHeading, { name: ELS.name }), (p) => [text(T.devices.none)(p)]],
    [`/c/${els}/wounds`, T.shared.notSharedHeading, notShared],
    // Marieke receives her mother's alerts: the call for help she took up and closed.
    [`/c/${els}/alerts`, fill(T.alerts.sharedHeading, { name: ELS.name }), (p) => [text('Gebeld en even langs geweest')(p)]],
    // What only a representative does: she is none.
    [`/c/${els}/network`, T.shared.notSharedHeading, notShared],
    [`/c/${els}/help`, T.shared.notSharedHeading, notShared],
    [`/c/${els}/log`, T.shared.notSharedHeading, notShared],
    // Her own pages: her own record is empty.
    ['/start', T.start.heading, loaded],
    ['/matters', T.matters.heading, (p) => [main(p).getByLabel(T.matters.questions.who_am_i)]],
    ['/domains', T.domainsPage.heading, loaded],
    ['/balance', T.balance.heading, loaded],
    ['/plan', T.plan.heading, loaded],
    ['/checkin', T.checkin.heading, loaded],
    ['/decisions', T.decisions.heading, loaded],
    ['/ahead', T.ahead.heading, (p) => [main(p).getByLabel(T.ahead.whatMatters)]],
    ['/summary', `${T.summary.heading}: ${MARIEKE.name}`, loaded],
    ['/measurements', T.measure.title, (p) => [text(T.measure.chart.none)(p)]],
    ['/devices', T.devices.heading, (p) => [text(T.devices.none)(p)]],
    ['/wounds', T.wounds.heading, (p) => [text(T.wounds.none)(p)]],
    ['/alerts', T.alerts.title, (p) => [text(T.alerts.noneOpen)(p), text(T.alerts.rules.none)(p)]],
    ['/network', T.network.heading, (p) => [text(T.network.noMembers)(p)]],
    ['/supporting', T.supporting.heading, (p) => [main(p).locator('.supported', { hasText: ELS.name })]],
    // Her mother, in the triage list, without reasons: nothing she shares with Marieke counts there.
    ['/triage', T.triage.heading, (p) => [main(p).locator('.triage-row', { hasText: ELS.name }).getByText(T.triage.nothing)]],
    ['/accept', T.accept.heading, (p) => [main(p).getByLabel(T.accept.code)]],
    ['/access-log', T.audit.heading, (p) => [accessLog(p)]],
    ['/help', T.help.heading, (p) => [text('Rijden naar de cardioloog')(p)]],
    ['/notifications', T.notifications.heading, (p) => [notifications(p)]],
    ['/messages', T.messages.heading, (p) => [threads(p)]],
    ['/account', T.account.heading, (p) => [text(MARIEKE.email)(p)]],
  ];
}

// Goes to `route` and waits for its h1 and for everything `ready` names, and until nothing in
// the page says it is still loading. Another page's h1 may have the same words ("not shared with
// you"): the one of the page before must be gone first (each page is drawn anew, h1 and all).
export async function visit(page, server, lang, [route, h1, ready]) {
  const T = texts[lang];
  const here = await page.evaluate(() => window.location.hash.replace(/^#/, '') || '/');
  const before = here === route ? null : await page.$('main h1');
  await page.goto(`${server.url}/#${route}`);
  if (before) await page.waitForFunction((el) => !el.isConnected, before);
  await page.getByRole('heading', { level: 1, name: h1, exact: true }).waitFor();
  for (const l of ready(page)) await l.waitFor();
  await page.getByRole('main').getByText(T.app.loading, { exact: true }).waitFor({ state: 'detached' });
}
