import { defineConfig } from 'vitest/config';

/** The slow stress cases: `npm run test:stress` (CI runs it after `npm test`). */
export default defineConfig({
  test: {
    include: ['test/stress/**/*.test.ts'],
    testTimeout: 600_000,
    fileParallelism: false,
  },
});
