import type { Campaign } from '../model.ts';
import { hasUncommitted, type Provenance } from '../history/provenance.ts';
import { dayIn, type Settings } from '../settings.ts';

/**
 * The day a campaign's PDFs are "as of". A web page counts overdue days up to today, so its
 * HTML changes every day; a PDF that did the same would have to be printed again every day to
 * stay true. A PDF is instead as of the day of the last commit that changed its campaign's data
 * (the rectification statuses were last reported then), and says so. It changes when that data
 * changes, and a campaign's commit moves only when its own files change, so a commit to one
 * campaign re-prints that campaign's documents and no other's.
 *
 * REPORT_DATE, when set, fixes the day for everything. Data that is not committed (edited
 * files, a tarball, a shallow clone) has no commit day: its PDFs are as of the report day.
 */
export function printDay(campaign: Campaign, provenance: Provenance, settings: DaySettings): PrintDay {
  const reportDay: PrintDay = { day: settings.reportDate, basis: 'report-date' };
  if (settings.reportDateFixed) return reportDay;
  const commit = provenance.commits?.[campaign.id];
  if (!commit || hasUncommitted(provenance, [...campaign.sources, campaign.news.file])) return reportDay;
  return { day: dayIn(settings.timeZone, new Date(commit.date)), basis: 'commit' };
}

export interface PrintDay {
  /** ISO day. */
  day: string;
  /** Where it comes from: the campaign's last data commit, or the report day. */
  basis: 'commit' | 'report-date';
}

type DaySettings = Pick<Settings, 'reportDate' | 'reportDateFixed' | 'timeZone'>;

/** Every campaign's print day, by campaign id. */
export function printDays(campaigns: readonly Campaign[], provenance: Provenance, settings: DaySettings): Record<string, PrintDay> {
  return Object.fromEntries(campaigns.map((campaign) => [campaign.id, printDay(campaign, provenance, settings)]));
}
