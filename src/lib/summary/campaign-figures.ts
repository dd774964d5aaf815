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

/** The campaign's own totals: what summary.json and the news article print. */
export interface CampaignTotals {
  /** The day rectification is judged on (overdue, see settings.ts). */
  asOf: string;
  summary: CampaignSummary;
  rectification: Rectification;
}

export interface CampaignFigures extends CampaignTotals {
  /** Each unit with a notice (report-pages.ts), in the report's order. */
  units: Map<string, UnitFigures>;
}

export function campaignTotals(campaign: Campaign, asOf: string): CampaignTotals {
  const rectification = rectificationOf(campaign.findings, campaign.date, asOf);
  return { asOf, summary: summarizeCampaign(campaign, rectification.byStatus), rectification };
}

export function campaignFigures(campaign: Campaign, asOf: string): CampaignFigures {
  const { summary, rectification } = campaignTotals(campaign, asOf);
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
