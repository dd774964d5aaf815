import { optionalText, requiredText } from '../schemas/fields.ts';
import { column, defineTable, type RowOf } from './define-table.ts';

/** data/campaigns/<id>/highlights.csv — one row per highlight (亮点). */
export const highlightsTable = defineTable({
  id: column(requiredText, ['id', '编号']),
  unit: column(requiredText, ['unit', '被检单位', '单位'], { display: (id, names) => names.unit(id) }),
  team: column(optionalText, ['team', '检查组'], { display: (id, names) => names.team(id) }),
  category: column(optionalText, ['category', '类别']),
  description: column(requiredText, ['description', '亮点描述']),
});

export type HighlightRow = RowOf<typeof highlightsTable>;
