import { symbol, symbolsFill } from 'd3-shape';
import type { SeriesStyle } from './series-style.ts';
import { texturedRect } from './texture.ts';
import { escapeXml, fitText, FONT_SIZE, round, textWidth } from './svg.ts';

/**
 * A swatch legend under the chart's title: items flow left to right and wrap. A bar series shows
 * its pattern, a line series its stroke, dash and marker, so the legend reads in print too.
 */

export interface LegendEntry {
  label: string;
  style: SeriesStyle;
  kind?: 'swatch' | 'line';
}

const ROW = 20;

export function legendLayout(entries: LegendEntry[], width: number, top: number) {
  const positions: Array<{ x: number; y: number; text: string }> = [];
  let lx = 0;
  let ly = top;
  for (const entry of entries) {
    const swatch = entry.kind === 'line' ? 30 : 16;
    const text = fitText(entry.label, width - swatch, FONT_SIZE);
    const itemWidth = swatch + textWidth(text, FONT_SIZE) + 14;
    if (lx > 0 && lx + itemWidth - 14 > width) {
      lx = 0;
      ly += ROW;
    }
    positions.push({ x: round(lx), y: ly, text });
    lx += itemWidth;
  }
  return { positions, bottom: entries.length > 0 ? ly + ROW : top };
}

/** A marker shape for line series: d3's filled symbols, one per tone. */
export function markerPath(marker: number): string {
  return symbol(symbolsFill[marker % symbolsFill.length], 48)() ?? '';
}

export function renderLegend(entries: LegendEntry[], positions: Array<{ x: number; y: number; text: string }>): string {
  const items = entries
    .map((entry, i) => {
      const position = positions[i];
      if (position === undefined) return ''; // never: legendLayout places every entry
      const { x, y, text } = position;
      const cy = y + 6;
      const title = text === entry.label ? '' : `<title>${escapeXml(entry.label)}</title>`;
      if (entry.kind === 'line') {
        const { stroke, dash, marker } = entry.style.line;
        return (
          `<g class="legend-item">${title}<line x1="${x}" x2="${x + 24}" y1="${cy}" y2="${cy}" stroke="${stroke}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>` +
          `<path d="${markerPath(marker)}" transform="translate(${x + 12},${cy})" fill="${stroke}"/>` +
          `<text x="${x + 30}" y="${cy}" dy="0.35em">${escapeXml(text)}</text></g>`
        );
      }
      return (
        `<g class="legend-item">${title}${texturedRect(entry.style, { x, y, width: 12, height: 12 }, ' stroke="#333" stroke-width="0.5"')}` +
        `<text x="${x + 16}" y="${cy}" dy="0.35em">${escapeXml(text)}</text></g>`
      );
    })
    .join('');
  return `<g class="legend">${items}</g>`;
}
