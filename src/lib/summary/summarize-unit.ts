import type { Campaign, Finding, Highlight } from '../model.ts';
import type { Status } from '../schemas/findings.ts';
import type { CampaignSummary } from './summarize-campaign.ts';

/** One inspected unit's figures set against the whole campaign's, for its rectification report. */

export interface UnitSummary {
  unitId: string;
  findings: Finding[];
  highlights: Highlight[];
  /** Teams that inspected the unit. */
  teams: Campaign['teams'];
  byStatus: Record<Status, number>;
  /** Per category, in the campaign's order: this unit's count, the campaign's, and the share. */
  byCategory: Array<{ category: string; unit: number; campaign: number; share: number | null }>;
  /** This unit's share of all the campaign's problems. */
  shareOfFindings: number | null;
}

/** `all` is the campaign's own summary, computed once for all its units. */
export function summarizeUnit(campaign: Campaign, all: CampaignSummary, unitId: string): UnitSummary {
  const findings = campaign.findings.filter((finding) => finding.unit === unitId);
  const byStatus: Record<Status, number> = { open: 0, in_progress: 0, closed: 0 };
  const unitByCategory = new Map<string, number>();
  for (const finding of findings) {
    byStatus[finding.status]++;
    unitByCategory.set(finding.category, (unitByCategory.get(finding.category) ?? 0) + 1);
  }
  return {
    unitId,
    findings,
    highlights: campaign.highlights.filter((highlight) => highlight.unit === unitId),
    teams: campaign.teams.filter((team) => team.inspects.includes(unitId)),
    byStatus,
    byCategory: Object.entries(all.findings.byCategory).map(([category, total]) => {
      const count = unitByCategory.get(category) ?? 0;
      return { category, unit: count, campaign: total, share: total > 0 ? count / total : null };
    }),
    shareOfFindings: all.findings.total > 0 ? findings.length / all.findings.total : null,
  };
}
