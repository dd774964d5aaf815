import { matchColumns } from '../csv/read-records.ts';
import type { CsvTable } from '../csv/parse-csv.ts';
import { IssueList } from '../errors.ts';
import { parseDay } from '../format/dates.ts';
import { keptColumn, type PlannedColumn, type TemplateSpec } from './template-plan.ts';

/**
 * The rows already typed into a template, carried into its rewrite (`npm run templates`): every
 * row and every column of the sheet read. A declared column is found by any header the reader
 * accepts (状态, status, 整改状态) and moves under the template's header; a column no declaration
 * knows (备注, or a near-miss such as 整改时限) is kept after the declared ones with its header
 * and cells as they were, so that nothing typed is lost and the check still says what it says
 * about it today.
 */

/** A cell as the template writes it: text, or a day written as an Excel date. */
export type TemplateCell = string | { day: string };

export interface KeptRows {
  /** Columns after the declared ones, kept from the sheet as they were. */
  extra: PlannedColumn[];
  /** One row per data row of the sheet, its cells under the declared columns then the extra ones. */
  rows: TemplateCell[][];
  /** The headers of the kept extra columns, for the command to name. */
  unknownHeaders: string[];
}

export function keepRows(table: CsvTable, spec: TemplateSpec, planned: readonly PlannedColumn[]): KeptRows {
  // The reader's own matching; its complaints are the check's business, not this rewrite's.
  const { positions } = matchColumns(table, '', spec.table.specs, new IssueList());
  const used = new Set(positions.values());
  const width = Math.max(table.header.cells.length, ...table.records.map((record) => record.cells.length));
  const extraIndexes: number[] = [];
  for (let index = 0; index < width; index++) {
    if (used.has(index)) continue;
    const header = table.header.cells[index] ?? '';
    // A column without header or content is nothing to keep.
    if (header === '' && table.records.every((record) => (record.cells[index] ?? '').trim() === '')) continue;
    extraIndexes.push(index);
  }
  const extra = extraIndexes.map((index) => keptColumn(table.header.cells[index] ?? ''));
  const rows = table.records.map((record) => [
    ...planned.map((column): TemplateCell => {
      const index = column.key === undefined ? undefined : positions.get(column.key);
      const text = index === undefined ? '' : (record.cells[index] ?? '');
      return column.validation?.type === 'date' ? asDay(text) : text;
    }),
    ...extraIndexes.map((index) => record.cells[index] ?? ''),
  ]);
  return { extra, rows, unknownHeaders: extra.map((column) => column.header) };
}

/** A date column's cell: a day in any accepted form becomes a date; anything else stays the text it was (the check reports it). */
export function asDay(text: string): TemplateCell {
  const day = text.trim() === '' ? null : parseDay(text);
  return day === null ? text : { day };
}
