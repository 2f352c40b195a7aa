import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Slow stress cases run with `npm run test:stress`.
    exclude: ['test/stress/**', 'node_modules/**'],
    // The 100 MB reply-chain test needs more than the default 5 s on a slow CI machine.
    testTimeout: 60_000,
  },
});
