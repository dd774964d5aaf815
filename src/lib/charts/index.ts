/** The chart modules' public functions; pages draw their charts through the registry (registry.ts). */
export { barChart, shareAxis, type BarChartOptions, type BarDatum } from './bar-chart.ts';
export { chartFigure } from './chart-figure.ts';
export type { ChartSpec } from './chart-spec.ts';
export { chartWidth, frame, PHONE, type FrameOptions, type Readability } from './frame.ts';
export { lineChart, type LineChartOptions, type LineSeries } from './line-chart.ts';
export type { PlotBox } from './plot-box.ts';
export { prettySvg } from './pretty-svg.ts';
export {
  CHARTS,
  chartTitle,
  drawChart,
  NEWS_CHARTS,
  type CampaignChartSources,
  type ChartName,
  type ChartScope,
  type NoticeChartSources,
  type OverviewChartSources,
  type TrendRow,
  type UnitChartSources,
} from './registry.ts';
export { PALETTE, seriesStyle, sortedDomain, styleSeries, type ColorDomain, type DomainKey, type SeriesStyle } from './series-style.ts';
export { stackedBarChart, type StackedBarChartOptions, type StackedRow } from './stacked-bar-chart.ts';
export { answerDistributionChart, favorableSharesChart, optionShares } from './survey-charts.ts';
