import { group } from 'd3-array';
import type { Campaign } from '../model.ts';
import { reportedUnits } from '../report-pages.ts';
import { daysBetween } from '../format/dates.ts';
import { closedWithin, rectificationOf, type ClosedWithin, type Rectification } from './rectification.ts';
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
  /** The share closed within FAIR_WINDOW_DAYS of the campaign (fewer if it is younger): for comparisons. */
  closedWithin: ClosedWithin;
}

export interface CampaignFigures extends CampaignTotals {
  /** Each unit with a notice (report-pages.ts), in the report's order. */
  units: Map<string, UnitFigures>;
}

/**
 * Rectification is compared at this age: three months, the usual rectification period (the
 * samples' due dates fall 44 to 166 days after their campaigns), long enough for most problems
 * and short enough that a campaign reaches it before the next one of its kind.
 */
export const FAIR_WINDOW_DAYS = 90;

/** The days after the campaign over which its closures are compared: the window, or its age on `asOf` if younger. */
export function fairWindow(campaign: Pick<Campaign, 'date'>, asOf: string): number {
  return Math.max(0, Math.min(FAIR_WINDOW_DAYS, daysBetween(campaign.date, asOf)));
}

/** The campaign's problems closed within `days` of it (rectification.ts), e.g. for a previous campaign at the current one's window. */
export function closedWithinOf(campaign: Pick<Campaign, 'date' | 'findings'>, days: number): ClosedWithin {
  return closedWithin(campaign.findings, campaign.date, days);
}

export function campaignTotals(campaign: Campaign, asOf: string): CampaignTotals {
  const rectification = rectificationOf(campaign.findings, campaign.date, asOf);
  const closed = closedWithinOf(campaign, fairWindow(campaign, asOf));
  return { asOf, summary: summarizeCampaign(campaign, rectification.byStatus), rectification, closedWithin: closed };
}

/** The units with problems, with their figures, in the report's order. */
export function unitsWithFindings({ summary, units }: CampaignFigures): UnitFigures[] {
  return Object.keys(summary.findings.byUnit).flatMap((unitId) => {
    const unit = units.get(unitId);
    return unit && unit.findings.length > 0 ? [unit] : [];
  });
}

export function campaignFigures(campaign: Campaign, asOf: string): CampaignFigures {
  const totals = campaignTotals(campaign, asOf);
  const { summary } = totals;
  const findingsByUnit = group(campaign.findings, (finding) => finding.unit);
  const highlightsByUnit = group(campaign.highlights, (highlight) => highlight.unit);
  const units = new Map(
    reportedUnits(campaign).map((unitId) => [
      unitId,
      summarizeUnit(campaign, summary, unitId, { findings: findingsByUnit.get(unitId) ?? [], highlights: highlightsByUnit.get(unitId) ?? [] }, asOf),
    ]),
  );
  return { ...totals, units };
}
