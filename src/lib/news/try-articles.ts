import { DataError, type DataIssue } from '../errors.ts';
import type { Campaign, Unit } from '../model.ts';
import type { CampaignTotals } from '../summary/campaign-figures.ts';
import { chartCatalog } from './article-charts.ts';
import { articleContext } from './news-context.ts';
import { placeCharts, renderMarkdown } from './render-news.ts';
import { TemplateSandbox, SANDBOX_OPTIONS, type SandboxOptions } from './template-sandbox.ts';
import { templateIssue } from './template-issue.ts';

/**
 * The data check's trial of every news article, with the figures its page will give it: a
 * template with an unknown placeholder, or one that would hang or exhaust the build, fails the
 * check instead of the build halfway through writing pages.
 *
 * Each template is first filled in a worker thread that is terminated after a few seconds or when
 * its heap is full (template-sandbox.ts); the text it filled is then rendered as Markdown, as its
 * page will be, and each `{% chart %}` is checked to stand where a chart can be placed (the
 * charts themselves are drawn by the pages). Returns the located errors (empty when all is well).
 */
export async function tryArticles(
  campaigns: Campaign[],
  units: Unit[],
  totalsOf: (campaign: Campaign) => CampaignTotals,
  options: SandboxOptions = SANDBOX_OPTIONS,
): Promise<DataIssue[]> {
  const issues: DataIssue[] = [];
  const sandbox = new TemplateSandbox(options);
  try {
    for (const campaign of campaigns) {
      try {
        const context = articleContext(campaign, campaigns, units, totalsOf);
        const filled = await sandbox.fill(campaign.news.source, context, chartCatalog(campaign));
        if (!filled.ok) {
          issues.push(templateIssue(campaign.news.file, filled.problem));
          continue;
        }
        // The page fills the same template with the same engine in-process; what is left to
        // try here is the Markdown of what the worker filled.
        placeCharts(campaign.news.file, renderMarkdown(filled.text, campaign.title), filled.charts, () => '');
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        issues.push(...error.issues);
      }
    }
  } finally {
    await sandbox.close();
  }
  return issues;
}
