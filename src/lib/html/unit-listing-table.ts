import { html } from 'ghtml';
import type { UnitFigures } from '../summary/summarize-unit.ts';
import { STATUS } from '../tables/findings.ts';
import { renderTable, type Column } from './table.ts';

/**
 * A report's problems by unit, for a campaign with more problems than the report lists row by row
 * (report-pages.ts, REPORT_LISTING_LIMIT): each unit with its counts by status, its overdue
 * problems, and a link to its notice, where its problems are listed in full. The oldest overdue
 * problem's days say how far behind the unit is, which the count alone does not.
 */
export interface UnitListingOptions {
  units: readonly UnitFigures[];
  unitName: (id: string) => string;
  /** The href of a unit's notice. */
  noticeHref: (unitId: string) => string;
}

export function unitListingTable({ units, unitName, noticeHref }: UnitListingOptions): string {
  const count = (value: number) => html`${value}`;
  const columns: Array<Column<UnitFigures>> = [
    {
      header: '被检单位',
      rowHeader: true,
      role: 'title',
      cell: (unit) => html`<a href="${noticeHref(unit.unitId)}">${unitName(unit.unitId)}</a>`,
    },
    { header: '问题', className: 'num', role: 'detail', cell: (unit) => count(unit.findings.length) },
    ...STATUS.codes.map((code): Column<UnitFigures> => ({
      header: STATUS.labels[code],
      className: 'num',
      role: 'detail',
      cell: (unit) => count(unit.rectification.byStatus[code]),
    })),
    { header: '逾期未整改', className: 'num', role: 'detail', cell: (unit) => count(unit.rectification.overdue.length) },
    {
      header: '最长逾期',
      className: 'num nowrap',
      role: 'detail',
      cell: (unit) => {
        const longest = unit.rectification.overdue[0];
        return longest ? html`${longest.daysOverdue} 天` : '—';
      },
    },
  ];
  return renderTable({ caption: '各单位的问题及整改情况', columns, rows: units });
}
