import { afterEach, describe, expect, it } from 'vitest';
import { formatIssue, type DataIssue } from '../../src/lib/errors.ts';
import { CAMPAIGN, createFixture, REPORT_DATE, type Fixture } from '../helpers/data-fixture.ts';

/**
 * Issue 12: dates that pass validation one by one but cannot all be true. The fixture's
 * campaign was inspected on 2025-09-17 (campaign.yml date) and the report day is 2026-11-24.
 */

const FINDINGS = `${CAMPAIGN}/findings.csv`;
// Columns: A id, B unit, C team, D category, E description, F due, G status, H closed_on, I verifier, J verified_on.
const HEADER = 'id,unit,team,category,description,due,status,closed_on,verifier,verified_on';

let fixture: Fixture | undefined;
afterEach(() => fixture?.cleanup());

async function issuesFor(...rows: string[]): Promise<DataIssue[]> {
  fixture = createFixture({ [FINDINGS]: [HEADER, ...rows, ''].join('\n') });
  return fixture.loadIssues();
}

const brief = (issue: DataIssue) => `${issue.severity} ${issue.line}/${issue.row}:${issue.column} ${issue.message}`;

describe('plausible dates in findings.csv (issue 12)', () => {
  it('refuses a completion date after the report day, at its row and column', async () => {
    expect(REPORT_DATE).toBe('2026-11-24');
    const issues = await issuesFor('F1,u2,t1,执行不规范,纪要缺签字,2026-12-31,已整改,2026/12/1,,');
    expect(issues.map(brief)).toEqual(['error 2/2:8 完成日期 2026-12-01 晚于今天（2026-11-24）']);
    const [issue] = issues;
    expect(issue && formatIssue(issue).split('\n')[0]).toBe(
      `${FINDINGS}:2:8 错误（第 2 行，第 8 列（H 列，完成日期））：完成日期 2026-12-01 晚于今天（2026-11-24）`,
    );
  });

  it('refuses a verification date after the report day', async () => {
    const issues = await issuesFor('F1,u2,t1,执行不规范,纪要缺签字,2025-10-31,已整改,2025-10-01,王五,2026-11-25');
    expect(issues.map(brief)).toEqual(['error 2/2:10 验证日期 2026-11-25 晚于今天（2026-11-24）']);
  });

  it('warns about a due date before the inspection, and still builds', async () => {
    const issues = await issuesFor('F1,u2,t1,执行不规范,纪要缺签字,2025-09-16,未整改,,,');
    expect(issues.map(brief)).toEqual(['warning 2/2:6 整改期限 2025-09-16 早于检查日期（2025-09-17）']);
  });

  it('warns about a completion date before the inspection', async () => {
    const issues = await issuesFor('F1,u2,t1,执行不规范,纪要缺签字,2025-10-31,已整改,2025-09-10,,');
    expect(issues.map(brief)).toEqual(['warning 2/2:8 完成日期 2025-09-10 早于检查日期（2025-09-17）']);
  });

  it('accepts the inspection day as due and completion date, and the report day as completion and verification date', async () => {
    const issues = await issuesFor(
      'F1,u2,t1,执行不规范,纪要缺签字,2025-09-17,已整改,2025-09-17,王五,2025-09-17',
      'F2,u2,t1,执行不规范,素材不全,2025-10-31,已整改,2026-11-24,王五,2026-11-24',
    );
    expect(issues).toEqual([]);
  });

  it('names the Excel row and the text line when a cell above holds a line break', async () => {
    // Row 2 is text lines 2–3; row 3, line 4, has the future completion date.
    const issues = await issuesFor(
      'F1,u2,t1,执行不规范,"纪要缺签字\n第二行",2025-10-31,已整改,2025-10-01,,',
      'F2,u2,t1,执行不规范,素材不全,2026-12-31,已整改,2026-12-01,,',
    );
    expect(issues.map(brief)).toEqual(['error 4/3:8 完成日期 2026-12-01 晚于今天（2026-11-24）']);
    const [issue] = issues;
    expect(issue && formatIssue(issue).split('\n')[0]).toBe(
      `${FINDINGS}:4:8 错误（第 3 行（文本第 4 行），第 8 列（H 列，完成日期））：完成日期 2026-12-01 晚于今天（2026-11-24）`,
    );
  });

  it('finds the column wherever the file puts it (Chinese headers, other order)', async () => {
    fixture = createFixture({
      [FINDINGS]: ['完成日期,编号,被检单位,问题类别,问题描述,整改状态', '2027-01-05,F1,u2,执行不规范,纪要缺签字,已整改', ''].join('\n'),
    });
    expect((await fixture.loadIssues()).map(brief)).toEqual(['error 2/2:1 完成日期 2027-01-05 晚于今天（2026-11-24）']);
  });
});
