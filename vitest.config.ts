import { defineConfig } from 'vitest/config';

// Two projects: pure unit suites run without a build; suites that talk to the real server over
// HTTP get the build-once global setup.
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 180_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/domain/**/*.test.ts', 'test/db/**/*.test.ts', 'test/lib/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'http',
          include: ['test/**/*.test.ts'],
          exclude: ['test/domain/**', 'test/db/**', 'test/lib/**', 'test/e2e/**', 'node_modules/**'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
});
