import { chartFigure } from '../charts/chart-figure.ts';
import { CHARTS, drawChart, NEWS_CHARTS, newsAvailability, type CampaignChartSources, type NewsChartName } from '../charts/registry.ts';
import type { Campaign } from '../model.ts';
import type { ChartCatalog } from './news-engine.ts';
import type { ArticleCharts } from './render-news.ts';

/**
 * The charts of `{% chart "<name>" %}`: the registry's news charts (charts/registry.ts), drawn as
 * the report draws them, with the same figure and data table (chart-figure.ts).
 */

/** Which charts the campaign can draw: what the data check needs (it draws none). */
export function chartCatalog(campaign: Campaign): ChartCatalog {
  return Object.fromEntries(NEWS_CHARTS.map((name) => [name, newsAvailability(name, campaign)]));
}

export type ChartSources = CampaignChartSources;

/** The article's charts: what it may place, and each drawn as the report draws it. */
export function articleCharts(sources: ChartSources): ArticleCharts {
  return {
    catalog: chartCatalog(sources.campaign),
    // Ids unique within the article page, unlike the report's (the article may repeat a chart).
    // The catalog has refused what cannot be drawn: a name outside the registry never reaches here.
    draw: (request, index) => {
      if (!(request.name in CHARTS)) throw new Error(`unknown chart ${request.name}`);
      return chartFigure(drawChart(request.name as NewsChartName, sources, `news-chart-${index + 1}`, request.argument));
    },
  };
}
