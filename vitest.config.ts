import { defineConfig } from 'vitest/config';

// Suites that start the real built server (test/site, test/http, *-http.test.ts) get the
// build-once global setup; everything else runs in-process without a build.
const SERVER_SUITES = ['test/site/**/*.test.ts', 'test/http/**/*.test.ts', 'test/**/*-http.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 180_000,
    // BAKEN_TEST_ENGINE=pg: the same suite on PostgreSQL (test/support/engine.ts).
    setupFiles: ['test/support/engine-setup.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...SERVER_SUITES, 'test/e2e/**', 'node_modules/**'] } },
      { extends: true, test: { name: 'http', include: SERVER_SUITES, globalSetup: ['test/support/global-setup.ts'] } },
    ],
  },
});
