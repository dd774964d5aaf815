import { requiredText, slug } from '../schemas/fields.ts';
import { column, defineTable, type RowOf } from './define-table.ts';

/** data/units.csv — the organisation directory shared by all campaigns. */
export const unitsTable = defineTable({
  id: column(slug, ['id', '单位编码']),
  name: column(requiredText, ['name', '单位名称']),
  sector: column(requiredText, ['sector', '板块']),
});

export type Unit = RowOf<typeof unitsTable>;
