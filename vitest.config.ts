import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { SLOW_FIRST } from './test/helpers/slowFirst.js';

// The long files start first (see test/helpers/slowFirst.ts for why and which).
class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      // Matched by the path's end, with either separator: no reading of the project root is needed.
      const id = f.moduleId.replaceAll('\\', '/');
      const at = SLOW_FIRST.findIndex((entry) => id.endsWith(`/${entry}`));
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
    // One module registry per worker, not per file: the library keeps no state that changes a result
    // (pure functions; memos keyed by the objects they describe; single-entry caches, e.g. RECALLED in
    // black76Terms.ts, LAST_POW in shockVol.ts, and KernelTable.spare, that serve only values which are
    // a pure function of their key or are cleared before reuse), and re-importing src/ and zod for
    // each of ~80 files cost about a quarter of the suite's CPU time.
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
