import { campaignLabel } from '../format/campaign-label.ts';
import { optionalDay, optionalText, requiredText, vocabulary } from '../schemas/fields.ts';
import { column, defineTable, markdownKeys, viewOnly, type RowOf } from './define-table.ts';

/** data/campaigns/<id>/findings.csv — one row per problem (问题). */

export const STATUS = vocabulary('整改状态', { open: ['未整改'], in_progress: ['整改中'], closed: ['已整改'] });
export type Status = (typeof STATUS.codes)[number];

export const SEVERITY = vocabulary('严重程度', { low: ['一般'], medium: ['较重'], high: ['严重'] });
export type Severity = (typeof SEVERITY.codes)[number];

/** What a view knows about a problem beyond its row: the figures of the view-only columns. */
export interface FindingFacts {
  /** The campaign that found it, where a table lists several campaigns (a unit's page). */
  campaign?: { date: string; title: string };
  /** Days past its due date, where it is overdue on the view's day. */
  daysOverdue?: number;
  /** How many earlier campaigns found a problem of its category in its unit, and the latest. */
  timesBefore?: number;
  lastSeen?: { date: string; title: string };
}

/*
 * Where each column appears (views, see define-table.ts): `report` and `notice` are the
 * problem's row on the campaign report and the unit notice, `unitOpen` and `unitRepeats` the
 * unit page's open and repeated problems, `overdue` the report's overdue list, `download` the
 * 整改台账 CSV files. A column `within` another is a note in that column's cell.
 */
const EVERY_TABLE = ['report', 'notice', 'unitOpen', 'unitRepeats', 'overdue', 'download'] as const;
/** The problem's row on the report and the notice, and the downloads. */
const ROW = ['report', 'notice', 'download'] as const;

export const findingsTable = defineTable(
  {
    id: column(requiredText, ['id', '编号'], { views: EVERY_TABLE, cell: 'code', role: 'badge', filter: 'text', sort: 'text' }),
    unit: column(requiredText, ['unit', '被检单位'], {
      display: (id, names) => names.unit(id),
      views: ['overdue', 'download'],
      cell: 'unit',
      role: 'detail',
      filter: 'choice',
      sort: 'text',
    }),
    team: column(optionalText, ['team', '检查组'], { display: (id, names) => names.team(id), views: ['download'] }),
    // Not on the notice, which lists its problems under headings by category.
    category: column(requiredText, ['category', '问题类别'], {
      views: ['report', 'unitRepeats', 'download'],
      cell: 'text',
      role: 'badge',
      filter: 'choice',
      sort: 'order',
    }),
    severity: column(SEVERITY.schema, ['severity', '严重程度'], {
      display: (code) => SEVERITY.labels[code],
      views: ROW,
      cell: 'severity',
      role: 'badge',
      filter: 'choice',
      sort: 'order',
      order: SEVERITY.codes,
      within: { column: 'description' },
    }),
    description: column(requiredText, ['description', '问题描述'], { views: EVERY_TABLE, cell: 'markdown', role: 'title', filter: 'text', sort: 'none' }),
    material: column(optionalText, ['material', '检查资料'], {
      views: ROW,
      cell: 'markdown',
      role: 'detail',
      filter: 'text',
      sort: 'none',
      within: { column: 'description', label: '检查资料：' },
    }),
    suggestion: column(optionalText, ['suggestion', '整改建议'], { views: ROW, cell: 'markdown', role: 'detail', filter: 'text', sort: 'none' }),
    // What the unit did about the problem, in its own words.
    measures: column(optionalText, ['measures', '整改措施'], { views: ROW, cell: 'markdown', role: 'detail', filter: 'text', sort: 'none' }),
    owner: column(optionalText, ['owner', '整改责任人', '责任人'], {
      views: ['report', 'notice', 'unitOpen', 'overdue', 'download'],
      header: '责任人',
      cell: 'person',
      role: 'detail',
      filter: 'choice',
      sort: 'text',
    }),
    due: column(optionalDay, ['due', '整改期限'], {
      views: ['report', 'notice', 'unitOpen', 'overdue', 'download'],
      cell: 'day',
      role: 'detail',
      filter: 'none',
      sort: 'day',
    }),
    status: column(STATUS.schema.default('open'), ['status', '整改状态', '状态'], {
      display: (code) => STATUS.labels[code],
      views: ['report', 'notice', 'unitOpen', 'download'],
      header: '状态',
      cell: 'status',
      role: 'badge',
      filter: 'choice',
      sort: 'order',
      order: STATUS.codes,
    }),
    closedOn: column(optionalDay, ['closed_on', '完成日期'], {
      views: ROW,
      cell: 'day',
      role: 'detail',
      filter: 'none',
      sort: 'day',
      within: { column: 'status' },
    }),
    // The rectification check that closes a problem for good (复查销号), under the status: 已验证 <day>, 验证人：<name>.
    verifier: column(optionalText, ['verifier', '验证人'], {
      views: ROW,
      cell: 'person',
      role: 'detail',
      filter: 'choice',
      sort: 'text',
      within: { column: 'verifiedOn', label: '验证人：', className: 'verified' },
    }),
    verifiedOn: column(optionalDay, ['verified_on', '验证日期'], {
      views: ROW,
      cell: 'day',
      role: 'detail',
      filter: 'none',
      sort: 'day',
      within: { column: 'status', label: '已验证 ', className: 'verified' },
    }),
  },
  {
    check: (row, report) => {
      if (row.status !== 'closed') {
        const status = STATUS.labels[row.status];
        if (row.closedOn) report('closedOn', `填写了完成日期，但整改状态是“${status}”`, '已整改的问题才有完成日期；未完成的请清空完成日期');
        if (row.verifiedOn) report('verifiedOn', `填写了验证日期，但整改状态是“${status}”`, '只有已整改的问题才能验证；未完成的请清空验证日期');
        if (row.verifier) report('verifier', `填写了验证人，但整改状态是“${status}”`, '只有已整改的问题才能验证；未完成的请清空验证人');
      } else if (row.verifiedOn && row.closedOn && row.verifiedOn < row.closedOn) {
        report('verifiedOn', `验证日期 ${row.verifiedOn} 早于完成日期 ${row.closedOn}`, '验证日期不早于完成日期');
      }
    },
    viewOnly: {
      campaign: viewOnly<FindingFacts>({
        header: '检查活动',
        value: (facts) => facts.campaign && campaignLabel(facts.campaign),
        at: 'start',
        views: ['unitOpen', 'unitRepeats'],
        cell: 'text',
        role: 'detail',
        filter: 'choice',
        sort: 'day',
      }),
      repeated: viewOnly<FindingFacts>({
        header: '重复问题',
        value: () => '重复问题',
        views: ['unitRepeats'],
        cell: 'flag',
        role: 'badge',
        filter: 'none',
        sort: 'none',
        within: { column: 'category', before: true },
      }),
      overdue: viewOnly<FindingFacts>({
        header: '逾期情况',
        value: (facts) => facts.daysOverdue,
        views: ['report', 'notice', 'unitOpen', 'overdue'],
        cell: 'overdue',
        role: 'badge',
        // ?overdue=1 keeps the problems past their due date on the view's day.
        filter: 'flag',
        flagged: '已逾期',
        sort: 'number',
        // A column of its own in the overdue list; beside the due date elsewhere.
        within: { column: 'due', views: ['report', 'notice', 'unitOpen'] },
      }),
      seenBefore: viewOnly<FindingFacts>({
        header: '以前出现',
        value: ({ timesBefore, lastSeen }) => (timesBefore === undefined || !lastSeen ? undefined : `${timesBefore} 次，最近一次：${campaignLabel(lastSeen)}`),
        views: ['unitRepeats'],
        cell: 'text',
        role: 'detail',
        filter: 'none',
        sort: 'none',
      }),
    },
  },
);

export type FindingRow = RowOf<typeof findingsTable>;

/**
 * The columns campaign.yml may list in `markdownColumns`: those shown as `markdown`. The
 * highlights' description (亮点描述) follows the name `description` too.
 */
export const MARKDOWN_COLUMNS = markdownKeys(findingsTable);
export type MarkdownColumn = (typeof MARKDOWN_COLUMNS)[number];
