import { describe, expect, it } from 'vitest';
import type { Campaign, Finding } from '../../src/lib/model.ts';
import { campaignFigures } from '../../src/lib/summary/campaign-figures.ts';
import { ConservationError } from '../../src/lib/summary/summarize-campaign.ts';

const summarizeCampaign = (campaign: Campaign) => campaignFigures(campaign, '2026-11-24').summary;

const finding = (id: string, unit: string, category: string, status: Finding['status']): Finding => ({
  id,
  line: 2,
  unit,
  category,
  description: 'x',
  status,
});

const campaign: Campaign = {
  id: 'c1',
  title: '检查',
  date: '2025-09-17',
  kind: '交叉检查',
  scope: { materials: [] },
  markdownColumns: [],
  categories: ['甲类', '乙类', '丙类'],
  teams: [{ id: 't', name: '组', leader: 'x', leaderUnit: 'u0', inspects: ['u1', 'u2', 'u3'], members: [] }],
  inspectedUnits: ['u1', 'u2', 'u3'],
  findings: [finding('1', 'u1', '甲类', 'open'), finding('2', 'u1', '乙类', 'closed'), finding('3', 'u2', '甲类', 'in_progress')],
  highlights: [{ id: 'H', line: 2, unit: 'u2', description: 'y' }],
  survey: null,
  news: { file: 'templates/news.md', source: '' },
  sources: [],
  rows: { findings: 3, highlights: 1, responses: 0 },
};

describe('campaignFigures: the summary', () => {
  it('counts by unit, category and status, listing zeros for units and categories with nothing found', () => {
    expect(summarizeCampaign(campaign)).toEqual({
      campaign: { id: 'c1', title: '检查', date: '2025-09-17' },
      units: { inspected: 3 },
      findings: {
        total: 3,
        byUnit: { u1: 2, u2: 1, u3: 0 },
        byCategory: { 甲类: 2, 乙类: 1, 丙类: 0 },
        byStatus: { open: 1, in_progress: 1, closed: 1 },
      },
      highlights: { total: 1, byUnit: { u1: 0, u2: 1, u3: 0 } },
      survey: null,
    });
  });

  it('still counts a problem in a unit no team was declared to inspect', () => {
    const findings = [...campaign.findings, finding('4', 'u9', '丙类', 'open')];
    const summary = summarizeCampaign({ ...campaign, findings, rows: { ...campaign.rows, findings: 4 } });
    expect(summary.findings.byUnit).toEqual({ u1: 2, u2: 1, u3: 0, u9: 1 });
  });

  it('refuses figures that do not account for every row of findings.csv', () => {
    expect(() => summarizeCampaign({ ...campaign, rows: { ...campaign.rows, findings: 4 } })).toThrow(
      'Campaign c1: findings counts 3 rows, but the input has 4.',
    );
  });

  it('refuses figures that do not account for every answer', () => {
    const broken: Campaign = {
      ...campaign,
      survey: {
        title: 's',
        respondents: 0,
        minGroupSize: 5,
        groups: [],
        questions: [
          {
            id: 'q',
            text: 'q',
            type: 'single',
            options: ['a'],
            favorable: ['a'],
            counts: { a: 2 },
            answered: 2,
            unanswered: 0,
            favorableCount: 2,
            favorableShare: 1,
          },
        ],
      },
    };
    expect(() => summarizeCampaign(broken)).toThrow(ConservationError);
    expect(() => summarizeCampaign(broken)).toThrow('survey q answered + unanswered counts 2 rows, but the input has 0.');
  });
});

describe('campaignFigures: each unit’s figures, as its rectification notice prints them', () => {
  const { units } = campaignFigures(campaign, '2026-11-24');

  it('gives a notice to every inspected unit, in the teams’ order', () => {
    expect([...units.keys()]).toEqual(['u1', 'u2', 'u3']);
  });

  it('sets the unit’s problems per category against the whole campaign’s', () => {
    const u1 = units.get('u1');
    // u1 has 1 of the 2 甲类 problems, the only 乙类 one, and none of 丙类 (which nobody has).
    expect(u1?.byCategory).toEqual([
      { category: '甲类', unit: 1, campaign: 2, share: 0.5 },
      { category: '乙类', unit: 1, campaign: 1, share: 1 },
      { category: '丙类', unit: 0, campaign: 0, share: null },
    ]);
    expect(u1?.shareOfFindings).toBeCloseTo(2 / 3, 10);
    expect(u1?.rectification.byStatus).toEqual({ open: 1, in_progress: 0, closed: 1 });
    expect(u1?.findings.map((finding) => finding.id)).toEqual(['1', '2']);
    expect(u1?.teams.map((team) => team.id)).toEqual(['t']);
  });

  it('gives a unit with nothing found zeros, and keeps each highlight with its unit', () => {
    expect(units.get('u3')).toMatchObject({ findings: [], highlights: [], shareOfFindings: 0, rectification: { total: 0, closureRate: null } });
    expect(units.get('u2')?.highlights.map((highlight) => highlight.id)).toEqual(['H']);
    expect(units.get('u2')?.rectification.byStatus).toEqual({ open: 0, in_progress: 1, closed: 0 });
  });
});
