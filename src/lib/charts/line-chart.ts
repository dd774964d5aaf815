import { max } from 'd3-array';
import { scaleLinear, scalePoint } from 'd3-scale';
import { line, symbol, symbolsFill } from 'd3-shape';
import { escapeXml, fitText, FONT_SIZE, round } from './svg.ts';

/**
 * Lines over ordered points (campaigns in time): one series per survey question, say. Each
 * series has its own marker shape and dash, and a legend, so the lines stay distinct in
 * black-and-white print; missing values break the line instead of dropping to zero. Values
 * are not printed at the points (close lines would overprint each other): each point has a
 * tooltip and callers show the figures in a table beside the chart.
 */

export interface LineSeries {
  name: string;
  /** One value per x label; null where the series has no value. */
  values: Array<number | null>;
}

export interface LineChartOptions {
  id: string;
  title: string;
  xLabels: string[];
  /** Names the points along the bottom, e.g. 检查活动. */
  xLabel: string;
  /** Names the values, above the value axis, e.g. 好评率. */
  yLabel: string;
  width?: number;
  height?: number;
  domainMax?: number;
  formatValue?: (value: number) => string;
}

const DASHES = ['', '6 3', '2 3', '8 3 2 3'];
const TONES = ['#1f4e79', '#7f7f7f', '#404040', '#5b8cc0'];

export function lineChart(series: LineSeries[], options: LineChartOptions): string {
  const { id, title, xLabels, xLabel, yLabel, width = 640, height = 300, formatValue = String } = options;
  const legendHeight = series.length * 18;
  const margin = { top: 52 + legendHeight, right: 56, bottom: 48, left: 56 };
  const maxValue = options.domainMax ?? Math.max(max(series.flatMap((s) => s.values.filter((v): v is number => v !== null))) ?? 0, 1);
  const x = scalePoint<number>()
    .domain(xLabels.map((_, i) => i))
    .range([margin.left, width - margin.right])
    .padding(0.3);
  const y = scaleLinear().domain([0, maxValue]).nice().range([height - margin.bottom, margin.top]);

  const grid = y
    .ticks(5)
    .map((tick) => {
      const ty = round(y(tick));
      return `<line x1="${margin.left}" x2="${width - margin.right}" y1="${ty}" y2="${ty}" stroke="#e0e0e0"/><text x="${margin.left - 6}" y="${ty}" dy="0.35em" text-anchor="end" fill="#555">${formatValue(tick)}</text>`;
    })
    .join('');
  const slot = (x.step() || width) * 0.9;
  const xAxis = xLabels
    .map((label, i) => `<text x="${round(x(i) ?? 0)}" y="${height - margin.bottom + 18}" text-anchor="middle" fill="#333"><title>${escapeXml(label)}</title>${escapeXml(fitText(label, slot, FONT_SIZE - 1))}</text>`)
    .join('');

  const lines = series
    .map((s, k) => {
      const points = s.values.map((value, i) => ({ i, value }));
      const path = line<{ i: number; value: number | null }>()
        .defined((p) => p.value !== null)
        .x((p) => round(x(p.i) ?? 0))
        .y((p) => round(y(p.value ?? 0)))(points);
      const marker = symbol(symbolsFill[k % symbolsFill.length], 48)() ?? '';
      const markers = points
        .filter((p) => p.value !== null)
        .map((p) => `<g class="point"><title>${escapeXml(`${s.name} · ${xLabels[p.i]}：${formatValue(p.value ?? 0)}`)}</title><path d="${marker}" transform="translate(${round(x(p.i) ?? 0)},${round(y(p.value ?? 0))})" fill="${TONES[k % TONES.length]}"/></g>`)
        .join('');
      return `<g class="series"><path d="${path ?? ''}" fill="none" stroke="${TONES[k % TONES.length]}" stroke-width="2" stroke-dasharray="${DASHES[k % DASHES.length]}"/>${markers}</g>`;
    })
    .join('');

  const legend = series
    .map((s, k) => {
      const ly = 30 + k * 18;
      const marker = symbol(symbolsFill[k % symbolsFill.length], 48)() ?? '';
      return `<g class="legend-item"><line x1="0" x2="28" y1="${ly}" y2="${ly}" stroke="${TONES[k % TONES.length]}" stroke-width="2" stroke-dasharray="${DASHES[k % DASHES.length]}"/><path d="${marker}" transform="translate(14,${ly})" fill="${TONES[k % TONES.length]}"/><text x="36" y="${ly}" dy="0.35em">${escapeXml(fitText(s.name, width - 40, FONT_SIZE))}</text></g>`;
    })
    .join('');

  const described = series
    .map((s) => `${s.name}：${s.values.map((v, i) => `${xLabels[i]} ${v === null ? '无' : formatValue(v)}`).join('，')}`)
    .join('；');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart line-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-size="${FONT_SIZE}" font-family="inherit">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(described)}</desc>` +
    `<text class="chart-title" x="0" y="16" font-size="15" font-weight="700">${escapeXml(title)}</text>` +
    `<g class="legend">${legend}</g><g class="grid">${grid}</g><g class="axis">${xAxis}</g>${lines}` +
    `<text class="axis-label" x="${margin.left - 6}" y="${margin.top - 14}" text-anchor="end" fill="#555">${escapeXml(yLabel)}</text>` +
    `<text class="axis-label" x="${round((margin.left + width - margin.right) / 2)}" y="${height - 8}" text-anchor="middle" fill="#555">${escapeXml(xLabel)}</text>` +
    `</svg>`
  );
}

