// `npm prepare`: builds dist/ so that `npm install git+<url>` gets a working package (dist/ is not
// committed). npm runs `prepare` on every plain `npm install` and `npm ci` here, on `npm pack`, and twice
// on a git install (once inside its own `npm install` of the clone, once before packing it), so it
// builds only when dist/ is missing or older than what it is built from (scripts/distStale.mjs); `npm
// run build` always builds.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { distStaleness } from './distStale.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const why = distStaleness(root);
if (why === undefined) {
  console.log('prepare: dist/ is up to date');
} else {
  console.log(`prepare: ${why}, building`);
  // Windows: npm is npm.cmd, which runs only through a shell.
  const win = process.platform === 'win32';
  execFileSync(win ? 'npm.cmd' : 'npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: win });
}
