import { campaignLabel } from '../format/campaign-label.ts';
import type { Campaign } from '../model.ts';
import type { CampaignTrend, Trends } from './cross-campaign.ts';

/**
 * The overview at group scale. A trend of 200 campaigns drawn one bar each is 200 bars a chart
 * and 77 screens of home page; read by year (or quarter) it is a dozen. The home page shows the
 * trend by the finest grain that stays within `maxPoints`, the most recent campaigns in full, and
 * links to an archive by year and by kind, which lists every campaign.
 */

export type Grain = 'campaign' | 'quarter' | 'year';

/**
 * A span of time's campaigns, counted as one: what a bar or a point of an overview chart is. Its
 * counts are the campaigns' summed; `closureRate` is closed ÷ found over the period's problems (not
 * a mean of the campaigns' rates), and `shares` favourable answers ÷ answers per shared question.
 */
export interface PeriodTrend extends Pick<CampaignTrend, 'findings' | 'byCategory' | 'highlights' | 'closed' | 'closureRate' | 'overdue' | 'shares'> {
  /** `2025`, `2025Q3` or a campaign id: unique within one grain. */
  key: string;
  /** As the chart and its table print it: `2025年`, `2025年第3季度`, or the campaign's label. */
  label: string;
  /** Campaigns held in the period. */
  campaigns: number;
}

export interface OverviewTrend {
  grain: Grain;
  /** Oldest first. */
  periods: PeriodTrend[];
}

/** At most this many bars or points a chart; 12 campaigns, then quarters, then years. */
export const MAX_TREND_POINTS = 12;

const GRAIN_LABEL: Record<Grain, string> = { campaign: '检查活动', quarter: '季度', year: '年度' };

/** What one point of the trend is, in the words of the chart's axis: 检查活动, 季度 or 年度. */
export function grainLabel(grain: Grain): string {
  return GRAIN_LABEL[grain];
}

function periodKey(grain: Grain, row: CampaignTrend): { key: string; label: string } {
  const year = row.date.slice(0, 4);
  if (grain === 'year') return { key: year, label: `${year}年` };
  if (grain === 'quarter') {
    const quarter = Math.floor((Number(row.date.slice(5, 7)) - 1) / 3) + 1;
    return { key: `${year}Q${quarter}`, label: `${year}年第${quarter}季度` };
  }
  return { key: row.id, label: campaignLabel(row) };
}

/** The trend grouped by `grain`: counts are summed, rates recomputed from the sums. */
export function trendBy(trends: Trends, grain: Grain): PeriodTrend[] {
  const periods = new Map<string, PeriodTrend & { favorable: Record<string, number>; answered: Record<string, number> }>();
  for (const row of trends.campaigns) {
    const { key, label } = periodKey(grain, row);
    let period = periods.get(key);
    if (!period) {
      period = {
        key,
        label,
        campaigns: 0,
        findings: 0,
        byCategory: {},
        highlights: 0,
        closed: 0,
        closureRate: null,
        overdue: 0,
        shares: {},
        favorable: {},
        answered: {},
      };
      periods.set(key, period);
    }
    period.campaigns++;
    period.findings += row.findings;
    period.highlights += row.highlights;
    period.closed += row.closed;
    period.overdue += row.overdue;
    for (const [category, count] of Object.entries(row.byCategory)) period.byCategory[category] = (period.byCategory[category] ?? 0) + count;
    for (const [id, answers] of Object.entries(row.answers)) {
      period.favorable[id] = (period.favorable[id] ?? 0) + answers.favorable;
      period.answered[id] = (period.answered[id] ?? 0) + answers.answered;
    }
  }
  return [...periods.values()].map(({ favorable, answered, ...period }) => ({
    ...period,
    closureRate: period.findings > 0 ? period.closed / period.findings : null,
    shares: Object.fromEntries(trends.sharedQuestions.map(({ id }) => [id, answered[id] ? (favorable[id] ?? 0) / answered[id] : null])),
  }));
}

/** The finest grain whose trend has at most `maxPoints` points (years however many there are). */
export function overviewTrend(trends: Trends, maxPoints = MAX_TREND_POINTS): OverviewTrend {
  for (const grain of ['campaign', 'quarter'] as const) {
    const periods = trendBy(trends, grain);
    if (periods.length <= maxPoints) return { grain, periods };
  }
  return { grain: 'year', periods: trendBy(trends, 'year') };
}

/**
 * The campaigns the home page shows in full: the latest `count`, newest first. The rest are a
 * click away in the archive.
 */
export function recentCampaigns<C extends Pick<Campaign, 'id' | 'date'>>(campaigns: readonly C[], count = 6): C[] {
  return [...campaigns].sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id)).slice(0, count);
}

export interface ArchiveYear<C> {
  year: string;
  /** Kinds in order of their first campaign of the year, each with its campaigns, newest first. */
  kinds: Array<{ kind: string; campaigns: C[] }>;
  total: number;
}

/** Every campaign by year (newest first) and, within a year, by kind. */
export function archiveByYear<C extends Pick<Campaign, 'id' | 'date' | 'kind'>>(campaigns: readonly C[]): ArchiveYear<C>[] {
  const years = new Map<string, Map<string, C[]>>();
  for (const campaign of recentCampaigns(campaigns, campaigns.length)) {
    const year = campaign.date.slice(0, 4);
    const kinds = years.get(year) ?? new Map<string, C[]>();
    years.set(year, kinds);
    const list = kinds.get(campaign.kind) ?? [];
    kinds.set(campaign.kind, list);
    list.push(campaign);
  }
  return [...years].map(([year, kinds]) => ({
    year,
    kinds: [...kinds].map(([kind, list]) => ({ kind, campaigns: list })),
    total: [...kinds.values()].reduce((n, list) => n + list.length, 0),
  }));
}

/** Every kind of campaign with its count per year: the archive's table of contents. */
export function archiveKinds<C extends Pick<Campaign, 'id' | 'date' | 'kind'>>(
  archive: ArchiveYear<C>[],
): Array<{ kind: string; byYear: Record<string, number>; total: number }> {
  const kinds = new Map<string, Record<string, number>>();
  for (const { year, kinds: yearKinds } of [...archive].reverse()) {
    for (const { kind, campaigns } of yearKinds) {
      const byYear = kinds.get(kind) ?? {};
      kinds.set(kind, byYear);
      byYear[year] = campaigns.length;
    }
  }
  return [...kinds].map(([kind, byYear]) => ({ kind, byYear, total: Object.values(byYear).reduce((n, count) => n + count, 0) }));
}

/** The group's totals over every campaign, as the home page's key figures show them. */
export function groupTotals(trends: Trends): { campaigns: number; findings: number; closureRate: number | null; overdue: number } {
  const findings = trends.campaigns.reduce((n, row) => n + row.findings, 0);
  const closed = trends.campaigns.reduce((n, row) => n + row.closed, 0);
  return {
    campaigns: trends.campaigns.length,
    findings,
    closureRate: findings > 0 ? closed / findings : null,
    overdue: trends.campaigns.reduce((n, row) => n + row.overdue, 0),
  };
}
