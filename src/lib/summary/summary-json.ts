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

/** `previous` is the campaign the news article compares with (previous-campaign.ts), if any. */
export function summaryJson(totals: CampaignTotals, commit: DataCommit | null, previous: CampaignTotals | null = null) {
  return {
    ...totals.summary,
    rectification: rectificationFigures(totals),
    previous: previous && {
      id: previous.summary.campaign.id,
      findings: { total: previous.summary.findings.total },
      rectification: { closureRate: previous.rectification.closureRate },
    },
    sourceCommit: commit && { hash: commit.hash, shortHash: commit.shortHash, date: commit.date },
  };
}
