import {
  findingsByCategoryChart,
  findingsByUnitChart,
  findingsTrendChart,
  rectificationByUnitChart,
  surveyFavorableChart,
  surveyQuestionChart,
  type ChartSpec,
  type TrendRow,
} from '../charts/campaign-charts.ts';
import { chartFigure } from '../charts/chart-figure.ts';
import type { ColorDomain } from '../charts/series-style.ts';
import type { Campaign } from '../model.ts';
import { unitsWithFindings, type CampaignFigures } from '../summary/campaign-figures.ts';
import type { CHART_NAMES } from './chart-names.ts';
import type { ChartCatalog, ChartRequest } from './news-engine.ts';
import type { ArticleCharts } from './render-news.ts';

/**
 * The charts of `{% chart "<name>" %}`: the report's own (campaign-charts.ts), drawn the same,
 * with the same figure and data table (chart-figure.ts).
 */

type ChartName = (typeof CHART_NAMES)['all'][number];

const NO_SURVEY = '本次活动没有问卷，不能放问卷的图表；可用 {% if survey %} 包住它';

/** Which charts the campaign can draw: what the data check needs (it draws none). */
export function chartCatalog(campaign: Campaign): ChartCatalog {
  const { survey } = campaign;
  const catalog: Record<ChartName, ChartCatalog[string]> = {
    findings_by_category: {},
    findings_by_unit: {},
    rectification_by_unit: campaign.findings.length > 0 ? {} : { unavailable: '本次检查没有发现问题，没有整改进度图；可用 {% if findings.total > 0 %} 包住它' },
    survey_favorable: !survey
      ? { unavailable: NO_SURVEY }
      : survey.questions.some((question) => question.favorableShare !== null)
        ? {}
        : { unavailable: '问卷中没有设定好评选项（favorable）的题目，没有好评率图' },
    survey_question: survey ? { arguments: survey.questions.map((question) => question.id) } : { unavailable: NO_SURVEY },
    trend: {},
  };
  return catalog;
}

export interface ChartSources {
  campaign: Campaign;
  figures: CampaignFigures;
  unitName: (id: string) => string;
  /** This campaign and the earlier ones of its kind, oldest first. */
  trend: TrendRow[];
  colorDomain: ColorDomain;
}

/** The article's charts: what it may place, and each drawn as the report draws it. */
export function articleCharts(sources: ChartSources): ArticleCharts {
  return {
    catalog: chartCatalog(sources.campaign),
    // Ids unique within the article page, unlike the report's (the article may repeat a chart).
    draw: (request, index) => chartFigure(chartSpec(sources, request, `news-chart-${index + 1}`)),
  };
}

function chartSpec({ campaign, figures, unitName, trend, colorDomain }: ChartSources, request: ChartRequest, id: string): ChartSpec {
  const { summary } = figures;
  // The catalog has refused what cannot be drawn: the throws below are never reached from a template.
  switch (request.name as ChartName) {
    case 'findings_by_category':
      return findingsByCategoryChart(summary, id);
    case 'findings_by_unit':
      return findingsByUnitChart(summary, unitName, id);
    case 'rectification_by_unit':
      return rectificationByUnitChart(unitsWithFindings(figures), unitName, id);
    case 'survey_favorable': {
      const chart = campaign.survey && surveyFavorableChart(campaign.survey, id);
      if (!chart) throw new Error(`no favourable shares in ${campaign.id}`);
      return chart;
    }
    case 'survey_question': {
      const question = campaign.survey?.questions.find((candidate) => candidate.id === request.argument);
      if (!question) throw new Error(`no question ${String(request.argument)} in ${campaign.id}`);
      return surveyQuestionChart(question, id);
    }
    case 'trend':
      return findingsTrendChart(trend, `历次${campaign.kind}问题数（按类别）`, colorDomain, id);
  }
}
