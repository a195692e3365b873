// Shared by the browser tests of a client's network (help requests, the access log, messages):
// people put in a network through the API, signing them in through the page, and the days of
// this week in the words the page uses.
import assert from 'node:assert/strict';
import { texts, login, fill } from './helpers.mjs';

// The client invites `member` (both API Persons of tests/lib/api.mjs) and the member accepts.
// opts: { role, discipline?, rights }.
export async function inviteMember(client, member, opts) {
  const inv = await client.post('/clients/me/invitations', { valid_days: 7, ...opts });
  assert.equal(inv.status, 201, inv.text);
  const ok = await member.post('/invitations/accept', { code: inv.body.code });
  assert.equal(ok.status, 200, ok.text);
}

// Signs in through the login page in `lang` and waits for the home page.
export async function signInAs(page, server, lang, who, name) {
  const T = texts[lang];
  await page.goto(`${server.url}/#/login`);
  await page.getByRole('button', { name: T.tools[lang === 'nl' ? 'dutch' : 'english'], exact: true }).click();
  await login(page, lang, who);
  await page.getByRole('heading', { level: 1, name: fill(T.home.hello, { name }) }).waitFor();
}

// Monday to Sunday of this week, as local Dates at noon (the browser runs in the same time zone).
export function weekDays() {
  const d = new Date();
  d.setHours(12, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return [0, 1, 2, 3, 4, 5, 6].map((i) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + i, 12));
}

export function dayIso(d) {
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

// "maandag 14 december" as the page writes it (the year only when it is not this year's).
export function dayLabel(lang, d) {
  const opts = { weekday: 'long', day: 'numeric', month: 'long' };
  if (d.getFullYear() !== new Date().getFullYear()) opts.year = 'numeric';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'nl-NL', opts).format(d);
}

// A translated sentence with a moment in it ("… op {when}") as a pattern matching any moment.
export function sentencePattern(template, vars) {
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const text = Object.entries(vars).reduce((a, [k, v]) => a.split(`{${k}}`).join(v), template);
  return new RegExp(escape(text).replace(escape('{when}'), '.+'));
}
