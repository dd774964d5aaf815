import { html } from 'ghtml';
import { campaignLabel } from '../format/campaign-label.ts';
import { cellHtml } from '../format/cell-markdown.ts';
import type { UnitHistory } from '../summary/cross-campaign.ts';
import { overdueDaysOf, overdueMark, statusBadge } from './findings-table.ts';
import { renderTable, textCell } from './table.ts';

/** The tables of a unit's page across campaigns: its campaigns, its open problems, its repeated ones. */

/** `href` turns a site path into a link under the site's base. */
export function unitCampaignsTable(history: UnitHistory, href: (path: string) => string): string {
  return renderTable({
    caption: '历次检查',
    hiddenCaption: true,
    rows: history.campaigns,
    columns: [
      {
        header: '检查活动',
        rowHeader: true,
        cell: ({ campaign }) => html`<a href="${href(`campaigns/${campaign.id}/`)}">${campaignLabel(campaign)}</a>`,
      },
      { header: '问题', className: 'num', cell: (entry) => String(entry.findings.length) },
      { header: '已整改', className: 'num', cell: (entry) => String(entry.rectification.byStatus.closed) },
      { header: '亮点', className: 'num', cell: (entry) => String(entry.highlights.length) },
      {
        header: '整改通知',
        cell: ({ campaign }) => html`<a href="${href(`campaigns/${campaign.id}/units/${history.unitId}/`)}">查看</a>`,
      },
    ],
  });
}

export function openFindingsTable(history: UnitHistory): string {
  const overdue = overdueDaysOf(history.overdue);
  return renderTable({
    caption: '未完成整改的问题',
    hiddenCaption: true,
    rows: history.open,
    columns: [
      { header: '检查活动', cell: ({ campaign }) => html`${campaignLabel(campaign)}` },
      { header: '编号', className: 'nowrap', cell: ({ finding }) => html`${finding.id}` },
      { header: '问题描述', cell: ({ finding }) => cellHtml(finding.description, false) },
      { header: '责任人', cell: ({ finding }) => textCell(finding.owner) },
      {
        header: '整改期限',
        className: 'nowrap',
        cell: ({ finding }) => {
          const days = overdue.get(finding);
          return textCell(finding.due) + (days === undefined ? '' : overdueMark(days));
        },
      },
      { header: '状态', className: 'nowrap', cell: ({ finding }) => statusBadge(finding.status) },
    ],
  });
}

export function recurringFindingsTable(history: UnitHistory): string {
  return renderTable({
    caption: '重复问题',
    hiddenCaption: true,
    rows: history.recurring,
    columns: [
      { header: '检查活动', cell: ({ campaign }) => html`${campaignLabel(campaign)}` },
      { header: '编号', className: 'nowrap', cell: ({ finding }) => html`${finding.id}` },
      { header: '问题类别', cell: ({ finding }) => html`<span class="flag">重复问题</span> ${finding.category}` },
      { header: '问题描述', cell: ({ finding }) => cellHtml(finding.description, false) },
      { header: '以前出现', cell: ({ timesBefore, lastSeen }) => html`${timesBefore} 次，最近一次：${campaignLabel(lastSeen)}` },
    ],
  });
}
