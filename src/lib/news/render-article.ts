import type { Campaign, Unit } from '../model.ts';
import type { CampaignTotals } from '../summary/campaign-figures.ts';
import { newsContext } from './news-context.ts';
import { renderNews, type RenderedNews } from './render-news.ts';

/** A campaign's news article: its template (news.md, or the default) filled with its figures. */
export function renderArticle(campaign: Campaign, units: Unit[], figures: CampaignTotals): RenderedNews {
  return renderNews(campaign.news, newsContext(campaign, units, figures), campaign.title);
}
