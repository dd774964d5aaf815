import { z } from 'zod/v4';
import type { ColumnSpec } from '../csv/read-records.ts';
import { optionalDay, optionalText, requiredText, vocabulary } from './fields.ts';

/** data/campaigns/<id>/findings.csv — one row per problem (问题). */
export const findingColumns: ColumnSpec[] = [
  { key: 'id', header: '编号', required: true },
  { key: 'unit', header: '被检单位', required: true },
  { key: 'team', header: '检查组' },
  { key: 'category', header: '问题类别', required: true },
  { key: 'severity', header: '严重程度' },
  { key: 'description', header: '问题描述', required: true },
  { key: 'material', header: '检查资料' },
  { key: 'suggestion', header: '整改建议' },
  { key: 'owner', header: '整改责任人' },
  { key: 'due', header: '整改期限' },
  { key: 'status', header: '整改状态' },
  { key: 'closed_on', header: '完成日期' },
];

export const STATUSES = ['open', 'in_progress', 'closed'] as const;
export type Status = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<Status, string> = { open: '未整改', in_progress: '整改中', closed: '已整改' };

export const SEVERITIES = ['low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { low: '一般', medium: '较重', high: '严重' };

const status = vocabulary<Status>({ open: ['未整改'], in_progress: ['整改中'], closed: ['已整改'] }, '整改状态');
const severity = vocabulary<Severity>({ low: ['一般'], medium: ['较重'], high: ['严重'] }, '严重程度');

export const findingRowSchema = z
  .object({
    id: requiredText,
    unit: requiredText,
    team: optionalText,
    category: requiredText,
    severity,
    description: requiredText,
    material: optionalText,
    suggestion: optionalText,
    owner: optionalText,
    due: optionalDay,
    status: status.default('open'),
    closed_on: optionalDay,
  })
  .superRefine((row, ctx) => {
    if (row.closed_on && row.status !== 'closed') {
      ctx.addIssue({
        code: 'custom',
        input: row.closed_on,
        path: ['closed_on'],
        message: `填写了完成日期，但整改状态是“${STATUS_LABELS[row.status]}”`,
        params: { expected: '已整改的问题才有完成日期；未完成的请清空完成日期' },
      });
    }
  });

export type FindingRow = z.output<typeof findingRowSchema>;
