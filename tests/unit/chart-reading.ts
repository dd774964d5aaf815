import { parseSvg, selectAll, textOf, type SvgElement } from '../../src/lib/charts/pretty-svg.ts';

/**
 * Reads back what a chart draws — bar lengths against its own axis, printed values, text sizes —
 * so tests compare the picture with the data, not only the labels.
 */

export function classed(root: SvgElement, name: string, className: string): SvgElement[] {
  return selectAll(root, name).filter((element) => (element.attributes.class ?? '').split(' ').includes(className));
}

function num(element: SvgElement | undefined, attribute: string): number {
  const value = Number(element?.attributes[attribute]);
  if (!Number.isFinite(value)) throw new Error(`<${element?.name}> has no numeric ${attribute}`);
  return value;
}

/** Parses a tick label: `12` → 12, `40%` → 0.4. */
export function tickValue(text: string): number {
  return text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
}

/** The bottom value axis as drawn: the value → x map through its first and last ticks. */
export function valueAxis(root: SvgElement) {
  const [axis] = classed(root, 'g', 'axis-x');
  if (!axis) throw new Error('no x axis');
  const ticks = classed(axis, 'g', 'tick').map((tick) => {
    const [text] = selectAll(tick, 'text');
    return { x: num(text, 'x'), value: tickValue(textOf(text ?? '')) };
  });
  const first = ticks[0];
  const last = ticks[ticks.length - 1];
  if (!first || !last || first === last) throw new Error('the x axis needs two ticks');
  const pxPerUnit = (last.x - first.x) / (last.value - first.value);
  return { pxPerUnit, x0: first.x - first.value * pxPerUnit, ticks };
}

/** Bars as drawn: length in px, the value printed at it and its tooltip. */
export function drawnBars(root: SvgElement) {
  return classed(root, 'g', 'bar').map((bar) => {
    const [rect] = selectAll(bar, 'rect');
    const [printed] = selectAll(bar, 'text');
    const [title] = selectAll(bar, 'title');
    return { x: num(rect, 'x'), width: num(rect, 'width'), printed: textOf(printed ?? ''), title: title ? title.children.join('') : '' };
  });
}

/** Every text element with its font size as inherited from the svg. */
export function textSizes(root: SvgElement): Array<{ text: string; fontSize: number }> {
  const found: Array<{ text: string; fontSize: number }> = [];
  const walk = (element: SvgElement, inherited: number) => {
    const size = element.attributes['font-size'] ? Number(element.attributes['font-size']) : inherited;
    if (element.name === 'text') found.push({ text: textOf(element), fontSize: size });
    for (const child of element.children) if (typeof child !== 'string') walk(child, size);
  };
  walk(root, 16);
  return found;
}

export function viewBox(root: SvgElement) {
  const [, , width = 0, height = 0] = (root.attributes.viewBox ?? '').split(' ').map(Number);
  return { width, height };
}

export { parseSvg };
