import { html } from 'ghtml';
import { figuresTable } from '../html/table.ts';
import type { ChartSpec } from './chart-spec.ts';

/**
 * A chart as the pages show it: the SVG, then its data as a table, for screen readers and for
 * checking the figures. The one markup of a chart, used by ChartFigure.astro and by the news
 * article's `{% chart %}`; the SVG is the chart builders' (labels escaped), the table escapes
 * every cell.
 */
export function chartFigure({ svg, tableCaption, headers, rows }: ChartSpec): string {
  return (
    `<figure class="chart-figure">${svg}<details><summary>查看数据表</summary>` +
    html`<div class="table-scroll" tabindex="0" role="region" aria-label="${tableCaption}">` +
    `${figuresTable(tableCaption, headers, rows)}</div></details></figure>`
  );
}
