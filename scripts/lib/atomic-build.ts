import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'astro';
import { siteConfig } from '../../src/integration.ts';
import { DataError, formatIssues } from '../../src/lib/errors.ts';
import { loadSiteData, type LoadResult } from '../../src/lib/load/load-site-data.ts';
import type { Settings } from '../../src/lib/settings.ts';

/**
 * Validates data/, builds the site into a staging directory, lets the caller add to it (the
 * PDFs), and only when all of that succeeded swaps it in for the target. A failed build leaves
 * the last good site exactly as it was.
 */

export interface AtomicBuildOptions {
  /** Where the data is, and where the site goes (outDir). */
  settings: Settings;
  /** The pages link to PDFs, which `afterBuild` prints. */
  pdfLinks?: boolean;
  /** Runs on the finished staging directory before it is published. */
  afterBuild?: (staging: string, loaded: LoadResult) => Promise<void>;
}

export async function atomicBuild({ settings, pdfLinks, afterBuild }: AtomicBuildOptions): Promise<boolean> {
  const { root, outDir: target } = settings;
  // Each build gets its own work directory inside the project: Astro writes its server bundle
  // next to an outDir outside the project, and its content store into cacheDir, so builds
  // sharing those (a test run, two CI jobs) would read each other's data.
  const work = path.join(root, '.staging', String(process.pid));
  const staging = path.join(work, 'site');
  const previous = `${target}.previous-${process.pid}`;
  const kept = existsSync(target) ? `原有的 ${path.relative(root, target) || target}/ 保持不变。` : '';
  try {
    // Validate first: data errors are reported plainly, without a build log around them.
    const loaded = await loadSiteData(settings);
    if (loaded.warnings.length > 0) console.warn(formatIssues(loaded.warnings));
    // The build machine is on the intranet: Astro's anonymous usage report (which also asks git
    // for the repository's remote) would only try to reach the internet. Opt-outs take any value.
    process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
    await mkdir(work, { recursive: true });
    await build({
      ...siteConfig({ settings, loaded, pdfLinks }),
      configFile: false,
      root,
      outDir: staging,
      cacheDir: path.join(work, 'cache'),
      logLevel: process.env.ASTRO_LOG_LEVEL === 'debug' ? 'debug' : 'info',
    });
    if (!existsSync(path.join(staging, 'index.html'))) throw new Error(`the build wrote no index.html into ${staging}`);
    await afterBuild?.(staging, loaded);
    await publish(staging, target, previous);
    return true;
  } catch (error) {
    if (error instanceof DataError) {
      console.error(`${error.message}\n✘ 数据有误，未生成网站。${kept}`);
    } else {
      console.error(error instanceof Error && error.name === 'BrowserNotFoundError' ? error.message : error);
      console.error(`✘ 生成失败。${kept}`);
    }
    return false;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Moves the finished site into place with renames on the target's own file system. */
async function publish(staging: string, target: string, previous: string): Promise<void> {
  const incoming = `${target}.incoming-${process.pid}`;
  try {
    await rename(staging, incoming);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EXDEV')) throw error;
    await cp(staging, incoming, { recursive: true });
  }
  if (existsSync(target)) await rename(target, previous);
  await rename(incoming, target);
  await rm(previous, { recursive: true, force: true });
}
