import type { Campaign } from '../model.ts';
import { findingsHistories, lastCommit, lastCommits, repositoryState, type DataCommit, type FindingsChange } from './git-history.ts';

/**
 * Where each page's data comes from in git: every campaign's last commit and findings
 * history, and the last commit of the whole data directory, read with a few git processes
 * per build. All null, with the reason, when git cannot tell: the data is not in a git work
 * tree (a tarball), or the clone is shallow and the commits that changed it may be missing.
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
}

/** `root` is the project root that campaign sources are relative to; `dataDir` is absolute. */
export function readProvenance(root: string, dataDir: string, campaigns: readonly Campaign[]): Provenance {
  const state = repositoryState(dataDir);
  if (state !== 'complete') return { unknown: state === 'none' ? 'outside-git' : 'shallow-clone', commits: null, histories: null, dataCommit: null };
  const commits = lastCommits(root, new Map(campaigns.map((campaign) => [campaign.id, campaign.sources])));
  const findingsFiles = new Map(campaigns.flatMap((campaign) => findingsFileOf(campaign).map((file) => [campaign.id, file] as const)));
  const histories = findingsHistories(root, [...findingsFiles.values()]);
  return {
    unknown: null,
    commits: commits && Object.fromEntries(commits),
    histories: histories && Object.fromEntries([...findingsFiles].map(([id, file]) => [id, histories.get(file) ?? []])),
    dataCommit: lastCommit(root, [dataDir]),
  };
}

function findingsFileOf(campaign: Campaign): string[] {
  return campaign.sources.filter((source) => source.endsWith('/findings.csv'));
}
