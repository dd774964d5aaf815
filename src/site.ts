import { getCollection } from 'astro:content';
import { reportDay } from './lib/format/dates.ts';
import path from 'node:path';
import { findingsHistories, insideWorkTree, lastCommit, lastCommits, type DataCommit, type FindingsChange } from './lib/history/git-history.ts';
import type { Campaign, Unit } from './lib/model.ts';
import type { RenderedNews } from './lib/news/render-news.ts';
import { campaignTrends, unitHistories, type Trends, type UnitHistory } from './lib/summary/cross-campaign.ts';
import { rectificationOf, type Rectification } from './lib/summary/rectification.ts';
import { summarizeCampaign, type CampaignSummary } from './lib/summary/summarize-campaign.ts';
import { withBase } from './lib/url.ts';
import { siteData } from './site-data.ts';

/** Site-wide constants and the thin bindings of the core to Astro. */

export const SITE_TITLE = '绩效检查报告';

/** Set by `npm run pdf`, which prints the PDFs into the same build: only then do pages link to them. */
export const PDF_LINKS = process.env.PDF_LINKS === '1';

/** Overdue is judged against this day; REPORT_DATE=2026-11-24 makes a build reproducible. */
export const REPORT_DATE = reportDay(process.env.REPORT_DATE);

/** A link that works under the intranet's sub-path. */
export function href(path = ''): string {
  return withBase(import.meta.env.BASE_URL, path);
}

/** Every campaign with its rows, newest first (from the shared load; see site-data.ts). */
export async function getCampaigns(): Promise<Campaign[]> {
  return (await siteData()).data.campaigns;
}

/** The campaign index, newest first: what lists need, without the rows. */
export async function getCampaignIndex() {
  const entries = await getCollection('campaigns');
  return entries.sort((a, b) => b.data.date.localeCompare(a.data.date) || a.id.localeCompare(b.id));
}

export async function getUnits(): Promise<Unit[]> {
  return (await getCollection('units')).map((entry) => ({ id: entry.id, ...entry.data }));
}

/** The static paths of the per-campaign routes, each page given its campaign and the units. */
export async function campaignPaths() {
  const [campaigns, units] = await Promise.all([getCampaigns(), getUnits()]);
  return campaigns.map((campaign) => ({ params: { id: campaign.id }, props: { campaign, units } }));
}

/** What every per-campaign page receives. */
export type CampaignPageProps = Awaited<ReturnType<typeof campaignPaths>>[number]['props'];

const figuresOf = new WeakMap<Campaign, { summary: CampaignSummary; rectification: Rectification }>();

/**
 * A campaign's figures and rectification, computed once however many pages show them (the
 * report, summary.json and each unit's report).
 */
export function campaignFigures(campaign: Campaign): { summary: CampaignSummary; rectification: Rectification } {
  let figures = figuresOf.get(campaign);
  if (!figures) {
    figures = { summary: summarizeCampaign(campaign), rectification: rectificationOf(campaign.findings, campaign.date, REPORT_DATE) };
    figuresOf.set(campaign, figures);
  }
  return figures;
}

/** The campaign's news article, as rendered when the data was validated. */
export async function getArticle(campaign: Campaign): Promise<RenderedNews> {
  const article = (await siteData()).data.articles.get(campaign.id);
  if (!article) throw new Error(`no article was rendered for campaign ${campaign.id}`);
  return article;
}

let dataUnderGit: boolean | undefined;

/** Asked once per build: data outside any git work tree has no commits to look up. */
function dataIsUnderGit(): boolean {
  dataUnderGit ??= insideWorkTree(path.resolve(process.env.DATA_DIR ?? 'data'));
  return dataUnderGit;
}

/**
 * Computes something from all campaigns once per load of data/: once per build, and again in
 * `astro dev` after the data changed (the cache is keyed by the load itself).
 */
function oncePerLoad<T>(compute: (campaigns: Campaign[]) => T): () => Promise<T> {
  const cache = new WeakMap<object, T>();
  return async () => {
    const load = await siteData();
    if (!cache.has(load)) cache.set(load, compute(load.data.campaigns));
    return cache.get(load) as T;
  };
}

/** Every campaign's last commit and findings history, read with two git processes per build. */
const getProvenance = oncePerLoad((campaigns) => {
  if (!dataIsUnderGit()) return { commits: null, histories: null, dataCommit: null };
  const root = process.cwd();
  return {
    commits: lastCommits(root, new Map(campaigns.map((campaign) => [campaign.id, campaign.sources]))),
    histories: findingsHistories(root, campaigns.map(findingsFileOf).filter((file): file is string => file !== undefined)),
    dataCommit: lastCommit(root, [process.env.DATA_DIR ?? 'data']),
  };
});

function findingsFileOf(campaign: Campaign): string | undefined {
  return campaign.sources.find((source) => source.endsWith('/findings.csv'));
}

/** The last commit that changed a campaign's files; null outside a git checkout (a tarball). */
export async function sourceCommit(campaign: Campaign): Promise<DataCommit | null> {
  return (await getProvenance()).commits?.get(campaign.id) ?? null;
}

/** What each commit changed in a campaign's findings; null outside a git checkout. */
export async function campaignHistory(campaign: Campaign): Promise<FindingsChange[] | null> {
  const { histories } = await getProvenance();
  return histories && (histories.get(findingsFileOf(campaign) ?? '') ?? []);
}

/** The last commit that changed any data, for pages built from every campaign. */
export async function dataCommit(): Promise<DataCommit | null> {
  return (await getProvenance()).dataCommit;
}

/** Cross-campaign figures, computed once however many pages ask. */
export const getTrends = oncePerLoad((campaigns): Trends => campaignTrends(campaigns, REPORT_DATE));

/** Every unit's history, computed in one pass over all campaigns. */
export const getUnitHistories = oncePerLoad((campaigns): Map<string, UnitHistory> => unitHistories(campaigns, REPORT_DATE));
