// The slow-first list of vitest.config.ts's sequencer, here so that a test can check its paths (test/package/slowFirst.test.ts).
// The suite's long files, longest first (seconds of wall time each on a quiet 2-core machine, npm test
// of 2026-12-02). Without timings of a previous run (a fresh clone: `npm ci` empties node_modules, where
// vitest caches them), vitest starts the largest files first, and the kernel property, a short file that
// runs for over a minute, started among the last: the suite then ended on one worker running it while
// the others sat idle. These start first on every machine; the rest keep vitest's order (cached
// durations, longest first, else larger files first).
export const SLOW_FIRST: readonly string[] = [
  'test/package/examples.test.ts', // the examples, in one ts-node child process (about 30 s of CPU)
  // The kernel property (over 20,000 accounts through assess and figures), in three parts of about 16 s of CPU each.
  'test/kernel/figures.property.test.ts',
  'test/kernel/figures.property.part2.test.ts',
  'test/kernel/figures.property.part3.test.ts',
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
