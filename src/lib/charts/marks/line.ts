import type { ScaleLinear, ScalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import { markerPath } from '../legend.ts';
import type { SeriesStyle } from '../series-style.ts';
import { escapeXml, fitText, FONT_SIZE, LINE_HEIGHT, round } from '../svg.ts';

/**
 * Lines over ordered points, one per series, each with its own stroke, dash and marker shape
 * (from the series scale) so they stay apart in black-and-white print. A missing value breaks
 * the line instead of dropping to zero; every present value has a marker with a tooltip.
 * `lineEndLabels` names each line at its last value, in the right margin, for charts with too
 * many series for a legend (60 units): labels are pushed apart so that none overlap.
 */

export interface LineMarkSeries {
  name: string;
  values: Array<number | null>;
}

export interface LineMarkOptions {
  x: ScalePoint<number>;
  y: ScaleLinear<number, number>;
  styles: Map<string, SeriesStyle>;
  xLabels: string[];
  format: (value: number) => string;
}

interface Point {
  i: number;
  value: number | null;
}

export function lineY(series: LineMarkSeries[], options: LineMarkOptions): string {
  const { x, y, styles, xLabels, format } = options;
  return series
    .map((s) => {
      const style = styles.get(s.name);
      if (style === undefined) return ''; // never: the chart styles every series
      const { stroke, dash, marker } = style.line;
      const points: Point[] = s.values.map((value, i) => ({ i, value }));
      const path = line<Point>()
        .defined((p) => p.value !== null)
        .x((p) => round(x(p.i) ?? 0))
        .y((p) => round(y(p.value ?? 0)))(points);
      const markers = points
        .flatMap((p) => (p.value === null ? [] : [{ i: p.i, value: p.value }]))
        .map(
          (p) =>
            `<g class="point"><title>${escapeXml(`${s.name} · ${xLabels[p.i] ?? ''}：${format(p.value)}`)}</title><path d="${markerPath(marker)}" transform="translate(${round(x(p.i) ?? 0)},${round(y(p.value))})" fill="${stroke}"/></g>`,
        )
        .join('');
      return `<g class="series"><path d="${path ?? ''}" fill="none" stroke="${stroke}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>${markers}</g>`;
    })
    .join('');
}

/**
 * Spreads positions at least `gap` apart inside [lo, hi], moving each as little as it can:
 * a forward pass pushes down, a backward pass pulls back up from the bottom edge.
 */
export function dodge(wanted: number[], gap: number, lo: number, hi: number): number[] {
  const order = wanted.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value || a.index - b.index);
  const placed = order.map((item) => item.value);
  for (let k = 0; k < placed.length; k++) placed[k] = Math.max(placed[k] ?? lo, k > 0 ? (placed[k - 1] ?? lo) + gap : lo);
  for (let k = placed.length - 1; k >= 0; k--) placed[k] = Math.min(placed[k] ?? hi, k < placed.length - 1 ? (placed[k + 1] ?? hi) - gap : hi);
  const result = new Array<number>(wanted.length).fill(lo);
  order.forEach((item, k) => {
    result[item.index] = placed[k] ?? lo;
  });
  return result;
}

export interface EndLabelOptions extends LineMarkOptions {
  /** x where the labels start (right of the plot) and the width they may take. */
  left: number;
  width: number;
  top: number;
  bottom: number;
}

export function lineEndLabels(series: LineMarkSeries[], options: EndLabelOptions): string {
  const { x, y, styles, left, width, top, bottom } = options;
  const ends = series.flatMap((s) => {
    const last = s.values.reduce<number>((found, value, i) => (value === null ? found : i), -1);
    const value = s.values[last];
    return value === null || value === undefined ? [] : [{ s, last, value }];
  });
  const ys = dodge(
    ends.map((end) => y(end.value)),
    LINE_HEIGHT,
    top,
    Math.max(top, bottom),
  );
  return ends
    .map(({ s, last, value }, k) => {
      const style = styles.get(s.name);
      if (style === undefined) return '';
      const ly = round(ys[k] ?? 0);
      const text = fitText(s.name, width - 16, FONT_SIZE);
      const title = text === s.name ? '' : `<title>${escapeXml(s.name)}</title>`;
      // A thin leader from the line's last point to its label, then the series' marker.
      return (
        `<g class="end-label">${title}<path d="M${round((x(last) ?? 0) + 5)},${round(y(value))}L${round(left + 2)},${ly}" stroke="${style.line.stroke}" stroke-width="0.6" fill="none"/>` +
        `<path d="${markerPath(style.line.marker)}" transform="translate(${round(left + 7)},${ly})" fill="${style.line.stroke}"/>` +
        `<text x="${round(left + 15)}" y="${ly}" dy="0.35em">${escapeXml(text)}</text></g>`
      );
    })
    .join('');
}
