/**
 * Pretty-prints the SVG the charts write: one element per line, indented by depth, so that a
 * changed chart is a readable diff. Text-bearing elements (text, tspan, title, desc) stay on one
 * line with their content, since whitespace inside them would be drawn. `parseSvg` gives the same
 * tree to tests, which read the numbers drawn back out of it. Only the charts' own output is
 * expected: no comments, CDATA or processing instructions.
 */

export interface SvgElement {
  name: string;
  attributes: Record<string, string>;
  children: SvgNode[];
}
export type SvgNode = SvgElement | string;

const INLINE = new Set(['text', 'tspan', 'title', 'desc']);
const TOKEN = /<\/([\w:-]+)\s*>|<([\w:-]+)((?:\s+[\w:-]+="[^"]*")*)\s*(\/?)>|([^<]+)/g;
const ATTRIBUTE = /([\w:-]+)="([^"]*)"/g;

export function parseSvg(svg: string): SvgElement {
  const root: SvgElement = { name: '#root', attributes: {}, children: [] };
  const stack: SvgElement[] = [root];
  for (const match of svg.matchAll(TOKEN)) {
    const [, closing, name, attributes = '', selfClosing, text] = match;
    const parent = stack[stack.length - 1] ?? root;
    if (closing !== undefined) {
      if (parent.name !== closing) throw new Error(`invalid svg: </${closing}> closes <${parent.name}>`);
      stack.pop();
    } else if (name !== undefined) {
      const element: SvgElement = { name, attributes: {}, children: [] };
      for (const [, key = '', value = ''] of attributes.matchAll(ATTRIBUTE)) element.attributes[key] = value;
      parent.children.push(element);
      if (!selfClosing) stack.push(element);
    } else if (text !== undefined) {
      parent.children.push(text);
    }
  }
  if (stack.length !== 1) throw new Error(`invalid svg: <${stack[stack.length - 1]?.name}> is not closed`);
  const [svgElement] = root.children;
  if (svgElement === undefined || typeof svgElement === 'string') throw new Error('invalid svg: no root element');
  return svgElement;
}

/** Element back to markup, compact; attribute values and text are kept escaped as parsed. */
export function serialize(node: SvgNode): string {
  if (typeof node === 'string') return node;
  const attributes = Object.entries(node.attributes)
    .map(([key, value]) => ` ${key}="${value}"`)
    .join('');
  if (node.children.length === 0) return `<${node.name}${attributes}/>`;
  return `<${node.name}${attributes}>${node.children.map(serialize).join('')}</${node.name}>`;
}

export function prettySvg(svg: string, indent = '  '): string {
  const out: string[] = [];
  const print = (node: SvgNode, depth: number) => {
    const pad = indent.repeat(depth);
    if (typeof node === 'string') {
      if (node.trim() !== '') out.push(pad + node.trim());
      return;
    }
    if (INLINE.has(node.name) || node.children.length === 0) {
      out.push(pad + serialize(node));
      return;
    }
    const open = serialize({ ...node, children: [] }).replace(/\/>$/, '>');
    out.push(pad + open);
    for (const child of node.children) print(child, depth + 1);
    out.push(`${pad}</${node.name}>`);
  };
  print(parseSvg(svg), 0);
  return `${out.join('\n')}\n`;
}

/** All elements of a name, depth first, in document order. */
export function selectAll(root: SvgElement, name: string): SvgElement[] {
  const found: SvgElement[] = [];
  const walk = (element: SvgElement) => {
    if (element.name === name) found.push(element);
    for (const child of element.children) if (typeof child !== 'string') walk(child);
  };
  walk(root);
  return found;
}

/** The text an element draws, its <title> tooltips left out. */
export function textOf(node: SvgNode): string {
  if (typeof node === 'string') return node;
  if (node.name === 'title') return '';
  return node.children.map(textOf).join('');
}
