import type { ScaleBand, ScaleLinear, ScalePoint } from 'd3-scale';
import type { PlotBox } from './plot-box.ts';
import { escapeXml, LINE_HEIGHT, round } from './svg.ts';

/**
 * The axes a frame draws under its marks (Observable Plot's axis marks): a linear axis along the
 * bottom or the left with its grid, a band axis of labels on the left (one per bar), a point axis
 * of labels along the bottom (one per campaign). Labels come wrapped by the chart, which needs
 * their line count for its layout; the full text stays in a <title> when it was shortened.
 */

export type Axis =
  | {
      type: 'x-linear';
      scale: ScaleLinear<number, number>;
      ticks: number[];
      format: (value: number) => string;
      label?: string;
      /** Vertical grid lines at the ticks. */
      grid?: boolean;
      /** A dark rule at zero, where bars start. */
      baseline?: boolean;
    }
  | {
      type: 'y-linear';
      scale: ScaleLinear<number, number>;
      ticks: number[];
      format: (value: number) => string;
      label?: string;
    }
  | {
      type: 'y-band';
      scale: ScaleBand<number>;
      labels: LabelLines[];
      label?: string;
      /** Beside each bar, right-aligned (default), or on its own lines above it (band-labels.ts). */
      placement?: 'side' | 'above';
    }
  | { type: 'x-point'; scale: ScalePoint<number>; labels: LabelLines[]; label?: string };

/** A label as drawn (wrapped, maybe shortened) and its full text. */
export interface LabelLines {
  lines: string[];
  full: string;
}

const MUTED = '#555';

export function renderAxis(axis: Axis, box: PlotBox, height: number): string {
  switch (axis.type) {
    case 'x-linear': {
      const ticks = axis.ticks
        .map((tick) => {
          const tx = round(axis.scale(tick));
          const line = axis.grid ? `<line x1="${tx}" x2="${tx}" y1="${round(box.top - 4)}" y2="${round(box.bottom)}" stroke="#d0d0d0"/>` : '';
          return `<g class="tick">${line}<text x="${tx}" y="${round(box.bottom + 16)}" text-anchor="middle">${escapeXml(axis.format(tick))}</text></g>`;
        })
        .join('');
      const zero = round(axis.scale(0));
      const baseline = axis.baseline
        ? `<line class="baseline" x1="${zero}" x2="${zero}" y1="${round(box.top - 4)}" y2="${round(box.bottom)}" stroke="#333"/>`
        : '';
      const label = axis.label
        ? `<text class="axis-label" x="${round((box.left + box.right) / 2)}" y="${round(height - 8)}" text-anchor="middle">${escapeXml(axis.label)}</text>`
        : '';
      return `<g class="axis axis-x" fill="${MUTED}">${ticks}${label}</g>${baseline}`;
    }
    case 'y-linear': {
      const ticks = axis.ticks
        .map((tick) => {
          const ty = round(axis.scale(tick));
          return `<g class="tick"><line x1="${round(box.left)}" x2="${round(box.right)}" y1="${ty}" y2="${ty}" stroke="#e0e0e0"/><text x="${round(box.left - 6)}" y="${ty}" dy="0.35em" text-anchor="end">${escapeXml(axis.format(tick))}</text></g>`;
        })
        .join('');
      const label = axis.label ? `<text class="axis-label" x="0" y="${round(box.top - 14)}">${escapeXml(axis.label)}</text>` : '';
      return `<g class="axis axis-y" fill="${MUTED}">${ticks}${label}</g>`;
    }
    case 'y-band': {
      if (axis.placement === 'above') {
        // Just right of the baseline, so that the dark rule never runs through a glyph.
        const x = round(box.left + 4);
        const labels = axis.labels
          .map((label, i) => {
            // The last line sits just above the bar, the others above it.
            const y = round((axis.scale(i) ?? 0) - 5 - (label.lines.length - 1) * LINE_HEIGHT);
            return `<text x="${x}" y="${y}">${titled(label, x)}</text>`;
          })
          .join('');
        const title = axis.label ? `<text class="axis-label" x="0" y="${round(box.top - 10)}" fill="${MUTED}">${escapeXml(axis.label)}</text>` : '';
        return `<g class="axis axis-y labels-above">${title}${labels}</g>`;
      }
      const x = round(box.left - 8);
      const labels = axis.labels
        .map((label, i) => {
          const cy = (axis.scale(i) ?? 0) + axis.scale.bandwidth() / 2;
          const y = round(cy - ((label.lines.length - 1) * LINE_HEIGHT) / 2);
          return `<text x="${x}" y="${y}" dy="0.35em" text-anchor="end">${titled(label, x)}</text>`;
        })
        .join('');
      const title = axis.label
        ? `<text class="axis-label" x="${x}" y="${round(box.top - 10)}" text-anchor="end" fill="${MUTED}">${escapeXml(axis.label)}</text>`
        : '';
      return `<g class="axis axis-y">${title}${labels}</g>`;
    }
    case 'x-point': {
      const labels = axis.labels
        .map((label, i) => {
          // A point left unlabelled where labels are thinned out (line-chart.ts xLabelsFor).
          if (label.lines.length === 0) return '';
          const x = round(axis.scale(i) ?? 0);
          return `<text x="${x}" y="${round(box.bottom + 18)}" text-anchor="middle">${titled(label, x)}</text>`;
        })
        .join('');
      const title = axis.label
        ? `<text class="axis-label" x="${round((box.left + box.right) / 2)}" y="${round(height - 8)}" text-anchor="middle" fill="${MUTED}">${escapeXml(axis.label)}</text>`
        : '';
      return `<g class="axis axis-x" fill="#333">${labels}${title}</g>`;
    }
  }
}

/** A label's lines, with a tooltip of its full text when the lines shortened it. */
function titled(label: LabelLines, x: number): string {
  const shortened = label.lines.join('').replace(/\s+/g, '') !== label.full.replace(/\s+/g, '');
  const title = shortened ? `<title>${escapeXml(label.full)}</title>` : '';
  if (label.lines.length <= 1) return `${title}${escapeXml(label.lines[0] ?? '')}`;
  return title + label.lines.map((line, i) => `<tspan x="${x}"${i > 0 ? ` dy="${LINE_HEIGHT}"` : ''}>${escapeXml(line)}</tspan>`).join('');
}
