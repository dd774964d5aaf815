import { renderAxis, type Axis } from './axes.ts';
import type { PlotBox } from './plot-box.ts';
import { legendLayout, renderLegend, type LegendEntry } from './legend.ts';
import { prettySvg } from './pretty-svg.ts';
import { escapeXml, FONT_SIZE, LINE_HEIGHT, TITLE_SIZE, wrapText } from './svg.ts';

/**
 * The frame of every chart, after Observable Plot's plot(): it owns the <svg> element, the
 * accessible name (<title>, <desc>, role="img", aria-labelledby), the printed title and
 * subtitle, the legend and the pattern definitions, and the axes. Marks are functions that get
 * the plot box (and the scales their chart built on it) and return SVG fragments; the frame
 * stacks them over the axes. Everything is a string: no DOM, the same at build time and in tests.
 */

export type { PlotBox };

export interface FrameOptions {
  /** Unique within the page: prefixes element and pattern ids. */
  id: string;
  /** Extra class, e.g. bar-chart; every frame has class chart. */
  className: string;
  title: string;
  /** A line under the title, e.g. 38 人作答（可多选）. */
  subtitle?: string;
  /** What the chart shows, in words, for screen readers. */
  description: string;
  /** Width of the viewBox; use chartWidth() to keep text readable on a phone. */
  width: number;
  /** Height of the plot area alone. */
  plotHeight: number;
  /** Room around the plot area for axes; top is the gap below the header. */
  margin: { top: number; right: number; bottom: number; left: number };
  legend?: LegendEntry[];
  /** One element per line, indented: for snapshots and reading. Pages use the compact form. */
  pretty?: boolean;
}

export interface FramePlot {
  x?: Axis;
  y?: Axis;
  marks: string[];
}

/** Rendered text size is fontSize × displayWidth / viewBox width; keep it at least minTextPx. */
export interface Readability {
  /** Width the chart is shown at on the narrowest screen, in CSS px. */
  displayWidth: number;
  minTextPx: number;
}

/**
 * A 375 px phone shows the page's column at 335 px (1.25rem padding either side), and no text
 * should render below 11 px there (Apple's smallest legible size): 13 × 335 / 11 ≈ 396, so no
 * chart's viewBox is wider than 390 units.
 */
export const PHONE: Readability = { displayWidth: 335, minTextPx: 11 };

/** The widest viewBox that keeps fontSize-unit text at minTextPx or more, in tens. */
export function chartWidth(requested = 480, readable: Readability | false = PHONE, fontSize = FONT_SIZE): number {
  if (readable === false) return requested;
  const limit = Math.floor((fontSize * readable.displayWidth) / readable.minTextPx / 10) * 10;
  return Math.min(requested, limit);
}

export function frame(options: FrameOptions, plot: (box: PlotBox) => FramePlot): string {
  const { id, className, title, subtitle, description, width, plotHeight, margin, legend = [], pretty = false } = options;

  // Header: the title (wrapped), the subtitle, the legend, one under the other.
  const titleLines = wrapText(title, width, TITLE_SIZE, 3);
  let y = TITLE_SIZE + 1;
  const header: string[] = [
    `<text class="chart-title" x="0" y="${y}" font-size="${TITLE_SIZE}" font-weight="700">${lines(titleLines, 0, TITLE_SIZE + 4)}</text>`,
  ];
  y += (titleLines.length - 1) * (TITLE_SIZE + 4);
  if (subtitle) {
    y += LINE_HEIGHT + 4;
    header.push(`<text class="chart-subtitle" x="0" y="${y}" fill="#444">${escapeXml(subtitle)}</text>`);
  }
  let headerHeight = y + 6;
  if (legend.length > 0) {
    const layout = legendLayout(legend, width, headerHeight + 4);
    header.push(renderLegend(legend, layout.positions));
    headerHeight = layout.bottom;
  }

  const top = headerHeight + margin.top;
  const box: PlotBox = {
    width: width - margin.left - margin.right,
    height: plotHeight,
    left: margin.left,
    right: width - margin.right,
    top,
    bottom: top + plotHeight,
  };
  const height = box.bottom + margin.bottom;
  const { x, y: yAxis, marks } = plot(box);

  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart ${className}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-size="${FONT_SIZE}" font-family="inherit">` +
    `<title id="${id}-title">${escapeXml(title)}</title>` +
    `<desc id="${id}-desc">${escapeXml(subtitle ? `${subtitle}。${description}` : description)}</desc>` +
    header.join('') +
    (x ? renderAxis(x, box, height) : '') +
    (yAxis ? renderAxis(yAxis, box, height) : '') +
    marks.join('') +
    `</svg>`;
  return pretty ? prettySvg(svg) : svg;
}

/** Lines of one text element as tspans, each a line below the last; one line stays plain. */
export function lines(texts: string[], x: number, lineHeight = LINE_HEIGHT): string {
  if (texts.length <= 1) return escapeXml(texts[0] ?? '');
  return texts.map((text, i) => `<tspan x="${x}"${i > 0 ? ` dy="${lineHeight}"` : ''}>${escapeXml(text)}</tspan>`).join('');
}
