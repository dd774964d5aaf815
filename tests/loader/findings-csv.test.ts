import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/csv/parse-csv.ts';
import { readRecords } from '../../src/lib/csv/read-records.ts';
import { IssueList } from '../../src/lib/errors.ts';
import { findingsCsv } from '../../src/lib/export/findings-csv.ts';
import type { Campaign } from '../../src/lib/model.ts';
import { findingsTable } from '../../src/lib/tables/findings.ts';

const base = { id: 'x', line: 2, unit: 'u1', category: '执行不规范', status: 'open' as const };
const campaign = {
  teams: [{ id: 't1', name: '第一组', leader: '', leaderUnit: 'u0', inspects: ['u1'], members: [] }],
  findings: [
    { ...base, id: 'F1', team: 't1', description: '=HYPERLINK("http://evil","点我")', suggestion: '+1', owner: '@张三', material: '-2', due: '2025-10-31' },
    { ...base, id: 'F2', description: '含逗号,引号"和\n换行', suggestion: '\t隐藏', owner: '\r回车' },
    {
      ...base,
      id: 'F3',
      unit: 'u2',
      description: '别的单位',
      measures: '=已整改',
      status: 'closed' as const,
      closedOn: '2025-10-01',
      severity: 'high' as const,
      verifier: '李四',
      verifiedOn: '2025-10-08',
    },
  ],
} as unknown as Campaign;
const units = [
  { id: 'u1', name: '乙公司', sector: '' },
  { id: 'u2', name: '丙电站', sector: '' },
];

const parse = (csv: string) => Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;

describe('findingsCsv', () => {
  it('starts with a BOM and Chinese headers, so Excel opens it as UTF-8', () => {
    const csv = findingsCsv(campaign, units);
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFF编号,被检单位,检查组,问题类别,严重程度,问题描述,检查资料,整改建议,整改措施,整改责任人,整改期限,整改状态,完成日期,验证人,验证日期',
    );
  });

  it('neutralises every cell Excel would run as a formula', () => {
    const [, f1, f2] = parse(findingsCsv(campaign, units));
    expect(f1).toEqual([
      'F1',
      '乙公司',
      '第一组',
      '执行不规范',
      '',
      `'=HYPERLINK("http://evil","点我")`,
      `'-2`,
      `'+1`,
      '',
      `'@张三`,
      '2025-10-31',
      '未整改',
      '',
      '',
      '',
    ]);
    expect(f2?.[5]).toBe('含逗号,引号"和\n换行');
    expect(f2?.[7]).toBe(`'\t隐藏`);
    expect(f2?.[9]).toBe(`'\r回车`);
  });

  it('writes labels, not codes, with the verification, and can be limited to one unit', () => {
    const rows = parse(findingsCsv(campaign, units, 'u2'));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(['F3', '丙电站', '', '执行不规范', '严重', '别的单位', '', '', `'=已整改`, '', '', '已整改', '2025-10-01', '李四', '2025-10-08']);
  });
});

describe('the 整改台账 download, read back', () => {
  /** The rows of a findings.csv text as the CSV reader reads them (units and teams as written). */
  function read(text: string) {
    const issues = new IssueList();
    const table = parseCsv(text.replace(/^\uFEFF/, ''), 'findings.csv', issues);
    const records = table ? readRecords(table, 'findings.csv', findingsTable, issues) : null;
    expect(issues.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    return (records?.records ?? []).map(({ value }) => value);
  }

  it.each(['2025-09-cross-check', '2026-03-monthly-check', '2024-10-cross-check'])('gives back every cell of the sample %s, 整改措施 included', (id) => {
    const rows = read(readFileSync(path.resolve(import.meta.dirname, '../../data/campaigns', id, 'findings.csv'), 'utf8'));
    expect(rows.length).toBeGreaterThan(10);
    // Units and teams are written as names in the sample files: the download keeps what it cannot look up.
    const download = findingsCsv({ teams: [], findings: rows.map((row, i) => ({ ...row, line: i + 2 })) } as unknown as Campaign, []);
    expect(read(download)).toEqual(rows);
    if (id !== '2024-10-cross-check') expect(rows.filter((row) => row.measures).length).toBeGreaterThanOrEqual(3);
  });
});
