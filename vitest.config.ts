import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The slow adoption checks (a git install of the repository into a scratch project) run in
    // `npm run check:adoption` (vitest.adoption.config.ts), not in `npm test`.
    exclude: ['**/node_modules/**', 'test/**/*.adoption.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
});
