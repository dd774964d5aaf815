import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSite } from './helpers/build-site.ts';
import { settles, stopAll } from './helpers/processes.ts';

/**
 * Builds the sample site once per test run, under a sub-path as the intranet serves it, for
 * the build and browser projects. Each project runs this setup; the first to claim the
 * directory builds, the other waits for its result, so the site is built once.
 */

export const SITE_BASE = '/reports/';
/** Overdue problems are judged on this day, so the built figures do not change with the calendar. */
export const REPORT_DATE = '2026-11-24';
/**
 * A hang guard, not a budget: the sample build takes about 10 s on a quiet 2-core machine.
 * Global setups run in Vitest's main process, outside any test's time-out.
 */
const BUILD_LIMIT_MS = 10 * 60_000;

declare module 'vitest' {
  export interface ProvidedContext {
    siteDir: string;
    siteBase: string;
  }
}

export default async function setup(project: TestProject) {
  // Global setups run in Vitest's main process: its pid names this run's build.
  const work = path.join(tmpdir(), `inspection-site-${process.pid}`);
  const siteDir = path.join(work, 'dist');
  const outcome = path.join(work, 'outcome.json');
  let claimed = true;
  try {
    mkdirSync(work);
  } catch {
    claimed = false;
  }
  if (claimed) {
    process.once('exit', () => rmSync(work, { recursive: true, force: true }));
    // Asynchronous: the main process must keep answering its workers meanwhile.
    const building = buildSite({ OUT_DIR: siteDir, BASE_PATH: SITE_BASE, REPORT_DATE });
    if (!(await settles(building, BUILD_LIMIT_MS))) {
      await stopAll();
      throw new Error(`the sample site was not built within ${BUILD_LIMIT_MS / 60_000} minutes`);
    }
    writeFileSync(outcome, JSON.stringify(await building));
  }
  for (const deadline = Date.now() + BUILD_LIMIT_MS; !existsSync(outcome);) {
    if (Date.now() > deadline) throw new Error(`the sample site was not built within ${BUILD_LIMIT_MS / 60_000} minutes`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const run: { status: number | null; output: string } = JSON.parse(readFileSync(outcome, 'utf8'));
  if (run.status !== 0) throw new Error(`building the sample site failed:\n${run.output}`);
  project.provide('siteDir', siteDir);
  project.provide('siteBase', SITE_BASE);
}
