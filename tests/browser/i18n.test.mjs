// Static checks of the front end (no browser needed): the two translation
// files have the same keys and placeholders, every key the code asks for
// exists, every error code and audit word of the API and every word of the
// server's vocabulary (`roer vocabulary`) has a translation, and the page
// holds nothing the server's content policy or the repository's rules forbid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../lib/server.mjs';

const web = join(repoRoot, 'web');
const nl = JSON.parse(readFileSync(join(web, 'i18n', 'nl.json'), 'utf8'));
const en = JSON.parse(readFileSync(join(web, 'i18n', 'en.json'), 'utf8'));
const api = readFileSync(join(repoRoot, 'docs', 'api.md'), 'utf8');
// The access categories and disciplines as the server has them: read from the binary, not from a copy.
const roer = process.env.ROER_BIN || join(repoRoot, 'build', 'roer');
const vocabulary = JSON.parse(execFileSync(roer, ['vocabulary'], { encoding: 'utf8' }));

function flat(obj, prefix = '') {
  return Object.fromEntries(Object.entries(obj).flatMap(([k, v]) =>
    (v && typeof v === 'object' ? Object.entries(flat(v, `${prefix}${k}.`)) : [[`${prefix}${k}`, v]])));
}
const NL = flat(nl);
const EN = flat(en);

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));
}
const code = sources(join(web, 'src')).map((f) => [f, readFileSync(f, 'utf8')]);

test('nl.json and en.json have exactly the same keys, non-empty, with the same placeholders', () => {
  assert.deepEqual(Object.keys(EN).filter((k) => !(k in NL)), [], 'keys only in en.json');
  assert.deepEqual(Object.keys(NL).filter((k) => !(k in EN)), [], 'keys only in nl.json');
  const holes = (s) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(NL)) {
    assert.equal(typeof NL[k], 'string', `nl ${k} is text`);
    assert.ok(NL[k].trim() && String(EN[k]).trim(), `${k} is not empty`);
    assert.deepEqual(holes(EN[k]), holes(NL[k]), `placeholders of ${k}`);
  }
});

test('every translation key the code names exists', () => {
  const missing = [];
  for (const [file, src] of code) {
    for (const m of src.matchAll(/\bt\(\s*'([\w.]+)'/g)) if (!(m[1] in NL)) missing.push(`${file}: ${m[1]}`);
  }
  assert.deepEqual(missing, []);
});

test('every page of the router has its title in both languages', () => {
  const main = readFileSync(join(web, 'src', 'main.js'), 'utf8');
  const pages = [...main.matchAll(/^\s*'(\/[\w-]*)': \['([\w.]+)'/gm)].map((m) => [m[1], m[2]]);
  assert.ok(pages.some(([route]) => route === '/triage'), 'the page list of main.js found, the triage page in it');
  const missing = pages.filter(([, key]) => !(`titles.${key}` in NL || key in NL) || !(`titles.${key}` in EN || key in EN));
  assert.deepEqual(missing, []);
});

test('every error code, audit action and outcome of the API has a translation', () => {
  const codes = [...api.matchAll(/^\s*\| \d{3} \| `(\w+)` \|/gm)].map((m) => m[1]);
  assert.ok(codes.length >= 15, 'error table found in docs/api.md');
  const extra = [...api.matchAll(/`?\d{3} `?(invitation_\w+)`/g)].map((m) => m[1]);
  for (const c of [...codes, ...extra, 'network']) assert.ok(`errors.${c}` in NL, `errors.${c}`);
  const actions = api.match(/`action` is one of ([^;]+);/)[1].match(/`(\w+)`/g).map((s) => s.slice(1, -1));
  for (const a of actions) assert.ok(`actions.${a}` in NL, `actions.${a}`);
  for (const o of ['success', 'denied', 'failure']) assert.ok(`outcomes.${o}` in NL, `outcomes.${o}`);
  // The access log says each row in a sentence: one per action (the words for each category come from
  // the binary's vocabulary, in the next test).
  for (const a of actions) assert.ok(`audit.done.${a}` in NL, `audit.done.${a}`);
});

test('every access category and discipline of the server has its words in both languages', () => {
  assert.ok(vocabulary.categories.length > 0 && vocabulary.disciplines.length > 0, 'roer vocabulary lists them');
  const keys = [
    // The access log says what each row was about.
    ...vocabulary.categories.map((c) => `audit.what.${c.name}`),
    // The network's pages name what a client can share, and say what each one holds.
    ...vocabulary.categories.filter((c) => c.shareable).flatMap((c) => [`network.categories.${c.name}`, `network.about.${c.name}`]),
    // A professional's discipline, in a plan's action and as a role in the network.
    ...vocabulary.disciplines.flatMap((d) => [`plan.disciplines.${d}`, `roles.disciplines.${d}`]),
  ];
  const missing = keys.flatMap((k) => [[NL, 'nl'], [EN, 'en']].filter(([table]) => typeof table[k] !== 'string' || !table[k].trim())
    .map(([, lang]) => `${lang}: ${k}`));
  assert.deepEqual(missing, [], 'translations missing for words of `roer vocabulary`');
});

test('index.html: Dutch, one module script, a stylesheet, a note without JavaScript, nothing inline', () => {
  const page = readFileSync(join(web, 'public', 'index.html'), 'utf8');
  assert.match(page, /<html lang="nl">/);
  assert.deepEqual(page.match(/<script\b[^>]*>/g), ['<script type="module" src="/app.js">']);
  assert.match(page, /<link rel="stylesheet" href="\/styles.css">/);
  assert.match(page, /<noscript>[^<]+<\/noscript>/);
  assert.doesNotMatch(page, /<style|style=|\son[a-z]+=|https?:\/\//i);
});

test('the code renders only through Preact: no HTML strings, no eval, no inline styles, nothing from elsewhere', () => {
  const bad = /\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write|\beval\(|new Function\(|\bstyle=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/;
  const found = code.filter(([, src]) => bad.test(src)).map(([f, src]) => `${f}: ${src.match(bad)[0]}`);
  assert.deepEqual(found, []);
});
