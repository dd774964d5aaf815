import { group } from 'd3-array';
import type { Campaign } from '../model.ts';
import { reportedUnits } from '../report-pages.ts';
import { rectificationOf, type Rectification } from './rectification.ts';
import { summarizeCampaign, type CampaignSummary } from './summarize-campaign.ts';
import { summarizeUnit, type UnitFigures } from './summarize-unit.ts';

/**
 * Every figure of one campaign, computed once from its rows: the report, summary.json, each
 * unit's rectification notice and the news article all read this object, and compute nothing
 * of their own.
 */

export interface CampaignFigures {
  /** The day rectification is judged on (overdue, see settings.ts). */
  asOf: string;
  summary: CampaignSummary;
  rectification: Rectification;
  /** Each unit with a notice (report-pages.ts), in the report's order. */
  units: Map<string, UnitFigures>;
}

export function campaignFigures(campaign: Campaign, asOf: string): CampaignFigures {
  const rectification = rectificationOf(campaign.findings, campaign.date, asOf);
  const summary = summarizeCampaign(campaign, rectification.byStatus);
  const findingsByUnit = group(campaign.findings, (finding) => finding.unit);
  const highlightsByUnit = group(campaign.highlights, (highlight) => highlight.unit);
  const units = new Map(
    reportedUnits(campaign).map((unitId) => [
      unitId,
      summarizeUnit(campaign, summary, unitId, { findings: findingsByUnit.get(unitId) ?? [], highlights: highlightsByUnit.get(unitId) ?? [] }, asOf),
    ]),
  );
  return { asOf, summary, rectification, units };
}
