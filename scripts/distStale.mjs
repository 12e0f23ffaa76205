// Whether dist/ is a build of the current sources: the one rule of `npm prepare` (scripts/prepare.mjs,
// also the build step of `npm test`) and of the tests that run the built package when a test file runs
// alone (test/helpers/built.ts).
// The rule trusts modification times: sources restored with their old times kept (`tar -x`, `cp -p`,
// `rsync -a`) beside a newer dist/ (a cache restoring dist/) would pass as built. A git checkout writes
// files with the current time and dist/ is not in git, so a clone never meets this; `npm run build`
// always rebuilds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

// One file of each kind a build writes (the CommonJS entry and its declarations, the ESM entry's
// declarations, the ESM tree and its folder's package.json): a build cut short leaves one missing.
const OUTPUTS = ['dist/index.js', 'dist/index.d.ts', 'dist/index.d.mts', 'dist/esm/index.js', 'dist/esm/package.json'];
// What a build reads: the sources; the manifest and the lock (a tsup or typescript bump changes only
// the lock); tsup's and the compiler's configuration.
const INPUTS = ['src', 'package.json', 'package-lock.json', 'tsup.config.ts', 'tsconfig.json'];

/** The newest modification time under `path`, in ms. */
const newest = (path) => {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  // A folder's own time too: deleting or renaming a source file (a branch switch) changes only that.
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
};

/**
 * Why dist/ under the package folder `root` cannot be used as it is (an output missing, or an input
 * modified at or after the oldest output), or undefined when it is a build of the current sources.
 *
 * @param {string} root - the package folder (holding package.json).
 * @returns {string | undefined}
 */
export function distStaleness(root) {
  const missing = OUTPUTS.find((f) => !existsSync(join(root, f)));
  if (missing !== undefined) return `${missing} is missing`;
  const built = Math.min(...OUTPUTS.map((f) => statSync(join(root, f)).mtimeMs));
  // A git install's clone has no lock when the repository has none: what is absent is not read.
  const inputs = INPUTS.filter((f) => existsSync(join(root, f)));
  const changed = inputs.find((f) => newest(join(root, f)) >= built);
  return changed === undefined ? undefined : `dist/ is older than ${changed}`;
}
