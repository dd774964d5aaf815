import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/csv/parse-csv.ts';
import { formatIssue, IssueList, type DataIssue } from '../../src/lib/errors.ts';
import { CAMPAIGN, createFixture, type Fixture } from '../helpers/data-fixture.ts';
import { run as runProcess } from '../helpers/processes.ts';

/**
 * Issue 12: errors name the row as Excel shows it (header = row 1), and the text line too when
 * a line break inside an earlier cell makes the two differ. Every expectation below is counted
 * by hand from the file text in the test.
 */

const FINDINGS = `${CAMPAIGN}/findings.csv`;
const SURVEY = `${CAMPAIGN}/survey.csv`;
const HEADER = 'id,unit,team,category,description,due,status,closed_on';
const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..');

let fixture: Fixture | undefined;
afterEach(() => fixture?.cleanup());

function load(overrides: Parameters<typeof createFixture>[0]): Fixture {
  fixture = createFixture(overrides);
  return fixture;
}

/** Text lines 1–6, Excel rows 1–5: row 2 is two text lines (a quoted line break). */
function findingsWithBreak(lastRow: string): string {
  return [
    HEADER, //                                                  line 1, row 1
    'F1,u2,t1,执行不规范,"纪要缺签字', //                        line 2, row 2
    '第二行",2025-10-31,closed,2025-10-01', //                  line 3, row 2 (same record)
    'F2,乙公司,第一组,执行不规范,素材不全,2025/11/30,整改中,', // line 4, row 3
    'F3,u3,,标准化建设不完善,无模板,2025年12月31日,,', //         line 5, row 4
    lastRow, //                                                 line 6, row 5
    '',
  ].join('\n');
}

const place = (issue: DataIssue | undefined) => issue && [issue.line, issue.row, issue.column];
const firstLine = (issue: DataIssue | undefined) => issue && formatIssue(issue).split('\n')[0];

describe('rows as Excel numbers them (issue 12)', () => {
  it('names Excel row 5 and text line 6 for a bad cell three records after a cell with a line break', async () => {
    const [issue, ...others] = await load({ [FINDINGS]: findingsWithBreak('F4,u2,,执行不规范,x,2025-13-01,,') }).loadErrors();
    expect(others).toEqual([]);
    expect(place(issue)).toEqual([6, 5, 6]);
    // The location prefix keeps the text line (editors jump to it); the words lead with the row.
    expect(firstLine(issue)).toBe(`${FINDINGS}:6:6 错误（第 5 行（文本第 6 行），第 6 列（F 列，整改期限））：无法识别的日期“2025-13-01”`);
  });

  it('gives the row to cross-file errors too (an unknown unit, found when the campaign is assembled)', async () => {
    const issues = await load({ [FINDINGS]: findingsWithBreak('F4,u9,,执行不规范,x,,,') }).loadErrors();
    expect(issues.map(place)).toEqual([[6, 5, 2]]);
    expect(firstLine(issues[0])).toBe(`${FINDINGS}:6:2 错误（第 5 行（文本第 6 行），第 2 列（B 列，被检单位））：未知的单位“u9”`);
  });

  it('gives the row to a repeated id', async () => {
    const issues = await load({ [FINDINGS]: findingsWithBreak('F2,u2,,执行不规范,x,,,') }).loadErrors();
    expect(issues.map(place)).toEqual([[6, 5, 1]]);
  });

  it('gives the row to a survey answer that is not an option', async () => {
    const survey = '序号,来自IP,1、培训是否实用？\n1,"10.0.0.1\n（补录）",很实用\n2,10.0.0.2,一般\n3,10.0.0.3,非常好\n';
    // Line 1 row 1; lines 2–3 row 2; line 4 row 3; line 5 row 4.
    const issues = await load({ [SURVEY]: survey }).loadErrors();
    expect(issues.map(place)).toEqual([[5, 4, 3]]);
  });

  it('counts a blank line as an empty row, as Excel shows it, so row and text line agree', async () => {
    const rows = [HEADER, 'F1,u2,,执行不规范,x,,,', '', 'F2,u2,,执行不规范,x,2025-13-01,,', ''].join('\n');
    const [issue] = await load({ [FINDINGS]: rows }).loadErrors();
    expect(place(issue)).toEqual([4, 4, 6]);
    expect(firstLine(issue)).toBe(`${FINDINGS}:4:6 错误（第 4 行，第 6 列（F 列，整改期限））：无法识别的日期“2025-13-01”`);
  });

  it('names the row of a record that starts after mixed line endings and two breaks in one cell', async () => {
    // Lines: 1 header | 2–4 H1 (two breaks, CRLF inside) | 5 H2 (ends with a lone CR) | 6 H3.
    const rows = 'id,unit,description\r\nH1,u3,"一\r\n二\n三"\nH2,u3,正常\rH3,u9,坏单位\n';
    const issues = await load({ [`${CAMPAIGN}/highlights.csv`]: rows }).loadErrors();
    expect(issues.map(place)).toEqual([[6, 4, 2]]);
  });

  it('records row and start line on each parsed record', () => {
    const table = parseCsv('a,b\n"x\ny",1\n\n  ,\nz,2\n', 'f.csv', new IssueList());
    // Rows: 1 header, 2 the two-line record, 3 the blank line, 4 the blank cells, 5 'z,2'.
    expect(table?.header).toMatchObject({ line: 1, row: 1 });
    expect(table?.records.map(({ line, row }) => [line, row])).toEqual([
      [2, 2],
      [6, 5],
    ]);
  });

  it('maps a text line inside a multi-line record to the row of that record', () => {
    const issues = new IssueList();
    // Row 1 line 1; row 2 lines 2–4 (two breaks in one cell); row 3 line 5.
    parseCsv('a,b\n"x\ny\nz",1\nq,2\n', 'f.csv', issues);
    expect([1, 2, 3, 4, 5].map((line) => issues.rowOf('f.csv', line))).toEqual([1, 2, 2, 2, 3]);
    expect(issues.rowOf('other.csv', 2)).toBeUndefined();
  });

  it('prints both in `npm run check -- --format json`: line (text) and row (Excel)', async () => {
    const { root } = load({ [FINDINGS]: findingsWithBreak('F4,u2,,执行不规范,x,2025-13-01,,') });
    // Asynchronous, and stopped if the test times out (tests/helpers/processes.ts).
    const run = await runProcess(process.execPath, [path.join(PROJECT_ROOT, 'scripts/run.mjs'), 'check', '--format', 'json'], {
      cwd: root,
      env: { ...process.env, DEBUG: '', REPORT_DATE: '2026-11-24' },
    });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.errors).toEqual([
      { severity: 'error', file: FINDINGS, line: 6, row: 5, column: 6, field: '整改期限', message: '无法识别的日期“2025-13-01”', expected: expect.any(String) },
    ]);
    // Keys in reading order: where first.
    expect(Object.keys(report.errors[0]).slice(0, 4)).toEqual(['severity', 'file', 'line', 'row']);
  });
});
