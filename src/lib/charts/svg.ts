/** Small helpers shared by the chart modules: escaping, text measure and number rounding. */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text from data goes into SVG markup: escape it. */
export function escapeXml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

/** Rounded coordinates keep the SVG small and its snapshots stable. */
export function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Estimated rendered width: CJK glyphs are one em wide, Latin ones about 0.6 em. */
export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) ems += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/.test(char) ? 1 : 0.6;
  return ems * fontSize;
}

/** Shortens a label to fit a width, with an ellipsis; the full text stays in the <title>. */
export function fitText(text: string, maxWidth: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  let fitted = '';
  for (const char of text) {
    if (textWidth(`${fitted}${char}…`, fontSize) > maxWidth) break;
    fitted += char;
  }
  return `${fitted}…`;
}

/** Punctuation that must not begin a line (Chinese line-breaking rules). */
const CLOSING = /[，。、；：？！）》」』】’”,.;:?!)\]…%％]/;

/**
 * Splits a label into at most `maxLines` lines of at most `maxWidth`, breaking between any two
 * CJK characters or at spaces; the last line is shortened with an ellipsis if the text is longer.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, maxLines = 2): string[] {
  const greedy = wrapGreedy(text, maxWidth, fontSize, maxLines);
  if (greedy.length < 2 || greedy[greedy.length - 1]?.endsWith('…')) return greedy;
  // Balance the lines (no lone last character): the narrowest width that needs no more lines.
  for (let width = textWidth(text, fontSize) / greedy.length; width < maxWidth; width += fontSize / 2) {
    const balanced = wrapGreedy(text, width, fontSize, greedy.length);
    if (balanced.length <= greedy.length && !balanced[balanced.length - 1]?.endsWith('…')) return balanced;
  }
  return greedy;
}

function wrapGreedy(text: string, maxWidth: number, fontSize: number, maxLines: number): string[] {
  if (textWidth(text, fontSize) <= maxWidth || maxLines <= 1) return [fitText(text, maxWidth, fontSize)];
  const lines: string[] = [];
  let rest = [...text];
  while (rest.length > 0 && lines.length < maxLines - 1) {
    let line = '';
    let taken = 0;
    for (const char of rest) {
      if (textWidth(line + char, fontSize) > maxWidth) break;
      line += char;
      taken++;
    }
    if (taken === 0) break; // a glyph wider than the line: let fitText shorten what is left
    // Latin words are not split: step back to the last space when the break falls inside one.
    const space = line.lastIndexOf(' ');
    if (taken < rest.length && /[\w.-]/.test(rest[taken] ?? '') && /[\w.-]$/.test(line) && space > 0) {
      taken = [...line.slice(0, space + 1)].length;
      line = line.slice(0, space);
    } else {
      // No line starts with closing punctuation (？，。）…): carry the last character over with it.
      while (taken > 1 && taken < rest.length && CLOSING.test(rest[taken] ?? '')) {
        taken--;
        line = [...line].slice(0, -1).join('');
      }
    }
    lines.push(line.trimEnd());
    rest = rest.slice(taken);
    while (rest[0] === ' ') rest = rest.slice(1);
  }
  if (rest.length > 0) lines.push(fitText(rest.join(''), maxWidth, fontSize));
  return lines;
}

/** Every text in a chart is drawn at 13 user units or more; titles at 15. */
export const FONT_SIZE = 13;
export const TITLE_SIZE = 15;
/** Distance between the baselines of wrapped lines. */
export const LINE_HEIGHT = 16;

/** Room either side of a label on its knock-out box. */
const KNOCK_OUT_PAD = 3;

/** The knock-out box's width: bold digits and % run about a fifth wider than textWidth's estimate. */
export function knockOutWidth(text: string, fontSize = FONT_SIZE): number {
  return round(textWidth(text, fontSize) * 1.2 + 2 * KNOCK_OUT_PAD);
}

/**
 * A value label drawn over a mark (a bar, a segment, its texture) on a white box of its own,
 * in black: 21:1 over the whole label whatever the mark's colour or texture, on screen and in
 * grayscale print. A stroke halo would not do: on hatching its thin edge still breaks the glyphs.
 * `anchor` is where `x` sits on the label: its middle or its end.
 */
export function knockOutLabel(text: string, x: number, y: number, anchor: 'middle' | 'end', fontSize = FONT_SIZE): string {
  const width = knockOutWidth(text, fontSize);
  const left = round(anchor === 'middle' ? x - width / 2 : x - width + KNOCK_OUT_PAD);
  // The line box of the glyphs (about 1.4 em in the CJK fonts), so the box lies under all of the label.
  const height = round(fontSize * 1.5);
  return (
    `<rect class="knock-out" x="${left}" y="${round(y - height / 2 - fontSize * 0.1)}" width="${width}" height="${height}" rx="2" fill="#fff"/>` +
    `<text x="${round(x)}" y="${round(y)}" dy="0.35em" text-anchor="${anchor}" font-weight="600" fill="#000">${escapeXml(text)}</text>`
  );
}
