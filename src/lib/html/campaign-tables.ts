import { html } from 'ghtml';
import { cellHtml } from '../format/cell-markdown.ts';
import type { Finding, Highlight } from '../model.ts';
import type { MarkdownColumn } from '../schemas/campaign.ts';
import { overdueMark } from './findings-table.ts';
import { renderTable, textCell } from './table.ts';

/** The campaign report's lists beside the findings: overdue problems and highlights. */

export function overdueTable(overdue: ReadonlyArray<{ finding: Finding; daysOverdue: number }>, unitName: (id: string) => string): string {
  return renderTable({
    caption: '逾期未整改的问题',
    rows: overdue,
    columns: [
      // Links to the problem's row in the findings table further down the report.
      { header: '编号', className: 'nowrap', cell: ({ finding }) => html`<a href="#finding-${finding.id}">${finding.id}</a>` },
      { header: '被检单位', className: 'nowrap', cell: ({ finding }) => html`${unitName(finding.unit)}` },
      { header: '问题描述', cell: ({ finding }) => cellHtml(finding.description, false) },
      { header: '责任人', cell: ({ finding }) => textCell(finding.owner) },
      { header: '整改期限', className: 'nowrap', cell: ({ finding }) => textCell(finding.due) },
      { header: '逾期情况', className: 'nowrap', cell: ({ daysOverdue }) => overdueMark(daysOverdue) },
    ],
  });
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
