import type { Campaign } from '../model.ts';
import type { Status } from '../tables/findings.ts';

/**
 * The campaign's figures, computed once from its rows. This object is published as
 * summary.json for other intranet systems, so its shape is a contract (see README).
 */

export interface CampaignSummary {
  campaign: { id: string; title: string; date: string };
  units: { inspected: number };
  findings: {
    total: number;
    /** Keyed by unit id; every inspected unit is present, with 0 when nothing was found. */
    byUnit: Record<string, number>;
    /** Keyed by category, in the campaign's category order. */
    byCategory: Record<string, number>;
    byStatus: Record<Status, number>;
  };
  highlights: { total: number; byUnit: Record<string, number> };
  survey: {
    respondents: number;
    questions: Array<{
      id: string;
      text: string;
      counts: Record<string, number>;
      answered: number;
      favorableCount: number;
      favorableShare: number | null;
    }>;
  } | null;
}

/** Thrown when the figures do not account for every input row: a bug, never bad data. */
export class ConservationError extends Error {
  override readonly name = 'ConservationError';
}

/** `byStatus` is counted with the rest of the rectification figures (rectification.ts). */
export function summarizeCampaign(campaign: Campaign, byStatus: Record<Status, number>): CampaignSummary {
  const unitKeys = [...campaign.inspectedUnits];
  const findingsByUnit = countBy(campaign.findings, (finding) => finding.unit, unitKeys);
  const byCategory = countBy(campaign.findings, (finding) => finding.category, campaign.categories);
  const highlightsByUnit = countBy(campaign.highlights, (highlight) => highlight.unit, unitKeys);

  const summary: CampaignSummary = {
    campaign: { id: campaign.id, title: campaign.title, date: campaign.date },
    units: { inspected: campaign.inspectedUnits.length },
    findings: { total: campaign.findings.length, byUnit: findingsByUnit, byCategory, byStatus: { ...byStatus } },
    highlights: { total: campaign.highlights.length, byUnit: highlightsByUnit },
    survey: campaign.survey && {
      respondents: campaign.survey.respondents,
      questions: campaign.survey.questions.map(({ id, text, counts, answered, favorableCount, favorableShare }) => ({
        id,
        text,
        counts,
        answered,
        favorableCount,
        favorableShare,
      })),
    },
  };
  assertConserved(campaign, summary);
  return summary;
}

/** Counts rows per key: the listed keys first and always present, then any others met. */
function countBy<T>(rows: T[], key: (row: T) => string, keys: string[]): Record<string, number> {
  const counts = new Map<string, number>(keys.map((k) => [k, 0]));
  for (const row of rows) {
    const k = key(row);
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return Object.fromEntries(counts);
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

function assertConserved(campaign: Campaign, summary: CampaignSummary): void {
  const checks: Array<[string, number, number]> = [
    ['findings', campaign.findings.length, campaign.rows.findings],
    ['highlights', campaign.highlights.length, campaign.rows.highlights],
    ['survey respondents', campaign.survey?.respondents ?? 0, campaign.rows.responses],
    ['findings by unit', sum(summary.findings.byUnit), campaign.findings.length],
    ['findings by category', sum(summary.findings.byCategory), campaign.findings.length],
    ['findings by status', sum(summary.findings.byStatus), campaign.findings.length],
    ['highlights by unit', sum(summary.highlights.byUnit), campaign.highlights.length],
  ];
  for (const question of campaign.survey?.questions ?? []) {
    checks.push([`survey ${question.id} answered + unanswered`, question.answered + question.unanswered, campaign.survey?.respondents ?? 0]);
  }
  for (const [what, counted, rows] of checks) {
    if (counted !== rows) {
      throw new ConservationError(`Campaign ${campaign.id}: ${what} counts ${counted} rows, but the input has ${rows}.`);
    }
  }
}
