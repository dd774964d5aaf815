import { html } from 'ghtml';
import { cellHtml } from '../format/cell-markdown.ts';
import type { Finding, Status } from '../model.ts';
import type { MarkdownColumn } from '../schemas/campaign.ts';
import { SEVERITY, STATUS } from '../tables/findings.ts';
import { renderTable, textCell, type Column } from './table.ts';

/** The table of problems shown on campaign and unit reports and printed in rectification notices. */

export interface FindingsTableOptions {
  caption: string;
  /** Hide the category column where the table is already grouped by category. */
  showCategory?: boolean;
  /** Columns declared Markdown in campaign.yml: rendered inline, with raw HTML escaped. */
  markdownColumns?: readonly MarkdownColumn[];
  /** Days past due of each overdue problem, as the core computed them on the report day. */
  overdueDays?: OverdueDays;
}

/** Overdue problems and how many days each is past its due date, keyed by the problem itself. */
export type OverdueDays = ReadonlyMap<Finding, number>;

/** The lookup for `overdueDays`, from a rectification's (or a unit history's) overdue list. */
export function overdueDaysOf(overdue: ReadonlyArray<{ finding: Finding; daysOverdue: number }>): OverdueDays {
  return new Map(overdue.map(({ finding, daysOverdue }) => [finding, daysOverdue]));
}

/** Overdue said in words, not only in colour, so it survives a grey printout and a screen reader. */
export function overdueMark(daysOverdue: number): string {
  return html`<strong class="overdue">已逾期 ${daysOverdue} 天</strong>`;
}

export function statusBadge(status: Status): string {
  return html`<span class="status status-${status}">${STATUS.labels[status]}</span>`;
}

/** The check that closed the problem for good (复查销号): who verified it, and when. */
function verification({ verifier, verifiedOn }: Finding): string {
  if (!verifier && !verifiedOn) return '';
  const day = verifiedOn ? html` <span class="nowrap">${verifiedOn}</span>` : '';
  return html`<div class="note verified">已验证!${day}</div>` + (verifier ? html`<div class="note verified">验证人：${verifier}</div>` : '');
}

export function findingsTable(
  findings: readonly Finding[],
  { caption, showCategory = true, markdownColumns = [], overdueDays = new Map() }: FindingsTableOptions,
): string {
  const cellText = (text: string | undefined, column: MarkdownColumn) =>
    text === undefined ? textCell(text) : cellHtml(text, markdownColumns.includes(column));
  const columns: Array<Column<Finding>> = [
    { header: '编号', className: 'nowrap', cell: (finding) => html`${finding.id}` },
    ...(showCategory ? [{ header: '问题类别', cell: (finding: Finding) => html`${finding.category}` }] : []),
    {
      header: '问题描述',
      cell: (finding) =>
        cellText(finding.description, 'description') +
        (finding.severity && finding.severity !== 'low' ? html`<span class="note">（${SEVERITY.labels[finding.severity]}）</span>` : '') +
        (finding.material ? html`<div class="note">检查资料：!${cellText(finding.material, 'material')}</div>` : ''),
    },
    { header: '整改建议', cell: (finding) => cellText(finding.suggestion, 'suggestion') },
    { header: '责任人', cell: (finding) => textCell(finding.owner) },
    {
      header: '整改期限',
      className: 'nowrap',
      cell: (finding) => {
        const days = overdueDays.get(finding);
        return textCell(finding.due) + (days === undefined ? '' : overdueMark(days));
      },
    },
    {
      header: '状态',
      className: 'nowrap',
      cell: (finding) => statusBadge(finding.status) + (finding.closedOn ? html`<div class="note">${finding.closedOn}</div>` : '') + verification(finding),
    },
  ];
  return renderTable({ caption, hiddenCaption: true, className: 'findings', columns, rows: findings, rowId: (finding) => `finding-${finding.id}` });
}
