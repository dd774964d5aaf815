import { describe, expect, it } from 'vitest';
import { disclosableGroups } from '../../src/lib/survey/disclosable-groups.ts';
import type { QuestionResult, SurveyResult } from '../../src/lib/survey/tally-survey.ts';

const question = (favorableCount: number, answered: number): QuestionResult => ({
  id: 'q',
  text: 'q',
  type: 'single',
  options: ['好', '差'],
  favorable: ['好'],
  counts: { 好: favorableCount, 差: answered - favorableCount },
  answered,
  unanswered: 0,
  favorableCount,
  favorableShare: favorableCount / answered,
});

function survey(sizes: Record<string, number>, minGroupSize = 5): SurveyResult {
  const groups = Object.entries(sizes).map(([name, n]) => ({ name, respondents: n, questions: [question(n - 1, n)] }));
  const total = groups.reduce((a, g) => a + g.respondents, 0);
  return { title: 's', respondents: total, questions: [question(total - groups.length, total)], groupBy: 'unit', minGroupSize, groups };
}

const rows = (s: SurveyResult) => disclosableGroups(s).map((g) => `${g.name}:${g.respondents}${g.merged ? `(${g.merged.join('+')})` : ''}`);

describe('disclosableGroups', () => {
  it('shows every group when all are large enough', () => {
    expect(rows(survey({ 甲: 8, 乙: 6 }))).toEqual(['甲:8', '乙:6']);
  });

  it('merges small groups into “其他” when together they are large enough', () => {
    expect(rows(survey({ 甲: 8, 乙: 6, 丙: 3, 丁: 4 }))).toEqual(['甲:8', '乙:6', '其他:7(丙+丁)']);
  });

  it('adds the smallest large group when the small ones alone could still be singled out', () => {
    // Showing 甲 and 乙 would let anyone compute 丙's 2 answers from the overall figures.
    expect(rows(survey({ 甲: 8, 乙: 6, 丙: 2 }))).toEqual(['甲:8', '其他:8(丙+乙)']);
  });

  it('shows no breakdown when even all groups together are too few', () => {
    expect(rows(survey({ 甲: 2, 乙: 2 }))).toEqual([]);
  });

  it('recomputes the merged row’s shares from its members’ counts', () => {
    const [, other] = disclosableGroups(survey({ 甲: 8, 乙: 3, 丙: 4 }));
    expect(other?.questions[0]).toMatchObject({ answered: 7, favorableCount: 5, favorableShare: 5 / 7, counts: { 好: 5, 差: 2 } });
  });

  it('honours the minimum set in campaign.yml', () => {
    expect(rows(survey({ 甲: 8, 乙: 6 }, 7))).toEqual(['其他:14(乙+甲)']);
  });
});
