import { describe, expect, it } from 'vitest';
import type { CsvTable } from '../../src/lib/csv/parse-csv.ts';
import { IssueList } from '../../src/lib/errors.ts';
import { parseDay } from '../../src/lib/format/dates.ts';
import type { Finding } from '../../src/lib/model.ts';
import type { SurveyConfig } from '../../src/lib/schemas/campaign.ts';
import { rectificationOf } from '../../src/lib/summary/rectification.ts';
import { tallySurvey } from '../../src/lib/survey/tally-survey.ts';

/**
 * Expectations worked out by hand (calendar arithmetic, counting answers on paper), never
 * taken from the code under test: each case says how its figure was reached.
 */

describe('parseDay', () => {
  it.each([
    ['2025.10.31', '2025-10-31'],
    ['2025.1.5', '2025-01-05'],
    ['2025.01.05', '2025-01-05'],
    ['2024.2.29', '2024-02-29'], // 2024 is a leap year
    ['2025/10/31', '2025-10-31'],
    ['2025年10月31日', '2025-10-31'],
  ])('reads %s as %s', (text, day) => {
    expect(parseDay(text)).toBe(day);
  });

  it.each([
    ['2025.13.01', 'there is no 13th month'],
    ['31.10.2025', 'day first, year last'],
    ['2025.2.29', '2025 is not a leap year'],
    ['2025.10.32', 'October has 31 days'],
  ])('rejects %s (%s)', (text) => {
    expect(parseDay(text)).toBeNull();
  });
});

describe('rectificationOf: median days to close over an even number of closed problems', () => {
  const finding = (id: string, status: Finding['status'], closedOn?: string): Finding => ({
    id,
    line: 2,
    unit: 'u1',
    category: 'c',
    description: 'd',
    status,
    closedOn,
  });

  describe.each([
    {
      name: 'across September into October',
      raisedOn: '2025-09-17',
      // 09-27 = 17+10; 10-07 = 13 days to 09-30, +7; 10-17 = 13+17; 10-28 = 13+28.
      closedOn: ['2025-09-27', '2025-10-07', '2025-10-17', '2025-10-28'],
      days: [10, 20, 30, 41],
      median: 25, // (20 + 30) / 2
    },
    {
      name: 'across the new year',
      raisedOn: '2024-12-20',
      // 01-05 = 11 days to 12-31, +5; 03-01 = 11 + 31 (January) + 28 (February 2025) + 1.
      closedOn: ['2025-01-05', '2025-03-01'],
      days: [16, 71],
      median: 43.5, // (16 + 71) / 2
    },
    {
      name: 'across a leap February, closed out of order',
      raisedOn: '2024-02-20',
      // 03-01 = 9 days to 02-29, +1; 02-28 = +8; 03-21 = 9+21; 04-02 = 9 + 31 (March) + 2.
      closedOn: ['2024-03-01', '2024-02-28', '2024-03-21', '2024-04-02'],
      days: [10, 8, 30, 42],
      median: 20, // sorted 8, 10, 30, 42: (10 + 30) / 2
    },
  ])('$name', ({ raisedOn, closedOn, days, median }) => {
    const findings = [
      ...closedOn.map((day, i) => finding(`C${i + 1}`, 'closed', day)),
      // Neither of these has a completion date, so neither may enter the median.
      finding('X1', 'closed'),
      finding('X2', 'open'),
    ];
    const result = rectificationOf(findings, raisedOn, '2026-01-01');

    it('counts the days from the campaign to each completion date', () => {
      expect(result.daysToClose).toEqual(days);
    });

    it(`has the mean of the two middle values as its median`, () => {
      expect(result.medianDaysToClose).toBe(median);
    });
  });
});

describe('tallySurvey: the separators of multiple-choice answers', () => {
  const config: SurveyConfig = {
    title: '调查',
    minGroupSize: 5,
    questions: [{ id: 'topics', text: '希望增加哪些内容？', type: 'multiple', options: ['案例', '工具', '练习', '讨论'], favorable: ['案例', '练习'] }],
  };

  /** A parsed export built by hand (no CSV parsing involved): one answer cell per respondent. */
  function table(answers: string[]): CsvTable {
    return {
      header: { line: 1, cells: ['序号', '1、希望增加哪些内容？(多选题)'] },
      records: answers.map((answer, i) => ({ line: i + 2, cells: [String(i + 1), answer] })),
    };
  }

  function tally(answers: string[]) {
    const issues = new IssueList();
    const result = tallySurvey(table(answers), 'survey.csv', config, issues);
    return { result, issues: issues.issues, question: result?.questions[0] };
  }

  it.each(['|', '；', '┋', ';'])('splits answers at %s', (sep) => {
    const { result, issues, question } = tally([`案例${sep}工具`, `工具${sep}讨论`, `练习${sep}讨论${sep}案例`, '工具']);
    expect(issues).toEqual([]);
    expect(result?.respondents).toBe(4);
    // 案例: rows 1, 3. 工具: rows 1, 2, 4. 练习: row 3. 讨论: rows 2, 3.
    expect(question?.counts).toEqual({ 案例: 2, 工具: 3, 练习: 1, 讨论: 2 });
    expect(question?.answered).toBe(4);
    // A favourable option (案例 or 练习) in rows 1 and 3 only: 2 of 4.
    expect(question?.favorableCount).toBe(2);
    expect(question?.favorableShare).toBe(0.5);
  });

  it('takes every separator in one export, with spaces around them, a skipped answer and a repeated choice', () => {
    const { result, issues, question } = tally(['案例 | 工具', '工具；讨论', '练习┋讨论┋案例', '（跳过）', '工具;工具']);
    expect(issues).toEqual([]);
    expect(result?.respondents).toBe(5);
    // 案例: rows 1, 3. 工具: rows 1, 2, 5 (once, though chosen twice). 练习: row 3. 讨论: rows 2, 3.
    expect(question?.counts).toEqual({ 案例: 2, 工具: 3, 练习: 1, 讨论: 2 });
    expect(question?.answered).toBe(4);
    expect(question?.unanswered).toBe(1);
    // Favourable in rows 1 and 3: 2 of the 4 who answered.
    expect(question?.favorableCount).toBe(2);
    expect(question?.favorableShare).toBe(0.5);
  });
});
