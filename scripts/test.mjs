// `npm test`. Every step is a process of its own; they overlap where one leaves a core idle, and the run
// fails when any step fails, after every started step has finished.
//
// 1. The type-check (`npm run typecheck`) beside the build (`npm run build`, only when dist/ is missing or
//    older than its sources, by the rule of scripts/distStale.mjs that scripts/prepare.mjs applies:
//    `npm ci` and `npm install` have just built it, so CI built the same dist twice). Each is mostly one thread, so on a 2-core machine they
//    take about 20 s side by side instead of about 30 s one after the other.
// 2. vitest, beside the package checks that read the built dist/ (`npm run check:package`, publint and
//    attw, about 10 s on one thread; then `npm run check:size`). After vitest they ran alone on one core
//    while the other sat idle; beside vitest's workers they take their share of both cores. Their output
//    is held and printed after vitest's, so that neither interleaves with the other.
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

const first = await Promise.all([run(npm, ['run', '-s', 'typecheck']), run(process.execPath, ['scripts/prepare.mjs'])]);
codes.push(`typecheck ${first[0].code}`, `build ${first[1].code}`);
if (failed(first)) {
  codes.push('vitest not run');
  process.exitCode = 1;
} else {
  const packageChecks = (async () => {
    const pkg = await run(npm, ['run', '-s', 'check:package'], true);
    if (pkg.code !== 0) return [pkg];
    return [pkg, await run(npm, ['run', '-s', 'check:size'], true)];
  })();
  const vitest = await run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run']);
  const checks = await packageChecks;
  for (const c of checks) process.stdout.write(c.output);
  codes.push(`vitest ${vitest.code}`, `check:package ${checks[0].code}`, checks[1] ? `check:size ${checks[1].code}` : 'check:size not run');
  // exitCode, not process.exit(): an exit now could cut the held output still being written to a pipe.
  process.exitCode = failed([vitest, ...checks]) ? 1 : 0;
}
process.stdout.write(`test.mjs: ${codes.join(', ')}\n`);
