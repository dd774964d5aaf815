import type { ColorDomain } from '../charts/series-style.ts';
import { campaignLabel } from '../format/campaign-label.ts';
import type { Campaign, Unit } from '../model.ts';
import type { CampaignFigures } from '../summary/campaign-figures.ts';
import { articleCharts } from './article-charts.ts';
import { articleContext } from './news-context.ts';
import { placeCharts, renderMarkdown, renderNews, type ArticleCharts, type RenderedNews } from './render-news.ts';
import type { FilledArticle } from '../model.ts';

/** What an article reads beyond its own campaign: the other campaigns (previous, trend) and their figures. */
export interface ArticleSite {
  campaigns: readonly Campaign[];
  units: Unit[];
  figuresOf: (campaign: Campaign) => CampaignFigures;
  /** Every category's colour, as on the dashboard (site.ts CATEGORY_COLORS). */
  colorDomain: ColorDomain;
}

/**
 * A campaign's news article as its page shows it: the text the sandbox filled for the edition
 * (try-articles.ts) rendered as Markdown, its charts drawn from the edition's figures. No
 * template is filled here.
 */
export function placeArticle(campaign: Campaign, filled: Pick<FilledArticle, 'text' | 'charts'>, site: ArticleSite): RenderedNews {
  const { draw } = chartsOf(campaign, site);
  return placeCharts(campaign.news.file, renderMarkdown(filled.text, campaign.title), filled.charts, draw);
}

/** The same article filled in-process (renderNews), for the tests that change a campaign's template. */
export function renderArticle(campaign: Campaign, site: ArticleSite): RenderedNews {
  return renderNews(campaign.news, articleContext(campaign, site.campaigns, site.units, site.figuresOf), campaign.title, chartsOf(campaign, site));
}

function chartsOf(campaign: Campaign, site: ArticleSite): ArticleCharts {
  const unitById = new Map(site.units.map((unit) => [unit.id, unit.name]));
  // The trend: this campaign and the earlier ones of its kind, oldest first.
  const trend = site.campaigns
    .filter((other) => other.kind === campaign.kind && other.date <= campaign.date)
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))
    .map((other) => {
      const { findings } = site.figuresOf(other).summary;
      return { label: campaignLabel(other), byCategory: findings.byCategory, total: findings.total };
    });
  return articleCharts({
    campaign,
    figures: site.figuresOf(campaign),
    unitName: (id) => unitById.get(id) ?? id,
    trend,
    colorDomain: site.colorDomain,
  });
}
