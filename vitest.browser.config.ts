import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the real-browser check, apart from `npm test` (it needs Chromium installed).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
