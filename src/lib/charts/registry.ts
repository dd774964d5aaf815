import { formatDay } from '../format/dates.ts';
import { campaignLabel } from '../format/campaign-label.ts';
import { formatPercent } from '../format/numbers.ts';
import type { Campaign, Unit } from '../model.ts';
import { unitsWithFindings, type CampaignFigures } from '../summary/campaign-figures.ts';
import type { Trends, UnitHistory } from '../summary/cross-campaign.ts';
import { grainLabel, type OverviewTrend } from '../summary/overview.ts';
import type { UnitFigures } from '../summary/summarize-unit.ts';
import type { QuestionResult } from '../survey/tally-survey.ts';
import { STATUS, type Status } from '../tables/findings.ts';
import { barChart, shareAxis } from './bar-chart.ts';
import type { ChartSpec } from './chart-spec.ts';
import { lineChart } from './line-chart.ts';
import type { ColorDomain } from './series-style.ts';
import { stackedBarChart } from './stacked-bar-chart.ts';
import { answerDistributionChart, favorableSharesChart } from './survey-charts.ts';

/**
 * Every chart of the site, declared once: its name, where it applies (a campaign's report and
 * news article, the cross-campaign overview, a unit's page, a unit's notice), its Chinese title,
 * and how it is built — a pure function of the core's figures returning the SVG and its data
 * table (ChartSpec). Pages ask `drawChart(name, sources, id)`; the news templates' chart names
 * (chart-names.ts), their check and messages (article-charts.ts) and the tests read this list.
 * A new chart is one entry here and the call on its page.
 */

/** One row of the trend by category: a campaign or a span of time. */
export interface TrendRow {
  /** The campaign (campaign-label.ts) or period as the chart names it. */
  label: string;
  byCategory: Record<string, number>;
  total: number;
}

/** What a campaign's charts are built from: on its report and in its news article. */
export interface CampaignChartSources {
  campaign: Campaign;
  figures: CampaignFigures;
  unitName: (id: string) => string;
  /** This campaign and the earlier ones of its kind, oldest first: only the article's trend needs it. */
  trend?: readonly TrendRow[];
  colorDomain: ColorDomain;
}

/** What the overview's charts are built from (the home page). */
export interface OverviewChartSources {
  trends: Trends;
  /** The trend at the grain the overview reads it (overview.ts overviewTrend). */
  overview: OverviewTrend;
  reportDate: string;
  colorDomain: ColorDomain;
  /** The campaigns, to tell whether every survey charted followed a training. */
  campaigns: readonly Campaign[];
}

/** What a unit's cross-campaign page charts. */
export interface UnitChartSources {
  unit: Unit;
  history: UnitHistory;
  colorDomain: ColorDomain;
}

/** What a unit's notice in one campaign charts. */
export interface NoticeChartSources {
  unit: Unit;
  summary: UnitFigures;
}

interface ScopeSources {
  campaign: CampaignChartSources;
  overview: OverviewChartSources;
  unit: UnitChartSources;
  notice: NoticeChartSources;
}
export type ChartScope = keyof ScopeSources;

/** Why a news template cannot place a chart for this campaign, or the arguments it takes. */
export interface NewsAvailability {
  unavailable?: string;
  arguments?: string[];
}

interface ChartDefinition<S extends ChartScope> {
  scope: S;
  /** The chart's title, as its SVG and (unless `build` says otherwise) its data table name it. */
  title: (sources: ScopeSources[S], argument?: string) => string;
  /** Campaign charts a news template may place with `{% chart "<name>" %}`: what it may do for a campaign. */
  news?: (campaign: Campaign) => NewsAvailability;
  build: (sources: ScopeSources[S], title: string, id: string, argument?: string) => ChartSpec;
}

/** A campaign chart that news templates may place too. */
interface NewsChartDefinition extends ChartDefinition<'campaign'> {
  news: (campaign: Campaign) => NewsAvailability;
  /** `{% chart "<name>", "<argument>" %}`: the chart needs a second argument (a question's id). */
  argument?: true;
}

const define = <S extends ChartScope>(definition: ChartDefinition<S>) => definition;
const newsChart = (definition: NewsChartDefinition) => definition;

const NO_SURVEY = '本次活动没有问卷，不能放问卷的图表；可用 {% if survey %} 包住它';
const STATUS_ORDER: Status[] = ['closed', 'in_progress', 'open'];
const shareOf = (count: number, answered: number) => (answered > 0 ? formatPercent(count / answered, 2) : '—');
const percent = (share: number | null) => (share === null ? '—' : formatPercent(share, 1));

function countsChart(data: Array<{ label: string; value: number }>, title: string, id: string, categoryLabel: string): ChartSpec {
  return {
    svg: barChart(data, { id, title, valueLabel: '问题数（个）', categoryLabel }),
    tableCaption: title,
    headers: [categoryLabel, '问题数（个）'],
    rows: data.map((d) => [d.label, d.value]),
  };
}

function trendChart(rows: readonly TrendRow[], title: string, colorDomain: ColorDomain, id: string, categories?: readonly string[], width?: number): ChartSpec {
  const series = [...(categories ?? new Set(rows.flatMap((row) => Object.keys(row.byCategory))))];
  return {
    svg: stackedBarChart(
      rows.map((row) => ({ label: row.label, values: row.byCategory })),
      { id, title, series, colorDomain, normalize: false, valueLabel: '问题数（个）', maxLabelWidth: 260, ...(width ? { width } : {}) },
    ),
    tableCaption: title,
    headers: ['检查活动', ...series, '合计'],
    rows: rows.map((row) => [row.label, ...series.map((category) => row.byCategory[category] ?? 0), row.total]),
  };
}

/** The overview's wording of its grain: `（按季度）` after a title unless it reads by campaign. */
const byPeriod = ({ overview }: OverviewChartSources) => (overview.grain === 'campaign' ? '' : `（按${grainLabel(overview.grain)}）`);
const surveyedPeriods = ({ overview, trends }: OverviewChartSources) =>
  overview.periods.filter((period) => trends.sharedQuestions.some((question) => period.shares[question.id] != null));
/** "培训" only when every survey charted was given after a training (it names a trainer). */
function surveyKind({ trends, campaigns }: OverviewChartSources): string {
  const surveyed = trends.campaigns.filter((row) => trends.sharedQuestions.some((question) => row.shares[question.id] != null));
  const allTrainings = surveyed.length > 0 && surveyed.every((row) => campaigns.find((campaign) => campaign.id === row.id)?.survey?.trainer);
  return allTrainings ? '培训满意度' : '问卷';
}

function questionOf(campaign: Campaign, id: string | undefined): QuestionResult {
  const question = campaign.survey?.questions.find((candidate) => candidate.id === id);
  if (!question) throw new Error(`no question ${String(id)} in ${campaign.id}`);
  return question;
}

/** Each unit's problems per category in each campaign it took part in, oldest first. */
function unitCategoryCounts(history: UnitHistory): { categories: string[]; counts: Array<Record<string, number>> } {
  const categories = [...new Set(history.campaigns.flatMap((entry) => entry.findings.map((finding) => finding.category)))];
  const counts = history.campaigns.map((entry) =>
    Object.fromEntries(categories.map((category) => [category, entry.findings.filter((finding) => finding.category === category).length])),
  );
  return { categories, counts };
}

export const CHARTS = {
  findings_by_category: newsChart({
    scope: 'campaign',
    title: () => '各类别问题数',
    news: () => ({}),
    build: ({ figures }, title, id) =>
      countsChart(
        Object.entries(figures.summary.findings.byCategory).map(([label, value]) => ({ label, value })),
        title,
        id,
        '问题类别',
      ),
  }),
  findings_by_unit: newsChart({
    scope: 'campaign',
    title: () => '各被检单位问题数',
    news: () => ({}),
    build: ({ figures, unitName }, title, id) =>
      countsChart(
        Object.entries(figures.summary.findings.byUnit).map(([unitId, value]) => ({ label: unitName(unitId), value })),
        title,
        id,
        '被检单位',
      ),
  }),
  rectification_by_unit: newsChart({
    scope: 'campaign',
    title: () => '各被检单位整改进度',
    news: (campaign) => (campaign.findings.length > 0 ? {} : { unavailable: '本次检查没有发现问题，没有整改进度图；可用 {% if findings.total > 0 %} 包住它' }),
    build: ({ figures, unitName }, title, id) => {
      const labels = STATUS_ORDER.map((status) => STATUS.labels[status]);
      const rows = unitsWithFindings(figures).map((unit) => ({
        label: unitName(unit.unitId),
        values: Object.fromEntries(STATUS_ORDER.map((status) => [STATUS.labels[status], unit.rectification.byStatus[status]])),
        total: unit.findings.length,
      }));
      return {
        svg: stackedBarChart(rows, { id, title, series: labels }),
        tableCaption: title,
        headers: ['被检单位', ...labels, '合计'],
        rows: rows.map((row) => [row.label, ...labels.map((label) => row.values[label] ?? 0), row.total]),
      };
    },
  }),
  survey_favorable: newsChart({
    scope: 'campaign',
    title: () => '各题好评率',
    news: ({ survey }) =>
      !survey
        ? { unavailable: NO_SURVEY }
        : survey.questions.some((question) => question.favorableShare !== null)
          ? {}
          : { unavailable: '问卷中没有设定好评选项（favorable）的题目，没有好评率图' },
    build: ({ campaign }, title, id) => {
      const questions = campaign.survey?.questions ?? [];
      const withShare = questions.filter((question) => question.favorableShare !== null);
      if (withShare.length === 0) throw new Error(`no favourable shares in ${campaign.id}`);
      return {
        svg: favorableSharesChart(questions, id),
        tableCaption: title,
        headers: ['题目', '计入好评的选项', '好评人数', '作答人数', '好评率'],
        rows: withShare.map((question) => [
          question.text,
          question.favorable.join('、'),
          question.favorableCount,
          question.answered,
          shareOf(question.favorableCount, question.answered),
        ]),
      };
    },
  }),
  survey_question: newsChart({
    scope: 'campaign',
    /** Each question's chart is titled by the question itself. */
    title: ({ campaign }, argument) => questionOf(campaign, argument).text,
    argument: true,
    news: ({ survey }) => (survey ? { arguments: survey.questions.map((question) => question.id) } : { unavailable: NO_SURVEY }),
    build: ({ campaign }, _title, id, argument) => {
      const question = questionOf(campaign, argument);
      return {
        svg: answerDistributionChart(question, id),
        tableCaption: question.text,
        headers: ['选项', '人数', '占比'],
        rows: [
          ...question.options.map((option) => [option, question.counts[option] ?? 0, shareOf(question.counts[option] ?? 0, question.answered)]),
          ...(question.unanswered > 0 ? [['未作答', question.unanswered, '—']] : []),
        ],
      };
    },
  }),
  trend: newsChart({
    scope: 'campaign',
    title: ({ campaign }) => `历次${campaign.kind}问题数（按类别）`,
    news: () => ({}),
    build: ({ campaign, trend, colorDomain }, title, id) => {
      if (!trend) throw new Error(`no trend given for ${campaign.id}`);
      return trendChart(trend, title, colorDomain, id);
    },
  }),

  overview_findings: define({
    scope: 'overview',
    title: ({ overview }) => (overview.grain === 'campaign' ? '各次检查问题数（按类别）' : `各${grainLabel(overview.grain)}问题数（按类别）`),
    build: ({ overview, trends, colorDomain }, title, id) =>
      trendChart(
        overview.periods.map((period) => ({ label: period.label, byCategory: period.byCategory, total: period.findings })),
        title,
        colorDomain,
        id,
        trends.categories,
        760,
      ),
  }),
  overview_closure: define({
    scope: 'overview',
    title: (sources) => `整改完成率${byPeriod(sources)}（截至 ${formatDay(sources.reportDate)}）`,
    build: (sources, title, id) => {
      const { grain, periods } = sources.overview;
      const grainName = grainLabel(grain);
      return {
        svg: barChart(
          periods.map((period) => ({ label: period.label, value: period.closureRate ?? 0 })),
          { id, title, valueLabel: '已整改问题占比', categoryLabel: grainName, width: 760, maxLabelWidth: 260, ...shareAxis(1) },
        ),
        tableCaption: `整改完成率${byPeriod(sources)}`,
        headers:
          grain === 'campaign' ? ['检查活动', '问题数', '整改完成率', '逾期未整改'] : [grainName, '检查活动（次）', '问题数', '整改完成率', '逾期未整改'],
        rows: periods.map((period) => [
          period.label,
          ...(grain === 'campaign' ? [] : [period.campaigns]),
          period.findings,
          percent(period.closureRate),
          period.overdue,
        ]),
      };
    },
  }),
  overview_highlights: define({
    scope: 'overview',
    title: ({ overview }) => (overview.grain === 'campaign' ? '各次检查亮点数' : `各${grainLabel(overview.grain)}亮点数`),
    build: ({ overview }, title, id) => {
      const grainName = grainLabel(overview.grain);
      return {
        svg: barChart(
          overview.periods.map((period) => ({ label: period.label, value: period.highlights })),
          { id, title, valueLabel: '亮点数（个）', categoryLabel: grainName, width: 760, maxLabelWidth: 260 },
        ),
        tableCaption: title,
        headers: [grainName, '亮点数（个）'],
        rows: overview.periods.map((period) => [period.label, period.highlights]),
      };
    },
  }),
  overview_survey: define({
    scope: 'overview',
    title: (sources) => `${surveyKind(sources)}好评率变化${byPeriod(sources)}（多次调查中的同一题）`,
    build: (sources, title, id) => {
      const { trends } = sources;
      const grainName = grainLabel(sources.overview.grain);
      const periods = surveyedPeriods(sources);
      return {
        svg: lineChart(
          trends.sharedQuestions.map((question) => ({ name: question.text, values: periods.map((period) => period.shares[question.id] ?? null) })),
          {
            id,
            title,
            xLabels: periods.map((period) => period.label),
            xLabel: grainName,
            yLabel: '好评率',
            width: 760,
            height: 340,
            domainMax: 1,
            formatValue: (share) => formatPercent(share, 0),
          },
        ),
        tableCaption: `${surveyKind(sources)}好评率${byPeriod(sources)}`,
        headers: [grainName, ...trends.sharedQuestions.map((question) => question.text)],
        rows: periods.map((period) => [period.label, ...trends.sharedQuestions.map((question) => percent(period.shares[question.id] ?? null))]),
      };
    },
  }),

  unit_history: define({
    scope: 'unit',
    title: ({ unit }) => `${unit.name}历次检查问题数（按类别）`,
    build: ({ unit, history, colorDomain }, title, id) => {
      const { categories, counts } = unitCategoryCounts(history);
      return {
        svg: stackedBarChart(
          history.campaigns.map((entry, i) => ({ label: campaignLabel(entry.campaign), values: counts[i] ?? {} })),
          { id, title, series: categories, colorDomain, normalize: false, valueLabel: '问题数（个）', width: 760, maxLabelWidth: 260 },
        ),
        tableCaption: `${unit.name}历次检查问题数`,
        headers: ['检查活动', ...categories, '亮点'],
        rows: history.campaigns.map((entry, i) => [
          campaignLabel(entry.campaign),
          ...categories.map((category) => counts[i]?.[category] ?? 0),
          entry.highlights.length,
        ]),
      };
    },
  }),

  notice_by_category: define({
    scope: 'notice',
    title: ({ unit }) => `${unit.name}各类别问题数`,
    build: ({ summary }, title, id) =>
      countsChart(
        summary.byCategory.map((row) => ({ label: row.category, value: row.unit })),
        title,
        id,
        '问题类别',
      ),
  }),
};

export type ChartName = keyof typeof CHARTS;
type ScopeOf<N extends ChartName> = (typeof CHARTS)[N]['scope'];
export type ChartSourcesOf<N extends ChartName> = ScopeSources[ScopeOf<N>];

/** The chart `name` drawn from its sources; `id` is unique within the page, `argument` the question of survey_question. */
export function drawChart<N extends ChartName>(name: N, sources: ChartSourcesOf<N>, id: string, argument?: string): ChartSpec {
  const definition = CHARTS[name] as unknown as ChartDefinition<ScopeOf<N>>;
  return definition.build(sources, definition.title(sources, argument), id, argument);
}

/** The title of chart `name` for these sources, as its SVG prints it. */
export function chartTitle<N extends ChartName>(name: N, sources: ChartSourcesOf<N>, argument?: string): string {
  return (CHARTS[name] as unknown as ChartDefinition<ScopeOf<N>>).title(sources, argument);
}

/** The charts a news template may place, in the registry's order. */
export const NEWS_CHARTS = (Object.keys(CHARTS) as ChartName[]).filter((name) => 'news' in CHARTS[name]) as NewsChartName[];
export type NewsChartName = { [N in ChartName]: (typeof CHARTS)[N] extends NewsChartDefinition ? N : never }[ChartName];
/** The news charts that take a second argument. */
export const NEWS_CHARTS_WITH_ARGUMENT = NEWS_CHARTS.filter((name) => (CHARTS[name] as NewsChartDefinition).argument);

/** Which of a campaign's charts a template may place, and why not. */
export function newsAvailability(name: NewsChartName, campaign: Campaign): NewsAvailability {
  return (CHARTS[name] as NewsChartDefinition).news(campaign);
}
