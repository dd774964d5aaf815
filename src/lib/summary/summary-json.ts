import type { DataCommit } from '../history/git-history.ts';
import type { CampaignTotals } from './campaign-figures.ts';

/**
 * summary.json: a campaign's figures for other intranet systems. Its shape is a contract
 * (README, "summary.json"): add fields, never rename or remove them.
 */
export function summaryJson({ asOf, summary, rectification }: CampaignTotals, commit: DataCommit | null) {
  return {
    ...summary,
    rectification: {
      asOf,
      closureRate: rectification.closureRate,
      overdue: rectification.overdue.length,
      medianDaysToClose: rectification.medianDaysToClose,
      verified: rectification.verified,
    },
    sourceCommit: commit && { hash: commit.hash, shortHash: commit.shortHash, date: commit.date },
  };
}
