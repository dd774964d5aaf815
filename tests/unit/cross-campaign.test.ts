import { describe, expect, it } from 'vitest';
import type { Campaign, Finding } from '../../src/lib/model.ts';
import { campaignFigures } from '../../src/lib/summary/campaign-figures.ts';
import { campaignTrends, recentHistory, unitHistories } from '../../src/lib/summary/cross-campaign.ts';

const figuresOn = (asOf: string) => (campaign: Campaign) => campaignFigures(campaign, asOf);

const finding = (id: string, unit: string, category: string, status: Finding['status'] = 'open', due?: string): Finding => ({
  id,
  line: 2,
  unit,
  category,
  description: id,
  status,
  due,
});

function campaign(id: string, date: string, findings: Finding[], shares: Record<string, number | null> = {}): Campaign {
  return {
    id,
    title: id,
    date,
    kind: '检查',
    scope: { materials: [] },
    markdownColumns: [],
    categories: [...new Set(findings.map((f) => f.category))],
    teams: [],
    inspectedUnits: [...new Set(findings.map((f) => f.unit))],
    findings,
    highlights: [{ id: 'H', line: 2, unit: 'u1', description: '' }],
    survey: {
      title: 's',
      respondents: 10,
      minGroupSize: 5,
      groups: [],
      questions: Object.entries(shares).map(([qid, share]) => ({
        id: qid,
        text: `题${qid}`,
        type: 'single' as const,
        options: ['好'],
        favorable: share === null ? [] : ['好'],
        counts: {},
        answered: 10,
        unanswered: 0,
        favorableCount: 0,
        favorableShare: share,
      })),
    },
    news: { file: '', source: '' },
    sources: [],
    rows: { findings: findings.length, highlights: 1, responses: 10 },
  };
}

const c2024 = campaign(
  'c2024',
  '2024-10-16',
  [finding('A1', 'u1', '执行不规范', 'closed'), finding('A2', 'u2', '方案'), finding('A3', 'u1', '方案', 'open', '2025-01-31')],
  { q: 0.5, only2024: 0.9 },
);
const c2025 = campaign(
  'c2025',
  '2025-09-17',
  [finding('B1', 'u1', '执行不规范', 'in_progress', '2025-12-31'), finding('B2', 'u1', '标准化', 'closed'), finding('B3', 'u2', '执行不规范')],
  { q: 0.75, unit: null },
);
const c2026 = campaign('c2026', '2026-03-20', [finding('C1', 'u1', '执行不规范'), finding('C2', 'u1', '方案', 'closed')], { q: 0.8, unit: null });

describe('campaignTrends', () => {
  const trends = campaignTrends([c2026, c2024, c2025], figuresOn('2026-01-01'));

  it('lists campaigns oldest first with their problems by category, highlights and closure', () => {
    expect(
      trends.campaigns.map(({ id, findings, byCategory, highlights, closureRate, overdue }) => ({
        id,
        findings,
        byCategory,
        highlights,
        closureRate,
        overdue,
      })),
    ).toEqual([
      { id: 'c2024', findings: 3, byCategory: { 执行不规范: 1, 方案: 2 }, highlights: 1, closureRate: 1 / 3, overdue: 1 },
      { id: 'c2025', findings: 3, byCategory: { 执行不规范: 2, 标准化: 1 }, highlights: 1, closureRate: 1 / 3, overdue: 1 },
      { id: 'c2026', findings: 2, byCategory: { 执行不规范: 1, 方案: 1 }, highlights: 1, closureRate: 1 / 2, overdue: 0 },
    ]);
    expect(trends.categories).toEqual(['执行不规范', '方案', '标准化']);
  });

  it('compares only survey questions that share an id across campaigns and have a share', () => {
    expect(trends.sharedQuestions).toEqual([{ id: 'q', text: '题q' }]);
    expect(trends.campaigns.map((row) => row.shares.q)).toEqual([0.5, 0.75, 0.8]);
  });
});

describe('unitHistories', () => {
  const histories = unitHistories([c2026, c2025, c2024], figuresOn('2026-01-01'));

  it('flags a category found again in a later campaign as recurring, counting the earlier ones', () => {
    const u1 = histories.get('u1');
    expect(u1?.recurring.map(({ finding, timesBefore, lastSeen }) => [finding.id, timesBefore, lastSeen.id])).toEqual([
      ['B1', 1, 'c2024'],
      ['C1', 2, 'c2025'],
      ['C2', 1, 'c2024'],
    ]);
    expect(histories.get('u2')?.recurring.map(({ finding }) => finding.id)).toEqual([]);
  });

  it('does not count a campaign held on the same day as earlier', () => {
    const sameDay = campaign('c2026b', '2026-03-20', [finding('D1', 'u1', '执行不规范')]);
    const u1 = unitHistories([c2024, c2025, c2026, sameDay], figuresOn('2026-01-01')).get('u1');
    const d1 = u1?.recurring.find(({ finding }) => finding.id === 'D1');
    expect([d1?.timesBefore, d1?.lastSeen.id]).toEqual([2, 'c2025']);
  });

  it('lists the unit’s open and overdue problems across campaigns', () => {
    const u1 = histories.get('u1');
    expect(u1?.open.map(({ finding }) => finding.id)).toEqual(['A3', 'B1', 'C1']);
    expect(u1?.overdue.map(({ finding, daysOverdue }) => [finding.id, daysOverdue])).toEqual([
      ['A3', 335],
      ['B1', 1],
    ]);
  });

  it('keeps its campaigns oldest first with their findings and highlights', () => {
    expect(histories.get('u1')?.campaigns.map((entry) => [entry.campaign.id, entry.findings.length, entry.highlights.length])).toEqual([
      ['c2024', 2, 1],
      ['c2025', 2, 1],
      ['c2026', 2, 1],
    ]);
  });
});

describe('recentHistory', () => {
  const u1 = unitHistories([c2024, c2025, c2026], figuresOn('2026-01-01')).get('u1');
  if (!u1) throw new Error('u1 has a history');

  it('lists the latest campaigns’ open and recurring problems in full and sums up the older ones, newest first', () => {
    const { history, older } = recentHistory(u1, 1);
    expect(history.open.map(({ finding }) => finding.id)).toEqual(['C1']);
    expect(history.recurring.map(({ finding }) => finding.id)).toEqual(['C1', 'C2']);
    expect(history.overdue).toEqual([]);
    expect(older.map(({ campaign, open, overdue, recurring }) => [campaign.id, open, overdue, recurring])).toEqual([
      ['c2025', 1, 1, 1],
      ['c2024', 1, 1, 0],
    ]);
  });

  it('loses no problem: the rows and the full lists add up to the whole history', () => {
    for (const recent of [0, 1, 2, 3]) {
      const { history, older } = recentHistory(u1, recent);
      const sum = (field: 'open' | 'overdue' | 'recurring') => history[field].length + older.reduce((n, row) => n + row[field], 0);
      expect([sum('open'), sum('overdue'), sum('recurring')]).toEqual([u1.open.length, u1.overdue.length, u1.recurring.length]);
    }
    expect(recentHistory(u1, 0).history.open).toEqual([]);
  });
});
