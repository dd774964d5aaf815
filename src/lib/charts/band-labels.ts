import { max } from 'd3-array';
import { scaleBand, type ScaleBand } from 'd3-scale';
import type { LabelLines } from './axes.ts';
import type { PlotBox } from './plot-box.ts';
import { FONT_SIZE, LINE_HEIGHT, textWidth, wrapText } from './svg.ts';

/**
 * Where the row labels of a horizontal bar chart go, for the width the chart gets. Every chart's
 * viewBox is at most 390 units wide (frame.ts chartWidth), the width a 375 px phone shows at 11 px
 * text or more, and the same SVG is shown on a desktop: one layout, no second variant. Beside
 * the bars a label gets at most 40 % of that width (156 units, 12 Chinese characters): a long
 * category, unit or question would wrap into a tall, narrow column and squeeze its bar. So when
 * any label needs more than one line beside the bars, every label goes on a line of its own
 * above its bar, across the whole plot, and the bars start at the left edge.
 */

export type LabelPlacement = 'side' | 'above';

export interface BandLabels {
  placement: LabelPlacement;
  labels: LabelLines[];
  /** Room left of the plot for the labels (side), or a small inset (above). */
  left: number;
  /** Height of one row: label and bar (above), or the taller of the two (side). */
  step: number;
  /** Lines each label above its bar is given (all rows alike); 0 beside the bars. */
  lines: number;
}

export interface BandLabelOptions {
  /** The chart's viewBox width. */
  width: number;
  barHeight: number;
  /** The widest a label beside the bars may be. */
  maxLabelWidth: number;
  /** Lines a label may wrap to before it is shortened (its full text stays a tooltip). */
  labelLines: number;
  /** Room the chart keeps right of the plot (value labels): a label above a bar does not run into it. */
  right: number;
}

/** Gap between a label above its bar and the row before it. */
const ABOVE_GAP = 6;
/** The plot's inset from the left edge when labels are above the bars (room for the zero tick's label). */
const ABOVE_LEFT = 8;

export function bandLabels(texts: readonly string[], { width, barHeight, maxLabelWidth, labelLines, right }: BandLabelOptions): BandLabels {
  const sideWidth = Math.min(maxLabelWidth, Math.round(width * 0.4), max(texts, (text) => textWidth(text, FONT_SIZE)) ?? 0);
  const longest = max(texts, (text) => textWidth(text, FONT_SIZE)) ?? 0;
  if (longest <= sideWidth) {
    const labels = texts.map((text) => ({ lines: text ? wrapText(text, sideWidth, FONT_SIZE, labelLines) : [], full: text }));
    const step = Math.max(barHeight, (max(labels, (label) => label.lines.length) ?? 1) * LINE_HEIGHT + 10);
    return { placement: 'side', labels, left: sideWidth > 0 ? sideWidth + 16 : 20, step, lines: 0 };
  }
  const across = width - ABOVE_LEFT - 4 - Math.min(right, 24);
  const labels = texts.map((text) => ({ lines: text ? wrapText(text, across, FONT_SIZE, labelLines) : [], full: text }));
  const lines = max(labels, (label) => label.lines.length) ?? 1;
  return { placement: 'above', labels, left: ABOVE_LEFT, step: barThickness(barHeight) + lines * LINE_HEIGHT + ABOVE_GAP, lines };
}

/** A bar's thickness: three quarters of a one-line row. */
const barThickness = (barHeight: number) => Math.round(barHeight * 0.75);

/** The band scale of the bars (one band per row, the bar's own thickness), for either placement. */
export function barBands(layout: BandLabels, count: number, box: PlotBox, barHeight: number): ScaleBand<number> {
  const y = scaleBand<number>()
    .domain(Array.from({ length: count }, (_, i) => i))
    .range([box.top, box.bottom]);
  if (layout.placement === 'side') {
    // Bars keep the thickness of a one-line row when wrapped labels make the rows taller.
    return y.paddingInner(Math.min(0.6, 1 - (barHeight * 0.75) / layout.step)).paddingOuter(0.15);
  }
  // Each row is its label, then its bar: the label's room is the padding before the bar, all of
  // the outer padding goes before the first row (align 1), and the plot ends with the last bar.
  const label = layout.step - barThickness(barHeight);
  return y
    .paddingInner(label / layout.step)
    .paddingOuter(label / layout.step / 2)
    .align(1);
}

/** The plot's height for `count` rows. */
export function bandsHeight(layout: BandLabels, count: number): number {
  return Math.max(count, 1) * layout.step;
}
