import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { campaignSchema, type CampaignConfig } from '../../src/lib/schemas/campaign.ts';
import { STATUS } from '../../src/lib/tables/findings.ts';
import { DATE_FORMAT, excelSerial, TEXT_FORMAT } from '../../src/lib/xlsx/excel-formats.ts';
import { lastTemplateRow, MIN_TEMPLATE_ROWS, planTemplate, TEMPLATES, type TemplateLists } from '../../src/lib/xlsx/template-plan.ts';
import { keepRows } from '../../src/lib/xlsx/template-rows.ts';
import { newCampaignYml } from '../../src/lib/yaml/new-campaign-yml.ts';

/** The templates' plan (formats, validations, 填写说明), the rows a rewrite keeps, and the campaign.yml new-campaign writes. */

const [FINDINGS, HIGHLIGHTS] = TEMPLATES;
if (!FINDINGS || !HIGHLIGHTS) throw new Error('no templates');
const LISTS: TemplateLists = { units: ['甲公司', '乙公司'], categories: ['执行不规范', '标准化建设不完善'], teams: ['第一组'] };
const byHeader = (lists = LISTS) => new Map(planTemplate(FINDINGS, lists).map((column) => [column.header, column]));

describe('template formats', () => {
  it('formats the date columns as yyyy-mm-dd dates and validates them; every other column is text', () => {
    const columns = planTemplate(FINDINGS, LISTS);
    const dated = columns.filter((column) => column.numFmt === DATE_FORMAT).map((column) => column.header);
    expect(dated).toEqual(['整改期限', '完成日期', '验证日期']);
    for (const column of columns) {
      if (dated.includes(column.header)) expect(column.validation, column.header).toEqual({ type: 'date', from: '2000-01-01', to: '2099-12-31' });
      else expect(column.numFmt, column.header).toBe(TEXT_FORMAT);
    }
  });

  it('gives days the serial numbers Excel does (1900 date system)', () => {
    // Excel shows 61 as 1900-03-01 (after its phantom 1900-02-29), 36526 as 2000-01-01.
    expect(excelSerial('1900-03-01')).toBe(61);
    expect(excelSerial('2000-01-01')).toBe(36526);
    expect(excelSerial('2099-12-31')).toBe(73050);
  });

  it('offers the vocabularies in their order and the campaign lists; the 填写说明 says what a blank status means', () => {
    const columns = byHeader();
    expect(columns.get('整改状态')?.validation).toEqual({ type: 'list', values: ['未整改', '整改中', '已整改'], strict: true });
    expect(columns.get('整改状态')?.format).toContain(`不填时视为“${STATUS.labels.open}”`);
    expect(columns.get('严重程度')?.validation).toMatchObject({ values: ['一般', '较重', '严重'] });
    expect(columns.get('被检单位')?.validation).toEqual({ type: 'list', values: LISTS.units, strict: false });
    expect(columns.get('问题类别')?.validation).toEqual({ type: 'list', values: LISTS.categories, strict: true });
    expect(columns.get('编号')?.required).toBe(true);
    expect(columns.get('整改责任人')?.otherHeaders).toContain('责任人');
    // Excel refuses an input message over 255 characters.
    for (const column of columns.values()) expect(column.prompt.length, column.header).toBeLessThanOrEqual(255);
  });

  it('has no category dropdown when campaign.yml declares no categories, and none on the highlights’ free 类别', () => {
    const category = byHeader({ ...LISTS, categories: [] }).get('问题类别');
    expect(category?.validation).toBeUndefined();
    expect(category?.format).toContain('可填写任意类别');
    expect(planTemplate(HIGHLIGHTS, LISTS).find((column) => column.header === '类别')?.validation).toBeUndefined();
  });

  it('validates at least the minimum of rows, and 1,000 rows below the last kept one', () => {
    expect(lastTemplateRow(0)).toBe(MIN_TEMPLATE_ROWS + 1);
    expect(lastTemplateRow(20_000)).toBe(21_001);
  });
});

describe('rows kept by a rewrite', () => {
  it('moves each declared column under its template header, converts days, and keeps unknown columns and their cells last', () => {
    const columns = planTemplate(FINDINGS, LISTS);
    const table = {
      header: { line: 1, cells: ['状态', '编号', '整改时限', '整改期限', '备注', '编号'] },
      records: [
        { line: 2, cells: ['已整改', 'F1', '2025/10/31', '2025年10月31日', '待复查', 'F1-bis'] },
        { line: 3, cells: ['', 'F2', '', '尽快', '', ''] },
      ],
    };
    const kept = keepRows(table, FINDINGS, columns);
    expect(kept.unknownHeaders).toEqual(['整改时限', '备注', '编号']);
    const header = [...columns, ...kept.extra].map((column) => column.header);
    const rows = kept.rows.map((row) => Object.fromEntries(row.map((cell, index) => [index, cell]).filter(([, cell]) => cell !== '')));
    const at = (name: string, from = 0) => header.indexOf(name, from);
    expect(rows[0]).toEqual({
      [at('编号')]: 'F1',
      [at('整改状态')]: '已整改',
      [at('整改期限')]: { day: '2025-10-31' },
      [at('整改时限')]: '2025/10/31',
      [at('备注')]: '待复查',
      [at('编号', at('编号') + 1)]: 'F1-bis',
    });
    // A date that does not read stays the text it was: the check will name it.
    expect(rows[1]).toEqual({ [at('编号')]: 'F2', [at('整改期限')]: '尽快' });
  });
});

describe('campaign.yml of a new campaign', () => {
  const latest: CampaignConfig = campaignSchema.parse({
    title: '上次',
    date: '2026-03-20',
    kind: '月度检查',
    categories: ['a: b', '- x', '#c', '2025-01-01', 'yes', 'x, y', '[z]', "it's", '123'],
    teams: [{ id: 'g1', name: '第一组: 甲', leader: '王', leaderUnit: 'u1', inspects: ['u2', '乙, 公司'] }],
    markdownColumns: ['suggestion'],
  });

  it('reads back as the latest campaign’s categories, kind, teams and Markdown columns, whatever they hold', () => {
    const text = newCampaignYml({ today: '2026-11-24', latest: { id: 'c0', config: latest }, unitNames: [] });
    const config = campaignSchema.parse(parse(text));
    expect(config.categories).toEqual(latest.categories);
    expect(config.teams).toEqual(latest.teams);
    expect(config.kind).toBe('月度检查');
    expect(config.markdownColumns).toEqual(['suggestion']);
    expect(config.date).toBe('2026-11-24');
  });

  it('is valid with no campaign to copy from: a placeholder team of the directory’s units, categories commented out', () => {
    const text = newCampaignYml({ today: '2026-11-24', unitNames: ['甲', '乙', '丙'] });
    const config = campaignSchema.parse(parse(text));
    expect(config.categories).toBeUndefined();
    expect(config.teams).toEqual([expect.objectContaining({ leaderUnit: '甲', inspects: ['乙', '丙'] })]);
    expect(text).toMatch(/^# categories:/m);
  });
});
