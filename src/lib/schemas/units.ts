import { z } from 'zod/v4';
import type { ColumnSpec } from '../csv/read-records.ts';
import { requiredText, slug } from './fields.ts';

/** data/units.csv — the organisation directory shared by all campaigns. */
export const unitColumns: ColumnSpec[] = [
  { key: 'id', header: '单位编码', required: true },
  { key: 'name', header: '单位名称', required: true },
  { key: 'sector', header: '板块', required: true },
];

export const unitRowSchema = z.object({ id: slug, name: requiredText, sector: requiredText });

export type Unit = z.output<typeof unitRowSchema>;
