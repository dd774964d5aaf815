import { chmod, cp, lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'astro';
import { siteConfig } from '../../src/integration.ts';
import { DataError, formatIssues, sortIssues } from '../../src/lib/errors.ts';
import { loadSiteData, type LoadResult } from '../../src/lib/load/load-site-data.ts';
import { displayPath, type Settings } from '../../src/lib/settings.ts';
import type { Edition } from '../../src/lib/site-snapshot.ts';
import { readProvenance, type Provenance } from '../../src/lib/history/provenance.ts';
import { pidIsAlive } from './processes.ts';
import { describeSearchIndex, writeSearchIndex } from './search/search-index.ts';

/**
 * Validates data/, builds the site into a staging directory, lets the caller add to it (the
 * PDFs), and only when all of that succeeded swaps it in for the target. A failed build leaves
 * the last good site exactly as it was.
 *
 * Publishing is three renames beside the target (see publishSteps). A run killed between any
 * two of them leaves `<target>.incoming-<pid>`, `<target>.previous-<pid>` or
 * `<target>.copying-<pid>` behind, possibly with no target at all; the next run starts by
 * repairing that (recoverLeftovers): it puts a site back in place and removes what dead runs
 * left, never what a running one is using.
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
    await buildEdition({ settings, loaded, pdfLinks, provenance, outDir: staging, work, edition: 'web' });
    if (!(await isCompleteSite(staging))) throw new Error(`the build wrote no index.html into ${staging}`);
    // The site search's index, from the same data, into the finished site (src/lib/search/).
    console.log(describeSearchIndex(await writeSearchIndex(staging, loaded.data)));
    await afterBuild?.(staging, loaded);
    const { leftover } = await publish(staging, target);
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

// ---------------------------------------------------------------------------------------------
// Publishing

/** The file-system calls publishing makes. Tests replace one to make it fail the way a
 * read-only directory fails for a user who is not root (tests run as root, whom chmod does not
 * stop). */
export interface PublishFs {
  rename(from: string, to: string): Promise<void>;
  cp(from: string, to: string): Promise<void>;
  rm(file: string): Promise<void>;
}

export const nodeFs: PublishFs = {
  rename,
  cp: (from, to) => cp(from, to, { recursive: true }),
  rm: (file) => rm(file, { recursive: true, force: true }),
};

/** What publishing leaves beside the target while it runs, named after the run's pid. */
export type LeftoverKind = 'incoming' | 'copying' | 'previous';

export function leftoverPath(target: string, kind: LeftoverKind, pid: number): string {
  return `${target}.${kind}-${pid}`;
}

export interface PublishOptions {
  /** The pid the leftovers are named after: this process's. */
  pid?: number;
  fs?: PublishFs;
}

/**
 * Publishing, as steps that each change the disk with one rename, so that a kill between any
 * two of them (or before the first, or after the last) leaves a state recoverLeftovers repairs:
 *
 * 1. the finished site goes beside the target as `incoming` (copied to `copying` first when the
 *    staging directory is on another file system, so that `incoming` is always complete);
 * 2. the target, if any, is set aside as `previous`;
 * 3. `incoming` becomes the target.
 *
 * Exported so that tests can stop after any step, as a kill would.
 */
export function publishSteps(staging: string, target: string, { pid = process.pid, fs = nodeFs }: PublishOptions = {}): Array<() => Promise<void>> {
  const incoming = leftoverPath(target, 'incoming', pid);
  const copying = leftoverPath(target, 'copying', pid);
  const previous = leftoverPath(target, 'previous', pid);
  return [
    async () => {
      // OUT_DIR may name a folder whose parent does not exist yet (a new web root, say).
      await mkdir(path.dirname(target), { recursive: true });
      try {
        await fs.rename(staging, incoming);
      } catch (error) {
        if (errorCode(error) !== 'EXDEV') throw error;
        await fs.rm(copying);
        await fs.cp(staging, copying);
        await fs.rename(copying, incoming);
      }
    },
    async () => {
      if (await exists(target)) await fs.rename(target, previous);
    },
    async () => {
      await fs.rename(incoming, target);
    },
  ];
}

export interface PublishResult {
  /** The site that was replaced, when it could not be removed: the new one is published all the same. */
  leftover?: { path: string; error: unknown };
}

/**
 * Moves the finished site into place with renames on the target's own file system. When a
 * step fails, the steps before it are undone (the previous site put back) before the error is
 * passed on; what the target then is, the caller finds out from the disk.
 */
export async function publish(staging: string, target: string, options: PublishOptions = {}): Promise<PublishResult> {
  const { pid = process.pid, fs = nodeFs } = options;
  try {
    for (const step of publishSteps(staging, target, options)) await step();
  } catch (error) {
    // Put the old site back if it was set aside; this run's copies of the new one go.
    await settle(target, await ownLeftovers(target, pid), ['previous'], fs);
    throw error;
  }
  // The new site is in place: what follows only tidies up and cannot undo the publication.
  const previous = leftoverPath(target, 'previous', pid);
  try {
    await removeTree(previous, fs);
    return {};
  } catch (error) {
    return { leftover: { path: previous, error } };
  }
}

// ---------------------------------------------------------------------------------------------
// Recovering from killed runs

export interface Leftover {
  path: string;
  kind: LeftoverKind;
  pid: number;
}

export interface Recovery {
  /** The leftover that became the target, which was missing. */
  restoredFrom?: string;
  /** Leftovers removed: beside the target and in .staging/. */
  removed: string[];
  /** Leftovers that could not be restored or removed, and why. */
  failed: Array<{ path: string; error: unknown }>;
}

/**
 * Repairs what killed runs left: when the target is missing, the newest complete site they set
 * aside (`previous`, or failing that a finished `incoming`) becomes the target again; then
 * their leftovers beside the target and their work directories in `<root>/.staging/` are
 * removed. Leftovers of a pid that is still running (another build, publishing right now) are
 * never touched. Never throws: what it could not do is in `failed`.
 */
export async function recoverLeftovers(target: string, root: string, isAlive: (pid: number) => boolean = pidIsAlive): Promise<Recovery> {
  const dead = (pid: number) => pid !== process.pid && !isAlive(pid);
  const leftovers = (await listLeftovers(target)).filter((leftover) => dead(leftover.pid));
  const recovery = await settle(target, leftovers, ['previous', 'incoming'], nodeFs);
  const stagingRoot = path.join(root, '.staging');
  for (const name of await readdir(stagingRoot).catch(() => [])) {
    if (!/^\d+$/.test(name) || !dead(Number(name))) continue;
    const dir = path.join(stagingRoot, name);
    try {
      await removeTree(dir, nodeFs);
      recovery.removed.push(dir);
    } catch (error) {
      recovery.failed.push({ path: dir, error });
    }
  }
  return recovery;
}

/** Every `<target>.<kind>-<pid>` beside the target. */
export async function listLeftovers(target: string): Promise<Leftover[]> {
  const parent = path.dirname(target);
  const prefix = `${path.basename(target)}.`;
  const leftovers: Leftover[] = [];
  for (const name of await readdir(parent).catch(() => [])) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(incoming|copying|previous)-(\d+)$/.exec(name.slice(prefix.length));
    const kind = match?.[1];
    if (match?.[2] === undefined || (kind !== 'incoming' && kind !== 'copying' && kind !== 'previous')) continue;
    leftovers.push({ path: path.join(parent, name), kind, pid: Number(match[2]) });
  }
  return leftovers;
}

async function ownLeftovers(target: string, pid: number): Promise<Leftover[]> {
  const kinds: LeftoverKind[] = ['incoming', 'copying', 'previous'];
  const own: Leftover[] = [];
  for (const kind of kinds) {
    const file = leftoverPath(target, kind, pid);
    if (await exists(file)) own.push({ path: file, kind, pid });
  }
  return own;
}

/**
 * Brings the target back to a complete site from the given leftovers, if it is missing: the
 * newest complete one of the first kind in `restorable` that has one. Then removes the
 * leftovers, except, while the target is still missing, complete restorable sites: they may be
 * the only copy left.
 */
async function settle(target: string, leftovers: Leftover[], restorable: LeftoverKind[], fs: PublishFs): Promise<Recovery> {
  const recovery: Recovery = { removed: [], failed: [] };
  if (!(await exists(target))) {
    const candidate = await newestComplete(leftovers, restorable);
    if (candidate) {
      try {
        await fs.rename(candidate.path, target);
        recovery.restoredFrom = candidate.path;
      } catch (error) {
        // Another run starting at the same time may have restored it first.
        if (!(await exists(target))) recovery.failed.push({ path: candidate.path, error });
      }
    }
  }
  const targetExists = await exists(target);
  for (const leftover of leftovers) {
    if (leftover.path === recovery.restoredFrom || !(await exists(leftover.path))) continue;
    if (!targetExists && restorable.includes(leftover.kind) && (await isCompleteSite(leftover.path))) continue;
    try {
      await removeTree(leftover.path, fs);
      recovery.removed.push(leftover.path);
    } catch (error) {
      recovery.failed.push({ path: leftover.path, error });
    }
  }
  return recovery;
}

async function newestComplete(leftovers: Leftover[], kinds: LeftoverKind[]): Promise<Leftover | undefined> {
  for (const kind of kinds) {
    let newest: { leftover: Leftover; time: number } | undefined;
    for (const leftover of leftovers) {
      if (leftover.kind !== kind) continue;
      const index = await lstat(path.join(leftover.path, 'index.html')).catch(() => undefined);
      if (!index?.isFile()) continue;
      if (!newest || index.mtimeMs > newest.time) newest = { leftover, time: index.mtimeMs };
    }
    if (newest) return newest.leftover;
  }
  return undefined;
}

function reportRecovery({ restoredFrom, removed, failed }: Recovery, target: string, root: string): void {
  const shown = (file: string) => `${displayPath({ root }, file)}/`;
  if (restoredFrom) {
    console.log(`上次运行在替换网站时中断，已从 ${shown(restoredFrom)} 恢复 ${shown(target)}。`);
  }
  if (removed.length > 0) console.log(`已删除中断的运行留下的：${removed.map(shown).join('、')}`);
  for (const { path: file, error } of failed) console.warn(`⚠ 未能处理中断的运行留下的 ${shown(file)}（${errorCode(error)}），可手动删除。`);
}

// ---------------------------------------------------------------------------------------------
// What the target is after a failure

export interface Identity {
  dev: bigint;
  ino: bigint;
}

/** Which directory entry the target is, if it exists: a rename keeps it, a replacement changes it. */
export async function identity(file: string): Promise<Identity | undefined> {
  const stats = await lstat(file, { bigint: true }).catch(() => undefined);
  return stats && { dev: stats.dev, ino: stats.ino };
}

/**
 * One sentence on what the target is now, compared with what it was when the run began: said
 * after a failure, from the disk as it is, so it is true whatever step failed.
 */
export async function targetOutcome(target: string, before: Identity | undefined, root: string, pid = process.pid): Promise<string> {
  const shown = `${displayPath({ root }, target)}/`;
  const now = await identity(target);
  if (!before && !now) return '';
  if (before && now && before.dev === now.dev && before.ino === now.ino) return `原有的 ${shown} 保持不变。`;
  if (now) return `${shown} 在本次运行期间已被其他进程改动。`;
  const previous = leftoverPath(target, 'previous', pid);
  if (await isCompleteSite(previous)) {
    return `${shown} 现已不存在：原有网站在 ${displayPath({ root }, previous)}/，下次运行时会自动恢复。`;
  }
  return `${shown} 现已不存在。`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

async function exists(file: string): Promise<boolean> {
  return (await lstat(file).catch(() => undefined)) !== undefined;
}

/** A site the build finished has an index.html (atomicBuild checks before publishing). */
async function isCompleteSite(dir: string): Promise<boolean> {
  return (await lstat(path.join(dir, 'index.html')).catch(() => undefined))?.isFile() ?? false;
}

/**
 * Removes a directory tree, index.html first: a removal cut short by a kill never leaves
 * something that looks like a complete site. A tree this process owns but made read-only (a
 * read-only dist/ set aside) is made writable first: it is no longer served.
 */
async function removeTree(dir: string, fs: PublishFs): Promise<void> {
  const remove = async () => {
    if ((await lstat(dir).catch(() => undefined))?.isDirectory()) await fs.rm(path.join(dir, 'index.html'));
    await fs.rm(dir);
  };
  try {
    await remove();
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'EACCES' && code !== 'EPERM') throw error;
    await makeWritable(dir);
    await remove();
  }
}

async function makeWritable(dir: string): Promise<void> {
  const stats = await lstat(dir);
  if (!stats.isDirectory()) return;
  await chmod(dir, stats.mode | 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await makeWritable(path.join(dir, entry.name));
  }
}

function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : String(error);
}
