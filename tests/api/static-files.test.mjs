// Static files come only from inside the web folder: a symlinked folder
// (or file) in it that leads elsewhere is not followed out of it, while a
// link that stays inside still works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';

let server;
let web;
let outside;
before(async () => {
  web = mkdtempSync(join(tmpdir(), 'roer-web-'));
  outside = mkdtempSync(join(tmpdir(), 'roer-outside-'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>Roer</title>');
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(outside, 'secret.txt'), 'health data');
  symlinkSync(outside, join(web, 'leak'));                       // a folder leading out
  symlinkSync(join(outside, 'secret.txt'), join(web, 'file.txt')); // a file leading out
  symlinkSync(join(web, 'assets'), join(web, 'inside'));         // a folder that stays inside
  server = await startServer({ env: { ROER_WEB: web } });
});
after(async () => {
  await server.stop();
  rmSync(web, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const get = async (path) => {
  const r = await fetch(server.url + path);
  return { status: r.status, text: await r.text() };
};

test('a symlink that leads out of the web folder is not followed', async () => {
  for (const path of ['/leak/secret.txt', '/file.txt']) {
    const r = await get(path);
    assert.equal(r.status, 404, `${path}: ${r.text}`);
    assert.ok(!r.text.includes('health data'), `${path} leaks the file outside`);
  }
});

test('files inside the web folder are served, also through a link that stays inside', async () => {
  assert.equal((await get('/')).status, 200);
  assert.equal((await get('/assets/app.js')).text, 'export {};');
  assert.equal((await get('/inside/app.js')).text, 'export {};');
  assert.equal((await get('/assets/none.js')).status, 404);
});
