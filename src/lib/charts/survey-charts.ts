import type { QuestionResult } from '../survey/tally-survey.ts';
import { barChart, shareAxis } from './bar-chart.ts';
import { stackedBarChart } from './stacked-bar-chart.ts';

/** The survey's two charts, shared by the report and the benchmark so both draw the same. */

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
      width: 760,
      maxLabelWidth: 300,
      ...shareAxis(2),
    },
  );
}

/** How one question's answers split over its options. */
export function answerDistributionChart(question: QuestionResult, id: string): string {
  return stackedBarChart([{ label: `${question.answered} 人作答`, values: question.counts }], {
    id,
    title: question.text,
    series: question.options,
    width: 460,
    barHeight: 40,
  });
}
