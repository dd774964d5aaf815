import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign, Finding, SiteData } from '../../src/lib/model.ts';
import { articleContext, newsContext } from '../../src/lib/news/news-context.ts';
import { renderNews } from '../../src/lib/news/render-news.ts';
import { campaignTotals, closedWithinOf, fairWindow, FAIR_WINDOW_DAYS } from '../../src/lib/summary/campaign-figures.ts';
import { previousCampaign } from '../../src/lib/summary/previous-campaign.ts';
import { closedWithin } from '../../src/lib/summary/rectification.ts';
import { summaryJson } from '../../src/lib/summary/summary-json.ts';
import { CAMPAIGN, createFixture, describeIssues, REPORT_DATE, VALID_FILES, type Fixture } from '../helpers/data-fixture.ts';

/** The campaign an article compares with, its figures at equal age, and summary.json's `previous`. */

type Header = Pick<Campaign, 'id' | 'date' | 'kind' | 'compareWith'>;
const header = (id: string, date: string, kind = '交叉检查', compareWith?: string): Header => ({ id, date, kind, compareWith });

describe('previousCampaign', () => {
  const campaigns = [
    header('2023-cross', '2023-10-10'),
    header('2024-cross', '2024-10-16'),
    header('2024-monthly', '2025-03-20', '月度检查'),
    header('2025-cross', '2025-09-17'),
    header('2026-cross', '2026-09-01'),
    header('2026-monthly', '2026-03-20', '月度检查'),
  ];
  const of = (id: string, list = campaigns) => previousCampaign(list.find((c) => c.id === id) as Header, list)?.id ?? null;

  it.each([
    ['2025-cross', '2024-cross'],
    ['2026-cross', '2025-cross'],
    ['2024-cross', '2023-cross'],
    ['2026-monthly', '2024-monthly'],
    ['2023-cross', null],
    ['2024-monthly', null],
  ])('compares %s with %s: the latest earlier campaign of its kind', (id, expected) => {
    expect(of(id)).toBe(expected);
    // The order campaigns are given in does not matter.
    expect(of(id, [...campaigns].reverse())).toBe(expected);
  });

  it('takes the campaign named by compareWith, of any kind or date', () => {
    const list = [...campaigns, header('2027-cross', '2027-09-01', '交叉检查', '2024-monthly')];
    expect(of('2027-cross', list)).toBe('2024-monthly');
  });

  it('breaks a tie between two earlier campaigns of one day by id, whatever the order', () => {
    const list = [header('b', '2024-01-01'), header('a', '2024-01-01'), header('now', '2025-01-01')];
    expect(of('now', list)).toBe('b');
    expect(of('now', [...list].reverse())).toBe('b');
  });

  it('does not compare with a campaign of the same day', () => {
    expect(of('x', [header('x', '2025-01-01'), header('y', '2025-01-01')])).toBe(null);
  });
});

const finding = (id: string, status: Finding['status'], closedOn?: string): Finding => ({
  id,
  line: 2,
  unit: 'u1',
  category: 'c',
  description: 'd',
  status,
  closedOn,
});

describe('closedWithin: the closure rate at a fixed age', () => {
  const findings = [
    finding('F1', 'closed', '2025-09-27'), // 10 days after 2025-09-17
    finding('F2', 'closed', '2025-12-16'), // 90 days
    finding('F3', 'closed', '2025-12-17'), // 91 days
    finding('F4', 'closed'), // closed, but when is unknown
    finding('F5', 'in_progress'),
  ];

  it.each([
    [0, 0, 0],
    [10, 1, 1 / 5],
    [89, 1, 1 / 5],
    [90, 2, 2 / 5],
    [91, 3, 3 / 5],
    [1000, 3, 3 / 5],
  ])('within %i days: %i closed, a share of %d', (days, closed, rate) => {
    expect(closedWithin(findings, '2025-09-17', days)).toEqual({ days, closed, rate });
  });

  it('has no rate without problems', () => {
    expect(closedWithin([], '2025-09-17', 90)).toEqual({ days: 90, closed: 0, rate: null });
  });

  it.each([
    ['2026-11-24', FAIR_WINDOW_DAYS],
    ['2025-12-16', 90],
    ['2025-10-17', 30],
    ['2025-09-17', 0],
    ['2025-09-01', 0],
  ])('compares over 90 days, or the campaign’s age when younger (on %s: %i)', (asOf, days) => {
    expect(fairWindow({ date: '2025-09-17' }, asOf)).toBe(days);
  });
});

describe('previous in the news context and summary.json', () => {
  let fixture: Fixture;
  let data: SiteData;
  const config = (title: string, date: string, extra = '') =>
    (VALID_FILES[`${CAMPAIGN}/campaign.yml`] ?? '').replace('title: 测试检查', `title: ${title}`).replace('date: 2025-09-17', `date: ${date}${extra}`);
  beforeAll(async () => {
    // c0: a year earlier, 2 problems, one closed 20 days after it and one 200 days after.
    fixture = createFixture({
      'data/campaigns/c0/campaign.yml': config('上次检查', '2024-09-17'),
      'data/campaigns/c0/findings.csv':
        'id,unit,category,description,status,closed_on\nG1,u2,执行不规范,x,closed,2024-10-07\nG2,u3,执行不规范,y,closed,2025-04-05\n',
      'data/campaigns/c0/highlights.csv': 'id,unit,description\n',
      'data/campaigns/c0/survey.csv': VALID_FILES[`${CAMPAIGN}/survey.csv`] ?? '',
    });
    data = (await fixture.load()).data;
  });
  afterAll(() => fixture.cleanup());

  const campaign = (id: string) => data.campaigns.find((c) => c.id === id) as Campaign;
  const totalsOf = (c: Campaign) => campaignTotals(c, REPORT_DATE);
  const fill = (source: string, id = 'c1') =>
    renderNews({ file: 'news.md', source }, articleContext(campaign(id), data.campaigns, data.units, totalsOf), '').html.trim();

  it('gives the previous campaign’s figures in the shape of the current one’s', () => {
    expect(
      fill(
        '{{ previous.campaign.title }}|{{ previous.findings.total }}|{{ previous.findings.byCategory["执行不规范"] }}|{{ previous.rectification.closureRate | percent: 0 }}',
      ),
    ).toBe('<p>上次检查|2|2|100%</p>');
  });

  it('has every category of either campaign in both campaigns’ counts, 0 where one found none', () => {
    // c0 found no problem of 标准化建设不完善, which c1 did.
    expect(fill('{{ previous.findings.byCategory["标准化建设不完善"] }}|{{ findings.byCategory["标准化建设不完善"] }}')).toBe('<p>0|1</p>');
    const context = articleContext(campaign('c1'), data.campaigns, data.units, totalsOf);
    expect(context.previous?.findings.byCategory).toEqual({ 执行不规范: 2, 标准化建设不完善: 0 });
    // The lists stay each campaign's own: a sentence over c0's categories names only its own.
    expect(context.previous?.findings.categories).toEqual([{ name: '执行不规范', count: 2 }]);
  });

  it('has the categories campaign.yml declares and the units either campaign inspects in both, by category, unit and status', () => {
    // c0 as if it had declared a category no one found and inspected u1 too.
    const c0 = { ...campaign('c0'), categories: ['执行不规范', '方案与实际结合不紧密'], inspectedUnits: [...campaign('c0').inspectedUnits, 'u1'] };
    const previous = { campaign: c0, totals: totalsOf(c0) };
    const context = newsContext(campaign('c1'), data.units, totalsOf(campaign('c1')), previous);
    expect(context.findings.byCategory).toEqual({ 执行不规范: 2, 标准化建设不完善: 1, 方案与实际结合不紧密: 0 });
    expect(Object.keys(context.findings.byCategory)).toEqual(['执行不规范', '标准化建设不完善', '方案与实际结合不紧密']);
    expect(context.previous?.findings.byCategory).toEqual({ 执行不规范: 2, 方案与实际结合不紧密: 0, 标准化建设不完善: 0 });
    expect(context.findings.byUnit).toEqual({ u2: 2, u3: 1, u1: 0 });
    expect(context.previous?.findings.byUnit).toEqual({ u2: 1, u3: 1, u1: 0 });
    expect(context.findings.byStatus).toEqual({ open: 1, in_progress: 1, closed: 1 });
    expect(context.previous?.findings.byStatus).toEqual({ open: 0, in_progress: 0, closed: 2 });
    // The figures the report and summary.json print are not touched.
    expect(totalsOf(campaign('c1')).summary.findings.byCategory).toEqual({ 执行不规范: 2, 标准化建设不完善: 1 });
  });

  it('is empty for the first campaign, so that {% if previous %} leaves the comparison out', () => {
    expect(fill('{% if previous %}比较{% else %}首次{% endif %}', 'c0')).toBe('<p>首次</p>');
    expect(fill('{% if previous %}比较{% else %}首次{% endif %}', 'c1')).toBe('<p>比较</p>');
  });

  it('compares rectification at equal age: both campaigns over the same window', () => {
    // c1 (fixture): 3 problems, F1 closed 14 days after 2025-09-17. c0: G1 after 20 days, G2 after 200.
    expect(
      fill(
        '{{ rectification.closedWithin.days }}|{{ rectification.closedWithin.rate | percent: 1 }}|{{ previous.rectification.closedWithin.rate | percent: 1 }}',
      ),
    ).toBe('<p>90|33.3%|50.0%</p>');
    expect(fill('{{ rectification.closedWithin.rate | points_change: previous.rectification.closedWithin.rate, 1 }}')).toBe('<p>降低 16.7 个百分点</p>');
    // Today's closure rates would compare 33.3% with 100%, because c0 has had a year longer.
    expect(fill('{{ findings.total | count_change: previous.findings.total }}，{{ findings.total | relative_change: previous.findings.total, 1 }}')).toBe(
      '<p>增加 1 个，上升 50.0%</p>',
    );
  });

  it('counts the previous campaign over the current one’s window when the current one is younger', () => {
    const young = campaignTotals(campaign('c1'), '2025-10-07'); // 20 days old
    const context = articleContext(campaign('c1'), data.campaigns, data.units, (c) => (c.id === 'c1' ? young : totalsOf(c)));
    expect(context.rectification.closedWithin).toEqual({ days: 20, closed: 1, rate: 1 / 3 });
    expect(context.previous?.rectification.closedWithin).toEqual(closedWithinOf(campaign('c0'), 20));
    expect(context.previous?.rectification.closedWithin).toEqual({ days: 20, closed: 1, rate: 1 / 2 });
  });

  it('publishes previous in summary.json, null when there is none', () => {
    expect(summaryJson(totalsOf(campaign('c1')), null, totalsOf(campaign('c0'))).previous).toEqual({
      id: 'c0',
      findings: { total: 2 },
      rectification: { closureRate: 1 },
    });
    expect(summaryJson(totalsOf(campaign('c0')), null, null).previous).toBe(null);
  });
});

describe('compareWith in campaign.yml', () => {
  const CONFIG = `${CAMPAIGN}/campaign.yml`;
  const withCompare = (id: string) => (VALID_FILES[CONFIG] ?? '').replace('date: 2025-09-17\n', `date: 2025-09-17\ncompareWith: ${id}\n`);
  const other = {
    'data/campaigns/c0/campaign.yml': (VALID_FILES[CONFIG] ?? '').replace('date: 2025-09-17', 'date: 2026-01-01\nkind: 月度检查'),
    'data/campaigns/c0/findings.csv': 'id,unit,category,description\nG1,u2,执行不规范,x\n',
    'data/campaigns/c0/highlights.csv': 'id,unit,description\n',
    'data/campaigns/c0/survey.csv': VALID_FILES[`${CAMPAIGN}/survey.csv`] ?? '',
  };

  it('names the campaign compared with, even a later one of another kind', async () => {
    const fixture = createFixture({ ...other, [CONFIG]: withCompare('c0') });
    try {
      const { data } = await fixture.load();
      const c1 = data.campaigns.find((c) => c.id === 'c1') as Campaign;
      expect(c1.compareWith).toBe('c0');
      expect(previousCampaign(c1, data.campaigns)?.id).toBe('c0');
    } finally {
      fixture.cleanup();
    }
  });

  it.each([
    ['c9', '未知', 'compareWith 指向的检查活动“c9”不存在'],
    ['c1', '自己', 'compareWith 不能是本次活动自己'],
  ])('fails on %s (%s) at its line in campaign.yml', async (id, _, message) => {
    const fixture = createFixture({ ...other, [CONFIG]: withCompare(id) });
    try {
      const errors = await fixture.loadErrors();
      expect(describeIssues(errors)).toEqual([`${CONFIG}:3:1 ${message}`]);
      expect(errors[0]).toMatchObject({ field: 'compareWith', expected: 'data/campaigns/ 下其他活动的目录名：c0' });
    } finally {
      fixture.cleanup();
    }
  });

  it('suggests the id meant', async () => {
    const fixture = createFixture({ ...other, [CONFIG]: withCompare('c00') });
    try {
      expect((await fixture.loadErrors())[0]?.hint).toContain('“c0”');
    } finally {
      fixture.cleanup();
    }
  });
});
