// Starts a real roer server for a test file: a fresh data directory and a
// random port, and on stop checks that it shut down cleanly and that the
// sanitizers reported nothing. Shared by the API and browser suites.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const SANITIZER_REPORT = /ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer/;

// startServer({ env, binary, dataDir }) -> { url, port, dataDir, stop(), kill(), restart(), output() }
// env: extra ROER_* settings. dataDir: reuse a directory (for restart tests).
export async function startServer(options = {}) {
  const binary = options.binary || process.env.ROER_BIN || join(repoRoot, 'build', 'asan', 'roer');
  const dataDir = options.dataDir || mkdtempSync(join(tmpdir(), 'roer-test-'));
  const ownsDataDir = !options.dataDir;
  const env = {
    ...process.env,
    ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:halt_on_error=1:exitcode=86',
    UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1:exitcode=87',
    ROER_WEB: join(repoRoot, 'web', 'dist'),
    ...(options.env || {}),
  };
  const child = spawn(binary, ['serve', '--listen', '127.0.0.1:0', '--data', dataDir], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));

  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 15000);
    const onData = () => {
      const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => { clearTimeout(timer); reject(new Error(`server exited early:\n${out}`)); });
  });

  const server = {
    port,
    url: `http://127.0.0.1:${port}`,
    dataDir,
    output: () => out,
    // Graceful stop: SIGTERM, then require exit code 0 and no sanitizer report.
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const { code, signal } = await exited;
      if (ownsDataDir && !options.keepData) rmSync(dataDir, { recursive: true, force: true });
      if (SANITIZER_REPORT.test(out)) throw new Error(`sanitizer report:\n${out}`);
      if (code !== 0) throw new Error(`server exited with ${code ?? signal}:\n${out}`);
    },
    // Hard kill (crash tests): no clean-up, data directory kept.
    async kill() {
      child.kill('SIGKILL');
      await exited;
      if (SANITIZER_REPORT.test(out)) throw new Error(`sanitizer report:\n${out}`);
    },
  };
  return server;
}
