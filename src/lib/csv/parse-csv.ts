import { bisectRight } from 'd3-array';
import Papa from 'papaparse';
import type { IssueList } from '../errors.ts';

/**
 * Splits CSV text into a header and records that remember the line they start on, so that
 * every later problem can be located the way the user sees the file in a text editor.
 */

export interface CsvRecord {
  /** 1-based line on which the record starts (a quoted cell may span several lines). */
  line: number;
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

  for (const error of result.errors) {
    if (error.type !== 'Quotes') continue; // Delimiter guessing falls back to ',' which is what we want.
    // An unterminated quote is reported at its opening quote, where the user has to look.
    const index = error.code === 'MissingQuotes' ? normalized.lastIndexOf('"', error.index ?? 0) : (error.index ?? 0);
    const { line, column } = positionOf(Math.max(index, 0), lineStarts);
    issues.error(file, {
      line,
      character: column,
      message:
        error.code === 'MissingQuotes'
          ? '引号没有闭合：从这里开始的单元格一直延续到文件末尾'
          : '引号使用不规范：带引号的单元格在结束引号后还有字符',
      expected: '单元格内的引号写成两个双引号（""），整个单元格用一对双引号括起来',
      hint: '用 Excel 打开并重新“另存为 CSV”通常可以修复引号问题。',
    });
  }

  const records: CsvRecord[] = [];
  let line = 1;
  for (const cells of result.data) {
    if (cells.some((cell) => cell.trim() !== '')) records.push({ line, cells });
    line += 1;
    for (const cell of cells) line += countNewlines(cell);
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
