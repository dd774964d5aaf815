import { chmod, cp, lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { displayPath } from '../../src/lib/settings.ts';
import { pidIsAlive } from './processes.ts';

/**
 * The crash-safe swap of a finished site directory for the live one (not to be confused with
 * scripts/publish.ts, which makes releases on the intranet server): three renames beside the
 * target (swapSteps). A run killed between any two of them leaves `<target>.incoming-<pid>`,
 * `<target>.previous-<pid>` or `<target>.copying-<pid>` behind, possibly with no target at all;
 * the next run starts by repairing that (recoverLeftovers): it puts a site back in place and
 * removes what dead runs left, never what a running one is using. Building the site is
 * scripts/lib/atomic-build.ts's job; this module only moves directories.
 */

/** The file-system calls publishing makes. Tests replace one to make it fail the way a
 * read-only directory fails for a user who is not root (tests run as root, whom chmod does not
 * stop). */
export interface SwapFs {
  rename(from: string, to: string): Promise<void>;
  cp(from: string, to: string): Promise<void>;
  rm(file: string): Promise<void>;
}

export const nodeFs: SwapFs = {
  rename,
  cp: (from, to) => cp(from, to, { recursive: true }),
  rm: (file) => rm(file, { recursive: true, force: true }),
};

/** What publishing leaves beside the target while it runs, named after the run's pid. */
export type LeftoverKind = 'incoming' | 'copying' | 'previous';

export function leftoverPath(target: string, kind: LeftoverKind, pid: number): string {
  return `${target}.${kind}-${pid}`;
}

export interface SwapOptions {
  /** The pid the leftovers are named after: this process's. */
  pid?: number;
  fs?: SwapFs;
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
export function swapSteps(staging: string, target: string, { pid = process.pid, fs = nodeFs }: SwapOptions = {}): Array<() => Promise<void>> {
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

export interface SwapResult {
  /** The site that was replaced, when it could not be removed: the new one is published all the same. */
  leftover?: { path: string; error: unknown };
}

/**
 * Moves the finished site into place with renames on the target's own file system. When a
 * step fails, the steps before it are undone (the previous site put back) before the error is
 * passed on; what the target then is, the caller finds out from the disk.
 */
export async function swapIn(staging: string, target: string, options: SwapOptions = {}): Promise<SwapResult> {
  const { pid = process.pid, fs = nodeFs } = options;
  try {
    for (const step of swapSteps(staging, target, options)) await step();
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
async function settle(target: string, leftovers: Leftover[], restorable: LeftoverKind[], fs: SwapFs): Promise<Recovery> {
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

export function reportRecovery({ restoredFrom, removed, failed }: Recovery, target: string, root: string): void {
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
export async function isCompleteSite(dir: string): Promise<boolean> {
  return (await lstat(path.join(dir, 'index.html')).catch(() => undefined))?.isFile() ?? false;
}

/**
 * Removes a directory tree, index.html first: a removal cut short by a kill never leaves
 * something that looks like a complete site. A tree this process owns but made read-only (a
 * read-only dist/ set aside) is made writable first: it is no longer served.
 */
async function removeTree(dir: string, fs: SwapFs): Promise<void> {
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

export function errorCode(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : String(error);
}
