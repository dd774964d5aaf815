import { describe, expect, it } from 'vitest';
import { formatPercent, roundHalfUp } from '../../src/lib/format/numbers.ts';
import { stackedBarChart } from '../../src/lib/charts/stacked-bar-chart.ts';
import { barChart, shareAxis } from '../../src/lib/charts/bar-chart.ts';

/** Issue 24: one rounding, decimal and half up on the digits shown, wherever a figure is drawn or written. */

describe('roundHalfUp and formatPercent', () => {
  it.each([
    [3 / 40, 0, '8%'],
    [3 / 40, 1, '7.5%'],
    [1 / 8, 0, '13%'],
    [1 / 8, 1, '12.5%'],
    [5 / 8, 0, '63%'],
    [5 / 8, 1, '62.5%'],
    [0.12345, 2, '12.35%'],
    [1.005, 0, '101%'],
    [0, 0, '0%'],
    [1, 1, '100.0%'],
    [-3 / 40, 0, '−8%'],
    [22 / 35, 1, '62.9%'],
  ])('%d with %d digits is %s', (share, digits, text) => {
    expect(formatPercent(share, digits)).toBe(text);
  });

  it('rounds decimals as written, not their binary neighbours', () => {
    expect([roundHalfUp(1.005, 2), roundHalfUp(2.675, 2), roundHalfUp(12.345, 2), roundHalfUp(-2.5, 0), roundHalfUp(0.5, 0)]).toEqual([
      1.01, 2.68, 12.35, -3, 1,
    ]);
  });
});

describe('a chart labels a share as the rest of the site writes it', () => {
  it('3 of 40, 1 of 8 and 5 of 8 are drawn 8%, 13% and 63%', () => {
    const stacked = stackedBarChart(
      [
        { label: '甲', values: { 是: 3, 否: 37 } },
        { label: '乙', values: { 是: 1, 否: 7 } },
        { label: '丙', values: { 是: 5, 否: 3 } },
      ],
      { id: 'r', title: '分布', series: ['是', '否'], width: 640 },
    );
    // A segment too narrow for its label's box shows the share in its tooltip only: both round alike.
    const drawn = [...stacked.matchAll(/>(\d+%)</g)].map((match) => match[1]);
    const tooltips = [...stacked.matchAll(/<title>[^<]*（(\d+%)）<\/title>/g)].map((match) => match[1]);
    expect([...tooltips].sort()).toEqual(['13%', '38%', '63%', '8%', '88%', '93%']);
    expect(drawn).toEqual(expect.arrayContaining(['13%', '63%']));
    for (const label of drawn.filter((label) => !['0%', '25%', '50%', '75%', '100%'].includes(label ?? ''))) expect(tooltips).toContain(label);
    expect([...drawn, ...tooltips]).not.toContain('7%');
    const bars = barChart(
      [
        { label: '甲', value: 3 / 40 },
        { label: '乙', value: 1 / 8 },
      ],
      { id: 'b', title: '占比', valueLabel: '占比', categoryLabel: '单位', width: 640, ...shareAxis(0) },
    );
    expect(bars).toContain('8%');
    expect(bars).toContain('13%');
  });
});

describe('the comparison wording rounds as the percent filter does', () => {
  it('decides 持平 and the change on the decimal the article shows', async () => {
    const { createComparisonWording } = await import('../../src/lib/format/comparison.ts');
    const wording = createComparisonWording(roundHalfUp);
    // 1/8 shows as 12.5% at one digit and 13% at none; 0.125 against 0.12 is 0.5 points, shown 1.
    expect(wording.pointsChange(1 / 8, 0.12, 0)).toBe(`提高 ${roundHalfUp(12.5, 0) - 12} 个百分点`);
    expect(wording.pointsChange(3 / 40, 0.07, 1)).toBe('提高 0.5 个百分点');
    expect(wording.wan(10_050, 2)).toBe('1.01 万');
  });

  it('shows a share against 0 as exactly the percentage formatPercent prints, for every k/n up to 40', async () => {
    const { createComparisonWording } = await import('../../src/lib/format/comparison.ts');
    const wording = createComparisonWording(roundHalfUp);
    for (let n = 1; n <= 40; n++) {
      for (let k = 1; k <= n; k++) {
        for (const digits of [0, 1, 2]) {
          const shown = formatPercent(k / n, digits).replace('%', '');
          expect(wording.pointsChange(k / n, 0, digits), `${k}/${n}`).toBe(Number(shown) === 0 ? '持平' : `提高 ${shown} 个百分点`);
        }
      }
    }
  });
});
