import type { Campaign, Finding } from './model.ts';

/**
 * The printable reports of a campaign and where their PDFs go. Pages use it to link to their
 * PDF, the PDF script to know what to print: one list, so the two never disagree.
 */

export interface ReportPage {
  kind: 'report' | 'news' | 'unit';
  /** Site path, relative to the base. */
  path: string;
  /** PDF path, relative to the base. */
  pdf: string;
  unitId?: string;
}

/** Units that get their own report: every inspected unit, and any other unit with findings. */
export function reportedUnits(campaign: Campaign): string[] {
  return [
    ...new Set([...campaign.inspectedUnits, ...campaign.findings.map((finding) => finding.unit), ...campaign.highlights.map((highlight) => highlight.unit)]),
  ];
}

/** The site path of a unit's notice in a campaign. */
export function noticePath(campaign: Pick<Campaign, 'id'>, unitId: string): string {
  return `campaigns/${campaign.id}/units/${unitId}/`;
}

export function reportPages(campaign: Campaign): ReportPage[] {
  const base = `campaigns/${campaign.id}/`;
  const pdf = `pdf/${campaign.id}/`;
  return [
    { kind: 'report', path: base, pdf: `${pdf}report.pdf` },
    { kind: 'news', path: `${base}news/`, pdf: `${pdf}news.pdf` },
    ...reportedUnits(campaign).map((unitId) => ({
      kind: 'unit' as const,
      path: noticePath(campaign, unitId),
      pdf: `${pdf}unit-${unitId}.pdf`,
      unitId,
    })),
  ];
}

/** Where a campaign's unit notices, merged into one PDF for printing, go. */
export function noticesPdf(campaign: Campaign): string {
  return `pdf/${campaign.id}/notices.pdf`;
}

/**
 * A report lists its problems row by row (and its overdue ones again) up to this many. A problem
 * costs the report about 1.3 KB of HTML (its row, its overdue row, their labels for the phone):
 * at 150 the report stays near 250 KB with its charts and survey, under the 300 KB a page may
 * weigh (README, 页面大小). Above it the report lists the units, each with its counts and a link
 * to its notice, which lists that unit's problems in full; the downloads hold them all.
 */
export const REPORT_LISTING_LIMIT = 150;

/** Whether the report lists every problem itself (README: 问题较多的检查活动). */
export function reportListsFindings(campaign: Pick<Campaign, 'findings'>): boolean {
  return campaign.findings.length <= REPORT_LISTING_LIMIT;
}

/** The site path of the page that holds a problem's row (`#finding-<id>`): the report, or above the limit its unit's notice. */
export function findingPagePath(campaign: Pick<Campaign, 'id' | 'findings'>, finding: Pick<Finding, 'unit'>): string {
  return reportListsFindings(campaign) ? `campaigns/${campaign.id}/` : noticePath(campaign, finding.unit);
}
