import type { ScaleBand, ScaleLinear } from 'd3-scale';
import type { SeriesStyle } from '../series-style.ts';
import { texturedRect } from '../texture.ts';
import { escapeXml, FONT_SIZE, knockOutLabel, knockOutWidth, round, textWidth } from '../svg.ts';

/**
 * Horizontal bars from zero, one per row of the band scale, each with its value printed at its
 * end (inside the bar, in the fill's ink, when there is no room after it), so the chart reads
 * without a legend and in black-and-white print. Returns a <g>; the frame draws the axes.
 */

export interface BarMarkDatum {
  label: string;
  value: number;
  /** A look from the series scale; a plain fill when absent. */
  style?: SeriesStyle;
}

export interface BarMarkOptions {
  x: ScaleLinear<number, number>;
  y: ScaleBand<number>;
  format: (value: number) => string;
  /** x of the frame's right edge: a value label past it goes inside the bar. */
  limit: number;
  fill?: string;
}

export function barX(data: BarMarkDatum[], options: BarMarkOptions): string {
  const { x, y, format, limit, fill = '#1f4e79' } = options;
  const bars = data
    .map((d, i) => {
      const by = round(y(i) ?? 0);
      const bh = round(y.bandwidth());
      const x0 = round(x(0));
      const bw = round(Math.max(0, x(d.value) - x(0)));
      const text = format(d.value);
      const cy = round(by + bh / 2);
      const inside = x0 + bw + 6 + textWidth(text, FONT_SIZE) > limit && bw > knockOutWidth(text) + 8;
      const label = inside
        ? knockOutLabel(text, x0 + bw - 6, cy, 'end')
        : `<text x="${round(x0 + bw + 6)}" y="${cy}" dy="0.35em" font-weight="600">${escapeXml(text)}</text>`;
      return (
        `<g class="bar"><title>${escapeXml(`${d.label}：${text}`)}</title>` +
        (d.style
          ? texturedRect(d.style, { x: x0, y: by, width: bw, height: bh }, ' stroke="#333" stroke-width="0.5"')
          : `<rect x="${x0}" y="${by}" width="${bw}" height="${bh}" fill="${fill}"/>`) +
        `${label}</g>`
      );
    })
    .join('');
  return `<g class="bars">${bars}</g>`;
}
