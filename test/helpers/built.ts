import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { distStaleness as staleness } from '../../scripts/distStale.mjs';

/**
 * The built package (dist/) for the tests that run it: the runtimes check and the packed-tarball
 * consumer check. `npm test` runs `npm prepare` before vitest, which builds dist only when it is
 * stale (scripts/distStale.mjs: `npm ci` has just built it), so dist is fresh and nothing happens here.
 * A test file run alone (`npx vitest run test/trust/runtimes.test.ts`) builds dist itself when it is
 * stale by the same rule (missing, or older than anything it is built from), and fails loudly when the
 * build fails: never a silent skip, never a check of a stale build.
 */
export const ROOT = join(__dirname, '..', '..');
export const DIST = join(ROOT, 'dist');
// Two test files may need dist at once (vitest runs files in parallel): one builds, the other waits.
const LOCK = join(ROOT, 'node_modules', '.cache', 'portfolio-margin-build.lock');
const LOCK_WAIT_MS = 5 * 60_000;

/** Why dist cannot be used as it is, or undefined when it is a build of the current sources (the rule of scripts/distStale.mjs, `npm prepare`'s). */
export function distStaleness(): string | undefined {
  return staleness(ROOT);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Makes sure dist/ is a build of the current sources (see the file comment); throws if it cannot. */
export function ensureBuilt(): void {
  if (distStaleness() === undefined) return;
  mkdirSync(join(LOCK, '..'), { recursive: true });
  const start = Date.now();
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (e) {
      // Only "the lock exists" means another build holds it; any other failure (no permission, a
      // read-only disk) is itself the error.
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
      // Another test file is building; a lock older than the wait bound is left over from a killed run.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > LOCK_WAIT_MS) rmdirSync(LOCK);
      else if (Date.now() - start > LOCK_WAIT_MS) throw new Error(`waited ${LOCK_WAIT_MS / 1000} s for another build (${LOCK})`);
      sleep(250);
    }
  }
  try {
    const why = distStaleness();
    if (why === undefined) return; // built by the file that held the lock
    try {
      // Windows: npm is npm.cmd, which runs only through a shell.
      const win = process.platform === 'win32';
      execFileSync(win ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe', encoding: 'utf8', shell: win });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      throw new Error(`${why}, and \`npm run build\` failed:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
    const still = distStaleness();
    if (still !== undefined) throw new Error(`\`npm run build\` ran but ${still}`);
  } finally {
    rmdirSync(LOCK);
  }
}
