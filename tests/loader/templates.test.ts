import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IssueList } from '../../src/lib/errors.ts';
import { loadSiteData } from '../../src/lib/load/load-site-data.ts';
import { campaignSchema } from '../../src/lib/schemas/campaign.ts';
import { readSettings } from '../../src/lib/settings.ts';
import { headerOf } from '../../src/lib/tables/define-table.ts';
import { findingsTable, SEVERITY, STATUS } from '../../src/lib/tables/findings.ts';
import { highlightsTable } from '../../src/lib/tables/highlights.ts';
import { DATE_FORMAT, excelSerial, TEXT_FORMAT } from '../../src/lib/xlsx/excel-formats.ts';
import { readSheet } from '../../src/lib/xlsx/read-sheet.ts';
import { DATE_RANGE, INSTRUCTIONS_HEADER, INSTRUCTIONS_SHEET, LISTS_SHEET } from '../../src/lib/xlsx/template-plan.ts';
import { hasOpenpyxl, writeWorkbook } from '../helpers/openpyxl-write.ts';
import { describeTemplate, fillTemplate, type SeenSheet } from '../helpers/openpyxl-template.ts';
import { run } from '../helpers/processes.ts';

/**
 * Issue 25's templates, end to end: `npm run new-campaign` on a copy of the sample data, the
 * templates opened by openpyxl (another implementation of the format than the exceljs that
 * writes them) and filled in by it as a user would, the campaign then checked; `npm run
 * templates` after units and categories change, keeping what was typed.
 */

const ROOT = path.join(import.meta.dirname, '../..');
const REPORT_DATE = '2026-11-24';
const ID = 'c-new';

let dataDir: string;
const campaignDir = () => path.join(dataDir, 'campaigns', ID);

function command(name: string, args: string[]) {
  return run(process.execPath, ['scripts/run.mjs', name, ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, REPORT_DATE } });
}

/** units.csv's rows, read by hand: the names the unit dropdown must offer. */
function unitRows(): Array<{ id: string; name: string }> {
  const [, ...lines] = readFileSync(path.join(dataDir, 'units.csv'), 'utf8').trim().split(/\r?\n/);
  return lines.map((line) => {
    const [id = '', name = ''] = line.split(',');
    return { id, name };
  });
}

/** The latest campaign of the copied data by its campaign.yml date. */
function latestConfig(): { id: string; categories: string[]; teams: Array<{ name: string; inspects: string[] }> } {
  const configs = readdirSync(path.join(dataDir, 'campaigns'))
    .filter((id) => id !== ID)
    .map((id) => ({
      id,
      ...(parse(readFileSync(path.join(dataDir, 'campaigns', id, 'campaign.yml'), 'utf8')) as { date: string; categories: string[]; teams: [] }),
    }));
  const latest = configs.sort((a, b) => String(b.date).localeCompare(String(a.date)))[0];
  if (!latest) throw new Error('no campaign');
  return latest;
}

/** What a list validation offers: the cells of the hidden sheet its formula names. */
function offered(sheets: SeenSheet[], formula: string | null): string[] {
  const match = /^'(.+)'!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)$/.exec(formula ?? '');
  if (!match) throw new Error(`not a range: ${formula}`);
  const [, sheetName, letter = 'A', from, , to] = match;
  const sheet = sheets.find((candidate) => candidate.title === sheetName);
  const column = letter.charCodeAt(0) - 65;
  return (sheet?.rows ?? []).slice(Number(from) - 1, Number(to)).map((row) => String(row[column]));
}

function letterOf(sheet: SeenSheet, header: string): string {
  const index = sheet.header.indexOf(header);
  if (index < 0) throw new Error(`no column ${header}`);
  return String.fromCharCode(65 + index);
}

function validationOf(sheet: SeenSheet, header: string) {
  const letter = letterOf(sheet, header);
  return sheet.validations.find((validation) => validation.sqref.startsWith(`${letter}2:${letter}`));
}

/** The listing the closing note of issue 25 shows. */
function listing(sheets: SeenSheet[]): string {
  const lines: string[] = [];
  for (const sheet of sheets) {
    lines.push(`sheet “${sheet.title}” ${sheet.state}, freeze ${sheet.freeze ?? '—'}`);
    for (const v of sheet.validations) {
      lines.push(`  ${v.type} ${v.sqref} ${v.operator ?? ''} ${v.formula1 ?? ''}${v.formula2 ? ` .. ${v.formula2}` : ''} (${v.errorStyle})`);
    }
    if (Object.keys(sheet.columnFormats).length) lines.push(`  formats ${JSON.stringify(sheet.columnFormats)}`);
  }
  return lines.join('\n');
}

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'templates-'));
  cpSync(path.join(ROOT, 'data'), dataDir, { recursive: true });
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe.skipIf(!hasOpenpyxl)('templates with dropdowns (npm run new-campaign, npm run templates)', () => {
  let findings: SeenSheet[];

  it('new-campaign writes campaign.yml and two templates whose dropdowns openpyxl sees, from units.csv, the latest categories and the declarations', async () => {
    const result = await command('new-campaign', [ID]);
    expect(result.status, result.output).toBe(0);
    expect(readdirSync(campaignDir()).sort()).toEqual(['campaign.yml', 'findings.xlsx', 'highlights.xlsx']);
    const latest = latestConfig();
    expect(result.stdout).toContain(`复制自 ${latest.id}`);

    findings = await describeTemplate(path.join(campaignDir(), 'findings.xlsx'));
    console.log(`findings.xlsx as openpyxl sees it:\n${listing(findings)}`);
    expect(findings.map((sheet) => [sheet.title, sheet.state])).toEqual([
      ['问题清单', 'visible'],
      [INSTRUCTIONS_SHEET, 'visible'],
      [LISTS_SHEET, 'hidden'],
    ]);
    const [data] = findings;
    if (!data) throw new Error('no sheet');
    expect(data.freeze).toBe('A2');
    expect(data.header).toEqual(findingsTable.keys.map((key) => headerOf(findingsTable.columns[key])));

    const dropdowns: Record<string, string[]> = {
      被检单位: unitRows().map((unit) => unit.name),
      问题类别: latest.categories,
      整改状态: STATUS.codes.map((code) => STATUS.labels[code]),
      严重程度: SEVERITY.codes.map((code) => SEVERITY.labels[code]),
    };
    for (const [header, values] of Object.entries(dropdowns)) {
      const validation = validationOf(data, header);
      expect(validation?.type, header).toBe('list');
      expect(offered(findings, validation?.formula1 ?? null), header).toEqual(values);
      expect(Number(/\d+$/.exec(validation?.sqref ?? '')?.[0])).toBeGreaterThanOrEqual(1000);
    }
    // The check refuses another category: so does the dropdown. A unit's code is accepted too: a warning only.
    expect(validationOf(data, '问题类别')?.errorStyle).toBe('stop');
    expect(validationOf(data, '被检单位')?.errorStyle).toBe('warning');

    for (const header of ['整改期限', '完成日期', '验证日期']) {
      const validation = validationOf(data, header);
      expect(validation, header).toMatchObject({ type: 'date', formula1: String(excelSerial(DATE_RANGE.from)), formula2: String(excelSerial(DATE_RANGE.to)) });
      expect(data.columnFormats[letterOf(data, header)], header).toBe(DATE_FORMAT);
    }
    expect(data.columnFormats[letterOf(data, '编号')]).toBe(TEXT_FORMAT);
    // Free text has no validation.
    expect(validationOf(data, '问题描述')).toBeUndefined();

    // 填写说明: one row per column, after a header row, saying whether it is required.
    const instructions = findings[1]?.rows ?? [];
    const headerRow = instructions.findIndex((row) => row[0] === INSTRUCTIONS_HEADER[0]);
    const explained = instructions.slice(headerRow + 1).map((row) => [row[0], row[1]]);
    expect(explained).toEqual(findingsTable.specs.map((spec) => [spec.headers[1], spec.required ? '是' : '']));
  });

  it('highlights.xlsx has the highlights columns, a unit dropdown and free 类别', async () => {
    const sheets = await describeTemplate(path.join(campaignDir(), 'highlights.xlsx'));
    const [data] = sheets;
    if (!data) throw new Error('no sheet');
    expect(sheets.map((sheet) => sheet.title)).toEqual(['亮点清单', INSTRUCTIONS_SHEET, LISTS_SHEET]);
    expect(data.header).toEqual(highlightsTable.keys.map((key) => headerOf(highlightsTable.columns[key])));
    expect(offered(sheets, validationOf(data, '被检单位')?.formula1 ?? null)).toEqual(unitRows().map((unit) => unit.name));
    expect(validationOf(data, '类别')).toBeUndefined();
  });

  it('campaign.yml names every field of the schema, commented in Chinese, and reads as the latest categories and teams', () => {
    const text = readFileSync(path.join(campaignDir(), 'campaign.yml'), 'utf8');
    for (const key of Object.keys(campaignSchema.shape)) expect(text, key).toMatch(new RegExp(`^#? ?${key}:`, 'm'));
    const config = campaignSchema.parse(parse(text));
    const latest = latestConfig();
    expect(config.categories).toEqual(latest.categories);
    expect(config.teams.map((team) => team.name)).toEqual(latest.teams.map((team) => team.name));
  });

  it('a template filled in by openpyxl and committed as the campaign data checks clean and reads its rows, dates as days', async () => {
    const units = unitRows();
    const latest = latestConfig();
    const team = latest.teams[0];
    const inspected = units.find((unit) => team?.inspects.includes(unit.id) || team?.inspects.includes(unit.name));
    if (!team || !inspected) throw new Error('no team with a unit');
    const findingsFile = path.join(campaignDir(), 'findings.xlsx');
    await fillTemplate(findingsFile, findingsFile, [
      {
        编号: 'F001',
        被检单位: inspected.name,
        检查组: team.name,
        问题类别: latest.categories[0] ?? '',
        严重程度: '较重',
        问题描述: '生产部安全指标权重仅5%',
        整改期限: { date: '2026-10-31' },
        整改状态: '已整改',
        完成日期: { date: '2026-10-15' },
      },
      { 编号: '002', 被检单位: inspected.name, 问题类别: latest.categories[1] ?? '', 问题描述: '纪要缺签字', 整改期限: { date: '2026-12-31' } },
    ]);
    // The user gives the campaign its title and day, as campaign.yml's comments ask.
    const yml = path.join(campaignDir(), 'campaign.yml');
    writeFileSync(
      yml,
      readFileSync(yml, 'utf8')
        .replace(/^title: .*$/m, 'title: 2026年9月检查')
        .replace(/^date: .*$/m, 'date: 2026-09-01'),
    );
    const highlightsFile = path.join(campaignDir(), 'highlights.xlsx');
    await fillTemplate(highlightsFile, highlightsFile, [{ 编号: 'H01', 被检单位: inspected.name, 类别: '自评机制', 亮点描述: '推行月度自评' }]);

    const result = await command('check', ['--format', 'json']);
    const report = JSON.parse(result.stdout) as { ok: boolean; errors: unknown[]; warnings: Array<{ file: string }> };
    expect(report.errors).toEqual([]);
    expect(result.status).toBe(0);
    expect(report.warnings.filter((warning) => warning.file.includes(ID))).toEqual([]);

    const settings = readSettings({ DATA_DIR: dataDir, REPORT_DATE }, { root: ROOT });
    const { data } = await loadSiteData(settings);
    const campaign = data.campaigns.find((candidate) => candidate.id === ID);
    expect(campaign?.findings.map(({ id, unit, status, due, closedOn }) => ({ id, unit, status, due, closedOn }))).toEqual([
      { id: 'F001', unit: inspected.id, status: 'closed', due: '2026-10-31', closedOn: '2026-10-15' },
      { id: '002', unit: inspected.id, status: 'open', due: '2026-12-31', closedOn: undefined },
    ]);
    expect(campaign?.highlights).toHaveLength(1);
  });

  it('npm run templates after units and categories change: new dropdown values, every typed row and an extra column kept, written atomically', async () => {
    const findingsFile = path.join(campaignDir(), 'findings.xlsx');
    // The user's own column, 备注, typed beside the template's.
    await fillTemplate(findingsFile, findingsFile, [{ 备注: '待复查' }], ['备注']);
    const before = await describeTemplate(findingsFile);
    appendFileSync(path.join(dataDir, 'units.csv'), 'xinunit,新建单位,水泥板块\n');
    const yml = path.join(campaignDir(), 'campaign.yml');
    writeFileSync(
      yml,
      readFileSync(yml, 'utf8').replace(/^categories:.*$/m, (line) => `${line}\n  - 新增类别：含冒号, 和逗号`),
    );

    const result = await command('templates', ['--campaign', ID]);
    expect(result.status, result.output).toBe(0);
    expect(result.stdout).toMatch(/findings\.xlsx：已更新下拉列表，保留已填写的 2 行；不是本表的列 “备注”/);
    expect(readdirSync(campaignDir()).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const after = await describeTemplate(findingsFile);
    const [data] = after;
    const [old] = before;
    if (!data || !old) throw new Error('no sheet');
    expect(offered(after, validationOf(data, '被检单位')?.formula1 ?? null)).toContain('新建单位');
    expect(offered(after, validationOf(data, '问题类别')?.formula1 ?? null)[0]).toBe('新增类别：含冒号, 和逗号');
    // Every typed value where it was, the 备注 column included; dates still date cells.
    expect(data.header).toEqual(old.header);
    const typed = (sheet: SeenSheet) => sheet.rows.slice(1).filter((row) => row.some((value) => value !== null && value !== ''));
    expect(typed(data).map((row) => row.map((value) => value ?? ''))).toEqual(typed(old).map((row) => row.map((value) => value ?? '')));
    const due = data.header.indexOf('整改期限');
    expect(data.formats[1]?.[due]).toBe(DATE_FORMAT);
    expect(data.rows[1]?.[due]).toBe('2026-10-31');
    console.log(`findings.xlsx after npm run templates:\n${listing(after)}`);

    const check = await command('check', ['--format', 'json']);
    const report = JSON.parse(check.stdout) as { errors: unknown[]; warnings: Array<{ message: string }> };
    expect(report.errors).toEqual([]);
    // 备注 is read as what it is: a column the site does not show, said in a warning.
    expect(report.warnings.map((warning) => warning.message)).toContain('未知的列“备注”，其内容不会出现在报告中');
  });

  it('npm run templates leaves a workbook with a sheet of its own untouched and says why (exit 1)', async () => {
    const other = path.join(dataDir, 'campaigns', '2026-03-monthly-check');
    rmSync(path.join(other, 'highlights.csv'));
    await writeWorkbook(path.join(other, 'highlights.xlsx'), [
      {
        title: '亮点清单',
        rows: [
          ['编号', '被检单位', '亮点描述'],
          ['H1', 'sxjl', '好'],
        ],
      },
      { title: '我的统计', rows: [['合计', 1]] },
    ]);
    const bytes = readFileSync(path.join(other, 'highlights.xlsx'));
    const result = await command('templates', []);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('工作簿中有模板以外的工作表：“我的统计”');
    expect(readFileSync(path.join(other, 'highlights.xlsx'))).toEqual(bytes);
    // The campaign still on CSV for its findings gets no workbook beside it.
    expect(result.stdout).toContain('这个活动用 findings.csv，不生成工作簿');
    expect(readdirSync(other)).not.toContain('findings.xlsx');
  });

  it('new-campaign refuses an existing folder and an invalid id, in Chinese, exit 2, writing nothing', async () => {
    const before = readdirSync(path.join(dataDir, 'campaigns')).sort();
    const taken = await command('new-campaign', [ID]);
    expect(taken.status).toBe(2);
    expect(taken.stderr).toContain('已经存在：不会覆盖已有的活动');
    for (const [id, reason] of [
      ['../escape', '含有不允许的字符'],
      ['a b', '含有不允许的字符'],
      ['x'.repeat(65), '太长（65 个字符）'],
    ] as const) {
      const result = await command('new-campaign', [id]);
      expect(result.status, id).toBe(2);
      expect(result.stderr, id).toContain(reason);
    }
    expect(readdirSync(path.join(dataDir, 'campaigns')).sort()).toEqual(before);
    expect(readdirSync(path.dirname(dataDir)).filter((name) => name === 'escape')).toEqual([]);
  });
});

describe.skipIf(!hasOpenpyxl)('the workbook reader and validations', () => {
  it('reads a workbook that validates every cell of its sheet at once (exceljs would expand the range cell by cell)', async () => {
    const file = path.join(dataDir, 'validated.xlsx');
    const script = [
      'import sys',
      'from openpyxl import Workbook',
      'from openpyxl.worksheet.datavalidation import DataValidation',
      'wb = Workbook(); ws = wb.active; ws["A1"] = "编号"; ws["A2"] = "F1"',
      'dv = DataValidation(type="list", formula1=\'"a,b"\'); dv.add("A1:XFD1048576"); ws.add_data_validation(dv)',
      'wb.save(sys.argv[1])',
    ].join('\n');
    expect((await run('/usr/bin/python3', ['-c', script, file])).status).toBe(0);
    const table = await readSheet(readFileSync(file), 'validated.xlsx', new IssueList());
    expect(table?.records.map((record) => record.cells)).toEqual([['F1']]);
  });
});
