import { max } from 'd3-array';
import { formatPercent } from '../format/numbers.ts';
import { scaleLinear } from 'd3-scale';
import { bandLabels, bandsHeight, barBands } from './band-labels.ts';
import { chartWidth, frame, type Readability } from './frame.ts';
import { rowTotals, stackedBarX } from './marks/stacked-bar.ts';
import { styleSeries, type ColorDomain } from './series-style.ts';

/**
 * Stacked horizontal bars: how each row (a survey question, a unit, a campaign) splits over
 * ordered series (answer options, statuses, categories), as shares of 100% or as counts. A frame
 * with a legend, the row labels and a value axis, and the stacked-bar mark. Each series' look
 * comes from the series scale by its value (see series-style.ts), so 已整改 or a category looks
 * the same in every chart; segments wide enough carry their value as text.
 */

export interface StackedRow {
  label: string;
  /** Count per series key; missing keys count 0. */
  values: Record<string, number>;
}

export interface StackedBarChartOptions {
  id: string;
  title: string;
  subtitle?: string;
  /** Series in stacking order, e.g. the options of a question from best to worst. */
  series: string[];
  /**
   * The domain the series' looks come from: 'status', 'severity', or every value of an
   * open-ended domain in a fixed order (e.g. all categories across all campaigns, sorted), so a
   * value looks the same on every page. By default statuses and severities are recognised and
   * other values are hashed (see series-style.ts).
   */
  colorDomain?: ColorDomain;
  width?: number;
  barHeight?: number;
  maxLabelWidth?: number;
  /** true (default): every bar is 100%; false: bars are counts on a shared axis. */
  normalize?: boolean;
  /** Label of the value axis in count mode. */
  valueLabel?: string;
  readable?: Readability | false;
  pretty?: boolean;
}

const percent = (share: number) => formatPercent(share, 0);

export function stackedBarChart(rows: StackedRow[], options: StackedBarChartOptions): string {
  const { id, title, subtitle, series, colorDomain, barHeight = 30, maxLabelWidth = 200, normalize = true, valueLabel, readable, pretty } = options;
  const width = chartWidth(options.width, readable);
  const bands = bandLabels(
    rows.map((row) => row.label),
    { width, barHeight, maxLabelWidth, labelLines: 2, right: 20 },
  );
  const margin = { top: 8, right: 20, bottom: valueLabel ? 44 : 28, left: bands.left };
  const styles = styleSeries(series, colorDomain);
  const legend = series.flatMap((key) => {
    const style = styles.get(key);
    return style ? [{ label: key, style }] : [];
  });
  const totals = rowTotals(rows, series);
  const formatValue = normalize ? percent : (value: number) => String(value);
  const described = rows.map((row) => `${row.label ? `${row.label}：` : ''}${series.map((key) => `${key} ${row.values[key] ?? 0}`).join('，')}`).join('；');

  return frame(
    { id, className: 'stacked-bar-chart', title, subtitle, description: described, width, plotHeight: bandsHeight(bands, rows.length), margin, legend, pretty },
    (box) => {
      const x = scaleLinear()
        .domain([0, normalize ? 1 : Math.max(max(totals) ?? 0, 1)])
        .nice()
        .range([box.left, box.right]);
      const y = barBands(bands, rows.length, box, barHeight);
      // A tick per 80 units at most: at 390 units four or five, each label clear of the next.
      const count = Math.max(2, Math.min(5, Math.floor(box.width / 80)));
      const ticks = normalize ? [0, 0.25, 0.5, 0.75, 1] : x.ticks(count).filter(Number.isInteger);
      return {
        x: { type: 'x-linear', scale: x, ticks, format: formatValue, label: valueLabel },
        y: bands.labels.some((label) => label.lines.length > 0) ? { type: 'y-band', scale: y, labels: bands.labels, placement: bands.placement } : undefined,
        marks: [stackedBarX(rows, { series, styles, x, y, normalize, format: formatValue, formatShare: percent })],
      };
    },
  );
}
