// `npm prepare`: builds dist/ so that `npm install git+<url>` gets a working package (dist/ is not
// committed). npm runs `prepare` on every plain `npm install` and `npm ci` here, on `npm pack`, and twice
// on a git install (once inside its own `npm install` of the clone, once before packing it), so it
// builds only when dist/ is missing or older than a source file or the build configuration; `npm run
// build` always builds.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const outputs = ['dist/index.js', 'dist/index.d.ts', 'dist/esm/index.js', 'dist/esm/package.json'];
const newest = (path) => {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  // A folder's own time too: deleting or renaming a source file (a branch switch) changes only that.
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
};
const builtAt = outputs.every(existsSync) ? Math.min(...outputs.map((f) => statSync(f).mtimeMs)) : -Infinity;
const changedAt = Math.max(...['src', 'package.json', 'tsup.config.ts', 'tsconfig.json'].map(newest));
if (builtAt > changedAt) {
  console.log('prepare: dist/ is up to date');
} else {
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
