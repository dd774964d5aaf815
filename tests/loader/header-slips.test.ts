import { afterEach, describe, expect, it } from 'vitest';
import { findingsCsv } from '../../src/lib/export/findings-csv.ts';
import { findingsTable as findingsTableHtml } from '../../src/lib/html/findings-table.ts';
import { highlightsTable as highlightsTableHtml } from '../../src/lib/html/campaign-tables.ts';
import { normalizeHeader } from '../../src/lib/csv/read-records.ts';
import { findingsTable } from '../../src/lib/tables/findings.ts';
import { highlightsTable } from '../../src/lib/tables/highlights.ts';
import { CAMPAIGN, createFixture, describeIssues, VALID_FILES, type Fixture } from '../helpers/data-fixture.ts';

/**
 * Issue 22: a header written the way people write it is read, or refused with a did-you-mean;
 * it is never dropped with a warning that the check passes.
 */

let fixture: Fixture | undefined;
afterEach(() => fixture?.cleanup());

const FINDINGS = `${CAMPAIGN}/findings.csv`;
const HEADER = 'id,unit,team,category,description,due,status,closed_on';
/** The fixture's findings.csv with one header replaced. */
const findingsWithHeader = (from: string, to: string) => {
  const text = VALID_FILES[FINDINGS] ?? '';
  const [header = '', ...rows] = text.split('\n');
  return [
    header
      .split(',')
      .map((cell) => (cell === from ? to : cell))
      .join(','),
    ...rows,
  ].join('\n');
};

function project(overrides: Record<string, string>) {
  fixture = createFixture(overrides);
  return fixture;
}

describe('a header slip is an error with a did-you-mean, and its rows are not buried under it', () => {
  it.each([
    ['due', '整改时限', '整改期限', 6],
    ['due', '截止日期', '整改期限', 6],
    ['status', '整改进度', '整改状态', 7],
    ['status', 'stauts', '整改状态', 7],
    ['category', '问题类型', '问题类别', 4],
  ])('%s written “%s”', async (_key, written, meant, column) => {
    const data = project({ [FINDINGS]: findingsWithHeader(_key, written) });
    const errors = describeIssues(await data.loadErrors());
    expect(errors[0]).toBe(`${FINDINGS}:1:${column} 表头“${written}”不是可识别的列名，这一列不会被读取；您是不是想写“${meant}”？`);
    // One error explains the column: no row of the file repeats it.
    expect(errors.filter((error) => error.startsWith(`${FINDINGS}:`))).toHaveLength(1);
  });

  it('a missing required column still lets every other row error be reported in the same run', async () => {
    const text = (VALID_FILES[FINDINGS] ?? '').replace(HEADER, 'id,unit,team,分组,description,due,status,closed_on').replace('2025/11/30', '2025-13-30');
    const errors = describeIssues(await project({ [FINDINGS]: text }).loadErrors());
    expect(errors).toContain(`${FINDINGS}:1:- 缺少必填列“问题类别”（category）`);
    expect(errors).toContainEqual(expect.stringMatching(new RegExp(`^${FINDINGS}:3:6 无法识别的日期“2025-13-30”`)));
    expect(errors.filter((error) => error.includes('问题类别') || error.includes('category'))).toHaveLength(1);
  });

  it('an unrelated extra column stays a warning, and the data is accepted', async () => {
    const data = project({ [FINDINGS]: (VALID_FILES[FINDINGS] ?? '').replace(HEADER, `${HEADER},备注`).replace(/\n(F\d,[^\n]*)/g, '\n$1,') });
    const warnings = describeIssues(await data.loadIssues());
    expect(warnings).toContain(`${FINDINGS}:1:9 未知的列“备注”，其内容不会出现在报告中`);
    await expect(data.load()).resolves.toBeDefined();
  });
});

describe('the headers the site prints are read back', () => {
  it('责任人 and 状态, as the report table labels them, keep every owner and status', async () => {
    const text = [
      '编号,被检单位,问题类别,问题描述,责任人,整改期限,状态',
      'F1,u2,执行不规范,纪要缺签字,张三,2025-10-31,已整改',
      'F2,u2,执行不规范,素材不全,李四,2025-11-30,整改中',
      '',
    ].join('\n');
    const { data } = await project({ [FINDINGS]: text }).load();
    expect(data.campaigns[0]?.findings.map(({ id, owner, status }) => [id, owner, status])).toEqual([
      ['F1', '张三', 'closed'],
      ['F2', '李四', 'in_progress'],
    ]);
  });

  it('every column header of the findings and highlights tables on the pages names a column of its file', () => {
    const headersOf = (html: string) => [...html.matchAll(/<th[^>]*>([^<]+)<\/th>/g)].map((match) => match[1] ?? '');
    const accepted = (specs: typeof findingsTable.specs) => new Set(specs.flatMap((spec) => spec.headers.map(normalizeHeader)));
    const finding = { id: 'F1', unit: 'u1', category: 'c', description: 'd', status: 'open', owner: 'o', due: '2025-01-01', suggestion: 's' };
    const printedFindings = headersOf(
      findingsTableHtml({
        view: 'report',
        caption: '问题清单',
        entries: [{ finding: finding as never }],
        campaign: { markdownColumns: [], teams: [] },
        unitName: (id) => id,
      }),
    );
    expect(printedFindings.length).toBeGreaterThan(5);
    for (const header of printedFindings) expect(accepted(findingsTable.specs).has(normalizeHeader(header)), header).toBe(true);
    const printedHighlights = headersOf(
      highlightsTableHtml([{ id: 'H1', unit: 'u1', description: 'd' } as never], { unitName: (id) => id, markdownColumns: [] }),
    );
    expect(printedHighlights.length).toBeGreaterThan(2);
    for (const header of printedHighlights) expect(accepted(highlightsTable.specs).has(normalizeHeader(header)), header).toBe(true);
  });

  it('the 整改台账 download, committed back as findings.csv, gives the same problems', async () => {
    const original = project({});
    const { data } = await original.load();
    const campaign = data.campaigns[0];
    if (!campaign) throw new Error('the fixture has a campaign');
    const download = findingsCsv(campaign, data.units);
    const again = createFixture({ [FINDINGS]: download });
    try {
      const { data: reread } = await again.load();
      const strip = (findings: typeof campaign.findings) => findings.map((finding) => ({ ...finding, line: undefined }));
      expect(strip(reread.campaigns[0]?.findings ?? [])).toEqual(strip(campaign.findings));
    } finally {
      again.cleanup();
    }
  });
});
