import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/lib/csv/parse-csv.ts';
import { IssueList } from '../../src/lib/errors.ts';
import { questionTextOf, tallySurvey } from '../../src/lib/survey/tally-survey.ts';
import type { SurveyConfig } from '../../src/lib/schemas/campaign.ts';

const config: SurveyConfig = {
  title: '调查',
  minGroupSize: 5,
  questions: [
    { id: 'useful', text: '培训是否实用？', type: 'single', options: ['很实用', '一般', '不实用'], favorable: ['很实用'] },
    { id: 'topics', text: '希望增加哪些内容？', type: 'multiple', options: ['案例', '工具', '练习'], favorable: ['案例', '练习'] },
  ],
};

function tally(csv: string) {
  const issues = new IssueList();
  const table = parseCsv(csv, 'survey.csv', issues);
  const result = table && tallySurvey(table, 'survey.csv', config, issues);
  return { result, issues: issues.issues };
}

describe('questionTextOf', () => {
  it.each([
    ['3、培训是否实用？', '培训是否实用'],
    ['Q3. 培训是否实用?', '培训是否实用'],
    ['第3题 培训是否实用？', '培训是否实用'],
    ['12：希望增加哪些内容？(多选题)', '希望增加哪些内容'],
    ['培训是否实用', '培训是否实用'],
  ])('%s → %s', (header, text) => {
    expect(questionTextOf(header)).toBe(text);
  });
});

describe('tallySurvey', () => {
  it('counts single and multiple choices (问卷星 ┋), skipped answers and favourable shares', () => {
    const { result, issues } = tally(
      ['序号,1、培训是否实用？,2、希望增加哪些内容？(多选题)', '1,很实用,案例┋工具', '2,一般,工具', '3,(跳过),练习', '4,很实用,'].join('\n'),
    );
    expect(issues).toEqual([]);
    expect(result?.respondents).toBe(4);
    expect(
      result?.questions.map(({ counts, answered, unanswered, favorableCount, favorableShare }) => ({
        counts,
        answered,
        unanswered,
        favorableCount,
        favorableShare,
      })),
    ).toEqual([
      { counts: { 很实用: 2, 一般: 1, 不实用: 0 }, answered: 3, unanswered: 1, favorableCount: 2, favorableShare: 2 / 3 },
      { counts: { 案例: 1, 工具: 2, 练习: 1 }, answered: 3, unanswered: 1, favorableCount: 2, favorableShare: 2 / 3 },
    ]);
  });

  it('matches question columns by id too', () => {
    const { result } = tally('useful,topics\n很实用,案例\n');
    expect(result?.questions[0]?.counts['很实用']).toBe(1);
  });

  it('reports every unknown answer in one run, at its cell', () => {
    const { result, issues } = tally('useful,topics\n好,案例\n很实用,案例┋其他\n');
    expect(result).toBeNull();
    expect(issues.map((i) => `${i.line}:${i.column} ${i.message}`)).toEqual(['2:1 “好”不是题目“useful”的选项', '3:2 “其他”不是题目“topics”的选项']);
  });

  it('reports a question matched by two columns', () => {
    const { issues } = tally('useful,1、培训是否实用？,topics\n很实用,很实用,案例\n');
    expect(issues[0]?.message).toBe('题目“useful”对应了两列（第 1 列和第 2 列）');
  });
});
