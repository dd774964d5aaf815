import { describe, expect, it } from 'vitest';
import { barChart, shareAxis } from '../../src/lib/charts/bar-chart.ts';
import { chartWidth, PHONE } from '../../src/lib/charts/frame.ts';
import { lineChart, type LineChartOptions } from '../../src/lib/charts/line-chart.ts';
import { dodge } from '../../src/lib/charts/marks/line.ts';
import { parseSvg as parse, prettySvg, selectAll, serialize, textOf } from '../../src/lib/charts/pretty-svg.ts';
import { hashSlot, PALETTE, PALETTE_SIZE, seriesStyle, sortedDomain, styleSeries, type SeriesStyle } from '../../src/lib/charts/series-style.ts';
import { texturedRect } from '../../src/lib/charts/texture.ts';
import { stackedBarChart } from '../../src/lib/charts/stacked-bar-chart.ts';
import { answerDistributionChart, favorableSharesChart } from '../../src/lib/charts/survey-charts.ts';
import { FONT_SIZE, wrapText } from '../../src/lib/charts/svg.ts';
import { formatPercent } from '../../src/lib/format/numbers.ts';
import type { QuestionResult } from '../../src/lib/survey/tally-survey.ts';
import { classed, drawnBars, textSizes, valueAxis, viewBox } from './chart-reading.ts';

/**
 * Each chart is snapshotted, pretty-printed (one element per line), as an SVG file under
 * tests/output/, so a change in a picture shows up as a readable diff; open the file to see it.
 * Update with `npx vitest run --project unit tests/unit/charts.test.ts -u` and read the diff.
 * Beside the snapshots, the numbers drawn are read back from the SVG and compared with the data.
 */

const categories = [
  { label: '方案与实际结合不紧密', value: 12 },
  { label: '执行不规范', value: 15 },
  { label: '标准化建设不完善', value: 8 },
];

function question(overrides: Partial<QuestionResult>): QuestionResult {
  return {
    id: 'q',
    text: '题目',
    type: 'single',
    options: [],
    favorable: [],
    counts: {},
    answered: 0,
    unanswered: 0,
    favorableCount: 0,
    favorableShare: null,
    ...overrides,
  };
}

const focus = question({
  text: '今后检查应重点关注哪些方面',
  type: 'multiple',
  options: ['方案编制', '现场执行', '标准化建设', '资料归档'],
  counts: { 方案编制: 19, 现场执行: 19, 标准化建设: 21, 资料归档: 20 },
  answered: 38,
});

const useful = question({
  text: '您认为本次培训内容是否实用？',
  options: ['非常实用', '比较实用', '一般', '不实用'],
  counts: { 非常实用: 22, 比较实用: 8, 一般: 1, 不实用: 0 },
  answered: 31,
  favorable: ['非常实用', '比较实用'],
  favorableCount: 30,
  favorableShare: 30 / 31,
});

/** Bars drawn against the chart's own axis: length / (px per unit) is the value, within rounding. */
function expectBarsToShow(svg: string, values: number[], format: (value: number) => string) {
  const root = parse(svg);
  const axis = valueAxis(root);
  const bars = drawnBars(root);
  expect(bars).toHaveLength(values.length);
  bars.forEach((bar, i) => {
    const value = values[i] ?? NaN;
    expect(bar.x).toBeCloseTo(axis.x0, 0);
    // Coordinates are rounded to 0.1 px: allow that on the length, in the value's units.
    expect(Math.abs(bar.width / axis.pxPerUnit - value)).toBeLessThanOrEqual(0.11 / axis.pxPerUnit);
    expect(bar.printed).toBe(format(value));
  });
}

describe('barChart', () => {
  it('draws problems by category', async () => {
    const svg = barChart(categories, { id: 'c', title: '各类别问题数', valueLabel: '问题数（个）', categoryLabel: '问题类别' });
    await expect(prettySvg(svg)).toMatchFileSnapshot('../output/bar-chart-categories.svg');
    expectBarsToShow(svg, [12, 15, 8], String);
  });

  it('draws shares on a 0–100% axis', async () => {
    const shares = [
      { label: '您认为本次培训内容是否实用？', value: 22 / 31 },
      { label: '您是否愿意将所学知识应用到实际工作中？', value: 1 },
    ];
    const svg = barChart(shares, { id: 's', title: '各题好评率', valueLabel: '占比', categoryLabel: '题目', ...shareAxis(2) });
    await expect(prettySvg(svg)).toMatchFileSnapshot('../output/bar-chart-shares.svg');
    expectBarsToShow(svg, [22 / 31, 1], (v) => formatPercent(v, 2));
    const ticks = valueAxis(parse(svg)).ticks;
    expect([ticks[0]?.value, ticks[ticks.length - 1]?.value]).toEqual([0, 1]);
  });

  it.each([
    ['small counts', [1, 2, 3]],
    ['uneven counts', [97, 3, 41, 58, 0]],
    ['shares', [0.5, 0.5526, 0.0263, 1]],
  ])('makes every bar as long as its value on the axis: %s', (_, values) => {
    const share = values.every((v) => v <= 1) && values.some((v) => !Number.isInteger(v));
    const format = share ? (v: number) => formatPercent(v, 1) : String;
    const svg = barChart(
      values.map((value, i) => ({ label: `第${i + 1}项`, value })),
      { id: 'p', title: 't', valueLabel: 'v', categoryLabel: 'c', ...(share ? shareAxis(1) : {}) },
    );
    expectBarsToShow(svg, values, format);
  });

  it('wraps a label too long for its line above the bar on two lines, and keeps its full text as a tooltip', () => {
    const label = '标准化建设不完善且长期未能得到有效的整改落实和跟踪复查，其中二级单位的问题尤为突出且多次检查均未整改到位，需要集团层面统筹推进';
    const root = parse(barChart([{ label, value: 3 }], { id: 'w', title: 't', valueLabel: 'v', categoryLabel: 'c' }));
    const [axisLabel] = classed(root, 'g', 'axis-y').flatMap((axis) => selectAll(axis, 'text').filter((text) => selectAll(text, 'tspan').length > 0));
    expect(selectAll(axisLabel ?? parse('<svg/>'), 'tspan')).toHaveLength(2);
    expect(textOf(axisLabel ?? '')).toMatch(/…$/);
    expect(selectAll(axisLabel ?? parse('<svg/>'), 'title')[0]?.children).toEqual([label]);
  });

  it('puts long names above their bars, across the plot, and keeps short ones beside them', () => {
    const rowLabels = (root: ReturnType<typeof parse>) =>
      classed(root, 'g', 'axis-y').flatMap((axis) => selectAll(axis, 'text').filter((text) => !(text.attributes.class ?? '').includes('axis-label')));
    const long = [
      { label: '陕西金龙水泥有限责任公司第二生产基地', value: 12 },
      { label: '千山湖梯级水电开发有限公司白河水电站', value: 5 },
    ];
    const above = parse(barChart(long, { id: 'a', title: 't', valueLabel: 'v', categoryLabel: 'c' }));
    const bars = drawnBars(above);
    const rects = classed(above, 'g', 'bar').map((bar) => Number(selectAll(bar, 'rect')[0]?.attributes.y));
    rowLabels(above).forEach((text, i) => {
      // Whole, on one line, starting where the bar starts (just clear of the baseline), and above it.
      expect(textOf(text)).toBe(long[i]?.label);
      expect(Number(text.attributes.x) - (bars[i]?.x ?? 0)).toBeGreaterThan(1);
      expect(Number(text.attributes.x) - (bars[i]?.x ?? 0)).toBeLessThanOrEqual(4);
      expect(Number(text.attributes.y)).toBeLessThan(rects[i] ?? 0);
      // Below the bar of the row before it.
      if (i > 0) expect(Number(text.attributes.y) - 12).toBeGreaterThan(rects[i - 1] ?? 0);
    });
    // The bars get the width the names would have taken: the longest starts within 10 units of the left edge.
    expect(bars[0]?.x).toBeLessThan(10);
    const beside = parse(barChart(categories, { id: 'b', title: 't', valueLabel: 'v', categoryLabel: 'c' }));
    const firstBar = drawnBars(beside)[0];
    for (const text of rowLabels(beside)) {
      expect(text.attributes['text-anchor']).toBe('end');
      expect(Number(text.attributes.x)).toBeLessThan(firstBar?.x ?? 0);
    }
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

describe('answerDistributionChart', () => {
  it('draws a multiple-choice question as one bar per option, each the share of respondents', async () => {
    const svg = answerDistributionChart(focus, 'm');
    await expect(prettySvg(svg)).toMatchFileSnapshot('../output/answer-distribution-multiple.svg');
    // 38 respondents, counts 19/19/21/20: 50/50/55.3/52.6 %, not shares of the 79 selections.
    expectBarsToShow(svg, [19 / 38, 19 / 38, 21 / 38, 20 / 38], (v) => formatPercent(v, 1));
    expect(drawnBars(parse(svg)).map((bar) => bar.printed)).toEqual(['50.0%', '50.0%', '55.3%', '52.6%']);
    const root = parse(svg);
    expect(textOf(classed(root, 'text', 'chart-subtitle')[0] ?? '')).toBe('38 人作答（可多选）');
    expect(textOf(selectAll(root, 'desc')[0] ?? '')).toContain('38 人作答（可多选）');
    expect(classed(root, 'g', 'legend')).toHaveLength(0);
  });

  it('draws nothing but an axis when nobody answered a multiple-choice question', () => {
    const svg = answerDistributionChart({ ...focus, counts: {}, answered: 0 }, 'z');
    expect(drawnBars(parse(svg)).every((bar) => bar.width === 0)).toBe(true);
    expect(svg).toContain('0 人作答（可多选）');
  });

  it('draws a single-choice question as one bar of 100%, split in its declared option order', async () => {
    const svg = answerDistributionChart(useful, 'q');
    await expect(prettySvg(svg)).toMatchFileSnapshot('../output/stacked-bar-chart-question.svg');
    const root = parse(svg);
    const widths = classed(root, 'g', 'segment').map((segment) => Number(selectAll(segment, 'rect')[0]?.attributes.width));
    const total = widths.reduce((a, b) => a + b, 0);
    expect(widths.map((w) => Math.round((w / total) * 31))).toEqual([22, 8, 1]);
    expect(svg).toContain('>71%</text>');
    expect(svg).toContain('31 人作答');
    expect(svg).not.toContain('可多选');
  });
});

describe('favorableSharesChart', () => {
  it('draws each question at its favourable share', () => {
    const other = question({ text: '您是否愿意将所学知识应用到实际工作中？', options: ['是', '否'], favorableShare: 29 / 31 });
    const svg = favorableSharesChart([useful, other, focus], 'f');
    expectBarsToShow(svg, [30 / 31, 29 / 31], (v) => formatPercent(v, 2));
  });
});

describe('stackedBarChart', () => {
  it('gives every series its own look and a legend entry, drawn without SVG patterns', () => {
    const series = ['a', 'b', 'c'];
    const svg = stackedBarChart([{ label: 'x', values: { a: 1, b: 1, c: 1 } }], { id: 'z', title: 't', series });
    expect(new Set(series.map((key) => lookOf(svg, key))).size).toBe(3);
    expect(svg.match(/class="legend-item"/g)).toHaveLength(3);
    // Chromium prints a pattern-filled shape as a raster image: textures are vector marks.
    expect(svg).not.toContain('<pattern');
    expect(svg).not.toContain('url(#');
  });

  it('stacks counts on a shared axis, for problems per campaign by category', async () => {
    const svg = stackedBarChart(
      [
        { label: '2024年交叉检查', values: { 方案: 12, 执行: 16, 标准化: 18 } },
        { label: '2025年交叉检查', values: { 方案: 12, 执行: 15, 标准化: 8 } },
      ],
      { id: 'k', title: '各次检查问题数', series: ['方案', '执行', '标准化'], normalize: false, valueLabel: '问题数（个）' },
    );
    await expect(prettySvg(svg)).toMatchFileSnapshot('../output/stacked-bar-chart-counts.svg');
    const root = parse(svg);
    const axis = valueAxis(root);
    const counts = classed(root, 'g', 'segment').map((segment) => Number(selectAll(segment, 'rect')[0]?.attributes.width) / axis.pxPerUnit);
    // Segments come series by series, each over the rows: 方案 ×2, 执行 ×2, 标准化 ×2.
    [12, 12, 16, 15, 18, 8].forEach((count, i) => expect(Math.abs((counts[i] ?? NaN) - count)).toBeLessThanOrEqual(0.11 / axis.pxPerUnit));
    expect(svg).toContain('>18</text>');
    expect(svg).toContain('问题数（个）');
  });

  it('draws statuses in their own looks: 已整改 is the same dark green on every page', async () => {
    const rows = [
      { label: '白河水电站', values: { 已整改: 5, 整改中: 2, 未整改: 3 } },
      { label: '陕西金龙水泥有限公司', values: { 已整改: 1, 整改中: 0, 未整改: 4 } },
    ];
    const svg = stackedBarChart(rows, { id: 'progress', title: '各被检单位整改进度', series: ['已整改', '整改中', '未整改'] });
    await expect(prettySvg(svg)).toMatchFileSnapshot('../output/stacked-bar-chart-statuses.svg');
    expect(lookOf(svg, '已整改')).toBe(lookOf(stackedBarChart(rows, { id: 'other', title: 't', series: ['未整改', '已整改'] }), '已整改'));
    expect(lookOf(svg, '已整改')).toMatch(new RegExp(`^${seriesStyle('status', '已整改').fill} `));
  });

  it('shows the palette: 16 series, 16 looks', async () => {
    const series = PALETTE.map((_, k) => `系列${k + 1}`);
    const svg = stackedBarChart([{ label: '每个系列一份', values: Object.fromEntries(series.map((key) => [key, 1])) }], {
      id: 'palette',
      title: '系列样式（16 种）',
      series,
      colorDomain: series,
      normalize: false,
      valueLabel: '份',
    });
    await expect(prettySvg(svg)).toMatchFileSnapshot('../output/series-palette.svg');
    expect(new Set(series.map((key) => lookOf(svg, key))).size).toBe(16);
  });
});

/** A series' look as its legend draws it: the fill, and the texture's kind and ink. */
function lookOf(svg: string, series: string): string {
  const item = classed(parse(svg), 'g', 'legend-item').find((legend) => textOf(legend) === series);
  if (!item) throw new Error(`no legend entry for ${series}`);
  const fill = selectAll(item, 'rect')[0]?.attributes.fill;
  const texture = selectAll(item, 'path').find((path) => path.attributes.class?.startsWith('texture'));
  return `${fill} ${texture?.attributes.class ?? 'solid'} ${texture?.attributes.stroke ?? texture?.attributes.fill ?? ''}`;
}

describe('series styles', () => {
  /** CIE L* of a #rrggbb colour: what a black-and-white printer keeps of it. */
  function lightness(hex: string): number {
    const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
      const v = parseInt(hex.slice(i, i + 2), 16) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    return y > 0.008856 ? 116 * Math.cbrt(y) - 16 : 903.3 * y;
  }

  it('has at least 12 looks that differ in print: tone × texture, no pair repeated', () => {
    expect(PALETTE_SIZE).toBeGreaterThanOrEqual(12);
    const tone = (fill: string) => [42, 62, 84].filter((limit) => lightness(fill) >= limit).length; // grey as printed, in 4 bands
    expect(new Set(PALETTE.map((style) => `${tone(style.fill)} ${style.texture}`)).size).toBe(PALETTE.length);
    expect(new Set(PALETTE.map((style) => `${style.fill} ${style.texture}`)).size).toBe(PALETTE.length);
    expect(new Set(PALETTE.map((style) => `${style.line.dash} ${style.line.marker}`)).size).toBe(PALETTE.length);
  });

  it('puts the fills in four lightness bands at least 12 L* apart, so grey print tells them apart', () => {
    const bands = [0, 1, 2, 3].map((t) => PALETTE.filter((_, k) => k % 4 === t).map((style) => lightness(style.fill)));
    for (let t = 1; t < bands.length; t++) expect(Math.min(...(bands[t] ?? [])) - Math.max(...(bands[t - 1] ?? []))).toBeGreaterThanOrEqual(12);
  });

  /** Relative luminance of a colour, linear (what mixes when marks cover part of a fill). */
  function luminance(hex: string): number {
    const [r = 0, g = 0, b = 0] = [1, 3, 5].map((i) => {
      const v = parseInt(hex.slice(i, i + 2), 16) / 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  const lStar = (y: number) => (y > 0.008856 ? 116 * Math.cbrt(y) - 16 : 903.3 * y);

  /**
   * A look as a grayscale printer shows it, read from the marks texturedRect draws on a 64×64
   * tile: the average grey (fill and marks mixed by the area the marks cover) and the pattern
   * (the directions of its strokes, or dots, or none).
   */
  function inGrey(style: SeriesStyle) {
    const root = parse(`<svg>${texturedRect(style, { x: 0, y: 0, width: 64, height: 64 })}</svg>`);
    let covered = 0;
    const pattern = new Set<string>();
    for (const path of selectAll(root, 'path')) {
      const d = path.attributes.d ?? '';
      if ((path.attributes.class ?? '').includes('texture-dots')) {
        const dots = d.split('M').length - 1;
        covered += dots * Math.PI * 1.2 ** 2;
        pattern.add('dots');
        continue;
      }
      const width = Number(path.attributes['stroke-width']);
      for (const [, ax, ay, bx, by] of d.matchAll(/M([\d.-]+),([\d.-]+)L([\d.-]+),([\d.-]+)/g)) {
        const [x0, y0, x1, y1] = [ax, ay, bx, by].map(Number) as [number, number, number, number];
        covered += Math.hypot(x1 - x0, y1 - y0) * width;
        pattern.add((x1 - x0) * (y1 - y0) < 0 ? 'rising' : 'falling');
      }
    }
    // Crossing strokes overlap where they meet: counted once, as a printer inks it once.
    const share = Math.min(1, pattern.size === 2 ? 1 - (1 - covered / 2 / 4096) ** 2 : covered / 4096);
    const grey = lStar((1 - share) * luminance(style.fill) + share * luminance(style.ink));
    const markContrast = share > 0 ? Math.abs(lightness(style.ink) - lightness(style.fill)) : Infinity;
    return { grey, pattern: [...pattern].sort().join('+') || 'solid', markContrast };
  }

  it('keeps up to 10 series (and all 16 looks) apart in grayscale: another pattern, or an average grey 12 L* away', () => {
    // The first ten slots are what a chart of ten categories, statuses or options gets (styleSeries over a declared domain).
    const looks = [
      ...styleSeries(
        Array.from({ length: 10 }, (_, i) => `类别${i + 1}`),
        Array.from({ length: 10 }, (_, i) => `类别${i + 1}`),
      ).values(),
    ];
    expect(looks.map((look) => look.key)).toEqual(PALETTE.slice(0, 10).map((look) => look.key));
    const alike: string[] = [];
    let closest = Infinity;
    for (const [set, name] of [
      [looks, 'ten'],
      [PALETTE, 'sixteen'],
    ] as const) {
      const greys = set.map(inGrey);
      for (let i = 0; i < set.length; i++) {
        for (let j = i + 1; j < set.length; j++) {
          const [a, b] = [greys[i], greys[j]];
          if (!a || !b || a.pattern !== b.pattern) continue;
          const apart = Math.abs(a.grey - b.grey);
          closest = Math.min(closest, apart);
          if (apart < 12) alike.push(`${name}: ${set[i]?.key} and ${set[j]?.key}, both ${a.pattern}, ${a.grey.toFixed(1)} and ${b.grey.toFixed(1)} L*`);
        }
      }
      // Each texture's marks stand out from their own fill, so the pattern itself prints.
      for (const [k, grey] of greys.entries()) expect(grey.markContrast, `${set[k]?.key}'s marks on its fill`).toBeGreaterThanOrEqual(25);
    }
    expect(alike).toEqual([]);
    expect(closest).toBeGreaterThanOrEqual(12);
  });

  it('never gives two series of one chart the same look, up to 16 series, whatever their names', () => {
    const units = Array.from({ length: 16 }, (_, i) => `第${i + 1}被检单位`);
    expect(new Set([...styleSeries(units).values()].map((style) => style.key)).size).toBe(16);
  });

  it('keys a look by value, not position: the same value looks the same in any series order', () => {
    const domain = sortedDomain(['执行不规范', '方案与实际结合不紧密', '标准化建设不完善', '资料不全']);
    const a = styleSeries(['执行不规范', '资料不全', '方案与实际结合不紧密'], domain);
    const b = styleSeries(['资料不全', '方案与实际结合不紧密', '执行不规范'], domain);
    for (const value of a.keys()) expect(b.get(value)).toEqual(a.get(value));
    expect(seriesStyle(domain, '资料不全')).toEqual(a.get('资料不全'));
    // Without a domain the value's hash decides, also independent of order.
    const c = styleSeries(['甲单位', '乙单位']);
    expect(styleSeries(['乙单位', '甲单位']).get('甲单位')).toEqual(c.get('甲单位'));
    expect(c.get('甲单位')?.key).toBe(`s${hashSlot('甲单位')}`);
  });

  it('keys a question option by its declared order', () => {
    expect(seriesStyle(['非常实用', '比较实用', '一般'], '一般')).toEqual(PALETTE[2]);
  });

  it('recognises statuses and severities without being told', () => {
    expect(styleSeries(['未整改', '已整改']).get('已整改')?.key).toBe('status-closed');
    expect(seriesStyle('severity', '严重').key).toBe('severity-high');
    expect(seriesStyle(undefined, '整改中').key).toBe('status-in_progress');
  });

  describe('texturedRect', () => {
    const withTexture = (texture: SeriesStyle['texture']) => ({ ...PALETTE[0], texture }) as SeriesStyle;
    /** Every point named in a path's data: its marks' ends (lines) or leftmost points (dots). */
    const points = (svg: string) =>
      [...(/ d="([^"]*)"/.exec(svg)?.[1] ?? '').matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])] as const);

    it.each(['diagonal', 'cross', 'dots'] as const)('draws %s marks inside the rectangle, none outside', (texture) => {
      const box = { x: 13.3, y: 7.1, width: 57.4, height: 21.6 };
      const svg = texturedRect(withTexture(texture), box);
      const marks = points(svg);
      expect(marks.length).toBeGreaterThan(4);
      for (const [x, y] of marks) {
        expect(x).toBeGreaterThanOrEqual(box.x);
        expect(x).toBeLessThanOrEqual(box.x + box.width);
        expect(y).toBeGreaterThanOrEqual(box.y);
        expect(y).toBeLessThanOrEqual(box.y + box.height);
      }
    });

    it('continues the hatching from one segment of a stacked bar to the next, as one texture', () => {
      // Every hatch line of both rectangles lies on x + y = 8k: the lines meet across the border.
      const left = points(texturedRect(withTexture('diagonal'), { x: 0, y: 0, width: 33.3, height: 20 }));
      const right = points(texturedRect(withTexture('diagonal'), { x: 33.3, y: 0, width: 40, height: 20 }));
      for (const [x, y] of [...left, ...right]) expect(Math.abs((x + y) / 8 - Math.round((x + y) / 8))).toBeLessThan(0.01);
    });

    it('draws a solid look, or a rectangle too small for a mark, as its fill alone', () => {
      expect(texturedRect(withTexture('solid'), { x: 0, y: 0, width: 40, height: 20 })).toBe(
        `<rect x="0" y="0" width="40" height="20" fill="${PALETTE[0]?.fill}"/>`,
      );
      expect(texturedRect(withTexture('dots'), { x: 3, y: 3, width: 1, height: 1 })).not.toContain('<path');
    });
  });

  it('draws the same category in the same look in two charts with different series', () => {
    const domain = ['方案', '执行', '标准化', '资料'];
    const one = stackedBarChart([{ label: 'x', values: { 方案: 1, 执行: 2 } }], { id: 'one', title: 't', series: ['方案', '执行'], colorDomain: domain });
    const two = stackedBarChart([{ label: 'y', values: { 资料: 1, 执行: 2, 方案: 3 } }], {
      id: 'two',
      title: 't',
      series: ['资料', '执行', '方案'],
      colorDomain: domain,
    });
    expect(lookOf(one, '执行')).toBe(lookOf(two, '执行'));
    expect(lookOf(one, '方案')).toBe(lookOf(two, '方案'));
  });
});

describe('lineChart', () => {
  const series = [
    { name: '培训内容实用', values: [0.56, 0.71, null] },
    { name: '培训有帮助', values: [0.8, 0.9355, 0.95] },
  ];
  const options: LineChartOptions = {
    id: 'l',
    title: '培训好评率变化',
    xLabels: ['2024年交叉检查', '2025年交叉检查', '2026年月度检查'],
    xLabel: '检查活动',
    yLabel: '好评率',
    domainMax: 1,
    formatValue: (v: number) => formatPercent(v, 0),
  };

  it('draws one line per series over the campaigns', async () => {
    await expect(prettySvg(lineChart(series, options))).toMatchFileSnapshot('../output/line-chart-shares.svg');
  });

  it('labels every other year rather than break a year inside its number, the latest always', () => {
    const years = Array.from({ length: 8 }, (_, i) => `${2018 + i}年`);
    const svg = lineChart([{ name: '好评率', values: years.map(() => 0.7) }], { ...options, xLabels: years, xLabel: '年度' });
    const axis = svg.slice(svg.indexOf('class="axis axis-x"'), svg.indexOf('</g>', svg.indexOf('class="axis axis-x"')));
    const shown = [...axis.matchAll(/<text x="[^"]*" y="[^"]*" text-anchor="middle">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(shown).toEqual(['2019年', '2021年', '2023年', '2025年']);
    expect(axis).not.toContain('<tspan');
    // The data table below the chart still names every year.
    for (const year of years) expect(svg).toContain(year);
  });

  it('breaks a line where a value is missing, and marks every present value', () => {
    const svg = lineChart(series, options);
    expect(svg.match(/class="point"/g)).toHaveLength(5);
    expect(svg).toContain('2026年月度检查 无');
  });

  it('gives each series its own marker shape and dash for black-and-white print', () => {
    const svg = lineChart(series, options);
    const looks = [...svg.matchAll(/<g class="series"><path [^>]*?stroke="([^"]*)"[^>]*?(?:stroke-dasharray="([^"]*)")?\/>/g)].map(
      (m) => `${m[1]} ${m[2] ?? ''}`,
    );
    expect(new Set(looks).size).toBe(2);
  });

  it('names many lines at their ends instead of a legend, without overlapping labels', async () => {
    const units = Array.from({ length: 14 }, (_, i) => ({
      name: `第${i + 1}被检单位`,
      values: [0.5 + ((i * 7) % 10) / 25, 0.6 + ((i * 3) % 10) / 30, 0.7 + ((i * 5) % 10) / 40],
    }));
    const svg = lineChart(units, { ...options, id: 'units', title: '各单位好评率变化' });
    await expect(prettySvg(svg)).toMatchFileSnapshot('../output/line-chart-end-labels.svg');
    const root = parse(svg);
    expect(classed(root, 'g', 'legend')).toHaveLength(0);
    const labels = classed(root, 'g', 'end-label').map((label) => ({ text: textOf(label), y: Number(selectAll(label, 'text')[0]?.attributes.y) }));
    expect(labels.map((label) => label.text).sort()).toEqual(units.map((unit) => unit.name).sort());
    const ys = labels.map((label) => label.y).sort((a, b) => a - b);
    for (let k = 1; k < ys.length; k++) expect((ys[k] ?? 0) - (ys[k - 1] ?? 0)).toBeGreaterThanOrEqual(15.9);
    const { height } = viewBox(root);
    expect(Math.max(...ys)).toBeLessThan(height);
  });

  it('dodge keeps order and spacing and moves labels as little as it can', () => {
    expect(dodge([10, 12, 50], 16, 0, 100)).toEqual([10, 26, 50]);
    expect(dodge([100, 99], 16, 0, 100)).toEqual([100, 84]);
  });
});

describe('text stays readable on a phone', () => {
  const charts = {
    'bar chart asked for 760': barChart(categories, { id: 'a', title: 't', valueLabel: 'v', categoryLabel: 'c', width: 760 }),
    'stacked chart asked for 760': stackedBarChart([{ label: 'x', values: { a: 1 } }], { id: 'b', title: 't', series: ['a'], width: 760 }),
    'line chart asked for 760': lineChart([{ name: 'a', values: [1, 2] }], {
      id: 'c',
      title: 't',
      xLabels: ['一', '二'],
      xLabel: 'x',
      yLabel: 'y',
      width: 760,
    }),
    'multiple-choice chart': answerDistributionChart(focus, 'd'),
  };

  it.each(Object.entries(charts))('%s: every text is ≥ 9 px when the svg is 335 px wide', (_, svg) => {
    const root = parse(svg);
    const { width } = viewBox(root);
    for (const { text, fontSize } of textSizes(root)) {
      expect(fontSize * (PHONE.displayWidth / width), text).toBeGreaterThanOrEqual(PHONE.minTextPx);
    }
  });

  it('keeps a wider chart when the caller turns readability off', () => {
    expect(chartWidth(760, false)).toBe(760);
    expect(chartWidth(760)).toBeLessThan(760);
    expect((FONT_SIZE * PHONE.displayWidth) / chartWidth(760)).toBeGreaterThanOrEqual(PHONE.minTextPx);
    expect(chartWidth(300)).toBe(300);
  });
});

describe('wrapText', () => {
  it.each([
    ['执行不规范', 100, ['执行不规范']],
    ['标准化建设不完善且长期未能得到有效', 104, ['标准化建设不完善', '且长期未能得到…']],
    ['Inspection of safety documents', 130, ['Inspection of', 'safety documents']],
    ['您认为本次培训内容是否实用？', 180, ['您认为本次培训', '内容是否实用？']],
    ['2025-09 集团绩效交叉检查活动', 182, ['2025-09 集团绩', '效交叉检查活动']],
    ['实用？', 26, ['实', '用？']],
  ])('%s in %d px', (text, width, lines) => {
    expect(wrapText(text, width, 13, 2)).toEqual(lines);
  });
});

describe('prettySvg', () => {
  it('puts one element per line, indented by depth, and keeps the drawing the same', () => {
    const svg = barChart(categories, { id: 'c', title: '各类别问题数', valueLabel: '问题数（个）', categoryLabel: '问题类别' });
    const pretty = prettySvg(svg);
    const lines = pretty.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^<svg /);
    expect(lines.every((line) => /^( {2})*<\/?[a-z]/.test(line))).toBe(true);
    expect(serialize(parse(pretty.replace(/>\n\s*</g, '><')))).toBe(serialize(parse(svg)));
  });
});
