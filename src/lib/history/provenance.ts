import path from 'node:path';
import type { Campaign } from '../model.ts';
import { findingsHistories, lastCommit, lastCommits, realPath, repository, workTreeStatus, type DataCommit, type FindingsChange } from './git-history.ts';

/**
 * Where each page's data comes from in git: every campaign's last commit and findings
 * history, the last commit of the whole data directory, and the files changed since, read
 * with a few git processes per build. All null, with the reason, when git cannot tell: the
 * data is not in a git work tree (a tarball), or the clone is shallow and the commits that
 * changed it may be missing.
 */
export interface Provenance {
  /** Why there is no history: null when there is one. */
  unknown: 'outside-git' | 'shallow-clone' | null;
  /** Last commit that changed each campaign's files, by campaign id. */
  commits: Record<string, DataCommit | null> | null;
  /** What each commit changed in each campaign's findings, by campaign id. */
  histories: Record<string, FindingsChange[]> | null;
  /** Last commit that changed anything in the data directory. */
  dataCommit: DataCommit | null;
  /**
   * The data files and news templates that differ from the last commit (edited, deleted or
   * never committed), relative to the project root with '/' separators, as campaign sources
   * are: a page built from them is not the committed version. Null when git cannot tell.
   */
  uncommitted: string[] | null;
}

/** `root` is the project root that campaign sources are relative to; `dataDir` is absolute. */
export function readProvenance(root: string, dataDir: string, campaigns: readonly Campaign[]): Provenance {
  const { state, top } = repository(dataDir);
  if (state !== 'complete' || top === null) {
    return { unknown: state === 'shallow' ? 'shallow-clone' : 'outside-git', commits: null, histories: null, dataCommit: null, uncommitted: null };
  }
  // git runs in the data's own repository, which need not be the app's: the publishing hooks
  // check the pushed data out beside a trusted copy of the app (docs/publishing.md). Paths go to
  // git relative to that repository's top and come back relative to the project root.
  const realRoot = realPath(root);
  const inRepo = (file: string) => slashed(path.relative(top, path.resolve(realRoot, file))) || '.';
  // A file outside the data's repository (the app's default news template, when the data has a
  // repository of its own) is the app's: git cannot tell about it, and naming it would fail git.
  const inside = (file: string) => file !== '..' && !file.startsWith('../') && !path.isAbsolute(file);
  const fromRepo = (file: string) => slashed(path.relative(realRoot, path.resolve(top, file)));
  const dataPath = slashed(path.relative(root, dataDir)) || '.';
  const watched = [...new Set([dataPath, ...campaigns.flatMap((campaign) => [...campaign.sources, campaign.news.file])])];
  const status = workTreeStatus(top, top, watched.map(inRepo).filter(inside));
  const uncommitted = status ? status.uncommitted.map(fromRepo) : null;
  const findingsFiles = new Map(campaigns.flatMap((campaign) => findingsFileOf(campaign).map((file) => [campaign.id, inRepo(file)] as const)));
  if (status?.initial) {
    // Nothing committed yet: there is no history to read, and `git log` would fail.
    return {
      unknown: null,
      commits: Object.fromEntries(campaigns.map((campaign) => [campaign.id, null])),
      histories: Object.fromEntries([...findingsFiles.keys()].map((id) => [id, []])),
      dataCommit: null,
      uncommitted,
    };
  }
  const commits = lastCommits(top, new Map(campaigns.map((campaign) => [campaign.id, campaign.sources.map(inRepo).filter(inside)])));
  const histories = findingsHistories(top, [...findingsFiles.values()]);
  return {
    unknown: null,
    commits: commits && Object.fromEntries(commits),
    histories: histories && Object.fromEntries([...findingsFiles].map(([id, file]) => [id, histories.get(file) ?? []])),
    dataCommit: lastCommit(top, [inRepo(dataPath)]),
    uncommitted,
  };
}

const slashed = (file: string) => file.split(path.sep).join('/');

/** Whether any of `sources` (files or directories, as Provenance names them) has uncommitted changes. */
export function hasUncommitted(provenance: Pick<Provenance, 'uncommitted'>, sources: readonly string[]): boolean {
  return (provenance.uncommitted ?? []).some((file) => sources.some((source) => source === '.' || file === source || file.startsWith(`${source}/`)));
}

function findingsFileOf(campaign: Campaign): string[] {
  return campaign.sources.filter((source) => source.endsWith('/findings.csv'));
}
