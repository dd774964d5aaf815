import { optionalText, requiredText } from '../schemas/fields.ts';
import { column, defineTable, type RowOf } from './define-table.ts';

/**
 * data/campaigns/<id>/highlights.csv — one row per highlight (亮点). Shown in the campaign
 * report's list of highlights (the `report` view): on a phone each row is a card headed by its
 * id, the description as its text, unit and category as labelled lines.
 */
const SHOWN = ['report', 'download'] as const;

export const highlightsTable = defineTable({
  id: column(requiredText, ['id', '编号'], { views: SHOWN, cell: 'code', role: 'badge', filter: 'none', sort: 'none' }),
  unit: column(requiredText, ['unit', '被检单位', '单位'], {
    display: (id, names) => names.unit(id),
    views: SHOWN,
    header: '单位',
    cell: 'unit',
    role: 'detail',
    filter: 'none',
    sort: 'none',
  }),
  team: column(optionalText, ['team', '检查组'], { display: (id, names) => names.team(id) }),
  category: column(optionalText, ['category', '类别'], { views: SHOWN, cell: 'text', role: 'detail', filter: 'none', sort: 'none' }),
  description: column(requiredText, ['description', '亮点描述'], { views: SHOWN, cell: 'markdown', role: 'title', filter: 'none', sort: 'none' }),
});

export type HighlightRow = RowOf<typeof highlightsTable>;
