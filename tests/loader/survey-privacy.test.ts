import { afterEach, describe, expect, it } from 'vitest';
import { IssueList } from '../../src/lib/errors.ts';
import { readYaml } from '../../src/lib/yaml/read-yaml.ts';
import { campaignSchemaFor, DEFAULT_MIN_GROUP_SIZE, type QuestionConfig } from '../../src/lib/schemas/campaign.ts';
import { readSettings, SettingsError } from '../../src/lib/settings.ts';
import { identityNamedBy } from '../../src/lib/survey/identity.ts';
import { summarizeCampaign } from '../../src/lib/summary/summarize-campaign.ts';
import { parseCsv } from '../../src/lib/csv/parse-csv.ts';
import { DISTINCT_SHARE, tallySurvey } from '../../src/lib/survey/tally-survey.ts';
import { CAMPAIGN, createFixture, describeIssues, VALID_FILES, type Fixture } from '../helpers/data-fixture.ts';

/**
 * Finding 6 of issue 11: survey privacy could be switched off from campaign.yml without a word
 * (`minGroupSize: 1`, a name or free-text column declared as a question or as groupBy). Now the
 * floor comes from the build server, and identifying columns are refused with a location.
 */

const CONFIG = `${CAMPAIGN}/campaign.yml`;
const SURVEY = `${CAMPAIGN}/survey.csv`;
const BASE_CONFIG = VALID_FILES[CONFIG] ?? '';

const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '赵敏', '黄强', '周杰', '吴霞', '徐亮', '孙丽'];
const UNITS = ['甲公司', '乙公司'];
/** 12 respondents: a name, an answer, a unit (6 each), and a free-text remark each. */
const SURVEY_CSV = [
  '序号,来自IP,您的姓名,1、培训是否实用？,2、您所在的单位,3、您对培训的意见和建议',
  ...NAMES.map((name, i) => `${i + 1},10.0.0.${i + 1},${name},${i % 3 === 0 ? '一般' : '很实用'},${UNITS[i % 2]},希望多讲案例${i + 1}`),
  '',
].join('\n');

/** campaign.yml with the fixture's question, a unit question, and `extra` lines under survey. */
function configWith({ extra = [], questions = [] }: { extra?: string[]; questions?: string[] } = {}): string {
  return [
    BASE_CONFIG.trimEnd().replace('  title: 培训调查', ['  title: 培训调查', ...extra.map((line) => `  ${line}`)].join('\n')),
    '    - id: unit',
    '      text: 您所在的单位',
    '      options: [甲公司, 乙公司]',
    ...questions,
    '',
  ].join('\n');
}

let fixture: Fixture | undefined;
afterEach(() => fixture?.cleanup());

async function errorsOf(overrides: Record<string, string>): Promise<string[]> {
  fixture = createFixture({ [SURVEY]: SURVEY_CSV, ...overrides });
  return describeIssues(await fixture.loadErrors());
}

function expectAmong(errors: string[], expected: string) {
  expect(
    errors.some((line) => line.startsWith(expected)),
    `expected «${expected}» among:\n${errors.join('\n')}`,
  ).toBe(true);
}

describe('finding 6: survey privacy cannot be switched off from campaign.yml', () => {
  it('loads the survey with a unit breakdown at the default floor, ignoring the name, IP and free-text columns', async () => {
    fixture = createFixture({ [SURVEY]: SURVEY_CSV, [CONFIG]: configWith({ extra: ['groupBy: unit'] }) });
    const { data } = await fixture.load();
    const survey = data.campaigns[0]?.survey;
    expect(survey?.minGroupSize).toBe(DEFAULT_MIN_GROUP_SIZE);
    expect(survey?.groups.map((group) => [group.name, group.respondents])).toEqual([
      ['甲公司', 6],
      ['乙公司', 6],
    ]);
  });

  it('minGroupSize 1 in campaign.yml is refused at the key, naming the floor and the server setting', async () => {
    const errors = await errorsOf({ [CONFIG]: configWith({ extra: ['minGroupSize: 1', 'groupBy: unit'] }) });
    expectAmong(errors, `${CONFIG}:11:3 minGroupSize 不能小于 5（现在是 1）`);
    fixture?.cleanup();
    fixture = createFixture({ [SURVEY]: SURVEY_CSV, [CONFIG]: configWith({ extra: ['minGroupSize: 4'] }) });
    const [issue] = (await fixture.loadErrors()).filter((i) => i.field === '问卷的 minGroupSize');
    expect(issue?.hint).toContain('MIN_GROUP_SIZE');
    expect(issue?.expected).toBe('不小于 5 的整数');
  });

  it('campaign.yml may raise the floor', async () => {
    fixture = createFixture({ [SURVEY]: SURVEY_CSV, [CONFIG]: configWith({ extra: ['minGroupSize: 8', 'groupBy: unit'] }) });
    const { data } = await fixture.load();
    expect(data.campaigns[0]?.survey?.minGroupSize).toBe(8);
  });

  it('the floor comes from the MIN_GROUP_SIZE setting of the build server', () => {
    expect(readSettings({}, { root: '/srv' }).minGroupSize).toBe(5);
    expect(readSettings({ MIN_GROUP_SIZE: '3' }, { root: '/srv' }).minGroupSize).toBe(3);
    for (const bad of ['1', '0', '-5', '2.5', 'five']) {
      expect(() => readSettings({ MIN_GROUP_SIZE: bad }, { root: '/srv' })).toThrow(SettingsError);
    }
    expect(() => readSettings({ MIN_GROUP_SIZE: '1' }, { root: '/srv' })).toThrow('MIN_GROUP_SIZE 应为不小于 2 的整数（现在是“1”）');

    // Under a server floor of 3, campaign.yml may say 3 and gets 3 by default; 2 is still refused.
    const read = (extra: string[]) => {
      const issues = new IssueList();
      const config = readYaml(configWith({ extra }), 'campaign.yml', campaignSchemaFor({ minGroupSize: 3 }), issues);
      return { minGroupSize: config?.value.survey?.minGroupSize, errors: describeIssues(issues.errors) };
    };
    expect(read([])).toEqual({ minGroupSize: 3, errors: [] });
    expect(read(['minGroupSize: 4'])).toEqual({ minGroupSize: 4, errors: [] });
    expect(read(['minGroupSize: 2']).errors).toEqual([
      'campaign.yml:11:3 minGroupSize 不能小于 3（现在是 2）：这是保护答卷人隐私的下限，campaign.yml 只能提高它，不能降低',
    ]);

    // The tally keeps the effective floor, which disclosableGroups and the page use.
    const issues = new IssueList();
    const config = readYaml(configWith({ extra: ['groupBy: unit'] }), 'campaign.yml', campaignSchemaFor({ minGroupSize: 3 }), issues);
    const table = parseCsv(SURVEY_CSV, 'survey.csv', issues);
    const survey = config?.value.survey && table && tallySurvey(table, 'survey.csv', config.value.survey, issues);
    expect(issues.errors).toEqual([]);
    expect(survey?.minGroupSize).toBe(3);
  });

  it('a name column declared as a question is refused at the question in campaign.yml', async () => {
    const errors = await errorsOf({
      [CONFIG]: configWith({ questions: ['    - id: respondent', '      text: 您的姓名', `      options: [${NAMES.join(', ')}]`] }),
    });
    expectAmong(errors, `${CONFIG}:20:7 题目“您的姓名”询问的是答卷人的身份信息（姓名）`);
  });

  it('a question whose id names an identity is refused at the id', async () => {
    const errors = await errorsOf({
      [CONFIG]: configWith({ questions: ['    - id: phone_no', '      text: 您常用哪种设备', '      options: [手机, 电脑]'] }),
    });
    expectAmong(errors, `${CONFIG}:19:7 题目“phone_no”询问的是答卷人的身份信息（phone）`);
  });

  it('a name column is refused as groupBy', async () => {
    const errors = await errorsOf({
      [CONFIG]: configWith({ extra: ['groupBy: name'], questions: ['    - id: name', '      text: 参会人员', `      options: [${NAMES.join(', ')}]`] }),
    });
    expectAmong(errors, `${CONFIG}:11:3 不能按“name”分组：它是答卷人的身份信息（name）`);
    expectAmong(errors, `${CONFIG}:20:7 题目“name”询问的是答卷人的身份信息（name）`);
  });

  it('a name question used as groupBy is refused at groupBy too', async () => {
    const errors = await errorsOf({
      [SURVEY]: SURVEY_CSV.replace('您的姓名', '参会人员（姓名）'),
      [CONFIG]: configWith({ extra: ['groupBy: who'], questions: ['    - id: who', '      text: 参会人员（姓名）', `      options: [${NAMES.join(', ')}]`] }),
    });
    expectAmong(errors, `${CONFIG}:11:3 不能按“who”分组：它是答卷人的身份信息（姓名）`);
    expectAmong(errors, `${CONFIG}:21:7 题目“参会人员（姓名）”询问的是答卷人的身份信息（姓名）`);
  });

  it('the tally refuses a column whose survey.csv header names an identity, at the header, as groupBy', () => {
    // campaign.yml refuses the same words first; the tally checks the header it matched again,
    // so that no way of declaring the question (another schema, a future matching rule) publishes it.
    const issues = new IssueList();
    const table = parseCsv(SURVEY_CSV.replace('您的姓名', '4、参会人员（姓名）'), 'survey.csv', issues);
    const questions: QuestionConfig[] = [
      { id: 'useful', text: '培训是否实用？', type: 'single', options: ['很实用', '一般', '不实用'], favorable: [] },
      { id: 'who', text: '参会人员（姓名）', type: 'single', options: NAMES, favorable: [] },
    ];
    const survey = table && tallySurvey(table, 'survey.csv', { title: 't', minGroupSize: 5, groupBy: 'who', questions }, issues);
    expect(survey).toBeNull();
    expect(describeIssues(issues.errors)).toEqual([
      'survey.csv:1:3 “4、参会人员（姓名）”一列是答卷人的身份信息（姓名），不能作为问卷题目和分组依据（groupBy）（题目“who”）统计和发布',
    ]);
  });

  it(`a column whose answers are nearly all distinct (≥ ${DISTINCT_SHARE * 100}% of 10 or more) is refused at its header`, async () => {
    // 12 people, 12 different "options": the 3rd column is a name under an innocent header.
    const csv = SURVEY_CSV.replace('您的姓名', '参会人员');
    const errors = await errorsOf({
      [SURVEY]: csv,
      [CONFIG]: configWith({ extra: ['groupBy: who'], questions: ['    - id: who', '      text: 参会人员', `      options: [${NAMES.join(', ')}]`] }),
    });
    expect(errors).toEqual([
      `${SURVEY}:1:3 “参会人员”一列的答案几乎各不相同（12 人作答，12 种不同答案），像是姓名、编号或自由填写的文字，不能作为问卷题目和分组依据（groupBy）（题目“who”）统计和发布`,
    ]);
  });

  it('the same column is accepted below 10 respondents and for a real choice question', async () => {
    const nine = SURVEY_CSV.split('\n').slice(0, 10).join('\n').replace('您的姓名', '参会人员');
    fixture = createFixture({
      [SURVEY]: nine,
      [CONFIG]: configWith({ questions: ['    - id: who', '      text: 参会人员', `      options: [${NAMES.join(', ')}]`] }),
    });
    expect((await fixture.load()).data.campaigns[0]?.survey?.respondents).toBe(9);
  });

  it('a multiple-choice question is refused only when nearly every option was chosen by one person', () => {
    const table = (cells: string[]) => parseCsv(['q', ...cells, ''].join('\n'), 'survey.csv', new IssueList());
    const tally = (cells: string[], options: string[]) => {
      const issues = new IssueList();
      const csv = table(cells);
      const result =
        csv &&
        tallySurvey(csv, 'survey.csv', { title: 't', minGroupSize: 5, questions: [{ id: 'q', text: 'q', type: 'multiple', options, favorable: [] }] }, issues);
      return { ok: result !== null, errors: issues.errors.map((issue) => issue.message) };
    };
    const topics = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
    // 12 topics, 10 people choosing three each: many combinations, but shared options.
    const shared = Array.from({ length: 10 }, (_, i) => [topics[i], topics[i + 1], topics[i + 2]].join('┋'));
    expect(tally(shared, topics)).toEqual({ ok: true, errors: [] });
    const own = Array.from({ length: 10 }, (_, i) => topics[i] ?? '');
    expect(tally(own, topics).errors[0]).toContain('10 种只有一人选择的选项');
  });

  it('never publishes a column that is not a declared question: names, IPs and free text stay out of the data and summary.json', async () => {
    fixture = createFixture({ [SURVEY]: SURVEY_CSV, [CONFIG]: configWith({ extra: ['groupBy: unit'] }) });
    const { data } = await fixture.load();
    const campaign = data.campaigns[0];
    if (!campaign) throw new Error('the campaign should load');
    const published = JSON.stringify([campaign, summarizeCampaign(campaign, { open: 1, in_progress: 1, closed: 1 })]);
    for (const secret of [...NAMES, '10.0.0.1', '希望多讲案例', '您的姓名', '来自IP', '意见和建议']) expect(published).not.toContain(secret);
    expect(campaign.survey?.questions.map((question) => question.id)).toEqual(['useful', 'unit']);
  });
});

describe('identityNamedBy', () => {
  it.each([
    ['您的姓名', '姓名'],
    ['3、手机号码', '手机'],
    ['联系电话', '电话'],
    ['工号', '工号'],
    ['身份证号', '身份证'],
    ['来自IP', 'ip'],
    ['电子邮箱', '邮箱'],
    ['E-mail', 'email'],
    ['微信号', '微信'],
    ['QQ', 'qq'],
    ['家庭住址', '住址'],
    ['通讯地址', '地址'],
    ['name', 'name'],
    ['your_name', 'name'],
    ['userEmail', 'email'],
    ['phone_no', 'phone'],
    ['employee_id', 'employee id'],
    ['id_card', 'id card'],
  ])('%s names an identity (%s)', (text, identity) => {
    expect(identityNamedBy(text)).toBe(identity);
  });

  it.each(['您所在的单位', 'unit', 'unit_name', '培训是否实用？', 'practical', 'relationship', 'clarity', '您的岗位类别'])('%s does not', (text) => {
    expect(identityNamedBy(text)).toBeUndefined();
  });
});
