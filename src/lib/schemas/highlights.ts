import { z } from 'zod/v4';
import type { ColumnSpec } from '../csv/read-records.ts';
import { optionalText, requiredText } from './fields.ts';

/** data/campaigns/<id>/highlights.csv — one row per highlight (亮点). */
export const highlightColumns: ColumnSpec[] = [
  { key: 'id', header: '编号', required: true },
  { key: 'unit', header: '被检单位', required: true },
  { key: 'team', header: '检查组' },
  { key: 'category', header: '类别' },
  { key: 'description', header: '亮点描述', required: true },
];

export const highlightRowSchema = z.object({
  id: requiredText,
  unit: requiredText,
  team: optionalText,
  category: optionalText,
  description: requiredText,
});

export type HighlightRow = z.output<typeof highlightRowSchema>;
