import { sum } from 'd3-array';
import type { ScaleBand, ScaleLinear } from 'd3-scale';
import { stack } from 'd3-shape';
import type { SeriesStyle } from '../series-style.ts';
import { texturedRect } from '../texture.ts';
import { escapeXml, knockOutLabel, knockOutWidth, round } from '../svg.ts';

/**
 * Stacked horizontal bars: each row of the band scale split over the series, in series order,
 * as counts or (normalize) as shares of the row's total. Segments wide enough carry their value;
 * every segment has a tooltip with count and share. Returns a <g>; the frame draws the axes.
 */

export interface StackedMarkRow {
  label: string;
  values: Record<string, number>;
}

export interface StackedMarkOptions {
  series: string[];
  styles: Map<string, SeriesStyle>;
  x: ScaleLinear<number, number>;
  y: ScaleBand<number>;
  normalize: boolean;
  format: (value: number) => string;
  formatShare: (share: number) => string;
}

/** Each row's total over the series: the denominator of its shares. */
export function rowTotals(rows: StackedMarkRow[], series: string[]): number[] {
  return rows.map((row) => sum(series, (key) => row.values[key] ?? 0));
}

export function stackedBarX(rows: StackedMarkRow[], options: StackedMarkOptions): string {
  const { series, styles, x, y, normalize, format, formatShare } = options;
  const totals = rowTotals(rows, series);
  const values = rows.map((row, i) => {
    const total = totals[i] ?? 0;
    return Object.fromEntries(series.map((key) => [key, normalize ? (total > 0 ? (row.values[key] ?? 0) / total : 0) : (row.values[key] ?? 0)]));
  });
  const layers = stack<Record<string, number>>().keys(series)(values);
  const segments = layers
    .map((layer) => {
      const style = styles.get(layer.key);
      if (style === undefined) return ''; // never: the chart styles every series
      return layer
        .map(([x0, x1], i) => {
          const row = rows[i];
          if (row === undefined || x1 - x0 <= 0) return ''; // rows[i] exists: the stack has one point per row
          const sx = round(x(x0));
          const sw = round(x(x1) - x(x0));
          const sy = round(y(i) ?? 0);
          const sh = round(y.bandwidth());
          const text = format(x1 - x0);
          const count = row.values[layer.key] ?? 0;
          const label = sw >= knockOutWidth(text) + 2 ? knockOutLabel(text, sx + sw / 2, sy + sh / 2, 'middle') : '';
          return (
            `<g class="segment"><title>${escapeXml(`${row.label ? `${row.label} · ` : ''}${layer.key}：${count}（${formatShare(count / (totals[i] || 1))}）`)}</title>` +
            `${texturedRect(style, { x: sx, y: sy, width: sw, height: sh }, ' stroke="#fff" stroke-width="0.5"')}${label}</g>`
          );
        })
        .join('');
    })
    .join('');
  return `<g class="segments">${segments}</g>`;
}
