import type { Campaign } from '../model.ts';
import { findingsHistories, insideWorkTree, lastCommit, lastCommits, type DataCommit, type FindingsChange } from './git-history.ts';

/**
 * Where each page's data comes from in git: every campaign's last commit and findings
 * history, and the last commit of the whole data directory, read with a few git processes
 * per build. All null when the data is not in a git work tree (a tarball).
 */
export interface Provenance {
  /** Last commit that changed each campaign's files, by campaign id. */
  commits: Record<string, DataCommit | null> | null;
  /** What each commit changed in each campaign's findings, by campaign id. */
  histories: Record<string, FindingsChange[]> | null;
  /** Last commit that changed anything in the data directory. */
  dataCommit: DataCommit | null;
}

/** `root` is the project root that campaign sources are relative to; `dataDir` is absolute. */
export function readProvenance(root: string, dataDir: string, campaigns: readonly Campaign[]): Provenance {
  if (!insideWorkTree(dataDir)) return { commits: null, histories: null, dataCommit: null };
  const commits = lastCommits(root, new Map(campaigns.map((campaign) => [campaign.id, campaign.sources])));
  const findingsFiles = new Map(campaigns.flatMap((campaign) => findingsFileOf(campaign).map((file) => [campaign.id, file] as const)));
  const histories = findingsHistories(root, [...findingsFiles.values()]);
  return {
    commits: commits && Object.fromEntries(commits),
    histories: histories && Object.fromEntries([...findingsFiles].map(([id, file]) => [id, histories.get(file) ?? []])),
    dataCommit: lastCommit(root, [dataDir]),
  };
}

function findingsFileOf(campaign: Campaign): string[] {
  return campaign.sources.filter((source) => source.endsWith('/findings.csv'));
}
