// Builds the front end into web/dist: one bundled, minified app.js (Preact, uPlot,
// htm and the translations), app.css (uPlot's style sheet, imported by the charts) plus the static
// files of web/public. Fails when the translation files do not have the same keys.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');

function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) =>
    (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

const nl = keys(JSON.parse(readFileSync(join(here, 'i18n', 'nl.json'), 'utf8')));
const en = keys(JSON.parse(readFileSync(join(here, 'i18n', 'en.json'), 'utf8')));
const missing = [...nl.filter((k) => !en.includes(k)).map((k) => `en lacks ${k}`),
  ...en.filter((k) => !nl.includes(k)).map((k) => `nl lacks ${k}`)];
if (missing.length) {
  console.error(`web/build.mjs: translations differ:\n  ${missing.join('\n  ')}`);
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
cpSync(join(here, 'public'), dist, { recursive: true });
try {
  await build({
    entryPoints: [join(here, 'src', 'main.js')],
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    target: ['es2020'],
    outfile: join(dist, 'app.js'),
    logLevel: 'warning',
  });
} catch (e) {
  process.exit(1);
}
console.log(`web/build.mjs: built ${dist} (${nl.length} translated strings)`);
