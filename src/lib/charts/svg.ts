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

export const FONT_SIZE = 13;

/** Grey fills that stay distinct in black-and-white print, paired with hatching patterns. */
export const GREYS = ['#1f4e79', '#5b8cc0', '#a9c4e0', '#d9d9d9', '#7f7f7f', '#404040'];

/** Pattern definitions so that series differ by texture as well as tone when printed. */
export function patternDefs(prefix: string, count: number): string {
  const patterns: string[] = [];
  for (let i = 0; i < count; i++) {
    const fill = GREYS[i % GREYS.length];
    const mark = [
      '',
      '<path d="M0,6 L6,0" stroke="#fff" stroke-width="1.2"/>',
      '<circle cx="3" cy="3" r="1.1" fill="#1f1f1f"/>',
      '<path d="M0,0 L6,6" stroke="#1f1f1f" stroke-width="0.8"/>',
      '<path d="M3,0 L3,6" stroke="#fff" stroke-width="1.2"/>',
      '<path d="M0,3 L6,3" stroke="#fff" stroke-width="1.2"/>',
    ][i % 6];
    patterns.push(
      `<pattern id="${prefix}-p${i}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${fill}"/>${mark}</pattern>`,
    );
  }
  return `<defs>${patterns.join('')}</defs>`;
}
