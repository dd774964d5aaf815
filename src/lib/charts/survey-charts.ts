import type { QuestionResult } from '../survey/tally-survey.ts';
import { barChart, shareAxis } from './bar-chart.ts';
import { stackedBarChart } from './stacked-bar-chart.ts';

/** The survey's charts, shared by the report and the benchmark so both draw the same. */

/** Favourable share per question, for the questions that have one. */
export function favorableSharesChart(questions: QuestionResult[], id: string): string {
  const withShare = questions.filter((question) => question.favorableShare !== null);
  return barChart(
    withShare.map((question) => ({ label: question.text, value: question.favorableShare ?? 0 })),
    {
      id,
      title: '各题好评率',
      valueLabel: '选择好评选项的答卷占比',
      categoryLabel: '题目',
      maxLabelWidth: 200,
      labelLines: 3,
      ...shareAxis(2),
    },
  );
}

/** Respondents who chose each option, as shares of those who answered: the table's figures. */
export function optionShares(question: QuestionResult): Array<{ label: string; value: number }> {
  return question.options.map((option) => ({
    label: option,
    value: question.answered > 0 ? (question.counts[option] ?? 0) / question.answered : 0,
  }));
}

/**
 * How one question's answers split over its options. A single-choice question is one bar of
 * 100% split by option, in the options' declared order and looks. A multiple-choice question
 * is one bar per option, each the share of respondents who chose it: a respondent may choose
 * several, so the bars need not sum to 100%.
 */
export function answerDistributionChart(question: QuestionResult, id: string): string {
  if (question.type === 'multiple') {
    return barChart(optionShares(question), {
      id,
      title: question.text,
      subtitle: `${question.answered} 人作答（可多选）`,
      valueLabel: '选择该项的人数占作答人数',
      categoryLabel: '选项',
      ...shareAxis(1),
    });
  }
  return stackedBarChart([{ label: '', values: question.counts }], {
    id,
    title: question.text,
    subtitle: `${question.answered} 人作答`,
    series: question.options,
    colorDomain: question.options,
    barHeight: 40,
  });
}
