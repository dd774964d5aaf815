import { max } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { formatPercent } from '../format/numbers.ts';
import { bandLabels, bandsHeight, barBands } from './band-labels.ts';
import { chartWidth, frame, type Readability } from './frame.ts';
import { barX } from './marks/bar.ts';
import { FONT_SIZE, textWidth } from './svg.ts';

/**
 * Horizontal bars for one measure by a long Chinese label (categories, units, answer options):
 * a frame with a value axis along the bottom and the labels on the left, and the bar mark. Each
 * bar carries its value as a direct label, so the chart reads in black-and-white print without a
 * legend.
 */

export interface BarDatum {
  label: string;
  value: number;
}

export interface BarChartOptions {
  /** Unique within the page: prefixes the element ids used for accessibility. */
  id: string;
  title: string;
  /** A line under the title, e.g. 38 人作答（可多选）. */
  subtitle?: string;
  /** Label of the value axis, e.g. 问题数（个）. */
  valueLabel: string;
  /** Label of the category axis, e.g. 问题类别. */
  categoryLabel: string;
  /** Wanted viewBox width; capped by `readable` (see chartWidth). */
  width?: number;
  barHeight?: number;
  maxLabelWidth?: number;
  /** Lines a long label may wrap to before it is shortened (its full text stays a tooltip). */
  labelLines?: number;
  /** Upper end of the value axis, e.g. 1 for shares; defaults to the largest value. */
  domainMax?: number;
  /** Formats values on bars and ticks; integers by default. */
  formatValue?: (value: number) => string;
  /** Formats the axis ticks; defaults to formatValue. */
  formatTick?: (value: number) => string;
  /** Keep text legible at this display width (default: a phone); false to keep `width`. */
  readable?: Readability | false;
  /** Indented, one element per line. */
  pretty?: boolean;
}

/** Options for bars that are shares: a 0–100% axis, values at the chosen precision. */
export function shareAxis(digits: number): Pick<BarChartOptions, 'domainMax' | 'formatValue' | 'formatTick'> {
  return { domainMax: 1, formatValue: (share) => formatPercent(share, digits), formatTick: (share) => formatPercent(share, 0) };
}

export function barChart(data: BarDatum[], options: BarChartOptions): string {
  const { id, title, subtitle, valueLabel, categoryLabel, barHeight = 28, maxLabelWidth = 180, labelLines = 2 } = options;
  const { domainMax, formatValue = String, formatTick = formatValue, readable, pretty } = options;
  const width = chartWidth(options.width, readable);
  const valueWidth = max(data, (d) => textWidth(formatValue(d.value), FONT_SIZE)) ?? 0;
  const right = Math.max(valueWidth + 12, 24);
  const rows = bandLabels(
    data.map((d) => d.label),
    { width, barHeight, maxLabelWidth, labelLines, right },
  );
  const margin = { top: 26, right, bottom: 44, left: rows.placement === 'side' ? Math.max(rows.left, 48) : rows.left };
  const described = data.map((d) => `${d.label} ${formatValue(d.value)}`).join('，');

  return frame(
    {
      id,
      className: 'bar-chart',
      title,
      subtitle,
      description: `${categoryLabel}与${valueLabel}：${described}`,
      width,
      plotHeight: bandsHeight(rows, data.length),
      margin,
      pretty,
    },
    (box) => {
      const maxValue = max(data, (d) => d.value) ?? 0;
      const x = scaleLinear()
        .domain([0, domainMax ?? Math.max(maxValue, 1)])
        .nice()
        .range([box.left, box.right]);
      const y = barBands(rows, data.length, box, barHeight);
      // A tick per 80 units at most: at 390 units four or five, each label clear of the next.
      const count = Math.max(2, Math.min(5, Math.floor(box.width / 80)));
      const ticks = domainMax === undefined ? x.ticks(Math.min(count, Math.max(1, Math.ceil(x.domain()[1] ?? 1)))).filter(Number.isInteger) : x.ticks(count);
      return {
        x: { type: 'x-linear', scale: x, ticks, format: formatTick, label: valueLabel, grid: true, baseline: true },
        y: { type: 'y-band', scale: y, labels: rows.labels, label: categoryLabel, placement: rows.placement },
        marks: [barX(data, { x, y, format: formatValue, limit: box.right + margin.right })],
      };
    },
  );
}
