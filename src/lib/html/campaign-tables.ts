import { html } from 'ghtml';
import { cellHtml } from '../format/cell-markdown.ts';
import type { Finding, Highlight } from '../model.ts';
import type { MarkdownColumn } from '../schemas/campaign.ts';
import type { PageFilter } from './finding-filters.ts';
import { findingsTable, type FindingsCampaign } from './findings-table.ts';
import { renderTable, textCell } from './table.ts';

/** The campaign report's lists beside the findings: overdue problems and highlights. */

/** The overdue problems, most overdue first, each linked to its row in the findings table further down the report. */
export function overdueTable(
  overdue: ReadonlyArray<{ finding: Finding; daysOverdue: number }>,
  { campaign, unitName, filter }: { campaign: FindingsCampaign; unitName: (id: string) => string; filter?: PageFilter },
): string {
  return findingsTable({ view: 'overdue', caption: '逾期未整改的问题', entries: overdue, campaign, unitName, filter });
}

export function highlightsTable(
  highlights: readonly Highlight[],
  { unitName, markdownColumns }: { unitName: (id: string) => string; markdownColumns: readonly MarkdownColumn[] },
): string {
  const markdownDescription = markdownColumns.includes('description');
  return renderTable({
    caption: '亮点清单',
    rows: highlights,
    columns: [
      { header: '编号', className: 'nowrap', cell: (highlight) => html`${highlight.id}` },
      // Unit names run to twenty characters: they wrap rather than push the table off a phone.
      { header: '单位', cell: (highlight) => html`${unitName(highlight.unit)}` },
      { header: '类别', cell: (highlight) => textCell(highlight.category) },
      {
        header: '亮点描述',
        cell: (highlight) => cellHtml(highlight.description, markdownDescription),
      },
    ],
  });
}
