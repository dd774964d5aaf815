import type { ColorDomain } from '../charts/series-style.ts';
import { campaignLabel } from '../format/campaign-label.ts';
import type { Campaign, Unit } from '../model.ts';
import type { CampaignFigures } from '../summary/campaign-figures.ts';
import { articleCharts } from './article-charts.ts';
import { articleContext } from './news-context.ts';
import { renderNews, type RenderedNews } from './render-news.ts';

/** What an article reads beyond its own campaign: the other campaigns (previous, trend) and their figures. */
export interface ArticleSite {
  campaigns: readonly Campaign[];
  units: Unit[];
  figuresOf: (campaign: Campaign) => CampaignFigures;
  /** Every category's colour, as on the dashboard (site.ts CATEGORY_COLORS). */
  colorDomain: ColorDomain;
}

/** A campaign's news article: its template (news.md, or the default) filled with its figures, its charts placed. */
export function renderArticle(campaign: Campaign, site: ArticleSite): RenderedNews {
  const unitById = new Map(site.units.map((unit) => [unit.id, unit.name]));
  // The trend: this campaign and the earlier ones of its kind, oldest first.
  const trend = site.campaigns
    .filter((other) => other.kind === campaign.kind && other.date <= campaign.date)
    .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))
    .map((other) => {
      const { findings } = site.figuresOf(other).summary;
      return { label: campaignLabel(other), byCategory: findings.byCategory, total: findings.total };
    });
  const charts = articleCharts({
    campaign,
    figures: site.figuresOf(campaign),
    unitName: (id) => unitById.get(id) ?? id,
    trend,
    colorDomain: site.colorDomain,
  });
  return renderNews(campaign.news, articleContext(campaign, site.campaigns, site.units, site.figuresOf), campaign.title, charts);
}
