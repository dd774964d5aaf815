/**
 * Data problems, located and explained for the people who fix them: office staff editing
 * CSV files in Excel. Every loader collects problems instead of stopping at the first one, so
 * a single run lists everything wrong with a file.
 */

export type Severity = 'error' | 'warning';

export interface DataIssue {
  severity: Severity;
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /**
   * 1-based TEXT line in the file, when the problem has one: the line a text editor shows
   * (and the `file:line:col` location uses). In a CSV file it is the line the record starts on,
   * which is not the row Excel shows once an earlier cell holds a line break: see `row`.
   */
  line?: number;
  /**
   * CSV files only: the row as Excel numbers it (the header is row 1, each record the next
   * row, a blank line an empty row), filled in from `line` by IssueList for every file parsed
   * with parseCsv. This is the number the clerk looks for; the text formatter leads with it.
   */
  row?: number;
  /** Workbooks only: the sheet the problem is on; then `line` is the sheet's row (xlsx/read-sheet.ts). */
  sheet?: string;
  /** 1-based column (the field's position in a CSV row, the character in other files). */
  column?: number;
  /** 1-based character in the line, where a problem is not about one field (bad bytes, quotes). */
  character?: number;
  /** The column header or the YAML key the problem is about. */
  field?: string;
  /** What is wrong, in Chinese. */
  message: string;
  /** What was expected instead. */
  expected?: string;
  /** How to fix it. */
  hint?: string;
}

export type IssueInput = Omit<DataIssue, 'severity' | 'file'> & { file?: string };

/**
 * Collects the issues of one or more files.
 *
 * Every caller locates a CSV problem by the text line its record starts on (that is what
 * records carry, and what assemble-campaign, report-duplicates and the survey pass on). So that
 * each of them also names the Excel row without knowing about rows, parseCsv registers where
 * each row of a file starts, and an issue recorded with a `line` in that file gets its `row`
 * here, in one place.
 */
export class IssueList {
  readonly issues: DataIssue[] = [];
  /** Per CSV file: the 1-based text line on which row 1, 2, … starts (ascending). */
  private readonly rowStarts = new Map<string, readonly number[]>();
  /** Per workbook: the sheet its rows were read from; a line there is the sheet's row. */
  private readonly sheets = new Map<string, string>();

  /** `display` names a file in the issues as its user knows it (settings.ts sourceName). */
  constructor(private readonly display: (file: string) => string = (file) => file) {}

  /** A file as the issues name it: what a message or a hint should call it too. */
  name(file: string): string {
    return this.display(file);
  }

  error(file: string, issue: IssueInput): void {
    this.add('error', file, issue);
  }

  warn(file: string, issue: IssueInput): void {
    this.add('warning', file, issue);
  }

  /** Records where each Excel row of `file` starts, as text lines (see parseCsv). */
  registerRows(file: string, startLines: readonly number[]): void {
    this.rowStarts.set(file, startLines);
  }

  /** Records the sheet a workbook's rows come from: its issues then name cells as Excel does (J7). */
  registerSheet(file: string, sheet: string): void {
    this.sheets.set(file, sheet);
  }

  /**
   * The Excel row that text line `line` of `file` belongs to: the last row starting on or
   * before it (a line inside a multi-line cell belongs to its record's row).
   */
  rowOf(file: string, line: number): number | undefined {
    const starts = this.rowStarts.get(file);
    if (!starts) return undefined;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((starts[middle] ?? Infinity) <= line) low = middle + 1;
      else high = middle;
    }
    return low === 0 ? undefined : low;
  }

  private add(severity: Severity, file: string, issue: IssueInput): void {
    const target = issue.file ?? file;
    const sheet = this.sheets.get(target);
    const row = issue.row ?? (issue.line === undefined ? undefined : sheet !== undefined ? issue.line : this.rowOf(target, issue.line));
    // Keys in reading order for `--format json`: severity, file, line, row, then the rest.
    const { line, row: _row, file: _file, ...rest } = issue;
    this.issues.push({
      severity,
      file: this.display(target),
      ...(line === undefined ? {} : { line }),
      ...(row === undefined ? {} : { row }),
      ...(sheet === undefined ? {} : { sheet }),
      ...rest,
    });
  }

  get errors(): DataIssue[] {
    return this.issues.filter((issue) => issue.severity === 'error');
  }

  get warnings(): DataIssue[] {
    return this.issues.filter((issue) => issue.severity === 'warning');
  }

  /** Throws a DataError carrying every issue when any of them is an error. */
  throwIfErrors(): void {
    if (this.errors.length > 0) throw new DataError(this.issues);
  }
}

/** The data under `data/` cannot be published as it is. */
export class DataError extends Error {
  override readonly name = 'DataError';
  readonly issues: DataIssue[];

  constructor(issues: DataIssue[]) {
    const sorted = sortIssues(issues);
    const errors = sorted.filter((issue) => issue.severity === 'error');
    super(`数据有 ${errors.length} 处错误，未生成网站：\n${formatIssues(errors)}`);
    this.issues = sorted;
  }
}

/** In reading order: by file, then line, then column; file-level problems first. */
export function sortIssues(issues: DataIssue[]): DataIssue[] {
  return [...issues].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** A spreadsheet user thinks in column letters: 1 → A, 27 → AA. */
export function columnLetter(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  }
  return letters;
}

/** `file:line:column` — the form editors and CI annotations understand: the TEXT line, not the Excel row. */
export function issueLocation(issue: DataIssue): string {
  let location = issue.file;
  if (issue.line !== undefined) location += `:${issue.line}`;
  const column = issue.column ?? issue.character;
  if (issue.line !== undefined && column !== undefined) location += `:${column}`;
  return location;
}

/** One problem on one line, then its expectation and hint, in Chinese. */
export function formatIssue(issue: DataIssue): string {
  const place: string[] = [];
  if (issue.sheet !== undefined) return formatWorkbookIssue(issue);
  // A CSV problem names the row Excel shows, and the text line too when a line break inside an
  // earlier cell makes them differ; other files have only text lines.
  if (issue.row !== undefined) {
    place.push(`第 ${issue.row} 行${issue.line !== undefined && issue.line !== issue.row ? `（文本第 ${issue.line} 行）` : ''}`);
  } else if (issue.line !== undefined) {
    place.push(`第 ${issue.line} 行`);
  }
  if (issue.column !== undefined && issue.file.endsWith('.csv')) {
    place.push(`第 ${issue.column} 列（${columnLetter(issue.column)} 列${issue.field ? `，${issue.field}` : ''}）`);
  } else if (issue.column !== undefined) {
    place.push(`第 ${issue.column} 字符`);
  }
  if (issue.character !== undefined) place.push(`第 ${issue.character} 个字符`);
  if (issue.field && !issue.file.endsWith('.csv')) place.push(`字段 ${issue.field}`);
  const label = issue.severity === 'error' ? '错误' : '警告';
  let text = `${issueLocation(issue)} ${label}${place.length ? `（${place.join('，')}）` : ''}：${issue.message}`;
  if (issue.expected) text += `\n    应为：${issue.expected}`;
  if (issue.hint) text += `\n    建议：${issue.hint}`;
  return text;
}

/** A workbook's problem named as Excel shows the place: `findings.xlsx 工作表“问题清单” J7（整改期限）`. */
function formatWorkbookIssue(issue: DataIssue): string {
  let place = `工作表“${issue.sheet}”`;
  if (issue.row !== undefined && issue.column !== undefined) place += ` ${columnLetter(issue.column)}${issue.row}`;
  else if (issue.row !== undefined) place += ` 第 ${issue.row} 行`;
  if (issue.field) place += `（${issue.field}）`;
  const label = issue.severity === 'error' ? '错误' : '警告';
  let text = `${issue.file} ${place} ${label}：${issue.message}`;
  if (issue.expected) text += `\n    应为：${issue.expected}`;
  if (issue.hint) text += `\n    建议：${issue.hint}`;
  return text;
}

export function formatIssues(issues: DataIssue[]): string {
  return issues.map(formatIssue).join('\n');
}
