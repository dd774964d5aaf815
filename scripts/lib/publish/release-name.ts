/**
 * A release is named after the moment it was built (UTC, to the second) and the data commit it
 * was built from: `20261124T173205Z-84d0097`. Names sort by time, so "newest" and "the one
 * before the live one" are plain string comparisons, and the commit is readable in `ls`.
 */

/** The commit part of a release built from data outside git. */
export const NO_COMMIT = 'nogit';

const RELEASE = /^(\d{8}T\d{6}Z)-([0-9a-f]{7,40}|nogit)(?:-(\d+))?$/;

export interface ReleaseName {
  name: string;
  /** When it was built. */
  time: Date;
  /** The short hash of the data commit, or NO_COMMIT. */
  commit: string;
}

/**
 * The name of a release built now from this commit (a full or short hash, or undefined).
 * `earlier` counts the releases already built in the same second: the second one gets `-2`,
 * and so on, so that names sort in the order the releases were built.
 */
export function releaseName(commit: string | undefined, now: Date, earlier = 0): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `${stamp}-${commit ? commit.slice(0, 7) : NO_COMMIT}${earlier > 0 ? `-${earlier + 1}` : ''}`;
}

/** A release name's parts; undefined for anything else found in releases/ (a build's leftovers). */
export function parseReleaseName(name: string): ReleaseName | undefined {
  const match = RELEASE.exec(name);
  if (!match?.[1] || !match[2]) return undefined;
  const stamp = match[1];
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? undefined : { name, time, commit: match[2] };
}

/** Release names, oldest first. */
export function sortReleases(names: Iterable<string>): string[] {
  return [...names].filter((name) => parseReleaseName(name) !== undefined).sort(compareReleases);
}

function compareReleases(a: string, b: string): number {
  // The counter is compared as a number: …-84d0097-10 is newer than …-84d0097-9.
  const [stampA = '', , countA = '1'] = a.split('-');
  const [stampB = '', , countB = '1'] = b.split('-');
  if (stampA !== stampB) return stampA < stampB ? -1 : 1;
  return Number(countA) - Number(countB) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Whether a release was built from this commit (the release knows only a short hash). */
export function sameCommit(release: ReleaseName, hash: string | undefined): boolean {
  return hash !== undefined && release.commit !== NO_COMMIT && hash.startsWith(release.commit);
}
