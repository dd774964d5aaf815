/// <reference types="vitest/config" />
import { availableParallelism } from 'node:os';
import { getViteConfig } from 'astro/config';

/**
 * Four projects: `unit` tests the pure core: no files, git, child processes, workers or network,
 * and never the data in data/ (`npm run test:unit`, one worker per core since it starts no
 * processes: about 12 s on 2 cores); `loader` tests what reads data
 * folders, runs git or the template sandbox, on temporary copies (`npm run test:loader`); `build` builds
 * sites and checks their files; `browser` opens them in Chromium and publishes to nginx. The
 * build and browser projects share one build of the sample site (tests/global-setup.ts).
 *
 * Chosen for the 2-core machines of developers and CI, and to pass there while other work runs
 * beside the tests, not only on a quiet machine:
 *
 * - pool 'forks': every test file runs in a child process of Vitest's own. Whatever a test does
 *   to its process (runs out of heap, overflows the stack, hangs in a synchronous loop) ends
 *   that child, which Vitest reports, and never the runner itself, as a worker thread's fatal
 *   out-of-memory error would.
 * - one worker per two cores (1 on 2 cores): most build and browser tests spawn a process that
 *   takes a core of its own (an Astro build, `npm run pdf`, a push whose hook builds, Chromium),
 *   and Vitest's main process needs CPU to answer its workers' RPC within birpc's 60 s (its
 *   `Timeout calling "onTaskUpdate"` is a starved or blocked event loop). Tests never block a
 *   worker's event loop for long either: they start such processes asynchronously
 *   (tests/helpers/processes.ts).
 * - time-outs of at least ten times the slowest test or hook of the project on a quiet 2-core
 *   machine (measured figures beside each): three busy processes beside a run slow it down about
 *   three times; a time-out is there to end a hang, not to time a slow machine.
 */
const workers = Math.max(1, Math.floor(availableParallelism() / 2));

export default getViteConfig({
  test: {
    pool: 'forks',
    maxWorkers: workers,
    minWorkers: 1,
    // Stops what a test started (servers, builds, Chromium) when it ends, even when it fails.
    setupFiles: ['tests/helpers/setup.ts'],
    // A worker's last file stops its children within a few seconds (GRACE_MS, then SIGKILL).
    teardownTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // Slowest quiet: the fuzzer's files and the 50 MB file, about 4 s each.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'loader',
          include: ['tests/loader/**/*.test.ts'],
          // Reads and writes data folders, runs git and the template sandbox's children. Slowest
          // quiet: the fuzzer's files and the 50 MB file, about 4 s each.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'build',
          include: ['tests/build/**/*.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
          // Slowest quiet: a test in Chromium, 11 s; a beforeAll that builds a site, 6 s.
          testTimeout: 150_000,
          hookTimeout: 150_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
          // Slowest: two pushes that print PDFs, 33 s quiet (47 s busy), a publishing attack 49 s
          // busy; `npm run pdf` of the samples in a beforeAll, 30 s busy.
          testTimeout: 400_000,
          hookTimeout: 500_000,
        },
      },
    ],
  },
});
