import { DataError, type DataIssue } from '../errors.ts';
import { formatDay } from '../format/dates.ts';
import type { Campaign, Edition, FilledArticle, SiteArticles, Unit } from '../model.ts';
import { campaignTotals, type CampaignTotals } from '../summary/campaign-figures.ts';
import { chartCatalog } from './article-charts.ts';
import { articleContext } from './news-context.ts';
import { NEWS_LIMITS, type NewsLimits } from './news-engine.ts';
import { placeCharts, renderMarkdown } from './render-news.ts';
import { TemplateSandbox, SANDBOX_OPTIONS, type SandboxOptions } from './template-sandbox.ts';
import { templateIssues } from './template-issue.ts';

/** The day each campaign is as of in each edition: the report day on the web, its print day in print. */
export type EditionDays = Record<Edition, (campaign: Campaign) => string>;

export interface TrialOptions {
  sandbox?: SandboxOptions;
  limits?: NewsLimits;
}

const EDITIONS: readonly Edition[] = ['web', 'print'];

/**
 * The one place news templates are filled for the site, and the data check's trial of them:
 * every campaign's template is filled in the sandbox (template-sandbox.ts: a child process killed
 * after a few seconds or when its heap is full) once per edition, with the figures that edition's
 * page shows (the print edition is as of each campaign's print day, which the pusher's commit date
 * sets). A template with an unknown placeholder, or one that would hang or exhaust the build, in
 * either edition, fails the check instead of the build or the PDFs halfway through.
 *
 * The text filled is rendered as Markdown, as its page will render it, and each `{% chart %}` is
 * checked to stand where a chart can be placed (the pages draw the charts). Returns the located
 * errors (empty when all is well) and the filled articles, which the pages render.
 */
export async function tryArticles(
  campaigns: Campaign[],
  units: Unit[],
  days: EditionDays,
  { sandbox: options = SANDBOX_OPTIONS, limits = NEWS_LIMITS }: TrialOptions = {},
): Promise<{ issues: DataIssue[]; articles: SiteArticles }> {
  const issues: DataIssue[] = [];
  const articles: SiteArticles = { web: {}, print: {} };
  const totals = new Map<string, CampaignTotals>();
  const totalsAt = (edition: Edition) => (campaign: Campaign) => {
    const day = days[edition](campaign);
    const key = `${campaign.id}\n${day}`;
    let found = totals.get(key);
    if (!found) totals.set(key, (found = campaignTotals(campaign, day)));
    return found;
  };
  const sandbox = new TemplateSandbox(options, limits);
  try {
    for (const campaign of campaigns) {
      let web: { context: string; outcome: FilledArticle | DataIssue[] } | undefined;
      for (const edition of EDITIONS) {
        const asOf = days[edition](campaign);
        const context = articleContext(campaign, campaigns, units, totalsAt(edition));
        const serialized = JSON.stringify(context);
        // Most campaigns' print day is the report day, or changes no figure: filled once then.
        const reused = web?.context === serialized ? web.outcome : undefined;
        const outcome = reused ? (Array.isArray(reused) ? reused : { ...reused, asOf }) : await fillArticle(sandbox, campaign, context, asOf);
        if (Array.isArray(outcome)) {
          const shown = web && Array.isArray(web.outcome) ? web.outcome.map(issueKey) : [];
          // An error of the print edition alone says so, for whoever finds the web page fine.
          const note = `（打印版 PDF，整改情况截至 ${formatDay(asOf)}）`;
          for (const issue of outcome) {
            if (edition === 'web') issues.push(issue);
            else if (!shown.includes(issueKey(issue))) issues.push({ ...issue, message: `${issue.message}${note}` });
          }
        } else {
          articles[edition][campaign.id] = outcome;
        }
        web ??= { context: serialized, outcome };
      }
    }
  } finally {
    await sandbox.close();
  }
  return { issues, articles };
}

const issueKey = (issue: DataIssue) => JSON.stringify([issue.file, issue.line, issue.column, issue.message]);

async function fillArticle(sandbox: TemplateSandbox, campaign: Campaign, context: object, asOf: string): Promise<FilledArticle | DataIssue[]> {
  const filled = await sandbox.fill(campaign.news.source, context, chartCatalog(campaign));
  if (!filled.ok) return templateIssues(campaign.news.file, filled.problems);
  try {
    placeCharts(campaign.news.file, renderMarkdown(filled.text, campaign.title), filled.charts, () => '');
  } catch (error) {
    if (!(error instanceof DataError)) throw error;
    return error.issues;
  }
  return { asOf, text: filled.text, charts: filled.charts };
}
