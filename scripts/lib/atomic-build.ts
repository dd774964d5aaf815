import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'astro';
import { siteConfig } from '../../src/integration.ts';
import { DataError, formatIssues, sortIssues } from '../../src/lib/errors.ts';
import { siteDownloads } from '../../src/lib/export/downloads.ts';
import { loadSiteData, type LoadResult } from '../../src/lib/load/load-site-data.ts';
import { displayPath, type Settings } from '../../src/lib/settings.ts';
import type { Edition } from '../../src/lib/site-snapshot.ts';
import { readProvenance, type Provenance } from '../../src/lib/history/provenance.ts';
import { errorCode, identity, isCompleteSite, recoverLeftovers, reportRecovery, swapIn, targetOutcome } from './directory-swap.ts';
import { describeSearchIndex, startSearchIndex, type SearchIndexRun } from './search/search-index.ts';
import { moveDownloads, writeDownloadsInWorkers } from './write-downloads.ts';

/**
 * Runs a build: validates data/, builds the site into a staging directory (Astro's pages, and
 * beside them the downloads, written from the same declaration the dev server serves), lets the
 * caller add to it (the PDFs), and only when all of that succeeded swaps it in for the target
 * (scripts/lib/directory-swap.ts). A failed build leaves the last good site exactly as it was.
 */

export interface AtomicBuildOptions {
  /** Where the data is, and where the site goes (outDir). */
  settings: Settings;
  /**
   * Runs once the data is valid, before the site is built, in the run's work directory; the
   * PDFs it returns are linked from their pages, and `afterBuild` must put them in place.
   */
  beforeBuild?: (loaded: LoadResult, work: string, provenance: Provenance) => Promise<{ pdfLinks: readonly string[] }>;
  /** Runs on the finished staging directory before it is published. */
  afterBuild?: (staging: string, loaded: LoadResult) => Promise<void>;
}

export async function atomicBuild({ settings, beforeBuild, afterBuild }: AtomicBuildOptions): Promise<boolean> {
  const { root, outDir: target } = settings;
  // Each build gets its own work directory inside the project: Astro writes its server bundle
  // next to an outDir outside the project, and its content store into cacheDir, so builds
  // sharing those (a test run, two CI jobs) would read each other's data.
  const work = path.join(root, '.staging', String(process.pid));
  const staging = path.join(work, 'site');
  reportRecovery(await recoverLeftovers(target, root), target, root);
  // What the target is now: a failure is reported by comparing with it, not by assuming.
  const before = await identity(target);
  let search: SearchIndexRun | undefined;
  try {
    // Validate first: data errors are reported plainly, without a build log around them.
    const loaded = await loadSiteData(settings);
    // The one place a build prints data warnings (Astro's integration is handed `loaded` and
    // prints nothing), in reading order as `npm run check` prints them.
    if (loaded.warnings.length > 0) console.warn(formatIssues(sortIssues(loaded.warnings)));
    await mkdir(work, { recursive: true });
    // Read from git once per command, for both editions of the site.
    const provenance = readProvenance(root, settings.dataDir, loaded.data.campaigns);
    const { pdfLinks } = (await beforeBuild?.(loaded, work, provenance)) ?? { pdfLinks: [] };
    // The downloads are not pages: they are written beside Astro's pages while it builds them
    // (src/lib/export/downloads.ts), instead of going through its route pipeline.
    const site = {
      units: loaded.data.units,
      campaigns: loaded.data.campaigns,
      reportDate: settings.reportDate,
      siteTitle: settings.siteTitle,
      commits: provenance.commits,
    };
    const downloads = siteDownloads(site);
    // The site search's records come from the same data: Pagefind indexes them in its own process
    // while the pages are built, and writes the index once they are (search/search-index.ts).
    search = startSearchIndex(loaded.data);
    const started = performance.now();
    const [, written] = await Promise.all([
      buildEdition({ settings, loaded, pdfLinks, provenance, outDir: staging, work, edition: 'web' }),
      // Into a folder of their own (Astro may empty its outDir as it starts), moved in after.
      writeDownloadsInWorkers(settings.root, site, path.join(work, 'downloads'), work),
    ]);
    await moveDownloads(downloads, path.join(work, 'downloads'), staging);
    console.log(
      `已写出 ${written.files} 个下载文件，共 ${(written.bytes / 2 ** 20).toFixed(1)} MB（在工作线程中与页面同时生成，共用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒）。`,
    );
    if (!(await isCompleteSite(staging))) throw new Error(`the build wrote no index.html into ${staging}`);
    // The site search's index into the finished site, its links checked against the built pages.
    const indexRun = search;
    search = undefined;
    console.log(describeSearchIndex(await indexRun.finish(staging)));
    await afterBuild?.(staging, loaded);
    const { leftover } = await swapIn(staging, target);
    if (leftover) {
      console.warn(`⚠ 旧版网站 ${displayPath({ root }, leftover.path)}/ 未能删除（${errorCode(leftover.error)}），可手动删除；下次运行时会再试。`);
    }
    return true;
  } catch (error) {
    const outcome = await targetOutcome(target, before, root);
    if (error instanceof DataError) {
      // The message lists the errors; the warnings of the same run follow, so one run shows all.
      const warnings = error.issues.filter((issue) => issue.severity === 'warning');
      console.error(`${error.message}${warnings.length > 0 ? `\n${formatIssues(warnings)}` : ''}\n✘ 数据有误，未生成网站。${outcome}`);
    } else {
      console.error(error instanceof Error && error.name === 'BrowserNotFoundError' ? error.message : error);
      console.error(`✘ 生成失败。${outcome}`);
    }
    return false;
  } finally {
    await search?.abort();
    await rm(work, { recursive: true, force: true });
  }
}

export interface EditionBuild {
  settings: Settings;
  loaded: LoadResult;
  edition: Edition;
  pdfLinks: readonly string[];
  provenance: Provenance;
  outDir: string;
  /** The run's work directory: the build's cache goes into it. */
  work: string;
}

/** Builds one edition of the site (site-snapshot.ts) from validated data into `outDir`. */
export async function buildEdition({ settings, loaded, edition, pdfLinks, provenance, outDir, work }: EditionBuild): Promise<void> {
  // The build machine is on the intranet: Astro's anonymous usage report (which also asks git
  // for the repository's remote) would only try to reach the internet. Opt-outs take any value.
  process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
  // Astro lists every page it writes (2,500 English lines at the group's scale), which buried
  // the messages that matter; ASTRO_LOG_LEVEL=info or debug brings the list back.
  const astroLog = settings.astroLogLevel;
  const verbose = astroLog === 'info' || astroLog === 'debug';
  const started = performance.now();
  await build({
    ...siteConfig({ settings, loaded, pdfLinks, edition, provenance }),
    configFile: false,
    root: settings.root,
    outDir,
    cacheDir: path.join(work, `cache-${edition}`),
    logLevel: verbose ? astroLog : astroLog === 'error' || astroLog === 'silent' ? astroLog : 'warn',
  });
  if (edition === 'web' && !verbose) {
    const pages = (await readdir(outDir, { recursive: true })).filter((file) => file.endsWith('.html')).length;
    console.log(`已生成 ${pages} 个页面，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒。`);
  }
}
