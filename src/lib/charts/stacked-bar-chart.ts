import { max, sum } from 'd3-array';
import { format } from 'd3-format';
import { scaleBand, scaleLinear } from 'd3-scale';
import { stack } from 'd3-shape';
import { escapeXml, fitText, FONT_SIZE, GREYS, patternDefs, round, textWidth } from './svg.ts';

/**
 * Stacked horizontal bars: how each row (a survey question, a unit, a campaign) splits over
 * ordered series (answer options, statuses, categories), as shares of 100% or as counts.
 * Series differ by pattern as well as tone, and segments wide enough carry their value as
 * text, so print in black-and-white stays legible.
 */

export interface StackedRow {
  label: string;
  /** Count per series key; missing keys count 0. */
  values: Record<string, number>;
}

export interface StackedBarChartOptions {
  id: string;
  title: string;
  /** Series in stacking order, e.g. the options of a question from best to worst. */
  series: string[];
  width?: number;
  barHeight?: number;
  maxLabelWidth?: number;
  /** true (default): every bar is 100%; false: bars are counts on a shared axis. */
  normalize?: boolean;
  /** Label of the value axis in count mode. */
  valueLabel?: string;
}

const percent = format('.0%');

export function stackedBarChart(rows: StackedRow[], options: StackedBarChartOptions): string {
  const { id, title, series, width = 640, barHeight = 30, maxLabelWidth = 200, normalize = true, valueLabel } = options;
  const labelWidth = Math.min(maxLabelWidth, max(rows, (row) => textWidth(row.label, FONT_SIZE)) ?? 0);
  const legendRows = legendLayout(series, width);
  const margin = { top: 36 + legendRows.height, right: 16, bottom: valueLabel ? 44 : 28, left: Math.max(labelWidth + 16, 48) };
  const height = margin.top + margin.bottom + Math.max(rows.length, 1) * barHeight;

  const totals = rows.map((row) => sum(series, (key) => row.values[key] ?? 0));
  const values = rows.map((row, i) =>
    Object.fromEntries(
      series.map((key) => {
        const value = row.values[key] ?? 0;
        const total = totals[i] ?? 0;
        return [key, normalize ? (total > 0 ? value / total : 0) : value];
      }),
    ),
  );
  const layers = stack<Record<string, number>>().keys(series)(values);
  const x = scaleLinear()
    .domain([0, normalize ? 1 : Math.max(max(totals) ?? 0, 1)])
    .nice()
    .range([margin.left, width - margin.right]);
  const formatValue = normalize ? percent : (value: number) => String(value);
  const y = scaleBand<number>()
    .domain(rows.map((_, i) => i))
    .range([margin.top, height - margin.bottom])
    .padding(0.25);

  const segments = layers
    .map((layer, s) =>
      layer
        .map(([x0, x1], i) => {
          const row = rows[i];
          if (row === undefined) return ''; // never: the stack has one point per row
          const value = x1 - x0;
          if (value <= 0) return '';
          const sx = round(x(x0));
          const sw = round(x(x1) - x(x0));
          const sy = round(y(i) ?? 0);
          const sh = round(y.bandwidth());
          const text = formatValue(value);
          const dark = s < 1 || s % GREYS.length === 4 || s % GREYS.length === 5;
          const label =
            sw >= textWidth(text, FONT_SIZE) + 6
              ? `<text x="${round(sx + sw / 2)}" y="${round(sy + sh / 2)}" dy="0.35em" text-anchor="middle" fill="${dark ? '#fff' : '#000'}" paint-order="stroke" stroke="${dark ? '#1f1f1f' : '#fff'}" stroke-width="2.5">${text}</text>`
              : '';
          return `<g class="segment"><title>${escapeXml(`${row.label} · ${layer.key}：${row.values[layer.key] ?? 0}（${percent((row.values[layer.key] ?? 0) / (totals[i] || 1))}）`)}</title><rect x="${sx}" y="${sy}" width="${sw}" height="${sh}" fill="url(#${id}-p${s})" stroke="#fff" stroke-width="0.5"/>${label}</g>`;
        })
        .join(''),
    )
    .join('');

  const labels = rows
    .map((row, i) => {
      const ly = round((y(i) ?? 0) + y.bandwidth() / 2);
      return `<text x="${margin.left - 8}" y="${ly}" dy="0.35em" text-anchor="end"><title>${escapeXml(row.label)}</title>${escapeXml(fitText(row.label, labelWidth, FONT_SIZE))}</text>`;
    })
    .join('');

  const legend = series
    .map((key, s) => {
      const position = legendRows.positions[s];
      if (position === undefined) return ''; // never: legendLayout places every series
      const { x: lx, y: ly } = position;
      return `<g class="legend-item"><rect x="${lx}" y="${ly}" width="12" height="12" fill="url(#${id}-p${s})" stroke="#333" stroke-width="0.5"/><text x="${lx + 16}" y="${ly + 6}" dy="0.35em">${escapeXml(key)}</text></g>`;
    })
    .join('');

  const described = rows
    .map((row) => `${row.label}：${series.map((key) => `${key} ${row.values[key] ?? 0}`).join('，')}`)
    .join('；');
  const ticks = normalize ? [0, 0.25, 0.5, 0.75, 1] : x.ticks(6).filter(Number.isInteger);
  const axis =
    ticks
      .map((tick) => `<text x="${round(x(tick))}" y="${height - margin.bottom + 16}" text-anchor="middle" fill="#555">${formatValue(tick)}</text>`)
      .join('') +
    (valueLabel
      ? `<text class="axis-label" x="${round((margin.left + width - margin.right) / 2)}" y="${height - 8}" text-anchor="middle" fill="#555">${escapeXml(valueLabel)}</text>`
      : '');

  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart stacked-bar-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-size="${FONT_SIZE}" font-family="inherit">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(described)}</desc>` +
    patternDefs(id, series.length) +
    `<text class="chart-title" x="0" y="16" font-size="15" font-weight="700">${escapeXml(title)}</text>` +
    `<g class="legend">${legend}</g>${labels}${segments}<g class="axis">${axis}</g>` +
    `</svg>`
  );
}

/** Legend items flow left to right and wrap, below the title. */
function legendLayout(series: string[], width: number) {
  const positions: Array<{ x: number; y: number }> = [];
  let lx = 0;
  let ly = 28;
  for (const key of series) {
    const itemWidth = 16 + textWidth(key, FONT_SIZE) + 18;
    if (lx > 0 && lx + itemWidth > width) {
      lx = 0;
      ly += 18;
    }
    positions.push({ x: round(lx), y: ly });
    lx += itemWidth;
  }
  return { positions, height: ly - 28 + 24 };
}
