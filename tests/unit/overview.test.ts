import { describe, expect, it } from 'vitest';
import type { CampaignTrend, Trends } from '../../src/lib/summary/cross-campaign.ts';
import { archiveByYear, archiveKinds, groupTotals, overviewTrend, recentCampaigns, trendBy } from '../../src/lib/summary/overview.ts';

/** A campaign's trend row; every count given or 0. */
function row(id: string, date: string, counts: Partial<CampaignTrend> = {}): CampaignTrend {
  return {
    id,
    title: `检查${id}`,
    date,
    findings: 0,
    byCategory: {},
    highlights: 0,
    closed: 0,
    closureRate: null,
    overdue: 0,
    shares: {},
    answers: {},
    ...counts,
  };
}

function trends(rows: CampaignTrend[], shared: string[] = []): Trends {
  return { campaigns: rows, categories: [], sharedQuestions: shared.map((id) => ({ id, text: id })) };
}

/** `count` campaigns, one every `days` days from 2018-01-01, each with 3 problems of which 1 closed. */
function spread(count: number, days: number): CampaignTrend[] {
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.UTC(2018, 0, 1) + i * days * 86_400_000).toISOString().slice(0, 10);
    return row(`c${i}`, date, { findings: 3, closed: 1, byCategory: { 执行不规范: 2, 其他: 1 } });
  });
}

describe('overviewTrend', () => {
  it('draws one point a campaign while there are at most twelve', () => {
    const trend = overviewTrend(trends(spread(12, 30)));
    expect(trend.grain).toBe('campaign');
    expect(trend.periods.map((period) => period.label)).toContain('2018-01 检查c0');
    expect(trend.periods).toHaveLength(12);
  });

  it('groups thirteen campaigns in a year and a half by quarter, and 200 in eight years by year', () => {
    const quarterly = overviewTrend(trends(spread(13, 40)));
    expect(quarterly.grain).toBe('quarter');
    expect(quarterly.periods[0]).toMatchObject({ key: '2018Q1', label: '2018年第1季度' });
    expect(quarterly.periods.reduce((n, period) => n + period.campaigns, 0)).toBe(13);

    const yearly = overviewTrend(trends(spread(200, 14.6)));
    expect(yearly.grain).toBe('year');
    expect(yearly.periods.map((period) => period.label)).toEqual(['2018年', '2019年', '2020年', '2021年', '2022年', '2023年', '2024年', '2025年']);
    expect(yearly.periods.reduce((n, period) => n + period.findings, 0)).toBe(600);
    expect(yearly.periods.reduce((n, period) => n + (period.byCategory['执行不规范'] ?? 0), 0)).toBe(400);
  });

  it('rates a period by its problems, not by the mean of its campaigns’ rates', () => {
    const [year] = trendBy(
      trends([row('a', '2025-03-01', { findings: 1, closed: 1 }), row('b', '2025-09-01', { findings: 3, closed: 0, overdue: 2 })]),
      'year',
    );
    expect(year).toMatchObject({ campaigns: 2, findings: 4, closed: 1, closureRate: 0.25, overdue: 2 });
  });

  it('weighs a shared question’s favourable share by its answers across the period', () => {
    const rows = [
      row('a', '2025-03-01', { answers: { practical: { favorable: 9, answered: 10 } } }),
      row('b', '2025-09-01', { answers: { practical: { favorable: 0, answered: 30 } } }),
      row('c', '2026-01-01'),
    ];
    const [y2025, y2026] = trendBy(trends(rows, ['practical']), 'year');
    expect(y2025?.shares).toEqual({ practical: 9 / 40 });
    expect(y2026?.shares).toEqual({ practical: null });
  });
});

describe('recent campaigns and the archive', () => {
  const campaigns = [
    { id: 'a', date: '2024-03-01', kind: '交叉检查' },
    { id: 'b', date: '2025-05-01', kind: '专项检查' },
    { id: 'c', date: '2025-01-01', kind: '交叉检查' },
    { id: 'd', date: '2025-11-01', kind: '交叉检查' },
  ];

  it('shows the latest campaigns first', () => {
    expect(recentCampaigns(campaigns, 2).map((campaign) => campaign.id)).toEqual(['d', 'b']);
  });

  it('lists every campaign once, by year newest first and by kind within the year', () => {
    const archive = archiveByYear(campaigns);
    expect(archive.map(({ year, total }) => [year, total])).toEqual([
      ['2025', 3],
      ['2024', 1],
    ]);
    expect(archive[0]?.kinds.map(({ kind, campaigns: list }) => [kind, list.map((campaign) => campaign.id)])).toEqual([
      ['交叉检查', ['d', 'c']],
      ['专项检查', ['b']],
    ]);
    expect(archiveKinds(archive)).toEqual([
      { kind: '交叉检查', byYear: { 2024: 1, 2025: 2 }, total: 3 },
      { kind: '专项检查', byYear: { 2025: 1 }, total: 1 },
    ]);
  });
});

describe('groupTotals', () => {
  it('rates the group by all its problems, not by the mean of its campaigns’ rates', () => {
    const totals = groupTotals(
      trends([row('a', '2025-03-01', { findings: 1, closed: 1, overdue: 0 }), row('b', '2025-09-01', { findings: 3, closed: 0, overdue: 2 })]),
    );
    expect(totals).toEqual({ campaigns: 2, findings: 4, closureRate: 0.25, overdue: 2 });
    expect(groupTotals(trends([])).closureRate).toBeNull();
  });
});
