import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatIssue } from '../../src/lib/errors.ts';
import { CAMPAIGN, createFixture, type Fixture } from '../helpers/data-fixture.ts';
import { hasOpenpyxl, writeWorkbook, type WrittenSheet } from '../helpers/openpyxl-write.ts';

/**
 * Workbooks written by openpyxl (another implementation of the format than the exceljs that
 * reads them) as a campaign's data files: they become the records their CSV would.
 */

const FINDINGS_HEADER = ['编号', '被检单位', '检查组', '问题类别', '问题描述', '整改期限', '整改状态', 'closed_on'];

let fixture: Fixture | undefined;
afterEach(() => fixture?.cleanup());

async function withWorkbook(name: string, sheets: WrittenSheet[], overrides: Record<string, string | null> = {}): Promise<Fixture> {
  fixture = createFixture(overrides);
  await writeWorkbook(path.join(fixture.root, name), sheets);
  return fixture;
}

describe.skipIf(!hasOpenpyxl)('workbooks as data files', () => {
  it('reads findings.xlsx as the same records as findings.csv', async () => {
    const csv = createFixture();
    const fromCsv = (await csv.load()).data.campaigns[0]?.findings;
    csv.cleanup();
    const loaded = await withWorkbook(
      `${CAMPAIGN}/findings.xlsx`,
      [
        {
          title: '问题清单',
          rows: [
            FINDINGS_HEADER,
            ['F1', 'u2', 't1', '执行不规范', '纪要缺签字', { date: '2025-10-31' }, 'closed', { date: '2025-10-01' }],
            ['F2', '乙公司', '第一组', '执行不规范', '素材不全', '2025/11/30', '整改中', null],
            ['F3', 'u3', null, '标准化建设不完善', '无模板', '2025年12月31日', null, null],
          ],
        },
      ],
      { [`${CAMPAIGN}/findings.csv`]: null },
    );
    const { data } = await loaded.load();
    const fromXlsx = data.campaigns[0]?.findings;
    expect(fromXlsx?.map(({ line: _line, ...rest }) => rest)).toEqual(fromCsv?.map(({ line: _line, ...rest }) => rest));
    expect(data.campaigns[0]?.sources.some((source) => source.endsWith('findings.xlsx'))).toBe(true);
  });

  it('names a bad cell as Excel shows it: sheet, cell and column', async () => {
    const loaded = await withWorkbook(
      `${CAMPAIGN}/findings.xlsx`,
      [
        {
          title: '问题清单',
          rows: [
            FINDINGS_HEADER,
            ['F1', 'u2', 't1', '执行不规范', '纪要缺签字', '下个月', 'closed', { date: '2025-10-01' }],
            ['F2', 'u2', 't1', '执行不规范', '素材不全', '2025-11-30', '很好', null],
          ],
        },
      ],
      { [`${CAMPAIGN}/findings.csv`]: null },
    );
    const errors = (await loaded.loadErrors()).map(formatIssue);
    // Every error of the run at once: the date in F2 and the status in G3.
    expect(errors.some((text) => text.includes('findings.xlsx 工作表“问题清单” F2（整改期限）'))).toBe(true);
    expect(errors.some((text) => text.includes('工作表“问题清单” G3（整改状态）'))).toBe(true);
  });

  it('refuses merged cells, hidden rows with data and a second header, where they are', async () => {
    const row = (id: string) => [id, 'u2', 't1', '执行不规范', '纪要缺签字', '2025-10-31', 'closed', '2025-10-01'];
    const loaded = await withWorkbook(
      `${CAMPAIGN}/findings.xlsx`,
      [{ title: 'Sheet1', rows: [FINDINGS_HEADER, row('F1'), row('F2'), FINDINGS_HEADER, row('F3'), row('F4')], merges: ['D2:D3'], hidden: [5] }],
      { [`${CAMPAIGN}/findings.csv`]: null },
    );
    const errors = await loaded.loadErrors();
    const text = errors.map(formatIssue).join('\n');
    expect(text).toMatch(/工作表“Sheet1” 第 2 行 错误：合并的单元格 D2:D3/);
    expect(text).toMatch(/工作表“Sheet1” 第 4 行 错误：第 4 行又是一个表头/);
    expect(text).toMatch(/工作表“Sheet1” 第 5 行 错误：第 5 行是隐藏的，但有内容/);
  });

  it('refuses a campaign with both findings.csv and findings.xlsx', async () => {
    const loaded = await withWorkbook(`${CAMPAIGN}/findings.xlsx`, [{ title: 'Sheet1', rows: [FINDINGS_HEADER] }]);
    const errors = await loaded.loadErrors();
    expect(errors.map((issue) => issue.message)).toContain('findings.csv 和 findings.xlsx 同时存在，不知道以哪一个为准');
  });

  it('reads the sheet campaign.yml names', async () => {
    const loaded = await withWorkbook(
      `${CAMPAIGN}/highlights.xlsx`,
      [
        { title: '说明', rows: [['这里不是数据']] },
        {
          title: '亮点',
          rows: [
            ['编号', '被检单位', '亮点描述'],
            ['H1', 'u3', '班组指标分解到岗'],
          ],
        },
      ],
      { [`${CAMPAIGN}/highlights.csv`]: null },
    );
    loaded.write(
      `${CAMPAIGN}/campaign.yml`,
      `${(await import('../helpers/data-fixture.ts')).VALID_FILES[`${CAMPAIGN}/campaign.yml`]}sheets:\n  highlights: 亮点\n`,
    );
    const { data } = await loaded.load();
    expect(data.campaigns[0]?.highlights.map((highlight) => highlight.description)).toEqual(['班组指标分解到岗']);
  });

  it('reads the survey platform’s workbook download as its CSV', async () => {
    const header = ['序号', '提交答卷时间', '所用时间', '来源', '来自IP', '1、培训是否实用？', '2、您希望增加哪些内容？'];
    const campaignYml = [
      'title: 测试检查',
      'date: 2025-09-17',
      'teams:',
      '  - { id: t1, name: 第一组, leader: 张三, leaderUnit: u1, inspects: [u2, u3] }',
      'survey:',
      '  title: 培训调查',
      '  questions:',
      '    - { id: useful, text: 培训是否实用？, options: [很实用, 一般, 不实用], favorable: [很实用] }',
      '    - { id: more, text: 您希望增加哪些内容？, type: multiple, options: [案例, 实操, 答疑] }',
      '',
    ].join('\n');
    const answers = [
      [1, { date: '2025-09-18T09:30:00' }, '120秒', '手机提交', '10.0.0.1', '很实用', '案例┋实操'],
      [2, { date: '2025-09-18T09:31:00' }, '95秒', '链接', '10.0.0.2', '一般', '(跳过)'],
      [3, { date: '2025-09-18T09:32:00' }, '60秒', '链接', '10.0.0.3', '很实用', '答疑'],
      [4, { date: '2025-09-18T09:33:00' }, '30秒', '链接', '10.0.0.4', '(空)', '实操┋答疑'],
    ];
    const csvText = [header, ...answers.map((row) => row.map((cell) => (typeof cell === 'object' ? cell.date.replace('T', ' ') : String(cell))))]
      .map((row) => row.join(','))
      .join('\n');
    const csv = createFixture({ [`${CAMPAIGN}/campaign.yml`]: campaignYml, [`${CAMPAIGN}/survey.csv`]: `${csvText}\n` });
    const fromCsv = (await csv.load()).data.campaigns[0]?.survey;
    csv.cleanup();
    const loaded = await withWorkbook(`${CAMPAIGN}/survey.xlsx`, [{ title: 'Sheet1', rows: [header, ...answers] }], {
      [`${CAMPAIGN}/campaign.yml`]: campaignYml,
      [`${CAMPAIGN}/survey.csv`]: null,
    });
    const fromXlsx = (await loaded.load()).data.campaigns[0]?.survey;
    expect(fromXlsx).toEqual(fromCsv);
    console.log('survey.xlsx read:', JSON.stringify(fromXlsx));
  });

  it('reads units.xlsx', async () => {
    const loaded = await withWorkbook(
      'data/units.xlsx',
      [
        {
          title: '单位',
          rows: [
            ['单位编码', '单位名称', '板块'],
            ['u1', '甲公司', '水泥板块'],
            ['u2', '乙公司', '水泥板块'],
            ['u3', '丙电站', '水电板块'],
          ],
        },
      ],
      { 'data/units.csv': null },
    );
    const { data } = await loaded.load();
    expect(data.units.map((unit) => unit.name)).toEqual(['甲公司', '乙公司', '丙电站']);
  });
});
