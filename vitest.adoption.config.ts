import { defineConfig } from 'vitest/config';

// `npm run check:adoption`: the package as a user installs it (git clone, `npm install git+file://`,
// its `prepare` build, the consumer type matrix, the README's notebook setup). Slow (about 80 s of
// CPU, most of it npm's install), so apart from `npm test`; `.ci/run` runs it after `npm test`.
export default defineConfig({
  test: {
    include: ['test/**/*.adoption.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
  },
});
