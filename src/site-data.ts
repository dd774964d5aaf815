import { loadSiteData, type LoadResult } from './lib/load/load-site-data.ts';

/**
 * One validated load of data/ per build process, shared by the build script, the content
 * loader and the pages. Validating once matters at group scale (tens of thousands of rows),
 * and pages read the rows from here rather than from the content store, because Astro 5
 * inlines the whole store into the server bundle as JavaScript: with 50,000 problems that
 * alone cost 15 s of bundling. The collections carry the small, schema-checked index.
 */

const KEY = Symbol.for('inspection-report.site-data');
const holder = globalThis as { [KEY]?: Promise<LoadResult> };

export function siteData(root = process.cwd()): Promise<LoadResult> {
  holder[KEY] ??= loadSiteData({ root, dataDir: process.env.DATA_DIR });
  return holder[KEY];
}

/** Hands an already validated load to the build that follows in this process. */
export function provideSiteData(result: LoadResult): void {
  holder[KEY] = Promise.resolve(result);
}

/** Data or templates changed (astro dev): the next request loads again. */
export function forgetSiteData(): void {
  delete holder[KEY];
}
