import path from 'node:path';
import type { Campaign } from '../model.ts';
import { findingsHistories, lastCommit, lastCommits, repository, workTreeStatus, type DataCommit, type FindingsChange } from './git-history.ts';

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
  const dataPath = path.relative(root, dataDir).split(path.sep).join('/') || '.';
  const watched = [...new Set([dataPath, ...campaigns.flatMap((campaign) => [...campaign.sources, campaign.news.file])])];
  const status = workTreeStatus(root, top, watched);
  const uncommitted = status?.uncommitted ?? null;
  const findingsFiles = new Map(campaigns.flatMap((campaign) => findingsFileOf(campaign).map((file) => [campaign.id, file] as const)));
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
  const commits = lastCommits(root, new Map(campaigns.map((campaign) => [campaign.id, campaign.sources])));
  const histories = findingsHistories(root, [...findingsFiles.values()]);
  return {
    unknown: null,
    commits: commits && Object.fromEntries(commits),
    histories: histories && Object.fromEntries([...findingsFiles].map(([id, file]) => [id, histories.get(file) ?? []])),
    dataCommit: lastCommit(root, [dataDir]),
    uncommitted,
  };
}

/** Whether any of `sources` (files or directories, as Provenance names them) has uncommitted changes. */
export function hasUncommitted(provenance: Pick<Provenance, 'uncommitted'>, sources: readonly string[]): boolean {
  return (provenance.uncommitted ?? []).some((file) => sources.some((source) => source === '.' || file === source || file.startsWith(`${source}/`)));
}

function findingsFileOf(campaign: Campaign): string[] {
  return campaign.sources.filter((source) => source.endsWith('/findings.csv'));
}
