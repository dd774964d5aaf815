/** The chart modules' public functions; pages may import these or the files themselves. */
export { barChart, shareAxis, type BarChartOptions, type BarDatum } from './bar-chart.ts';
export {
  findingsByCategoryChart,
  findingsByUnitChart,
  findingsTrendChart,
  rectificationByUnitChart,
  surveyFavorableChart,
  surveyQuestionChart,
  type ChartSpec,
  type TrendRow,
} from './campaign-charts.ts';
export { chartFigure } from './chart-figure.ts';
export { chartWidth, frame, PHONE, type FrameOptions, type PlotBox, type Readability } from './frame.ts';
export { lineChart, type LineChartOptions, type LineSeries } from './line-chart.ts';
export { prettySvg } from './pretty-svg.ts';
export { PALETTE, seriesStyle, sortedDomain, styleSeries, type ColorDomain, type DomainKey, type SeriesStyle } from './series-style.ts';
export { stackedBarChart, type StackedBarChartOptions, type StackedRow } from './stacked-bar-chart.ts';
export { answerDistributionChart, favorableSharesChart, optionShares } from './survey-charts.ts';
