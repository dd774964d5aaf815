import type { DataCommit } from '../history/git-history.ts';
import type { CampaignTotals } from './campaign-figures.ts';

/**
 * summary.json: a campaign's figures for other intranet systems. Its shape is a contract
 * (README, "summary.json"): add fields, never rename or remove them.
 */
/** The rectification figures as published: in summary.json and to the news templates alike. */
export function rectificationFigures({ asOf, rectification }: Pick<CampaignTotals, 'asOf' | 'rectification'>) {
  return {
    asOf,
    closureRate: rectification.closureRate,
    overdue: rectification.overdue.length,
    medianDaysToClose: rectification.medianDaysToClose,
    verified: rectification.verified,
  };
}

export function summaryJson(totals: CampaignTotals, commit: DataCommit | null) {
  return {
    ...totals.summary,
    rectification: rectificationFigures(totals),
    sourceCommit: commit && { hash: commit.hash, shortHash: commit.shortHash, date: commit.date },
  };
}
