/** A chart as every page shows it: the SVG and the figures of its data table (chart-figure.ts lays both out). */
export interface ChartSpec {
  svg: string;
  /** Caption of the data table under the chart. */
  tableCaption: string;
  headers: string[];
  rows: Array<Array<string | number>>;
}
