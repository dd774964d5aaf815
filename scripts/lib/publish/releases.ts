import { lstat, readdir, readFile, readlink, rename, rm, symlink, unlink } from 'node:fs/promises';
import path from 'node:path';
import { parseReleaseName, sortReleases, type ReleaseName } from './release-name.ts';

/**
 * The web root's layout:
 *
 *   <web-root>/releases/<release>/   one complete site each, never changed once published
 *   <web-root>/current               symlink → releases/<release>: what nginx serves
 *   <web-root>/status/               the status page (status.ts)
 *   <web-root>/logs/                 the hooks' logs (not served)
 */

export const RELEASES_DIR = 'releases';
export const CURRENT_LINK = 'current';

export const releasesDir = (webRoot: string) => path.join(webRoot, RELEASES_DIR);
export const releaseDir = (webRoot: string, name: string) => path.join(webRoot, RELEASES_DIR, name);

/**
 * The complete releases, oldest first: real directories in releases/ (never a link, whatever its
 * name: the web root is not trusted) with an index.html that is a regular file.
 */
export async function listReleases(webRoot: string): Promise<ReleaseName[]> {
  const names: string[] = [];
  for (const name of await readdir(releasesDir(webRoot)).catch(() => [] as string[])) {
    if (parseReleaseName(name) && (await isReleaseDirectory(webRoot, name))) names.push(name);
  }
  return sortReleases(names).map((name) => parseReleaseName(name) as ReleaseName);
}

async function isReleaseDirectory(webRoot: string, name: string): Promise<boolean> {
  const dir = releaseDir(webRoot, name);
  const [entry, index] = await Promise.all([lstat(dir).catch(() => undefined), lstat(path.join(dir, 'index.html')).catch(() => undefined)]);
  return Boolean(entry?.isDirectory() && index?.isFile());
}

/** The release `current` points to, if it points to one: `releases/<name>`, a real directory. */
export async function liveRelease(webRoot: string): Promise<string | undefined> {
  const target = await readlink(path.join(webRoot, CURRENT_LINK)).catch(() => undefined);
  if (target === undefined) return undefined;
  const name = path.basename(target);
  if (!parseReleaseName(name) || path.normalize(target) !== path.join(RELEASES_DIR, name)) return undefined;
  return (await lstat(releaseDir(webRoot, name)).catch(() => undefined))?.isDirectory() ? name : undefined;
}

/**
 * Points `current` at a release in one step: a new link is made under a temporary name and
 * renamed over `current`, so a request sees the old site or the new one, never none.
 */
export async function switchCurrent(webRoot: string, name: string): Promise<void> {
  const temporary = path.join(webRoot, `.${CURRENT_LINK}.${process.pid}`);
  await unlink(temporary).catch(() => undefined);
  // Relative, so the web root can be moved or mounted elsewhere as a whole.
  await symlink(path.join(RELEASES_DIR, name), temporary);
  try {
    await rename(temporary, path.join(webRoot, CURRENT_LINK));
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/** The release `--rollback` without a name goes back to: the newest one older than the live one. */
export function previousRelease(releases: ReleaseName[], live: string | undefined): ReleaseName | undefined {
  const index = releases.findIndex((release) => release.name === live);
  return index > 0 ? releases[index - 1] : undefined;
}

/**
 * Which releases retention removes: all but the `keep` newest, except the live one and the one a
 * rollback would go back to (after a rollback the live release may be an old one).
 */
export function releasesToRemove(releases: ReleaseName[], live: string | undefined, keep: number): ReleaseName[] {
  const kept = new Set(releases.slice(-keep).map((release) => release.name));
  if (live) kept.add(live);
  const previous = previousRelease(releases, live);
  if (previous) kept.add(previous.name);
  return releases.filter((release) => !kept.has(release.name));
}

/**
 * Removes a release: index.html first, so that a removal cut short never looks like a complete
 * release. A link in its place is removed as a link: nothing it points to is touched.
 */
export async function removeRelease(webRoot: string, name: string): Promise<void> {
  await removeEntry(releaseDir(webRoot, name));
}

async function removeEntry(dir: string): Promise<void> {
  const entry = await lstat(dir).catch(() => undefined);
  if (!entry) return;
  if (!entry.isDirectory()) {
    await unlink(dir);
    return;
  }
  const index = path.join(dir, 'index.html');
  if ((await lstat(index).catch(() => undefined))?.isFile()) await unlink(index);
  // fs.rm removes links inside as links, never what they point to.
  await rm(dir, { recursive: true, force: true });
}

/**
 * Removes from releases/ whatever is not a complete release: a publish cut short (a kill during
 * the build leaves `<release>.incoming-<pid>` and the like, a failed compression a release
 * without index.html), and anything planted there. Called only under the lock, when no other
 * publish is writing there.
 */
export async function removeIncomplete(webRoot: string): Promise<string[]> {
  const complete = new Set((await listReleases(webRoot)).map((release) => release.name));
  const removed: string[] = [];
  for (const name of await readdir(releasesDir(webRoot)).catch(() => [] as string[])) {
    if (complete.has(name)) continue;
    await removeEntry(releaseDir(webRoot, name));
    removed.push(name);
  }
  return removed;
}

export interface ReleaseFigures {
  campaigns: number;
  findings: number;
  highlights: number;
}

/** A release's key figures, summed from its campaigns' summary.json; undefined when it has none. */
export async function releaseFigures(webRoot: string, name: string): Promise<ReleaseFigures | undefined> {
  const campaignsDir = path.join(releaseDir(webRoot, name), 'campaigns');
  const figures: ReleaseFigures = { campaigns: 0, findings: 0, highlights: 0 };
  for (const id of await readdir(campaignsDir).catch(() => [] as string[])) {
    const text = await readFile(path.join(campaignsDir, id, 'summary.json'), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    let summary: { findings?: { total?: unknown }; highlights?: { total?: unknown } };
    try {
      summary = JSON.parse(text);
    } catch {
      continue; // not one of ours: --list shows the figures it can read
    }
    figures.campaigns += 1;
    figures.findings += Number(summary.findings?.total) || 0;
    figures.highlights += Number(summary.highlights?.total) || 0;
  }
  return figures.campaigns > 0 ? figures : undefined;
}
