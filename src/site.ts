import { snapshot } from 'virtual:inspection-report/site';
import path from 'node:path';
import type { DataCommit, FindingsChange } from './lib/history/git-history.ts';
import type { Campaign, Unit } from './lib/model.ts';
import type { PrintDay } from './lib/print/print-day.ts';
import { placeArticle } from './lib/news/render-article.ts';
import type { RenderedNews } from './lib/news/render-news.ts';
import { campaignFigures, type CampaignFigures } from './lib/summary/campaign-figures.ts';
import { campaignTrends, unitHistories, type Trends, type UnitHistory } from './lib/summary/cross-campaign.ts';
import { previousCampaign } from './lib/summary/previous-campaign.ts';
import { sortedDomain } from './lib/charts/series-style.ts';
import { withBase } from './lib/url.ts';

/**
 * What every page, endpoint and component reads: the settings, the validated data and the
 * figures computed from it, each computed once however many pages ask. The data arrives
 * through one virtual module (src/integration.ts); nothing here reads files or the environment.
 */

export const { settings, units, campaigns, provenance } = snapshot;
/** The organisation's name for the site (SITE_TITLE). */
export const SITE_TITLE = settings.siteTitle;

/** Overdue is judged against this day (REPORT_DATE, or today in the organisation's time zone). */
export const REPORT_DATE = settings.reportDate;

/** Which edition this build is: the web site, or the pages PDFs are printed from. */
export const EDITION = snapshot.edition;

/**
 * The day a campaign's pages are as of: the report day on the web, the campaign's print day
 * (its last data commit, print/print-day.ts) in the print edition.
 */
export function asOfDay(campaign: Campaign): PrintDay {
  const printed = EDITION === 'print' ? snapshot.printDays[campaign.id] : undefined;
  return printed ?? { day: REPORT_DATE, basis: 'report-date' };
}

const printedPdfs = new Set(snapshot.pdfLinks);

/** Whether `npm run pdf` prints this PDF into the same build: only then does its page link to it. */
export function hasPdf(pdf: string): boolean {
  return printedPdfs.has(pdf);
}

/** The data directory as the footer of pages built from all campaigns names it. */
/** The whole data folder, as a page's source, relative to the project as campaign sources are (Provenance names it by its own name). */
export const DATA_SOURCE = path.relative(settings.root, settings.dataDir).split(path.sep).join('/') || '.';

/** Every finding category of every campaign: each keeps one colour and pattern on every page. */
export const CATEGORY_COLORS = sortedDomain(campaigns.flatMap((campaign) => [...campaign.categories, ...campaign.findings.map((finding) => finding.category)]));

/** A link that works under the intranet's sub-path. */
export function href(path = ''): string {
  return withBase(settings.basePath, path);
}

const unitById = new Map(units.map((unit) => [unit.id, unit]));

export function unitOf(id: string): Unit | undefined {
  return unitById.get(id);
}

/** A unit's name for display; its id when the directory does not have it. */
export function unitName(id: string): string {
  return unitById.get(id)?.name ?? id;
}

/** The static paths of the per-campaign routes, each page given its campaign. */
export function campaignPaths() {
  return campaigns.map((campaign) => ({ params: { id: campaign.id }, props: { campaign } }));
}

/**
 * The getStaticPaths of a page no PDF is printed from (downloads, history, cross-campaign
 * pages): the print edition leaves such pages out, so building it costs only what is printed.
 */
export function webOnly<P>(paths: () => P[]): () => P[] {
  return () => (EDITION === 'print' ? [] : paths());
}

/** What every per-campaign page receives. */
export type CampaignPageProps = ReturnType<typeof campaignPaths>[number]['props'];

function memoized<T>(compute: (campaign: Campaign) => T): (campaign: Campaign) => T {
  const cache = new WeakMap<Campaign, T>();
  return (campaign) => {
    let value = cache.get(campaign);
    if (value === undefined) {
      value = compute(campaign);
      cache.set(campaign, value);
    }
    return value;
  };
}

function once<T>(compute: () => T): () => T {
  let value: { computed: T } | undefined;
  return () => (value ??= { computed: compute() }).computed;
}

/** A campaign's figures (campaign-figures.ts), computed once for its report, notices, article and summary.json. */
export const figuresOf: (campaign: Campaign) => CampaignFigures = memoized((campaign) => campaignFigures(campaign, asOfDay(campaign).day));

/**
 * The campaign's news article: its template as the data check filled it in the sandbox for this
 * edition (try-articles.ts), rendered, its charts placed. No page fills a template itself.
 */
export const articleOf: (campaign: Campaign) => RenderedNews = memoized((campaign) => {
  const filled = snapshot.articles[EDITION][campaign.id];
  const { day } = asOfDay(campaign);
  // Both days come from git: they differ only if the data was committed to during the build.
  if (filled?.asOf !== day)
    throw new Error(`${campaign.id} 的新闻稿按 ${filled?.asOf ?? '（未填写）'} 填写，页面却截至 ${day}：生成期间数据有新的提交，请重新生成`);
  return placeArticle(campaign, filled, { campaigns, units, figuresOf, colorDomain: CATEGORY_COLORS });
});

/** The campaign a campaign's article and summary.json compare with (compareWith, else the latest earlier of its kind). */
export const previousOf: (campaign: Campaign) => Campaign | null = memoized((campaign) => previousCampaign(campaign, campaigns));

/** Cross-campaign figures, computed once however many pages ask. */
export const getTrends: () => Trends = once(() => campaignTrends(campaigns, figuresOf));

/** Every unit's history, computed in one pass over all campaigns. */
export const getUnitHistories: () => Map<string, UnitHistory> = once(() => unitHistories(campaigns, figuresOf));

/** The last commit that changed a campaign's files; null outside a git checkout (a tarball). */
export function sourceCommit(campaign: Campaign): DataCommit | null {
  return provenance.commits?.[campaign.id] ?? null;
}

/** What each commit changed in a campaign's findings; null outside a git checkout. */
export function campaignHistory(campaign: Campaign): FindingsChange[] | null {
  return provenance.histories && (provenance.histories[campaign.id] ?? []);
}

/** The last commit that changed any data, for pages built from every campaign. */
export const dataCommit: DataCommit | null = provenance.dataCommit;
