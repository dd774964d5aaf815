import { html } from 'ghtml';
import { campaignLabel } from '../format/campaign-label.ts';
import { noticePath } from '../report-pages.ts';
import type { OlderCampaign, UnitCampaign, UnitHistory } from '../summary/cross-campaign.ts';
import type { PageFilter } from './finding-filters.ts';
import { findingsTable, overdueDaysOf, type FindingsCampaign } from './findings-table.ts';
import { renderTable } from './table.ts';

/**
 * The tables of a unit's page across campaigns: its campaigns, its open problems, its repeated ones.
 * On a phone each campaign is a card headed by its name, its figures as labelled lines (`role`).
 */

type Href = (path: string) => string;
/** The campaign's report, and the unit's notice in it: the first and last columns of both campaign tables. */
const campaignColumn = (href: Href) => ({
  header: '检查活动',
  rowHeader: true,
  role: 'badge',
  cell: ({ campaign }: { campaign: UnitCampaign['campaign'] }) => html`<a href="${href(`campaigns/${campaign.id}/`)}">${campaignLabel(campaign)}</a>`,
});
const noticeColumn = (href: Href, unitId: string) => ({
  header: '整改通知',
  role: 'detail',
  cell: ({ campaign }: { campaign: UnitCampaign['campaign'] }) => html`<a href="${href(noticePath(campaign, unitId))}">查看</a>`,
});

/** `href` turns a site path into a link under the site's base. */
export function unitCampaignsTable(history: UnitHistory, href: Href): string {
  return renderTable({
    caption: '历次检查',
    hiddenCaption: true,
    rows: history.campaigns,
    columns: [
      campaignColumn(href),
      { header: '问题', className: 'num', role: 'detail', cell: (entry) => String(entry.findings.length) },
      { header: '已整改', className: 'num', role: 'detail', cell: (entry) => String(entry.rectification.byStatus.closed) },
      { header: '亮点', className: 'num', role: 'detail', cell: (entry) => String(entry.highlights.length) },
      noticeColumn(href, history.unitId),
    ],
  });
}

/** What the tables need besides the history: each campaign's Markdown columns and teams, and unit names. */
export interface UnitHistoryContext {
  campaigns: ReadonlyArray<FindingsCampaign & { id: string }>;
  unitName: (id: string) => string;
  /** The page's filter of its tables of problems (finding-filters.ts). */
  filter?: PageFilter;
}

/** Each entry's campaign, found by the id its history carries. */
function campaignOf(campaigns: UnitHistoryContext['campaigns']): (entry: { campaign: { id: string } }) => FindingsCampaign {
  const byId = new Map(campaigns.map((campaign) => [campaign.id, campaign]));
  return ({ campaign: { id } }) => {
    const campaign = byId.get(id);
    if (!campaign) throw new Error(`the unit's history names campaign ${id}, which is not among the campaigns given`);
    return campaign;
  };
}

/** The rows of the open and the repeated problems, each with its days past due when overdue (what the page's filter reads too). */
export function unitFindingEntries(history: UnitHistory) {
  const days = overdueDaysOf(history.overdue);
  const withDays = <Entry extends { finding: UnitHistory['open'][number]['finding'] }>(entry: Entry) => ({ ...entry, daysOverdue: days.get(entry.finding) });
  return { open: history.open.map(withDays), recurring: history.recurring.map(withDays) };
}

export function openFindingsTable(history: UnitHistory, { campaigns, unitName, filter }: UnitHistoryContext): string {
  const entries = unitFindingEntries(history).open;
  return findingsTable({ view: 'unitOpen', caption: '未完成整改的问题', entries, campaign: campaignOf(campaigns), unitName, filter });
}

export function recurringFindingsTable(history: UnitHistory, { campaigns, unitName, filter }: UnitHistoryContext): string {
  const entries = unitFindingEntries(history).recurring;
  return findingsTable({ view: 'unitRepeats', caption: '重复问题', entries, campaign: campaignOf(campaigns), unitName, filter });
}

/** The older campaigns of a unit's page (recentHistory), a row each, linking to their notices. */
export function olderCampaignsTable(older: readonly OlderCampaign[], unitId: string, href: Href): string {
  return renderTable({
    caption: '更早的检查',
    hiddenCaption: true,
    rows: older,
    columns: [
      campaignColumn(href),
      { header: '未完成整改', className: 'num', role: 'detail', cell: (row) => String(row.open) },
      { header: '其中逾期', className: 'num', role: 'detail', cell: (row) => String(row.overdue) },
      { header: '重复问题', className: 'num', role: 'detail', cell: (row) => String(row.recurring) },
      noticeColumn(href, unitId),
    ],
  });
}
