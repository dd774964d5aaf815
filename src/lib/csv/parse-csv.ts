import { bisectRight } from 'd3-array';
import Papa from 'papaparse';
import type { IssueList } from '../errors.ts';

/**
 * Splits CSV text into a header and records that remember where they are: the row Excel shows
 * them on and the text line they start on, so that every later problem can be located both the
 * way the clerk sees the file in Excel and the way an editor shows it.
 *
 * Rows as Excel numbers them: opening a CSV file, Excel makes each record one row, the header
 * row 1, and keeps a quoted cell's line breaks inside the cell; a blank line is an empty row,
 * not skipped. That is exactly Papa Parse's list of records with skipEmptyLines off (a blank
 * line is the record ['']), so a record's row is its 1-based index in that list. The two
 * numbers part after the first cell holding a line break: every later record's text line is
 * then greater than its row.
 */

export interface CsvRecord {
  /** 1-based TEXT line on which the record starts (a quoted cell may span several lines). */
  line: number;
  /**
   * 1-based row as Excel shows it: the header row is 1, blank lines count as empty rows. Set by
   * parseCsv; optional only so that tables built by hand in tests stay valid. Issues do not
   * read it: they get their row from the IssueList, which parseCsv tells where rows start.
   */
  row?: number;
  cells: string[];
}

export interface CsvTable {
  header: CsvRecord;
  records: CsvRecord[];
}

export function parseCsv(text: string, file: string, issues: IssueList): CsvTable | null {
  // One newline convention, so that line numbers hold for files mixing CRLF, LF and CR.
  const normalized = text.replace(/\r\n?/g, '\n');
  const result = Papa.parse<string[]>(normalized, { header: false, skipEmptyLines: false });

  const lineStarts = [0];
  for (let i = normalized.indexOf('\n'); i !== -1; i = normalized.indexOf('\n', i + 1)) lineStarts.push(i + 1);

  // Rows first: every issue of this file recorded from here on (quotes, cells, cross-file
  // checks) is given its Excel row by the IssueList.
  const { records: all, rowStarts } = locateRecords(result.data);
  issues.registerRows(file, rowStarts);
  const records = all.filter(({ cells }) => cells.some((cell) => cell.trim() !== ''));

  for (const error of result.errors) {
    if (error.type !== 'Quotes') continue; // Delimiter guessing falls back to ',' which is what we want.
    // An unterminated quote is reported at its opening quote, where the user has to look.
    const index = error.code === 'MissingQuotes' ? normalized.lastIndexOf('"', error.index ?? 0) : (error.index ?? 0);
    const { line, column } = positionOf(Math.max(index, 0), lineStarts);
    issues.error(file, {
      line,
      character: column,
      message: error.code === 'MissingQuotes' ? '引号没有闭合：从这里开始的单元格一直延续到文件末尾' : '引号使用不规范：带引号的单元格在结束引号后还有字符',
      expected: '单元格内的引号写成两个双引号（""），整个单元格用一对双引号括起来',
      hint: '用 Excel 打开并重新“另存为 CSV”通常可以修复引号问题。',
    });
  }

  if (CONTROL_CHARACTER.test(normalized)) reportControlCharacters(records, file, issues);

  const [header, ...rows] = records;
  if (!header) {
    issues.error(file, {
      message: '文件是空的，没有表头',
      expected: '第一行是表头，之后每行一条记录',
      hint: '请确认导出时选择了正确的工作表。',
    });
    return null;
  }
  header.cells = header.cells.map((cell) => cell.replace(/^\uFEFF/, '').trim());
  return { header, records: rows };
}

/** Each record with its row and start line; `rowStarts[r - 1]` is the text line row r starts on. */
function locateRecords(data: string[][]): { records: CsvRecord[]; rowStarts: number[] } {
  const records: CsvRecord[] = [];
  const rowStarts: number[] = [];
  let line = 1;
  data.forEach((cells, index) => {
    records.push({ line, row: index + 1, cells });
    rowStarts.push(line);
    line += 1;
    for (const cell of cells) line += countNewlines(cell);
  });
  return { records, rowStarts };
}

/**
 * The text line each Excel row of CSV text starts on, for reporting on a file that cannot be
 * parsed as a table (bytes that do not decode): the same records parseCsv would find.
 */
export function rowStartLines(text: string): number[] {
  const normalized = text.replace(/\r\n?/g, '\n');
  return locateRecords(Papa.parse<string[]>(normalized, { header: false, skipEmptyLines: false }).data).rowStarts;
}

/**
 * Characters no one types: NUL, form feed, other C0 and C1 controls (tab and line breaks are
 * text). They come from broken exports or from someone trying to end a string in the page.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const MAX_REPORTED_CONTROLS = 20;

function reportControlCharacters(records: CsvRecord[], file: string, issues: IssueList): void {
  let reported = 0;
  for (const { line, cells } of records) {
    cells.forEach((cell, index) => {
      const found = CONTROL_CHARACTER.exec(cell);
      if (!found || reported++ >= MAX_REPORTED_CONTROLS) return;
      const code = found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
      issues.error(file, {
        line,
        column: index + 1,
        message: `单元格中有不可见的控制字符（U+${code}）`,
        expected: '只含文字、数字、标点、空格和换行的单元格',
        hint: '常见于从其他系统复制粘贴的内容：请删除该单元格中的特殊字符后重新输入。',
      });
    });
  }
}

function countNewlines(cell: string): number {
  let count = 0;
  for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) count++;
  return count;
}

function positionOf(index: number, lineStarts: number[]): { line: number; column: number } {
  const line = bisectRight(lineStarts, index);
  return { line, column: index - (lineStarts[line - 1] ?? 0) + 1 };
}
