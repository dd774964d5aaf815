import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/lib/model.ts';
import { rectificationOf } from '../../src/lib/summary/rectification.ts';

const finding = (id: string, status: Finding['status'], due?: string, closedOn?: string): Finding => ({
  id,
  line: 2,
  unit: 'u1',
  category: 'c',
  description: 'd',
  status,
  due,
  closedOn,
});

const findings = [
  finding('F1', 'closed', '2025-10-31', '2025-09-27'),
  finding('F2', 'closed', '2025-10-31', '2025-11-16'),
  finding('F3', 'closed', '2025-10-31', '2025-10-07'),
  finding('F4', 'in_progress', '2025-11-30'),
  finding('F5', 'open', '2025-10-31'),
  finding('F6', 'open', '2025-12-31'),
  finding('F7', 'open'),
];

describe('rectificationOf', () => {
  it('counts statuses and the closure rate', () => {
    const result = rectificationOf(findings, '2025-09-17', '2025-12-01');
    expect(result.byStatus).toEqual({ open: 3, in_progress: 1, closed: 3 });
    expect(result.closureRate).toBeCloseTo(3 / 7);
  });

  it.each([
    ['2025-10-31', []],
    ['2025-11-01', [['F5', 1]]],
    [
      '2025-12-01',
      [
        ['F5', 31],
        ['F4', 1],
      ],
    ],
    [
      '2026-01-01',
      [
        ['F5', 62],
        ['F4', 32],
        ['F6', 1],
      ],
    ],
  ])('on %s the overdue problems are %j, never a closed one or one without a due date', (asOf, expected) => {
    const result = rectificationOf(findings, '2025-09-17', asOf);
    expect(result.overdue.map(({ finding: f, daysOverdue }) => [f.id, daysOverdue])).toEqual(expected);
  });

  it('measures days to close from the campaign, and their median', () => {
    const result = rectificationOf(findings, '2025-09-17', '2025-12-01');
    expect(result.daysToClose).toEqual([10, 60, 20]);
    expect(result.medianDaysToClose).toBe(20);
  });

  it('has no rates for a campaign without problems', () => {
    expect(rectificationOf([], '2025-09-17', '2025-12-01')).toMatchObject({ closureRate: null, medianDaysToClose: null, overdue: [] });
  });
});
