/**
 * Runs several files of examples/ in ONE ts-node process, one after the other, for
 * test/package/examples.test.ts: `node ts-node/dist/bin.js test/package/runExamples.ts FILE [ARGS as JSON] ...`.
 *
 * Why one process: ts-node transpiles src/ (about 1.3 MB of TypeScript) in every process that loads
 * it, about 7 s of CPU each, and the examples spend far less than that on their own work. Four
 * processes (and the worker-pool example's main thread) paid it five times, about a sixth of the CPU
 * of `npm test` on two cores. Here src/ is transpiled once; each example still runs under ts-node from
 * its own file, as `npx ts-node examples/<file>` runs it, with its own `process.argv`.
 *
 * Output: before each example, a line `@@example <file>` on stdout, then what the example prints. An
 * example that throws while its module runs is reported on stderr (`@@failed <file>: <error>`) and the
 * next one runs; the exit code is 1 then. An example that keeps working after its module body returns
 * (the worker pool: an async main) must come last: what it prints later follows its own marker, and a
 * failure it records (process.exitCode, an unhandled rejection) is the process's exit code.
 */
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const args = process.argv.slice(2);
let failed = false;
for (let i = 0; i < args.length; i += 2) {
  const file = args[i]!;
  const extra = JSON.parse(args[i + 1] ?? '[]') as string[];
  const path = join(root, 'examples', file);
  process.argv = [process.argv[0]!, path, ...extra];
  process.stdout.write(`@@example ${file}\n`);
  try {
    require(path);
  } catch (e) {
    failed = true;
    process.stderr.write(`@@failed ${file}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  }
}
if (failed) process.exitCode = 1;
