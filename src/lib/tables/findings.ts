import { optionalDay, optionalText, requiredText, vocabulary } from '../schemas/fields.ts';
import { column, defineTable, type RowOf } from './define-table.ts';

/** data/campaigns/<id>/findings.csv — one row per problem (问题). */

export const STATUS = vocabulary('整改状态', { open: ['未整改'], in_progress: ['整改中'], closed: ['已整改'] });
export type Status = (typeof STATUS.codes)[number];

export const SEVERITY = vocabulary('严重程度', { low: ['一般'], medium: ['较重'], high: ['严重'] });
export type Severity = (typeof SEVERITY.codes)[number];

export const findingsTable = defineTable(
  {
    id: column(requiredText, ['id', '编号']),
    unit: column(requiredText, ['unit', '被检单位'], (id, names) => names.unit(id)),
    team: column(optionalText, ['team', '检查组'], (id, names) => names.team(id)),
    category: column(requiredText, ['category', '问题类别']),
    severity: column(SEVERITY.schema, ['severity', '严重程度'], (code) => SEVERITY.labels[code]),
    description: column(requiredText, ['description', '问题描述']),
    material: column(optionalText, ['material', '检查资料']),
    suggestion: column(optionalText, ['suggestion', '整改建议']),
    owner: column(optionalText, ['owner', '整改责任人', '责任人']),
    due: column(optionalDay, ['due', '整改期限']),
    status: column(STATUS.schema.default('open'), ['status', '整改状态', '状态'], (code) => STATUS.labels[code]),
    closedOn: column(optionalDay, ['closed_on', '完成日期']),
    // The rectification check that closes a problem for good (复查销号).
    verifier: column(optionalText, ['verifier', '验证人']),
    verifiedOn: column(optionalDay, ['verified_on', '验证日期']),
  },
  (row, report) => {
    if (row.status !== 'closed') {
      const status = STATUS.labels[row.status];
      if (row.closedOn) report('closedOn', `填写了完成日期，但整改状态是“${status}”`, '已整改的问题才有完成日期；未完成的请清空完成日期');
      if (row.verifiedOn) report('verifiedOn', `填写了验证日期，但整改状态是“${status}”`, '只有已整改的问题才能验证；未完成的请清空验证日期');
      if (row.verifier) report('verifier', `填写了验证人，但整改状态是“${status}”`, '只有已整改的问题才能验证；未完成的请清空验证人');
    } else if (row.verifiedOn && row.closedOn && row.verifiedOn < row.closedOn) {
      report('verifiedOn', `验证日期 ${row.verifiedOn} 早于完成日期 ${row.closedOn}`, '验证日期不早于完成日期');
    }
  },
);

export type FindingRow = RowOf<typeof findingsTable>;
