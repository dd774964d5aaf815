import { decodeHTML } from 'entities';
import { describe, expect, it } from 'vitest';
import { overdueTable } from '../../src/lib/html/campaign-tables.ts';
import { findingEntries, findingsTable, overdueDaysOf } from '../../src/lib/html/findings-table.ts';
import { openFindingsTable } from '../../src/lib/html/unit-history-tables.ts';
import { campaignFigures } from '../../src/lib/summary/campaign-figures.ts';
import { unitHistories } from '../../src/lib/summary/cross-campaign.ts';
import { aCampaign, aFinding } from '../helpers/model-rows.ts';

/**
 * Overdue is said in words ("已逾期 N 天") in every row that shows an overdue problem, not only in
 * colour: a notice printed in grey and a screen reader must still tell it. The days come from
 * the core's rectification figures; the tables never compute dates.
 *
 * Days by hand, judged on 2026-11-24:
 * - due 2025-12-31: Jan–Oct 2026 = 31+28+31+30+31+30+31+31+30+31 = 304 days to 2026-10-31, +24 = 328;
 * - due 2025-11-30: 31 more (December 2025) = 359;
 * - due 2026-11-23: 1.
 */
const REPORT_DAY = '2026-11-24';

const finding = aFinding;

const FINDINGS = [
  finding({ id: 'F1', due: '2025-12-31' }),
  finding({ id: 'F2', due: '2025-11-30', status: 'in_progress' }),
  finding({ id: 'F3', due: '2026-11-23' }),
  finding({ id: 'F4', due: '2026-11-24' }), // due today: not yet overdue
  finding({ id: 'F5', due: '2025-01-31', status: 'closed', closedOn: '2025-01-20' }),
  finding({ id: 'F6' }), // no due date
];

const campaign = aCampaign({ id: 'c', title: '标题', findings: FINDINGS });
const figures = campaignFigures(campaign, REPORT_DAY);
const EXPECTED = { F1: '已逾期 328 天', F2: '已逾期 359 天', F3: '已逾期 1 天' } as const;

/** Each row's id (its first cell) and whether and how it says it is overdue. */
function marks(table: string): Record<string, string | null> {
  const rows = [...table.slice(table.indexOf('<tbody>')).matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map(([, row]) => decodeHTML((row ?? '').replace(/<[^>]+>/g, ' ')));
  return Object.fromEntries(rows.map((text) => [text.trim().split(/\s+/)[0] ?? '', /已逾期 \d+ 天/.exec(text)?.[0] ?? null]));
}

describe('overdue marks', () => {
  it('the core counts the days the tables show', () => {
    expect(figures.rectification.overdue.map(({ finding: f, daysOverdue }) => [f.id, daysOverdue])).toEqual([
      ['F2', 359],
      ['F1', 328],
      ['F3', 1],
    ]);
  });

  it('the campaign report’s and the unit notice’s findings tables say 已逾期 N 天 in each overdue row, and only there', () => {
    for (const overdue of [figures.rectification.overdue, figures.units.get('u1')?.rectification.overdue ?? []]) {
      const table = findingsTable({
        view: 'report',
        caption: 'c',
        entries: findingEntries(FINDINGS, overdueDaysOf(overdue)),
        campaign,
        unitName: () => '单位',
      });
      expect(marks(table)).toEqual({ ...EXPECTED, F4: null, F5: null, F6: null });
      expect(table).toContain('<strong class="overdue">已逾期 328 天</strong>');
    }
  });

  it('the findings table marks nothing when no lookup is given', () => {
    expect(findingsTable({ view: 'report', caption: 'c', entries: findingEntries(FINDINGS), campaign, unitName: () => '单位' })).not.toContain('已逾期');
  });

  it('the campaign report’s overdue list says it in words in every row', () => {
    expect(marks(overdueTable(figures.rectification.overdue, { campaign, unitName: () => '单位' }))).toEqual({
      F2: EXPECTED.F2,
      F1: EXPECTED.F1,
      F3: EXPECTED.F3,
    });
  });

  it('the unit history’s open problems say 已逾期 N 天', () => {
    const history = unitHistories([campaign], (c) => campaignFigures(c, REPORT_DAY)).get('u1');
    if (!history) throw new Error('no history for u1');
    const table = openFindingsTable(history, { campaigns: [campaign], unitName: () => '单位' });
    const byId = Object.fromEntries(
      [...table.slice(table.indexOf('<tbody>')).matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map(([, row]) => {
        const text = decodeHTML((row ?? '').replace(/<[^>]+>/g, ' '));
        return [/F\d/.exec(text)?.[0] ?? '', /已逾期 \d+ 天/.exec(text)?.[0] ?? null];
      }),
    );
    expect(byId).toEqual({ ...EXPECTED, F4: null, F6: null });
  });
});
