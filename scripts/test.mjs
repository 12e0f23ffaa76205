// `npm test`. Every step is a process of its own; they overlap where one leaves a core idle, and the run
// fails when any step fails, after every started step has finished.
//
// 1. The build (`npm run build`, only when dist/ is missing or older than its sources, by the rule of
//    scripts/distStale.mjs that scripts/prepare.mjs applies: `npm ci` and `npm install` have just built
//    it, so CI built the same dist twice), beside the type-check (`npm run typecheck`, about 20 s on one
//    thread). Several tests read dist/, so vitest waits for the build only.
// 2. vitest, beside the rest of the type-check and the package checks that read the built dist/ (`npm
//    run check:package`, publint and attw, about 10 s on one thread; then `npm run check:size`). When
//    vitest waited for the type-check too, that type-check ran alone on one core while the other sat
//    idle (dist/ is up to date after `npm ci`, so there was no build beside it); and the package checks
//    ran alone after vitest. Beside vitest's workers they take their share of both cores. Their output
//    is held and printed after vitest's (the type-check's first), so that none interleaves with another.
// The last line names every step's exit code (`test.mjs: typecheck 0, build 0, vitest 1, ...`).
import { spawn } from 'node:child_process';

const win = process.platform === 'win32';
const npm = win ? 'npm.cmd' : 'npm';

/** Runs a command; resolves to its exit code (and its output when `held`, else it goes to the terminal). */
const run = (command, args, held = false) =>
  new Promise((resolve) => {
    // Windows runs npm.cmd only through a shell; node itself (process.execPath) must not go through
    // one: under "C:\Program Files\nodejs\" cmd.exe would split the path at its space.
    const child = spawn(command, args, { stdio: held ? ['ignore', 'pipe', 'pipe'] : 'inherit', shell: win && command === npm });
    const chunks = [];
    if (held) {
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => chunks.push(c));
    }
    child.on('error', (e) => {
      // A step that could not start (npm not found, ...): say why, held or not.
      if (!held) process.stderr.write(`${String(e)}\n`);
      resolve({ code: 1, output: String(e) });
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString() }));
  });
const failed = (results) => results.some((r) => r.code !== 0);
// Each step's exit code, printed last so that a failure is named at the end of a long log.
const codes = [];

const typecheck = run(npm, ['run', '-s', 'typecheck'], true);
const build = await run(process.execPath, ['scripts/prepare.mjs']);
if (build.code !== 0) {
  const tc = await typecheck;
  process.stdout.write(tc.output);
  codes.push(`typecheck ${tc.code}`, `build ${build.code}`, 'vitest not run');
  process.exitCode = 1;
} else {
  const packageChecks = (async () => {
    const pkg = await run(npm, ['run', '-s', 'check:package'], true);
    if (pkg.code !== 0) return [pkg];
    return [pkg, await run(npm, ['run', '-s', 'check:size'], true)];
  })();
  const vitest = await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run']);
  const tc = await typecheck;
  const checks = await packageChecks;
  for (const c of [tc, ...checks]) process.stdout.write(c.output);
  codes.push(`typecheck ${tc.code}`, `build ${build.code}`, `vitest ${vitest.code}`, `check:package ${checks[0].code}`, checks[1] ? `check:size ${checks[1].code}` : 'check:size not run');
  // exitCode, not process.exit(): an exit now could cut the held output still being written to a pipe.
  process.exitCode = failed([tc, vitest, ...checks]) ? 1 : 0;
}
process.stdout.write(`test.mjs: ${codes.join(', ')}\n`);
