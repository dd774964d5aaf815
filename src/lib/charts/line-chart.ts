import { max } from 'd3-array';
import { scaleLinear, scalePoint } from 'd3-scale';
import type { LabelLines } from './axes.ts';
import { chartWidth, frame, type Readability } from './frame.ts';
import { lineEndLabels, lineY } from './marks/line.ts';
import { styleSeries, type ColorDomain } from './series-style.ts';
import { fitText, FONT_SIZE, LINE_HEIGHT, textWidth, wrapText } from './svg.ts';

/**
 * Lines over ordered points (campaigns in time): one series per survey question, or per unit.
 * A frame with a value axis on the left and the campaigns along the bottom, and the line mark.
 * Each series' stroke, dash and marker come from the series scale by its name, so the lines
 * stay distinct in black-and-white print. Up to six series get a legend; more (60 units) are
 * named directly at their last value instead, where a legend could not be matched by eye.
 * Values are not printed at the points (close lines would overprint each other): each point has
 * a tooltip and callers show the figures in a table beside the chart.
 */

export interface LineSeries {
  name: string;
  /** One value per x label; null where the series has no value. */
  values: Array<number | null>;
}

export interface LineChartOptions {
  id: string;
  title: string;
  subtitle?: string;
  xLabels: string[];
  /** Names the points along the bottom, e.g. 检查活动. */
  xLabel: string;
  /** Names the values, above the value axis, e.g. 好评率. */
  yLabel: string;
  width?: number;
  /** Total height wanted; the chart grows to fit its legend or end labels. */
  height?: number;
  domainMax?: number;
  formatValue?: (value: number) => string;
  /** Series names' domain for their looks (see StackedBarChartOptions.colorDomain). */
  colorDomain?: ColorDomain;
  /** 'legend' above the plot or 'end': names at each line's end. Default: legend up to 6 series. */
  labels?: 'legend' | 'end';
  readable?: Readability | false;
  pretty?: boolean;
}

export function lineChart(series: LineSeries[], options: LineChartOptions): string {
  const { id, title, subtitle, xLabels, xLabel, yLabel, height = 300, formatValue = String, colorDomain, readable, pretty } = options;
  const width = chartWidth(options.width, readable);
  const labelMode = options.labels ?? (series.length > 6 ? 'end' : 'legend');
  const styles = styleSeries(
    series.map((s) => s.name),
    colorDomain,
  );
  const legend =
    labelMode === 'legend'
      ? series.flatMap((s) => {
          const style = styles.get(s.name);
          return style ? [{ label: s.name, style, kind: 'line' as const }] : []; // a literal type for the union, not a cast
        })
      : [];
  const endWidth = labelMode === 'end' ? Math.min(150, Math.round(width * 0.32)) : 0;
  const margin = { top: 30, right: labelMode === 'end' ? endWidth + 12 : 28, bottom: 0, left: 48 };

  // Campaign names along the bottom wrap within their slot, two lines at most.
  const padding = 0.3;
  const slot = ((width - margin.left - margin.right) / Math.max(1, xLabels.length - 1 + 2 * padding)) * 0.95;
  const xAxisLabels = xLabelsFor(xLabels, slot);
  const xLines = max(xAxisLabels, (label) => label.lines.length) ?? 1;
  margin.bottom = 18 + xLines * LINE_HEIGHT + 18;
  const plotHeight = Math.max(140, height - 130, labelMode === 'end' ? series.length * LINE_HEIGHT : 0);

  const maxValue = options.domainMax ?? Math.max(max(series.flatMap((s) => s.values.filter((v): v is number => v !== null))) ?? 0, 1);
  const described = series
    .map((s) => `${s.name}：${s.values.map((v, i) => `${xLabels[i] ?? ''} ${v === null ? '无' : formatValue(v)}`).join('，')}`)
    .join('；');

  return frame({ id, className: 'line-chart', title, subtitle, description: described, width, plotHeight, margin, legend, pretty }, (box) => {
    const x = scalePoint<number>()
      .domain(xLabels.map((_, i) => i))
      .range([box.left, box.right])
      .padding(padding);
    const y = scaleLinear().domain([0, maxValue]).nice().range([box.bottom, box.top]);
    const mark = { x, y, styles, xLabels, format: formatValue };
    return {
      x: { type: 'x-point', scale: x, labels: xAxisLabels, label: xLabel },
      y: { type: 'y-linear', scale: y, ticks: y.ticks(5), format: formatValue, label: yLabel },
      marks: [
        lineY(series, mark),
        labelMode === 'end'
          ? `<g class="end-labels">${lineEndLabels(series, { ...mark, left: box.right, width: endWidth, top: box.top, bottom: box.bottom })}</g>`
          : '',
      ],
    };
  });
}

/**
 * The labels along the bottom, wrapped within their slot, two lines at most (campaign names).
 * Where a label would break inside a number (201 / 8年: years and quarters at many points),
 * every second or third point is labelled instead, the latest always; the data table names
 * every point.
 */
export function xLabelsFor(labels: readonly string[], slot: number): LabelLines[] {
  const wrapped = labels.map((label) => ({ lines: wrapText(label, slot, FONT_SIZE, 2), full: label }));
  const splitsNumber = wrapped.some(({ lines }) => lines.some((line, i) => /\d$/.test(line) && /^\d/.test(lines[i + 1] ?? '')));
  if (!splitsNumber) return wrapped;
  const fitsIn = (width: number) => labels.every((label) => textWidth(label, FONT_SIZE) <= width);
  const step = [2, 3, 4, 6].find((k) => fitsIn(slot * k * 0.95)) ?? 6;
  const last = labels.length - 1;
  return labels.map((label, i) => ({ lines: (last - i) % step === 0 ? [fitText(label, slot * step * 0.95, FONT_SIZE)] : [], full: label }));
}
