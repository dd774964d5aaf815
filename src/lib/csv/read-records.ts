import { expectationOf } from '../schemas/fields.ts';
import type { IssueList } from '../errors.ts';
import type { Column, ColumnSpec, RowOf, TableDefinition } from '../tables/define-table.ts';
import type { CsvTable } from './parse-csv.ts';

/**
 * Turns a parsed CSV table into typed records: finds each defined column by its Chinese or
 * English header, checks the shape of every row, and validates every cell with the table's
 * schema, reporting each problem at its line and column.
 */

export interface LocatedRecord<T> {
  line: number;
  value: T;
}

export interface RecordSet<T> {
  records: Array<LocatedRecord<T>>;
  /**
   * The trimmed cells of rows that failed validation, so that cross-file checks (unknown
   * unit, duplicate id) can still report on them: one run lists every problem of a file.
   */
  rejected: Array<LocatedRecord<Partial<Record<string, string>>>>;
  /** 1-based column of each declared column present in the file, for later cross-checks. */
  columnOf(key: string): number | undefined;
}

/** Header text as users vary it: letter case and surrounding space do not matter. */
export function normalizeHeader(text: string): string {
  return text.trim().toLowerCase();
}

export function readRecords<Columns extends Record<string, Column>>(
  table: CsvTable,
  file: string,
  definition: TableDefinition<Columns>,
  issues: IssueList,
): RecordSet<RowOf<TableDefinition<Columns>>> | null {
  const { specs, schema } = definition;
  const positions = mapColumns(table, file, specs, issues);
  if (!positions) return null;
  const headerOf = new Map(specs.map((column) => [column.key, column.headers[1]]));
  const width = table.header.cells.length;
  const records: Array<LocatedRecord<RowOf<TableDefinition<Columns>>>> = [];
  const rejected: RecordSet<unknown>['rejected'] = [];

  const keys = [...positions.keys()];
  const indexes = [...positions.values()];
  for (const record of table.records) {
    if (!checkRowWidth(record.cells, width, record.line, file, issues)) continue;
    // Blank cells are absent values: schemas see undefined, never ''.
    const input: Record<string, string> = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const index = indexes[i];
      if (key === undefined || index === undefined) continue; // never: both come from one map
      const cell = record.cells[index]?.trim();
      if (cell) input[key] = cell;
    }
    const parsed = schema.safeParse(input);
    if (parsed.success) {
      records.push({ line: record.line, value: parsed.data });
      continue;
    }
    rejected.push({ line: record.line, value: input });
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const index = positions.get(key);
      issues.error(file, {
        line: record.line,
        column: index === undefined ? undefined : index + 1,
        field: headerOf.get(key) ?? key,
        message: issue.message,
        expected: expectationOf(issue),
      });
    }
  }
  return {
    records,
    rejected,
    columnOf: (key) => {
      const index = positions.get(key);
      return index === undefined ? undefined : index + 1;
    },
  };
}

/** Which cell index holds each declared column; null when a required column is missing. */
export function mapColumns(
  table: CsvTable,
  file: string,
  columns: readonly ColumnSpec[],
  issues: IssueList,
): Map<string, number> | null {
  const byName = new Map<string, ColumnSpec>();
  for (const column of columns) for (const header of column.headers) byName.set(normalizeHeader(header), column);
  const positions = new Map<string, number>();
  const { line, cells } = table.header;
  cells.forEach((header, index) => {
    if (header === '') {
      if (table.records.some((record) => (record.cells[index] ?? '').trim() !== '')) {
        issues.error(file, {
          line,
          column: index + 1,
          message: '这一列没有表头，但下面有内容',
          expected: '每一列都有表头',
          hint: '请补上表头，或删除这一列。',
        });
      }
      return;
    }
    const column = byName.get(normalizeHeader(header));
    if (!column) {
      issues.warn(file, {
        line,
        column: index + 1,
        field: header,
        message: `未知的列“${header}”，其内容不会出现在报告中`,
        expected: `可用的列：${columns.map((c) => `${c.headers[1]}（${c.headers[0]}）`).join('、')}`,
      });
      return;
    }
    const earlier = positions.get(column.key);
    if (earlier !== undefined) {
      issues.error(file, {
        line,
        column: index + 1,
        field: header,
        message: `重复的列：与第 ${earlier + 1} 列“${cells[earlier]}”是同一列`,
        expected: '每一列只出现一次',
        hint: '请删除或改名其中一列。',
      });
      return;
    }
    positions.set(column.key, index);
  });

  const missing = columns.filter((column) => column.required && !positions.has(column.key));
  for (const column of missing) {
    issues.error(file, {
      line,
      field: column.headers[1],
      message: `缺少必填列“${column.headers[1]}”（${column.headers[0]}）`,
      expected: `表头中有“${column.headers[1]}”或“${column.headers[0]}”`,
    });
  }
  return missing.length > 0 || issues.errors.some((issue) => issue.file === file && issue.line === line)
    ? null
    : positions;
}

/** False (with the problem recorded) when a row has fewer cells than the header, or more non-empty ones. */
export function checkRowWidth(cells: string[], width: number, line: number, file: string, issues: IssueList): boolean {
  if (cells.length < width) {
    issues.error(file, {
      line,
      message: `这一行只有 ${cells.length} 个单元格，表头有 ${width} 列`,
      expected: `每行 ${width} 个单元格`,
      hint: '常见原因：单元格内有换行却没有用双引号括起来，使一行断成了两行。',
    });
    return false;
  }
  const extra = cells.length > width ? cells.slice(width).findIndex((cell) => cell.trim() !== '') : -1;
  if (extra !== -1) {
    issues.error(file, {
      line,
      column: width + extra + 1,
      message: `这一行有 ${cells.length} 个单元格，比表头的 ${width} 列多`,
      expected: `每行 ${width} 个单元格`,
      hint: '常见原因：单元格内有英文逗号却没有用双引号括起来。',
    });
    return false;
  }
  return true;
}

