import type { SurveyResult } from '../model.ts';
import { formatPercent } from '../format/numbers.ts';
import type { CampaignSummary } from '../summary/summarize-campaign.ts';
import type { UnitFigures } from '../summary/summarize-unit.ts';
import type { QuestionResult } from '../survey/tally-survey.ts';
import { STATUS, type Status } from '../tables/findings.ts';
import { barChart } from './bar-chart.ts';
import type { ColorDomain } from './series-style.ts';
import { stackedBarChart } from './stacked-bar-chart.ts';
import { answerDistributionChart, favorableSharesChart } from './survey-charts.ts';

/**
 * A campaign's charts with the figures of their data tables, drawn alike wherever they appear:
 * on the report (campaigns/[id]/index.astro) and in the news article (`{% chart %}`). Each is
 * laid out by chart-figure.ts (or ChartFigure.astro, which uses it).
 */

export interface ChartSpec {
  svg: string;
  /** Caption of the data table under the chart. */
  tableCaption: string;
  headers: string[];
  rows: Array<Array<string | number>>;
}

/** Problems per category, in the campaign's order. */
export function findingsByCategoryChart(summary: CampaignSummary, id: string): ChartSpec {
  const data = Object.entries(summary.findings.byCategory).map(([label, value]) => ({ label, value }));
  return {
    svg: barChart(data, { id, title: '各类别问题数', valueLabel: '问题数（个）', categoryLabel: '问题类别' }),
    tableCaption: '各类别问题数',
    headers: ['问题类别', '问题数（个）'],
    rows: data.map((d) => [d.label, d.value]),
  };
}

/** Problems per inspected unit, every inspected unit listed. */
export function findingsByUnitChart(summary: CampaignSummary, unitName: (id: string) => string, id: string): ChartSpec {
  const data = Object.entries(summary.findings.byUnit).map(([unitId, value]) => ({ label: unitName(unitId), value }));
  return {
    svg: barChart(data, { id, title: '各被检单位问题数', valueLabel: '问题数（个）', categoryLabel: '被检单位' }),
    tableCaption: '各被检单位问题数',
    headers: ['被检单位', '问题数（个）'],
    rows: data.map((d) => [d.label, d.value]),
  };
}

const STATUS_ORDER: Status[] = ['closed', 'in_progress', 'open'];

/** Each unit's problems by rectification status, for the units with problems (the report's order). */
export function rectificationByUnitChart(units: readonly UnitFigures[], unitName: (id: string) => string, id: string): ChartSpec {
  const labels = STATUS_ORDER.map((status) => STATUS.labels[status]);
  const rows = units.map((unit) => ({
    label: unitName(unit.unitId),
    values: Object.fromEntries(STATUS_ORDER.map((status) => [STATUS.labels[status], unit.rectification.byStatus[status]])),
    total: unit.findings.length,
  }));
  return {
    svg: stackedBarChart(rows, { id, title: '各被检单位整改进度', series: labels }),
    tableCaption: '各被检单位整改进度',
    headers: ['被检单位', ...labels, '合计'],
    rows: rows.map((row) => [row.label, ...labels.map((label) => row.values[label] ?? 0), row.total]),
  };
}

const shareOf = (count: number, answered: number) => (answered > 0 ? formatPercent(count / answered, 2) : '—');

/** The favourable share of each question that has favourable options; null when none has. */
export function surveyFavorableChart(survey: SurveyResult, id: string): ChartSpec | null {
  const withShare = survey.questions.filter((question) => question.favorableShare !== null);
  if (withShare.length === 0) return null;
  return {
    svg: favorableSharesChart(survey.questions, id),
    tableCaption: '各题好评率',
    headers: ['题目', '计入好评的选项', '好评人数', '作答人数', '好评率'],
    rows: withShare.map((question) => [
      question.text,
      question.favorable.join('、'),
      question.favorableCount,
      question.answered,
      shareOf(question.favorableCount, question.answered),
    ]),
  };
}

/** How one question's answers split over its options. */
export function surveyQuestionChart(question: QuestionResult, id: string): ChartSpec {
  return {
    svg: answerDistributionChart(question, id),
    tableCaption: question.text,
    headers: ['选项', '人数', '占比'],
    rows: [
      ...question.options.map((option) => [option, question.counts[option] ?? 0, shareOf(question.counts[option] ?? 0, question.answered)]),
      ...(question.unanswered > 0 ? [['未作答', question.unanswered, '—']] : []),
    ],
  };
}

export interface TrendRow {
  /** The campaign as the chart names it (campaign-label.ts). */
  label: string;
  byCategory: Record<string, number>;
  total: number;
}

export interface TrendLayout {
  /** The series, in legend order; by default the categories the rows have, in order of appearance. */
  categories?: readonly string[];
  /** The chart's width, when it has more room than an article column (the overview page). */
  width?: number;
}

/** Problems per campaign by category, oldest first; `colorDomain` keeps each category's colour on every page. */
export function findingsTrendChart(rows: readonly TrendRow[], title: string, colorDomain: ColorDomain, id: string, layout: TrendLayout = {}): ChartSpec {
  const categories = [...(layout.categories ?? new Set(rows.flatMap((row) => Object.keys(row.byCategory))))];
  return {
    svg: stackedBarChart(
      rows.map((row) => ({ label: row.label, values: row.byCategory })),
      {
        id,
        title,
        series: categories,
        colorDomain,
        normalize: false,
        valueLabel: '问题数（个）',
        maxLabelWidth: 260,
        ...(layout.width ? { width: layout.width } : {}),
      },
    ),
    tableCaption: title,
    headers: ['检查活动', ...categories, '合计'],
    rows: rows.map((row) => [row.label, ...categories.map((category) => row.byCategory[category] ?? 0), row.total]),
  };
}
