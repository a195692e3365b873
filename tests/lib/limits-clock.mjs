// The clock the server's rate limits and login throttling count on, held still for a test (the
// sanitizer build's ROER_TEST_LIMITS_CLOCK_FILE) and moved on by the test itself: a check made
// right after a failure is right after it however busy the machine is, and a wait is a move of
// the clock instead of a sleep. Pass `env` to startServer; call `later(seconds)` to move it on
// and `remove()` when done.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function limitsClock() {
  const dir = mkdtempSync(join(tmpdir(), 'roer-limits-clock-'));
  const file = join(dir, 'ms');
  let ms = 1_000_000_000; // any start; the server's table only compares times on this clock
  writeFileSync(file, String(ms));
  return {
    env: { ROER_TEST_LIMITS_CLOCK_FILE: file },
    later(seconds) { ms += Math.round(seconds * 1000); writeFileSync(file, String(ms)); },
    remove() { rmSync(dir, { recursive: true, force: true }); },
  };
}
