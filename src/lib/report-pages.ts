import type { Campaign } from './model.ts';

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

export function reportPages(campaign: Campaign): ReportPage[] {
  const base = `campaigns/${campaign.id}/`;
  const pdf = `pdf/${campaign.id}/`;
  return [
    { kind: 'report', path: base, pdf: `${pdf}report.pdf` },
    { kind: 'news', path: `${base}news/`, pdf: `${pdf}news.pdf` },
    ...reportedUnits(campaign).map((unitId) => ({
      kind: 'unit' as const,
      path: `${base}units/${unitId}/`,
      pdf: `${pdf}unit-${unitId}.pdf`,
      unitId,
    })),
  ];
}

/** Where a campaign's unit notices, merged into one PDF for printing, go. */
export function noticesPdf(campaign: Campaign): string {
  return `pdf/${campaign.id}/notices.pdf`;
}
