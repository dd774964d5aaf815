/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

/**
 * Three projects: `unit` tests the core and builds nothing (seconds: `npm run test:unit`);
 * `build` builds sites and checks their files; `browser` opens them in Chromium. The build and
 * browser projects share one build of the sample site (tests/global-setup.ts).
 */
export default getViteConfig({
  test: {
    projects: [
      // The fuzzer and the 50 MB file take a few seconds alone, longer beside the build tests in CI.
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        extends: true,
        test: {
          name: 'build',
          include: ['tests/build/**/*.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
          // Build tests start Astro: give them room on a 2-core machine.
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
