import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { findingsCsv } from '../../src/lib/export/findings-csv.ts';
import { displayWidth, findingsXlsx, overdueXlsx, type LedgerSource } from '../../src/lib/export/ledger-xlsx.ts';
import type { Campaign, Finding } from '../../src/lib/model.ts';
import { rectificationOf } from '../../src/lib/summary/rectification.ts';
import { readWorkbook, values } from '../helpers/openpyxl.ts';

const base = { line: 2, unit: 'u1', category: '执行不规范', status: 'open' as const };
const findings = [
  { ...base, id: 'F1', team: 't1', description: '=HYPERLINK("http://evil","点我")', suggestion: '+1', owner: '@张三', material: '-2', due: '2025-10-31' },
  { ...base, id: 'F2', description: '一个很长的问题描述，用来检查列宽按汉字的宽度计算', status: 'in_progress' as const, due: '2026-12-31' },
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
    due: '2025-09-30',
  },
];
const campaign = {
  id: 'c1',
  title: '2025年绩效检查',
  teams: [{ id: 't1', name: '第一组', leader: '', leaderUnit: 'u0', inspects: ['u1'], members: [] }],
  findings,
} as unknown as Campaign;
const units = [
  { id: 'u1', name: '乙公司', sector: '' },
  { id: 'u2', name: '丙电站', sector: '' },
];
const asOf = '2025-12-01';
const source: LedgerSource = {
  campaign,
  units,
  siteTitle: '绩效检查报告',
  asOf,
  overdue: rectificationOf(campaign.findings as Finding[], '2025-09-01', asOf).overdue,
};

const dir = mkdtempSync(path.join(tmpdir(), 'ledger-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(bytes: Uint8Array, name: string) {
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  const sheets = await readWorkbook(file);
  const [sheet] = sheets;
  if (!sheet) throw new Error(`${name} has no sheet`);
  return { sheets, sheet };
}

/** The CSV's rows with the apostrophe it puts before formula-like text taken off: the cells as typed. */
function csvRows(unitId?: string): string[][] {
  const rows = Papa.parse<string[]>(findingsCsv(campaign, units, unitId).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
  return rows.map((row) => row.map((cell) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell)));
}

describe('findingsXlsx read back by openpyxl', () => {
  it('holds the CSV’s header and rows in the same order, one sheet, header in row 1', async () => {
    const { sheets, sheet } = await read(await findingsXlsx(source), 'findings.xlsx');
    expect(sheets).toHaveLength(1);
    const cells = values(sheet).map((row) => row.map((value) => (value === null ? '' : String(value))));
    expect(cells).toEqual(csvRows());
  });

  it('keeps text that starts with = + - @ as text, never a formula', async () => {
    const { sheet } = await read(await findingsXlsx(source), 'injection.xlsx');
    const cells = sheet.rows.flat();
    expect(cells.some((cell) => cell.type === 'f')).toBe(false);
    for (const text of ['=HYPERLINK("http://evil","点我")', '+1', '@张三', '-2', '=已整改']) {
      const cell = cells.find((candidate) => candidate.value === text);
      expect(cell?.type, text).toBe('s');
    }
  });

  it('writes dates as dates with a date format, and the status as its word with a fill', async () => {
    const { sheet } = await read(await findingsXlsx(source), 'types.xlsx');
    const header = values(sheet)[0] ?? [];
    const due = header.indexOf('整改期限');
    const status = header.indexOf('整改状态');
    const first = sheet.rows[1] ?? [];
    expect(first[due]).toMatchObject({ value: '2025-10-31', type: 'd', format: 'yyyy-mm-dd' });
    expect(first[status]?.value).toBe('未整改');
    const fills = sheet.rows.slice(1).map((row) => row[status]?.fill);
    expect(fills.every((fill) => typeof fill === 'string')).toBe(true);
    // Each status its own colour.
    expect(new Set(fills).size).toBe(3);
    // The overdue row's due date is marked, the one not yet due is not.
    expect(first[due]?.fill).toBeTruthy();
    expect(sheet.rows[2]?.[due]?.fill).toBeNull();
  });

  it('freezes the header, filters every column, and sizes columns to their text, a Chinese character counting double', async () => {
    const { sheet } = await read(await findingsXlsx(source), 'layout.xlsx');
    expect(sheet.freeze).toBe('A2');
    const columns = (values(sheet)[0] ?? []).length;
    expect(sheet.autoFilter).toBe(`A1:${String.fromCharCode(64 + columns)}${findings.length + 1}`);
    const header = values(sheet)[0] ?? [];
    const description = String.fromCharCode(65 + header.indexOf('问题描述'));
    const longest = Math.max(...findings.map((finding) => displayWidth(finding.description)));
    expect(sheet.widths[description]).toBeGreaterThanOrEqual(longest);
    expect(displayWidth('问题ab')).toBe(6);
  });

  it('holds only the unit’s rows in a unit’s ledger', async () => {
    const { sheet } = await read(await findingsXlsx({ ...source, unitId: 'u2' }), 'unit.xlsx');
    expect(values(sheet).map((row) => row.map((value) => (value === null ? '' : String(value))))).toEqual(csvRows('u2'));
  });

  it('gives the same bytes for the same data, whenever it is written', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-01-01T08:00:00Z'));
      const first = await findingsXlsx(source);
      vi.setSystemTime(new Date('2027-06-30T23:59:58Z'));
      const second = await findingsXlsx(source);
      expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('overdueXlsx read back by openpyxl', () => {
  it('has a title row with the campaign and the day, then the overdue problems, most overdue first, with their days', async () => {
    const { sheet } = await read(await overdueXlsx(source), 'overdue.xlsx');
    const rows = values(sheet);
    expect(String(rows[0]?.[0])).toContain(campaign.title);
    expect(String(rows[0]?.[0])).toContain(`截至 ${asOf}`);
    const header = rows[1] ?? [];
    expect(header.slice(0, -1)).toEqual(csvRows()[0]);
    expect(header.at(-1)).toBe('逾期天数');
    // F1 is overdue (due 2025-10-31, open); F2 is not yet due; F3 is closed.
    expect(rows.slice(2).map((row) => row[0])).toEqual(['F1']);
    expect(rows[2]?.at(-1)).toBe(31);
    expect(sheet.rows[2]?.at(-1)?.fill).toBeTruthy();
    expect(sheet.freeze).toBe('A3');
    expect(sheet.autoFilter?.startsWith('A2:')).toBe(true);
    expect(sheet.rows.flat().some((cell) => cell.type === 'f')).toBe(false);
  });
});
