import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataError } from '../../src/lib/errors.ts';
import { loadSiteData } from '../../src/lib/load/load-site-data.ts';
import { renderArticle } from '../../src/lib/news/render-article.ts';
import { readSettings } from '../../src/lib/settings.ts';
import { campaignFigures } from '../../src/lib/summary/campaign-figures.ts';
import { CAMPAIGN, createFixture, describeIssues, gb18030, REPORT_DATE, VALID_FILES, withBom, type Fixture } from '../helpers/data-fixture.ts';

let fixture: Fixture | undefined;
afterEach(() => fixture?.cleanup());

function load(overrides: Parameters<typeof createFixture>[0]) {
  fixture = createFixture(overrides);
  return fixture;
}

const FINDINGS = `${CAMPAIGN}/findings.csv`;
const HIGHLIGHTS = `${CAMPAIGN}/highlights.csv`;
const SURVEY = `${CAMPAIGN}/survey.csv`;
const CONFIG = `${CAMPAIGN}/campaign.yml`;
const findingsWith = (...rows: string[]) => ['id,unit,team,category,description,due,status,closed_on', ...rows, ''].join('\n');
/** With the verification columns, under their Chinese headers as Excel users write them. */
const verifiedWith = (...rows: string[]) => ['编号,被检单位,检查组,问题类别,问题描述,整改期限,整改状态,完成日期,验证人,验证日期', ...rows, ''].join('\n');

describe('loadSiteData on valid data', () => {
  it('reads every row and resolves units given by id or by name', async () => {
    const { data, warnings } = await load({}).load();
    expect(warnings).toEqual([]);
    const [campaign] = data.campaigns;
    expect(campaign?.findings.map((f) => [f.id, f.unit, f.team, f.status, f.due])).toEqual([
      ['F1', 'u2', 't1', 'closed', '2025-10-31'],
      ['F2', 'u2', 't1', 'in_progress', '2025-11-30'],
      ['F3', 'u3', undefined, 'open', '2025-12-31'],
    ]);
    expect(campaign?.inspectedUnits).toEqual(['u2', 'u3']);
    expect(campaign?.survey?.respondents).toBe(3);
    expect(campaign?.survey?.questions[0]?.favorableShare).toBeCloseTo(2 / 3);
  });

  it('never keeps columns of the survey export that are not declared questions', async () => {
    const { data } = await load({}).load();
    expect(JSON.stringify(data)).not.toContain('10.0.0.1');
  });

  const chineseFindings = [
    '编号,被检单位,检查组,问题类别,严重程度,问题描述,检查资料,整改建议,整改责任人,整改期限,整改状态,完成日期',
    'F1,乙公司,第一组,执行不规范,较重,纪要缺签字,7月纪要,补签,李四（主任）,2025-10-31,已整改,2025-10-01',
    '',
  ].join('\r\n');

  it.each([
    ['UTF-8 with BOM and Chinese headers', withBom(chineseFindings)],
    ['GB18030 with Chinese headers', gb18030(chineseFindings)],
    ['plain UTF-8 with Chinese headers', chineseFindings],
  ])('reads findings in %s', async (_name, bytes) => {
    const { data } = await load({ [FINDINGS]: bytes }).load();
    expect(data.campaigns[0]?.findings).toEqual([
      {
        id: 'F1',
        line: 2,
        unit: 'u2',
        team: 't1',
        category: '执行不规范',
        severity: 'medium',
        description: '纪要缺签字',
        material: '7月纪要',
        suggestion: '补签',
        owner: '李四（主任）',
        due: '2025-10-31',
        status: 'closed',
        closedOn: '2025-10-01',
      },
    ]);
  });

  it('reads a GBK survey export with numbered question headers', async () => {
    const survey = '序号,提交答卷时间,1、培训是否实用？,姓名\r\n1,2025/9/17 16:30,很实用,王五\r\n2,2025/9/17 16:31,不实用,赵六\r\n';
    const { data } = await load({ [SURVEY]: gb18030(survey) }).load();
    expect(data.campaigns[0]?.survey?.questions[0]?.counts).toEqual({ 很实用: 1, 一般: 0, 不实用: 1 });
    expect(JSON.stringify(data)).not.toContain('王五');
  });

  it('uses the default article template when a campaign has no news.md', async () => {
    const { data } = await load({}).load();
    expect(data.campaigns[0]?.news.file).toBe('templates/news.md');
  });

  it('fills the shipped default article for a campaign that leaves every optional field out', async () => {
    const shipped = readFileSync(path.join(import.meta.dirname, '../../templates/news.md'), 'utf8');
    const minimal = 'title: 最简检查\ndate: 2025-01-02\nteams:\n  - {id: t1, name: 一组, leader: 甲, leaderUnit: u1, inspects: [u2]}\n';
    const { data } = await load({ 'templates/news.md': shipped, [CONFIG]: minimal, [SURVEY]: null, [FINDINGS]: findingsWith('F1,u2,,执行不规范,x,,,') }).load();
    const campaign = data.campaigns[0];
    if (!campaign) throw new Error('no campaign');
    const { title, html } = renderArticle(campaign, {
      campaigns: data.campaigns,
      units: data.units,
      figuresOf: (of) => campaignFigures(of, REPORT_DATE),
      colorDomain: [],
    });
    expect(title).toBe('最简检查圆满完成');
    expect(html).toContain('本次检查共发现1个问题、1个亮点。');
    expect(html).not.toContain('检查范围为');
    expect(html).not.toContain('培训');
  });

  it('reads the verification of a closed problem (复查销号) and counts it', async () => {
    const { data } = await load({
      [FINDINGS]: verifiedWith(
        'F1,u2,,执行不规范,x,,已整改,2025-10-01,李四,2025年10月8日',
        'F2,u2,,执行不规范,y,,已整改,2025-10-02,,',
        'F3,u3,,执行不规范,z,,,,,',
      ),
    }).load();
    const campaign = data.campaigns[0];
    if (!campaign) throw new Error('no campaign');
    expect(campaign.findings.map(({ id, verifier, verifiedOn }) => [id, verifier, verifiedOn])).toEqual([
      ['F1', '李四', '2025-10-08'],
      ['F2', undefined, undefined],
      ['F3', undefined, undefined],
    ]);
    expect(campaignFigures(campaign, REPORT_DATE).rectification.verified).toBe(1);
  });

  it('sorts campaigns newest first', async () => {
    fixture = createFixture();
    const older = VALID_FILES[CONFIG]?.replace('2025-09-17', '2024-05-01') ?? '';
    for (const [file, content] of Object.entries(VALID_FILES)) {
      if (file.startsWith(CAMPAIGN)) fixture.write(file.replace('/c1/', '/c0/'), file === CONFIG ? older : content);
    }
    const { data } = await fixture.load();
    expect(data.campaigns.map((c) => c.id)).toEqual(['c1', 'c0']);
  });

  it('warns, without failing, about a header-only file and an unknown column', async () => {
    const { warnings } = await load({ [HIGHLIGHTS]: 'id,unit,description,备注\n' }).load();
    expect(describeIssues(warnings)).toEqual([`${HIGHLIGHTS}:1:- 只有表头，没有数据行`, `${HIGHLIGHTS}:1:4 未知的列“备注”，其内容不会出现在报告中`]);
  });
});

describe('loadSiteData on data checked out outside the app', () => {
  it('names the files of its errors from DATA_DIR as given, so that each can be pasted into a shell', async () => {
    // DATA_DIR elsewhere, given as an absolute path (the publishing hooks rename it back to data/…).
    const { root } = load({ [FINDINGS]: findingsWith('F1,u9,,执行不规范,x,,,') });
    const settings = readSettings({ REPORT_DATE, DATA_DIR: path.join(root, 'data') }, { root: '/srv/inspection-app' });
    const error = await loadSiteData({ ...settings, templatesDir: path.join(root, 'templates') }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).issues.map((issue) => issue.file)).toEqual([path.join(root, FINDINGS)]);
    expect((error as DataError).message).toContain(`${path.join(root, FINDINGS)}:2:2 错误`);
    expect((error as DataError).message).toContain(`新单位请先加入 ${path.join(root, 'data', 'units.csv')}。`);
    expect((error as DataError).message).not.toContain('..');
  });
});

describe('loadSiteData rejects bad data with located errors', () => {
  it.each([
    ['a missing required column', { [HIGHLIGHTS]: 'id,unit\nH1,u3\n' }, `${HIGHLIGHTS}:1:- 缺少必填列“亮点描述”（description）`],
    ['an unknown unit', { [FINDINGS]: findingsWith('F1,u9,,执行不规范,x,,,') }, `${FINDINGS}:2:2 未知的单位“u9”`],
    ['a duplicate id', { [FINDINGS]: findingsWith('F1,u2,,执行不规范,x,,,', 'F1,u3,,执行不规范,y,,,') }, `${FINDINGS}:3:1 重复的问题编号“F1”，第 2 行已使用`],
    ['a bad date', { [FINDINGS]: findingsWith('F1,u2,,执行不规范,x,2025-02-30,,') }, `${FINDINGS}:2:6 无法识别的日期“2025-02-30”`],
    ['an unknown status', { [FINDINGS]: findingsWith('F1,u2,,执行不规范,x,,done,') }, `${FINDINGS}:2:7 未知的整改状态“done”`],
    [
      'a completion date on an open problem',
      { [FINDINGS]: findingsWith('F1,u2,,执行不规范,x,,未整改,2025-10-01') },
      `${FINDINGS}:2:8 填写了完成日期，但整改状态是“未整改”`,
    ],
    ['an empty required cell', { [FINDINGS]: findingsWith('F1,u2,,执行不规范,,,,') }, `${FINDINGS}:2:5 必填项为空`],
    [
      'a verification date on a problem not closed',
      { [FINDINGS]: verifiedWith('F1,u2,,执行不规范,x,,整改中,,李四,2025-10-08') },
      `${FINDINGS}:2:10 填写了验证日期，但整改状态是“整改中”`,
    ],
    ['a verifier on an open problem', { [FINDINGS]: verifiedWith('F1,u2,,执行不规范,x,,,,李四,') }, `${FINDINGS}:2:9 填写了验证人，但整改状态是“未整改”`],
    [
      'a verification before the completion date',
      { [FINDINGS]: verifiedWith('F1,u2,,执行不规范,x,,已整改,2025-10-08,李四,2025/10/1') },
      `${FINDINGS}:2:10 验证日期 2025-10-01 早于完成日期 2025-10-08`,
    ],
    ['a survey answer that is not an option', { [SURVEY]: '1、培训是否实用？\n很实用\n非常好\n' }, `${SURVEY}:3:1 “非常好”不是题目“useful”的选项`],
    ['a survey without the declared question', { [SURVEY]: '序号,满意吗\n1,很实用\n' }, `${SURVEY}:1:- 找不到题目“useful”（培训是否实用？）的列`],
    [
      'a team that inspects its own leader’s unit',
      { [CONFIG]: VALID_FILES[CONFIG]?.replace('inspects: [u2, 丙电站]', 'inspects: [u2, 甲公司]') ?? '' },
      `${CONFIG}:8:20 第一组的组长张三来自甲公司，不能检查本单位`,
    ],
    ['a finding whose team does not inspect its unit', { [FINDINGS]: findingsWith('F1,u1,t1,执行不规范,x,,,') }, `${FINDINGS}:2:3 第一组不负责检查甲公司`],
    ['undecodable bytes', { [HIGHLIGHTS]: Buffer.from([0x69, 0x64, 0x0a, 0xff, 0xff, 0xff]) }, `${HIGHLIGHTS}:2:1 文件中有无法识别的字节（按 UTF-8 读取）`],
    ['a ragged row', { [FINDINGS]: findingsWith('F1,u2,,执行不规范') }, `${FINDINGS}:2:- 这一行只有 4 个单元格，表头有 8 列`],
    ['a duplicate header', { [HIGHLIGHTS]: 'id,unit,description,亮点描述\nH1,u3,a,b\n' }, `${HIGHLIGHTS}:1:4 重复的列：与第 3 列“description”是同一列`],
    ['an empty file', { [HIGHLIGHTS]: '' }, `${HIGHLIGHTS}:-:- 文件是空的，没有表头`],
    [
      'an unclosed quote',
      { [HIGHLIGHTS]: 'id,unit,description\nH1,u3,"open\nH2,u3,x\n' },
      `${HIGHLIGHTS}:2:7 引号没有闭合：从这里开始的单元格一直延续到文件末尾`,
    ],
    ['a unit id that could escape a path', { 'data/units.csv': 'id,name,sector\n../u1,甲公司,水泥板块\n' }, 'data/units.csv:2:1 编码“../u1”含有不允许的字符'],
    ['an unknown key in campaign.yml', { [CONFIG]: `${VALID_FILES[CONFIG]}colour: red\n` }, `${CONFIG}:16:1 未知的字段“colour”`],
    ['a YAML syntax error', { [CONFIG]: 'title: [unclosed\n' }, `${CONFIG}:2:1 YAML 格式错误`],
    [
      'an unknown placeholder in news.md',
      { [`${CAMPAIGN}/news.md`]: '# 标题\n\n第三行 {{ findings.totl }}\n' },
      `${CAMPAIGN}/news.md:3:8 未知的占位符“findings.totl”`,
    ],
    ['a missing findings.csv', { [FINDINGS]: null }, `${FINDINGS}:-:- 缺少文件 findings.csv`],
  ])('%s', async (_name, overrides, expected) => {
    const errors = describeIssues(await load(overrides).loadErrors());
    expect(
      errors.some((line) => line.startsWith(expected)),
      `expected «${expected}» among:\n${errors.join('\n')}`,
    ).toBe(true);
  });

  it('reports all errors of a file in one run, each at its own line', async () => {
    const rows = findingsWith('F1,u9,,执行不规范,x,,,', 'F2,u2,,执行不规范,x,2025-13-01,,', 'F3,u2,,执行不规范,x,,maybe,');
    const errors = describeIssues(await load({ [FINDINGS]: rows }).loadErrors());
    expect(errors).toEqual([`${FINDINGS}:2:2 未知的单位“u9”`, `${FINDINGS}:3:6 无法识别的日期“2025-13-01”`, `${FINDINGS}:4:7 未知的整改状态“maybe”`]);
  });

  it('counts lines the way an editor does, across quoted newlines and mixed line endings', async () => {
    const rows = 'id,unit,description\r\nH1,u3,"两行\r\n内容"\nH2,u3,正常\rH3,u9,坏单位\n';
    const errors = describeIssues(await load({ [HIGHLIGHTS]: rows }).loadErrors());
    expect(errors).toEqual([`${HIGHLIGHTS}:5:2 未知的单位“u9”`]);
  });

  it('names the Excel row beside the text line: H3 is row 4 (H1 spans two lines)', async () => {
    const rows = 'id,unit,description\r\nH1,u3,"两行\r\n内容"\nH2,u3,正常\rH3,u9,坏单位\n';
    const [issue] = await load({ [HIGHLIGHTS]: rows }).loadErrors();
    expect(issue).toMatchObject({ line: 5, row: 4, column: 2 });
  });

  it('locates invalid bytes inside a GBK file', async () => {
    const bytes = Buffer.concat([gb18030('id,unit,description\nH1,u3,正常\nH2,u3,坏'), Buffer.from([0x81, 0x20]), gb18030('字\n')]);
    const errors = describeIssues(await load({ [HIGHLIGHTS]: bytes }).loadErrors());
    expect(errors).toEqual([`${HIGHLIGHTS}:3:8 文件中有无法识别的字节（按 GBK/GB18030 读取）`]);
  });
});
