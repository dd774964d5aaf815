import type { Campaign, Finding, Highlight } from '../model.ts';
import { rectificationOf, type Rectification } from './rectification.ts';
import type { CampaignSummary } from './summarize-campaign.ts';

/** One inspected unit's figures set against the whole campaign's: what its rectification notice shows. */

export interface UnitFigures {
  unitId: string;
  findings: Finding[];
  highlights: Highlight[];
  /** Teams that inspected the unit. */
  teams: Campaign['teams'];
  rectification: Rectification;
  /** Per category, in the campaign's order: this unit's count, the campaign's, and the share. */
  byCategory: Array<{ category: string; unit: number; campaign: number; share: number | null }>;
  /** This unit's share of all the campaign's problems. */
  shareOfFindings: number | null;
}

/** `all` is the campaign's own summary; `findings` and `highlights` are the unit's own rows. */
export function summarizeUnit(
  campaign: Campaign,
  all: CampaignSummary,
  unitId: string,
  { findings, highlights }: { findings: Finding[]; highlights: Highlight[] },
  asOf: string,
): UnitFigures {
  const unitByCategory = new Map<string, number>();
  for (const finding of findings) unitByCategory.set(finding.category, (unitByCategory.get(finding.category) ?? 0) + 1);
  return {
    unitId,
    findings,
    highlights,
    teams: campaign.teams.filter((team) => team.inspects.includes(unitId)),
    rectification: rectificationOf(findings, campaign.date, asOf),
    byCategory: Object.entries(all.findings.byCategory).map(([category, total]) => {
      const count = unitByCategory.get(category) ?? 0;
      return { category, unit: count, campaign: total, share: total > 0 ? count / total : null };
    }),
    shareOfFindings: all.findings.total > 0 ? findings.length / all.findings.total : null,
  };
}
