import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The suite's long files, longest first (seconds of wall time each on a quiet 2-core machine, npm test
// of 2026-12-02). Without timings of a previous run (a fresh clone: `npm ci` empties node_modules, where
// vitest caches them), vitest starts the largest files first, and the kernel property, a short file that
// runs for over a minute, started among the last: the suite then ended on one worker running it while
// the others sat idle. These start first on every machine; the rest keep vitest's order (cached
// durations, longest first, else larger files first).
const SLOW_FIRST = [
  'test/kernel/figures.property.test.ts', // 69 s: 20,000 accounts through assess and figures
  'test/package/examples.test.ts', // the examples, each a ts-node child process
  'test/health/healthLimits.test.ts', // 11.6 s
  'test/kernel/check.property.test.ts', // 10.6 s
  'test/trust/runtimes.test.ts', // 10.3 s, child processes
  'test/trust/fuzz.test.ts', // 9.1 s
  'test/package/deriveConformance.test.ts', // 7.2 s
  'test/kernel/kv.test.ts', // 5.8 s
  'test/trust/properties.test.ts', // 5.2 s
  'test/kernel/engineFigures.test.ts', // 5.0 s
  'test/docs/examples.test.ts', // 4.5 s
];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const at = SLOW_FIRST.indexOf(relative(f.project.config.root, f.moduleId).split('\\').join('/'));
      return at < 0 ? SLOW_FIRST.length : at;
    };
    const rest = await super.sort(files);
    // Array.prototype.sort is stable: unlisted files keep vitest's order among themselves.
    return rest.sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The slow adoption checks (a git install of the repository into a scratch project) run in
    // `npm run check:adoption` (vitest.adoption.config.ts), not in `npm test`.
    exclude: ['**/node_modules/**', 'test/**/*.adoption.test.ts'],
    // One module registry per worker, not per file: the library keeps no global state (pure functions,
    // memos keyed by the objects they describe), and re-importing src/ and zod for each of ~80 files
    // cost about a quarter of the suite's CPU time.
    isolate: false,
    // Half again as many workers as cores: several suites wait on child processes (the examples under
    // ts-node, the runtimes, a worker thread), and with one worker per core a core sat idle for about a
    // third of the run (2 cores: 150 s with 2 workers, 121 s with 3).
    maxWorkers: '150%',
    sequence: { sequencer: SlowFirstSequencer },
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
