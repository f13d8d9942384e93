import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once, so tests that run the pmap binary never see a stale build.
    globalSetup: ['test/support/build-once.ts'],
    // Tests start servers on 127.0.0.1 and may start an in-process PGlite,
    // which takes a few seconds on first use.
    testTimeout: 60_000,
    // Ink renders only a final frame when it detects CI (the CI variable), and
    // the terminal tests drive its interactive views, so they run as outside CI.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
    hookTimeout: 120_000,
  },
});
