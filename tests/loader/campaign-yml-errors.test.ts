import { afterEach, describe, expect, it } from 'vitest';
import { IssueList, type DataIssue } from '../../src/lib/errors.ts';
import { readYaml, yamlFieldName } from '../../src/lib/yaml/read-yaml.ts';
import { campaignSchema } from '../../src/lib/schemas/campaign.ts';
import { closestMatches, didYouMean, editDistance } from '../../src/lib/text/fuzzy.ts';
import { CAMPAIGN, createFixture, describeIssues, VALID_FILES, type Fixture } from '../helpers/data-fixture.ts';

/**
 * Issue 12: campaign.yml mistakes come back in Chinese, all of them in one run, each at its
 * line and column, with 1-based names ("第 2 个检查组的 leaderUnit"), a "您是不是想写 …" for
 * misspellings, and a message of their own for the commonest slips.
 */

const CONFIG = `${CAMPAIGN}/campaign.yml`;
const FINDINGS = `${CAMPAIGN}/findings.csv`;
const VALID = VALID_FILES[CONFIG] ?? '';

/** The fixture's campaign.yml with each `[from, to]` replaced once (each `from` must be there). */
function configWith(...changes: Array<[string, string]>): string {
  return changes.reduce((text, [from, to]) => {
    if (!text.includes(from)) throw new Error(`«${from}» is not in campaign.yml`);
    return text.replace(from, to);
  }, VALID);
}

/** A second team, for names that must say 第 2 个. */
const SECOND_TEAM = ['  - id: t2', '    name: 第二组', '    leader: 李四', '    leaderUnit: u3', '    inspects: [甲公司]', ''].join('\n');
const withSecondTeam = (team = SECOND_TEAM) => configWith(['survey:', `${team}survey:`]);

let fixture: Fixture | undefined;
afterEach(() => fixture?.cleanup());

async function errorsOf(overrides: Record<string, string>): Promise<DataIssue[]> {
  fixture = createFixture(overrides);
  return fixture.loadErrors();
}

const COLON = 'YAML 格式错误：冒号应为英文半角冒号“:”，并在冒号后加一个空格';
const COMMA = 'YAML 格式错误：列表中的逗号应为英文半角逗号“,”';
const TAB = 'YAML 格式错误：缩进只能用空格，不能用制表符（Tab）';
const SPACE = 'YAML 格式错误：冒号后要有一个空格';

describe('the commonest slips each have a message of their own, at their line and column', () => {
  it.each([
    ['a full-width colon after a top-level key', configWith(['title: 测试检查', 'title：测试检查']), `1:6 ${COLON}`, 'title: 测试检查'],
    ['a full-width colon after a key in a team', configWith(['    name: 第一组', '    name：第一组']), `5:9 ${COLON}`, 'name: 第一组'],
    ['a full-width colon after a list dash', configWith(['  - id: t1', '  - id：t1']), `4:7 ${COLON}`, '- id: t1'],
    ['a full-width colon and a space', configWith(['date: 2025-09-17', 'date ： 2025-09-17']), `2:6 ${COLON}`, 'date : 2025-09-17'],
    ['a full-width colon opening a list', configWith(['teams:', 'teams：']), `3:6 ${COLON}`, 'teams:'],
    [
      'a full-width colon in a file with Windows line ends',
      configWith(['    name: 第一组', '    name：第一组']).replaceAll('\n', '\r\n'),
      `5:9 ${COLON}`,
      'name: 第一组',
    ],
    ['a full-width comma in a list', configWith(['[很实用, 一般, 不实用]', '[很实用，一般, 不实用]']), `14:20 ${COMMA}`, 'options: [很实用, 一般, 不实用]'],
    ['a full-width comma in a list of units', configWith(['[u2, 丙电站]', '[u2，丙电站]']), `8:18 ${COMMA}`, 'inspects: [u2, 丙电站]'],
    ['a tab as indentation', configWith(['    leader: 张三', '\tleader: 张三']), `6:1 ${TAB}`, undefined],
    ['a tab after a list dash', configWith(['  - id: t1', '  -\tid: t1']), `4:4 ${TAB}`, undefined],
    ['a key without a space after its colon', configWith(['date: 2025-09-17', 'date:2025-09-17']), `2:5 ${SPACE}`, 'date: 2025-09-17'],
    ['a nested key without a space after its colon', configWith(['    leader: 张三', '    leader:张三']), `6:11 ${SPACE}`, 'leader: 张三'],
  ])('%s', async (_name, text, expected, corrected) => {
    const errors = await errorsOf({ [CONFIG]: text });
    // The slip alone is reported: the file is read as meant, and is otherwise valid.
    expect(describeIssues(errors)).toEqual([`${CONFIG}:${expected}`]);
    expect(errors[0]?.expected).toBe(corrected);
    expect(errors[0]?.hint).toBeTruthy();
  });

  it('reports every slip of the file in one run, in reading order', async () => {
    const text = configWith(
      ['title: 测试检查', 'title：测试检查'],
      ['date: 2025-09-17', 'date:2025-09-17'],
      ['    leader: 张三', '\tleader: 张三'],
      ['[很实用, 一般, 不实用]', '[很实用，一般，不实用]'],
    );
    expect(describeIssues(await errorsOf({ [CONFIG]: text }))).toEqual([
      `${CONFIG}:1:6 ${COLON}`,
      `${CONFIG}:2:5 ${SPACE}`,
      `${CONFIG}:6:1 ${TAB}`,
      `${CONFIG}:14:20 ${COMMA}`,
      `${CONFIG}:14:23 ${COMMA}`,
    ]);
  });

  it('lists the first 30 slips of a file indented with tabs throughout, and how many more there are', () => {
    const text = `${VALID}scope:\n  materials:\n${'\t- 纪要\n'.repeat(20_000)}`;
    const issues = new IssueList();
    // About 0.7 s on a quiet 2-core machine; the budget, 14 times that, catches a slip search
    // gone quadratic (minutes), not a busy machine.
    const started = Date.now();
    const config = readYaml(text, 'campaign.yml', campaignSchema, issues);
    expect(Date.now() - started).toBeLessThan(10_000);
    const errors = describeIssues(issues.errors);
    expect(errors).toHaveLength(31);
    expect(errors[0]).toBe(`campaign.yml:18:1 ${TAB}`);
    expect(errors[30]).toBe('campaign.yml:48:1 YAML 格式错误：还有 19970 处同类错误未列出');
    // Read as meant, so that the checks after this one still run.
    expect(config?.value.scope.materials).toHaveLength(20_000);
  });

  it('leaves quoted text, comments, block text and list items that are text alone', async () => {
    const text = [
      VALID.trimEnd(),
      'host:',
      '  name: "李四：处长" # 注意：主持人',
      'scope:',
      '  period: |',
      '    2025 年：上半年',
      '    note:见附件',
      '  materials:',
      '    - PPT：培训课件',
      '    - url:http://example.org/a',
      '    - "会议纪要，签到表"',
      "    - '签到表，照片'",
      '',
    ].join('\n');
    fixture = createFixture({ [CONFIG]: text });
    const { data } = await fixture.load();
    expect(data.campaigns[0]?.host?.name).toBe('李四：处长');
    expect(data.campaigns[0]?.scope.materials).toEqual(['PPT：培训课件', 'url:http://example.org/a', '会议纪要，签到表', '签到表，照片']);
  });
});

describe('fields are named in Chinese, 1-based, with the keys as written', () => {
  it.each([
    ['an unknown unit as a team leader', withSecondTeam().replace('leaderUnit: u3', 'leaderUnit: u9'), '第 2 个检查组的 leaderUnit', '未知的单位“u9”'],
    [
      'an unknown unit inspected',
      withSecondTeam().replace('inspects: [甲公司]', 'inspects: [甲公司, 丁公司]'),
      '第 2 个检查组的 inspects 第 2 项',
      '未知的单位“丁公司”',
    ],
    [
      'a team inspecting its leader’s unit',
      withSecondTeam().replace('inspects: [甲公司]', 'inspects: [甲公司, u3]'),
      '第 2 个检查组的 inspects 第 2 项',
      '第二组的组长李四来自丙电站，不能检查本单位',
    ],
    ['a missing key in a team', withSecondTeam().replace('    leader: 李四\n', ''), '第 2 个检查组的 leader', '第 2 个检查组缺少必填字段“leader”'],
    ['an empty option', configWith(['[很实用, 一般, 不实用]', '[很实用, 一般, ""]']), '问卷第 1 题的 options 第 3 项', '不能为空'],
    [
      'a favorable option that is none',
      configWith(['favorable: [很实用]', 'favorable: [很实用, 非常好]']),
      '问卷第 1 题的 favorable 第 2 项',
      '“非常好”不是这道题的选项',
    ],
    ['a privacy floor too low', configWith(['  title: 培训调查', '  title: 培训调查\n  minGroupSize: 2']), '问卷的 minGroupSize', 'minGroupSize 不能小于 5'],
    ['a missing key in a section', `${VALID}host:\n  title: 处长\n`, 'host 的 name', 'host 缺少必填字段“name”'],
    ['a missing top-level key', VALID.replace('date: 2025-09-17\n', ''), 'date', '缺少必填字段“date”'],
  ])('%s', async (_name, text, field, message) => {
    const errors = await errorsOf({ [CONFIG]: text });
    expect(errors.map((issue) => [issue.field, issue.message.slice(0, message.length)])).toEqual([[field, message]]);
  });

  it.each([
    [['teams', 1, 'leaderUnit'], '第 2 个检查组的 leaderUnit'],
    [['teams', 0, 'inspects', 2], '第 1 个检查组的 inspects 第 3 项'],
    [['teams', 3], '第 4 个检查组'],
    [['teams'], 'teams'],
    [['survey', 'questions', 0, 'options', 2], '问卷第 1 题的 options 第 3 项'],
    [['survey', 'questions', 1], '问卷第 2 题'],
    [['survey', 'questions'], '问卷的 questions'],
    [['survey', 'groupBy'], '问卷的 groupBy'],
    [['survey'], 'survey'],
    [['scope', 'materials', 0], 'scope 的 materials 第 1 项'],
    [['categories', 4], 'categories 第 5 项'],
    [['title'], 'title'],
    [['host', 'name'], 'host 的 name'],
    [['teams', 0, '组长'], '第 1 个检查组的组长'],
  ])('%j is “%s”', (path, name) => {
    expect(yamlFieldName(path)).toBe(name);
  });
});

describe('a misspelling comes with “您是不是想写 …”', () => {
  it.each([
    ['a misspelt key in a team', configWith(['leaderUnit: u1', 'leaderUnt: u1']), `${CONFIG}:7:5 未知的字段“leaderUnt”`, '您是不是想写“leaderUnit”？'],
    ['a misspelt top-level key', configWith(['title: 测试检查', 'titel: 测试检查']), `${CONFIG}:1:1 未知的字段“titel”`, '您是不是想写“title”？'],
    [
      'a key in the wrong letter case',
      configWith(['    leaderUnit: u1', '    leaderunit: u1']),
      `${CONFIG}:7:5 未知的字段“leaderunit”`,
      '您是不是想写“leaderUnit”？',
    ],
    ['a misspelt unit inspected', configWith(['[u2, 丙电站]', '[u2, 丙电占]']), `${CONFIG}:8:20 未知的单位“丙电占”`, '您是不是想写“丙电站”？'],
    ['a shortened unit name as leader unit', configWith(['leaderUnit: u1', 'leaderUnit: 甲公']), `${CONFIG}:7:5 未知的单位“甲公”`, '您是不是想写“甲公司”？'],
    [
      'a misspelt favorable option',
      configWith(['favorable: [很实用]', 'favorable: [很使用]']),
      `${CONFIG}:15:19 “很使用”不是这道题的选项`,
      '您是不是想写“很实用”？',
    ],
    [
      'a misspelt groupBy',
      configWith(['  title: 培训调查', '  title: 培训调查\n  groupBy: usefull']),
      `${CONFIG}:11:3 “usefull”不是本问卷的单选题`,
      '您是不是想写“useful”？',
    ],
    [
      'a misspelt question type',
      configWith(['      text: 培训是否实用？', '      text: 培训是否实用？\n      type: singel']),
      `${CONFIG}:14:7 应为 single（单选）或 multiple（多选）`,
      '您是不是想写“single”？',
    ],
    ['a misspelt team in findings.csv', undefined, `${FINDINGS}:2:3 未知的检查组“第一祖”`, '您是不是想写“第一组”？'],
  ])('%s', async (_name, text, expected, hint) => {
    const overrides: Record<string, string> =
      text === undefined ? { [FINDINGS]: (VALID_FILES[FINDINGS] ?? '').replace('F1,u2,t1', 'F1,u2,第一祖') } : { [CONFIG]: text };
    const errors = await errorsOf(overrides);
    expect(describeIssues(errors)).toHaveLength(1);
    expect(describeIssues(errors)[0]).toMatch(new RegExp(`^${expected}`));
    expect(errors[0]?.hint).toContain(hint);
  });

  it('suggests nothing when nothing is close', async () => {
    const errors = await errorsOf({ [CONFIG]: `${VALID}colour: red\n` });
    expect(describeIssues(errors)).toEqual([`${CONFIG}:16:1 未知的字段“colour”`]);
    expect(errors[0]?.hint).not.toContain('您是不是想写');
    expect(errors[0]?.expected).toContain('可用的字段：title、date');
  });

  it.each([
    ['leaderUnt', ['leaderUnit', 'leader', 'inspects'], ['leaderUnit']],
    ['竹溪锐城', ['竹溪瑞城', '陕西金龙', '白河水电站'], ['竹溪瑞城']],
    ['金龙', ['竹溪瑞城', '陕西金龙', '白河水电站'], ['陕西金龙']],
    ['u4', ['u1', 'u2', '甲公司'], ['u1', 'u2']],
    ['colour', ['title', 'date', 'scope', 'host'], []],
    ['ＴＩＴＬＥ', ['title', 'date'], ['title']],
    ['titel', ['title', 'date'], ['title']],
  ])('the closest of %s', (value, candidates, closest) => {
    expect(closestMatches(value, candidates)).toEqual(closest);
  });

  it('words one, two or three suggestions, and none beyond', () => {
    expect(didYouMean('u4', ['u1'])).toBe('您是不是想写“u1”？');
    expect(didYouMean('u4', ['u1', 'u2'])).toBe('您是不是想写“u1”或“u2”？');
    expect(didYouMean('u4', ['u1', 'u2', 'u3'])).toBe('您是不是想写“u1”、“u2”或“u3”？');
    expect(didYouMean('u5', ['u1', 'u2', 'u3', 'u4'])).toBeUndefined();
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('竹溪瑞城', '竹溪锐城')).toBe(1);
    expect(editDistance('titel', 'title')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
});

describe('all mistakes of campaign.yml in one run', () => {
  it('a slip, a misspelt key and a misspelt option: three errors', async () => {
    const text = configWith(['title: 测试检查', 'title：测试检查'], ['leaderUnit: u1', 'leaderUnt: u1'], ['favorable: [很实用]', 'favorable: [很使用]']);
    expect(describeIssues(await errorsOf({ [CONFIG]: text }))).toEqual([
      `${CONFIG}:1:6 ${COLON}`,
      `${CONFIG}:7:5 未知的字段“leaderUnt”`,
      `${CONFIG}:15:19 “很使用”不是这道题的选项`,
    ]);
  });

  it('slips, then the units checked against units.csv, located in the file as written', async () => {
    const text = configWith(['title: 测试检查', 'title：测试检查'], ['    leader: 张三', '\tleader: 张三'], ['[u2, 丙电站]', '[u2，丙电占]']);
    const errors = await errorsOf({ [CONFIG]: text });
    expect(describeIssues(errors)).toEqual([`${CONFIG}:1:6 ${COLON}`, `${CONFIG}:6:1 ${TAB}`, `${CONFIG}:8:18 ${COMMA}`, `${CONFIG}:8:19 未知的单位“丙电占”`]);
    expect(errors[3]?.field).toBe('第 1 个检查组的 inspects 第 2 项');
  });
});
