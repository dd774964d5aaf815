import { expectationOf } from '../schemas/fields.ts';
import { likelyMeant } from '../text/fuzzy.ts';
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
  const { positions, usable, explained } = matchColumns(table, file, specs, issues);
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
      // A column the header errors already name (missing, or written in a way not read): one
      // error there explains every row, which would otherwise bury it.
      if (explained.has(key)) continue;
      // A check across a row's cells judges a column the header lost by its default: not a finding.
      if (explained.size > 0 && issue.code === 'custom' && (issue.params as { acrossCells?: boolean } | undefined)?.acrossCells) continue;
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
  if (!usable) return null;
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
export function mapColumns(table: CsvTable, file: string, columns: readonly ColumnSpec[], issues: IssueList): Map<string, number> | null {
  const { positions, usable } = matchColumns(table, file, columns, issues);
  return usable ? positions : null;
}

export interface ColumnMatch {
  /** The cell index of each declared column found in the header. */
  positions: Map<string, number>;
  /** False when the header has an error: the file's rows are still checked, but not used. */
  usable: boolean;
  /** Columns whose absence a header error already explains: their row errors are not listed. */
  explained: Set<string>;
}

/**
 * Finds each declared column in the header row. A header that matches none is a slip for a
 * column the file lacks when it is like one (header-match.ts: 整改时限 for 整改期限): an error
 * naming both, since its column would otherwise be dropped without a word. A header like
 * nothing missing is an extra column: a warning, its content not shown.
 */
export function matchColumns(table: CsvTable, file: string, columns: readonly ColumnSpec[], issues: IssueList): ColumnMatch {
  const byName = new Map<string, ColumnSpec>();
  for (const column of columns) for (const header of column.headers) byName.set(normalizeHeader(header), column);
  const positions = new Map<string, number>();
  const { line, cells } = table.header;
  const unknown: Array<{ header: string; index: number }> = [];
  let headerErrors = 0;
  cells.forEach((header, index) => {
    if (header === '') {
      if (table.records.some((record) => (record.cells[index] ?? '').trim() !== '')) {
        headerErrors++;
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
      unknown.push({ header, index });
      return;
    }
    const earlier = positions.get(column.key);
    if (earlier !== undefined) {
      headerErrors++;
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

  const lacking = columns.filter((column) => !positions.has(column.key));
  const explained = new Set<string>();
  const accepted = (column: ColumnSpec) =>
    `“${column.headers[1]}”或“${column.headers[0]}”${
      column.headers.length > 2
        ? `（也可写作${column.headers
            .slice(2)
            .map((name) => `“${name}”`)
            .join('、')}）`
        : ''
    }`;
  for (const { header, index } of unknown) {
    const meant = likelyMeant(header, lacking, (column) => column.headers);
    if (meant.length === 0) {
      issues.warn(file, {
        line,
        column: index + 1,
        field: header,
        message: `未知的列“${header}”，其内容不会出现在报告中`,
        expected: `可用的列：${columns.map((c) => `${c.headers[1]}（${c.headers[0]}）`).join('、')}`,
      });
      continue;
    }
    headerErrors++;
    for (const column of meant) explained.add(column.key);
    issues.error(file, {
      line,
      column: index + 1,
      field: header,
      message: `表头“${header}”不是可识别的列名，这一列不会被读取；您是不是想写${meant.map((column) => `“${column.headers[1]}”`).join('或')}？`,
      expected: meant.map(accepted).join('；'),
      hint: `请把表头改为${meant.map((column) => `“${column.headers[1]}”`).join('或')}（表头写法见 README 的“数据格式”一节）。`,
    });
  }

  const missing = lacking.filter((column) => column.required && !explained.has(column.key));
  for (const column of missing) {
    headerErrors++;
    explained.add(column.key);
    issues.error(file, {
      line,
      field: column.headers[1],
      message: `缺少必填列“${column.headers[1]}”（${column.headers[0]}）`,
      expected: `表头中有${accepted(column)}`,
    });
  }
  return { positions, usable: headerErrors === 0, explained };
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
