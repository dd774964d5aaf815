import { max } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import { formatPercent } from '../format/numbers.ts';
import { escapeXml, fitText, FONT_SIZE, round, textWidth } from './svg.ts';

/**
 * Horizontal bars for counts by a long Chinese label (categories, units). Each bar carries
 * its value as a direct label, so the chart reads in black-and-white print without a legend.
 */

export interface BarDatum {
  label: string;
  value: number;
}

export interface BarChartOptions {
  /** Unique within the page: prefixes the element ids used for accessibility. */
  id: string;
  title: string;
  /** Label of the value axis, e.g. 问题数（个）. */
  valueLabel: string;
  /** Label of the category axis, e.g. 问题类别. */
  categoryLabel: string;
  width?: number;
  barHeight?: number;
  maxLabelWidth?: number;
  /** Upper end of the value axis, e.g. 1 for shares; defaults to the largest value. */
  domainMax?: number;
  /** Formats values on bars and ticks; integers by default. */
  formatValue?: (value: number) => string;
  /** Formats the axis ticks; defaults to formatValue. */
  formatTick?: (value: number) => string;
}

/** Options for bars that are shares: a 0–100% axis, values at the chosen precision. */
export function shareAxis(digits: number): Pick<BarChartOptions, 'domainMax' | 'formatValue' | 'formatTick'> {
  return { domainMax: 1, formatValue: (share) => formatPercent(share, digits), formatTick: (share) => formatPercent(share, 0) };
}

export function barChart(data: BarDatum[], options: BarChartOptions): string {
  const { id, title, valueLabel, categoryLabel, width = 640, barHeight = 28, maxLabelWidth = 180 } = options;
  const { domainMax, formatValue = String, formatTick = formatValue } = options;
  const labelWidth = Math.min(maxLabelWidth, max(data, (d) => textWidth(d.label, FONT_SIZE)) ?? 0);
  const valueWidth = max(data, (d) => textWidth(formatValue(d.value), FONT_SIZE)) ?? 0;
  const margin = { top: 50, right: Math.max(valueWidth + 16, 24), bottom: 44, left: Math.max(labelWidth + 16, 48) };
  const height = margin.top + margin.bottom + Math.max(data.length, 1) * barHeight;

  const maxValue = max(data, (d) => d.value) ?? 0;
  const x = scaleLinear()
    .domain([0, domainMax ?? Math.max(maxValue, 1)])
    .nice()
    .range([margin.left, width - margin.right]);
  const y = scaleBand<number>()
    .domain(data.map((_, i) => i))
    .range([margin.top, height - margin.bottom])
    .padding(0.25);

  const ticks =
    domainMax === undefined
      ? x.ticks(Math.min(6, Math.max(1, Math.ceil(x.domain()[1] ?? 1)))).filter(Number.isInteger)
      : x.ticks(5);
  const grid = ticks
    .map((tick) => {
      const tx = round(x(tick));
      return `<g class="tick"><line x1="${tx}" x2="${tx}" y1="${margin.top - 4}" y2="${height - margin.bottom}" stroke="#d0d0d0"/><text x="${tx}" y="${height - margin.bottom + 16}" text-anchor="middle">${formatTick(tick)}</text></g>`;
    })
    .join('');

  const bars = data
    .map((d, i) => {
      const by = round(y(i) ?? 0);
      const bh = round(y.bandwidth());
      const bw = round(x(d.value) - x(0));
      const label = fitText(d.label, labelWidth, FONT_SIZE);
      return (
        `<g class="bar"><title>${escapeXml(`${d.label}：${formatValue(d.value)}`)}</title>` +
        `<text x="${margin.left - 8}" y="${round(by + bh / 2)}" dy="0.35em" text-anchor="end">${escapeXml(label)}</text>` +
        `<rect x="${round(x(0))}" y="${by}" width="${bw}" height="${bh}" fill="#1f4e79"/>` +
        `<text x="${round(x(0) + bw + 6)}" y="${round(by + bh / 2)}" dy="0.35em" font-weight="600">${formatValue(d.value)}</text></g>`
      );
    })
    .join('');

  const described = data.map((d) => `${d.label} ${formatValue(d.value)}`).join('，');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart bar-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-size="${FONT_SIZE}" font-family="inherit">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(described)}</desc>` +
    `<text class="chart-title" x="0" y="16" font-size="15" font-weight="700">${escapeXml(title)}</text>` +
    `<text class="axis-label" x="${margin.left - 8}" y="${margin.top - 10}" text-anchor="end" fill="#555">${escapeXml(categoryLabel)}</text>` +
    `<g class="grid" fill="#555">${grid}</g>` +
    `<line x1="${round(x(0))}" x2="${round(x(0))}" y1="${margin.top - 4}" y2="${height - margin.bottom}" stroke="#333"/>` +
    bars +
    `<text class="axis-label" x="${round((margin.left + width - margin.right) / 2)}" y="${height - 8}" text-anchor="middle" fill="#555">${escapeXml(valueLabel)}</text>` +
    `</svg>`
  );
}
