/** The plot area inside a chart's frame, in the SVG's user units: what the frame gives the axes and the marks. */
export interface PlotBox {
  width: number;
  height: number;
  /** x of the plot area's left and right edges, y of its top and bottom edges. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}
