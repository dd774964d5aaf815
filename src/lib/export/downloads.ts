import type { DataCommit } from '../history/git-history.ts';
import type { Campaign, Unit } from '../model.ts';
import { reportedUnits } from '../report-pages.ts';
import { campaignTotals, type CampaignTotals } from '../summary/campaign-figures.ts';
import { previousCampaign } from '../summary/previous-campaign.ts';
import { summaryJson } from '../summary/summary-json.ts';
import { findingsCsv } from './findings-csv.ts';
import { findingsXlsx, overdueXlsx } from './ledger-xlsx.ts';

/**
 * Every file of the site that is not a page, declared once: its path under the site's base and
 * the function of the site's data that produces its bytes. `npm run build` writes them beside
 * Astro's pages (scripts/lib/build/write-downloads.ts) and `astro dev` serves them through one
 * middleware (src/integration.ts), so the two can never disagree, and Astro's route pipeline
 * only renders pages. A link to one of these paths on a page is a link to this list.
 */

/** What the downloads are made from: the web edition's data (downloads are never printed). */
export interface DownloadSite {
  units: readonly Unit[];
  campaigns: readonly Campaign[];
  /** The day overdue is judged on (REPORT_DATE). */
  reportDate: string;
  siteTitle: string;
  /** The last commit that changed each campaign's files, by id, when the data is in git. */
  commits: Readonly<Record<string, DataCommit | null>> | null;
}

export interface Download {
  /** Site path relative to the base, without a leading slash: `campaigns/<id>/findings.csv`. */
  path: string;
  contentType: string;
  produce(): string | Uint8Array | Promise<string | Uint8Array>;
}

const CSV = 'text/csv; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A placeholder for the stylesheet every page links: on the intranet server nginx serves the
 * publisher's `<web-root>/status/status.css` at this address instead (docs/publishing.md), which
 * shows the footer's stale-release link when needed. A site previewed or printed on its own is
 * never stale: this one is empty.
 */
export const STATUS_CSS = '/* 发布状态：在服务器上由发布程序生成（docs/publishing.md） */\n';

/** The site's downloads, in a fixed order: per campaign its ledger, summary and overdue list, then each unit's ledger. */
export function siteDownloads(site: DownloadSite): Download[] {
  const { units, campaigns } = site;
  const downloads: Download[] = [{ path: 'status/status.css', contentType: 'text/css; charset=utf-8', produce: () => STATUS_CSS }];
  // Each campaign's figures are counted once, by the first download that asks.
  const totals = new Map<Campaign, CampaignTotals>();
  const totalsOf = (campaign: Campaign): CampaignTotals => {
    let value = totals.get(campaign);
    if (!value) totals.set(campaign, (value = campaignTotals(campaign, site.reportDate)));
    return value;
  };
  for (const campaign of campaigns) {
    const base = `campaigns/${campaign.id}`;
    const ledger = (unitId?: string) => ({
      campaign,
      units,
      siteTitle: site.siteTitle,
      unitId,
      asOf: site.reportDate,
      overdue: totalsOf(campaign).rectification.overdue,
    });
    downloads.push(
      { path: `${base}/findings.csv`, contentType: CSV, produce: () => findingsCsv(campaign, units) },
      { path: `${base}/findings.xlsx`, contentType: XLSX, produce: () => findingsXlsx(ledger()) },
      { path: `${base}/overdue.xlsx`, contentType: XLSX, produce: () => overdueXlsx(ledger()) },
      {
        path: `${base}/summary.json`,
        contentType: JSON_TYPE,
        produce: () => {
          const previous = previousCampaign(campaign, campaigns);
          const commit = site.commits?.[campaign.id] ?? null;
          return `${JSON.stringify(summaryJson(totalsOf(campaign), commit, previous && totalsOf(previous)), null, 2)}\n`;
        },
      },
    );
    for (const unit of reportedUnits(campaign)) {
      downloads.push(
        { path: `${base}/units/${unit}/findings.csv`, contentType: CSV, produce: () => findingsCsv(campaign, units, unit) },
        { path: `${base}/units/${unit}/findings.xlsx`, contentType: XLSX, produce: () => findingsXlsx(ledger(unit)) },
      );
    }
  }
  return downloads;
}

/** The download at a site path (relative to the base, with or without its leading slash), if any. */
export function findDownload(downloads: readonly Download[], sitePath: string): Download | undefined {
  const wanted = sitePath.replace(/^\/+/, '');
  return downloads.find((download) => download.path === wanted);
}
