import { afterAll, afterEach, beforeEach } from 'vitest';
import { currentGeneration, stopAll, stopStartedAfter } from './processes.ts';

/**
 * Runs before every test file (vitest.config.ts, setupFiles): whatever a test started with
 * tests/helpers/processes.ts is stopped when that test ends, and whatever a hook started (and
 * Chromium, tests/helpers/chromium.ts) when its file ends, even when the test failed or timed
 * out. The tests' own afterAll stops come first; this is the net under them. It imports nothing
 * heavy (no Playwright): it runs before each of the unit project's files too.
 */

let mark = 0;
beforeEach(() => {
  mark = currentGeneration();
});
afterEach(async () => {
  await stopStartedAfter(mark);
});
// Registered before the file's own hooks: with Vitest's 'stack' hook order it runs after them.
afterAll(async () => {
  await stopAll();
});
