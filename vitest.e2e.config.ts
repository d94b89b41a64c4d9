import { defineConfig } from 'vitest/config';

// Real-browser suites (Chromium through playwright-core): accessibility, keyboard, no-JS, small
// screens. They start the real built server, so they reuse the build-once global setup.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    // BAKEN_TEST_ENGINE=pg: on PostgreSQL, as the other suites (test/support/engine.ts).
    setupFiles: ['test/support/engine-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
