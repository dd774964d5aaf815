import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSite } from './helpers/build-site.ts';

/** Builds the sample site once, under a sub-path as the intranet serves it, for the build and browser tests. */

export const SITE_BASE = '/reports/';
/** Overdue problems are judged on this day, so the built figures do not change with the calendar. */
export const REPORT_DATE = '2026-11-24';

declare module 'vitest' {
  export interface ProvidedContext {
    siteDir: string;
    siteBase: string;
  }
}

export default function setup(project: TestProject) {
  const work = mkdtempSync(path.join(tmpdir(), 'inspection-site-'));
  const siteDir = path.join(work, 'dist');
  const run = buildSite({ OUT_DIR: siteDir, BASE_PATH: SITE_BASE, REPORT_DATE });
  if (run.status !== 0) throw new Error(`building the sample site failed:\n${run.output}`);
  project.provide('siteDir', siteDir);
  project.provide('siteBase', SITE_BASE);
  return () => rmSync(work, { recursive: true, force: true });
}
