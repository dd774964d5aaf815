import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/lib/charts/bar-chart.ts';
import { lineChart } from '../../src/lib/charts/line-chart.ts';
import { stackedBarChart } from '../../src/lib/charts/stacked-bar-chart.ts';
import { formatPercent } from '../../src/lib/format/numbers.ts';

/**
 * Each chart is snapshotted as an SVG file under tests/output/, so a change in a picture shows
 * up as a reviewable diff (open the file to see it). Update with `npx vitest run -u`.
 */

const categories = [
  { label: '方案与实际结合不紧密', value: 12 },
  { label: '执行不规范', value: 15 },
  { label: '标准化建设不完善', value: 8 },
];

describe('barChart', () => {
  it('draws problems by category', async () => {
    const svg = barChart(categories, { id: 'c', title: '各类别问题数', valueLabel: '问题数（个）', categoryLabel: '问题类别' });
    await expect(svg).toMatchFileSnapshot('../output/bar-chart-categories.svg');
  });

  it('draws shares on a 0–100% axis', async () => {
    const shares = [
      { label: '您认为本次培训内容是否实用？', value: 22 / 31 },
      { label: '您是否愿意将所学知识应用到实际工作中？', value: 1 },
    ];
    const svg = barChart(shares, {
      id: 's',
      title: '各题好评率',
      valueLabel: '占比',
      categoryLabel: '题目',
      domainMax: 1,
      formatValue: (v) => formatPercent(v, 2),
      formatTick: (v) => formatPercent(v, 0),
    });
    await expect(svg).toMatchFileSnapshot('../output/bar-chart-shares.svg');
  });

  it('labels every bar with its value, so print in black-and-white needs no legend', () => {
    const svg = barChart(categories, { id: 'c', title: 't', valueLabel: 'v', categoryLabel: 'c' });
    expect(svg.match(/<rect /g)).toHaveLength(3);
    for (const { value } of categories) expect(svg).toContain(`font-weight="600">${value}</text>`);
  });

  it('makes bar length proportional to the value', () => {
    const svg = barChart([{ label: 'a', value: 10 }, { label: 'b', value: 5 }], { id: 'p', title: 't', valueLabel: 'v', categoryLabel: 'c' });
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[0]).toBeCloseTo((widths[1] ?? 0) * 2, 0);
  });

  it('escapes labels that come from data', () => {
    const svg = barChart([{ label: '<script>x</script>&', value: 1 }], { id: 'x', title: 'a"b', valueLabel: 'v', categoryLabel: 'c' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('a&quot;b');
  });

  it('draws an empty chart without failing when there is no data', () => {
    expect(barChart([], { id: 'e', title: '空', valueLabel: 'v', categoryLabel: 'c' })).toMatch(/^<svg[^]*<\/svg>$/);
  });
});

describe('stackedBarChart', () => {
  it('draws the answers of a question as shares of one bar', async () => {
    const svg = stackedBarChart([{ label: '31 人作答', values: { 非常实用: 22, 比较实用: 8, 一般: 1, 不实用: 0 } }], {
      id: 'q',
      title: '您认为本次培训内容是否实用？',
      series: ['非常实用', '比较实用', '一般', '不实用'],
    });
    await expect(svg).toMatchFileSnapshot('../output/stacked-bar-chart-question.svg');
    expect(svg).toContain('>71%</text>');
    expect(svg).toContain('>26%</text>');
  });

  it('gives every series its own pattern and a legend entry', () => {
    const series = ['a', 'b', 'c'];
    const svg = stackedBarChart([{ label: 'x', values: { a: 1, b: 1, c: 1 } }], { id: 'z', title: 't', series });
    expect(svg.match(/<pattern /g)).toHaveLength(3);
    expect(svg.match(/class="legend-item"/g)).toHaveLength(3);
  });
});

describe('lineChart', () => {
  const series = [
    { name: '培训内容实用', values: [0.56, 0.71, null] },
    { name: '培训有帮助', values: [0.8, 0.9355, 0.95] },
  ];
  const options = {
    id: 'l',
    title: '培训好评率变化',
    xLabels: ['2024年交叉检查', '2025年交叉检查', '2026年月度检查'],
    xLabel: '检查活动',
    yLabel: '好评率',
    domainMax: 1,
    formatValue: (v: number) => formatPercent(v, 0),
  };

  it('draws one line per series over the campaigns', async () => {
    await expect(lineChart(series, options)).toMatchFileSnapshot('../output/line-chart-shares.svg');
  });

  it('breaks a line where a value is missing, and marks every present value', () => {
    const svg = lineChart(series, options);
    expect(svg.match(/class="point"/g)).toHaveLength(5);
    expect(svg).toContain('2026年月度检查 无');
  });

  it('gives each series its own marker shape and dash for black-and-white print', () => {
    const svg = lineChart(series, options);
    const dashes = [...svg.matchAll(/<g class="series"><path [^>]*stroke-dasharray="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(dashes).size).toBe(2);
  });
});

describe('stackedBarChart in count mode', () => {
  it('stacks counts on a shared axis, for problems per campaign by category', async () => {
    const svg = stackedBarChart(
      [
        { label: '2024年交叉检查', values: { 方案: 12, 执行: 16, 标准化: 18 } },
        { label: '2025年交叉检查', values: { 方案: 12, 执行: 15, 标准化: 8 } },
      ],
      { id: 'k', title: '各次检查问题数', series: ['方案', '执行', '标准化'], normalize: false, valueLabel: '问题数（个）' },
    );
    await expect(svg).toMatchFileSnapshot('../output/stacked-bar-chart-counts.svg');
    expect(svg).toContain('>18</text>');
    expect(svg).toContain('问题数（个）');
  });
});
