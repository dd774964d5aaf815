/**
 * The commonest slips in a hand-written YAML file, found and corrected so that the file is read
 * as meant and every later check can still run (read-yaml.ts reports them).
 */

/** How many spaces a tab in the indentation most likely meant, and what else it may have meant. */
export const TAB_WIDTH = 4;
export const OTHER_TAB_WIDTHS = [2, 8];

export type Slips = ReturnType<typeof findSlips>;

/** A file's commonest slips reported this many at most (a file indented with tabs throughout has one per line). */
export const MAX_SLIPS = 30;

interface Slip {
  line: number;
  column: number;
  message: string;
  expected?: string;
  hint?: string;
}

/** A change made to a line to read it as meant: `remove` characters at `at` (0-based) replaced by `insert`. */
interface Edit {
  at: number;
  remove: number;
  insert: string;
}

const SLIP_COLON = '冒号应为英文半角冒号“:”，并在冒号后加一个空格';
const SLIP_COMMA = '列表中的逗号应为英文半角逗号“,”';
const SLIP_TAB = '缩进只能用空格，不能用制表符（Tab）';
const SLIP_SPACE = '冒号后要有一个空格';

/** A key at the start of a line's content, followed by a full-width colon, or by a colon and no space. */
const FULL_WIDTH_COLON_KEY = /^([A-Za-z_][\w-]*)[ \t]*：/;
const TIGHT_COLON_KEY = /^([A-Za-z_][\w-]*):(?=[^\s/:])/;
/** Leading spaces and list dashes: the indentation, where a tab is never allowed. */
const INDENTATION = /^(?:[ \t]*-(?=[ \t]|$))*[ \t]*/;
/** What a block scalar (`|`, `>-`, …) starts with: the lines below are text. */
const BLOCK_SCALAR = /^[|>][+-]?[1-9]?[+-]?$/;

/**
 * The commonest slips of people who write Chinese: a full-width colon after a key (`place：…`),
 * a full-width comma in a list (`[a，b]`), a tab in the indentation, a key without a space
 * after its colon (`place:陕西`). The raw lines are scanned, outside quoted text, comments and
 * block text, and the text is corrected for reading on. A key followed by a colon is only taken
 * for one on a line of its own; after a list dash (where any text may stand) only when it is
 * one of the schema's keys.
 */
export function findSlips(text: string, keys: Set<string>, tabWidth: number) {
  const list: Slip[] = [];
  const edits = new Map<number, Edit[]>();
  let tabs = 0;
  const lines = text.split('\n');
  let quote: '"' | "'" | undefined;
  let flowDepth = 0;
  let blockIndent: number | undefined;
  const corrected = lines.map((raw, index) => {
    const line = index + 1;
    const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const indent = /^[ \t]*/.exec(body)?.[0].length ?? 0;
    if (blockIndent !== undefined) {
      if (body.trim() === '' || indent > blockIndent) return raw;
      blockIndent = undefined;
    }
    const changes: Edit[] = [];
    const firstSlip = list.length;
    const slip = (column: number, message: string, extra: { expected?: string; hint?: string } = {}) => list.push({ line, column, message, ...extra });
    let start = 0;
    if (quote === undefined && flowDepth === 0 && body.trim() !== '' && !body.trimStart().startsWith('#')) {
      const indentation = INDENTATION.exec(body)?.[0] ?? '';
      const firstTab = indentation.indexOf('\t');
      if (firstTab >= 0) {
        slip(firstTab + 1, SLIP_TAB, { hint: '请把行首的 Tab 换成空格，同一层的字段用同样多的空格对齐。' });
        tabs++;
        // Each tab up to the next tab stop, as an editor shows it.
        let width = 0;
        for (let i = 0; i < indentation.length; i++) {
          const spaces = indentation[i] === '\t' ? tabWidth - (width % tabWidth) : 1;
          if (indentation[i] === '\t') changes.push({ at: i, remove: 1, insert: ' '.repeat(spaces) });
          width += spaces;
        }
      }
      start = indentation.length;
      const rest = body.slice(start);
      const afterDash = indentation.includes('-');
      const wide = FULL_WIDTH_COLON_KEY.exec(rest);
      const tight = TIGHT_COLON_KEY.exec(rest);
      const key = wide?.[1] ?? tight?.[1];
      if (key !== undefined && (!afterDash || keys.has(key))) {
        if (wide) {
          const colon = start + wide[0].length - 1;
          const spaceAfter = /[ \t]/.test(body[colon + 1] ?? ' ');
          changes.push({ at: colon, remove: 1, insert: spaceAfter ? ':' : ': ' });
          slip(colon + 1, SLIP_COLON, { hint: '中文输入法下输入的“：”不是 YAML 的冒号；请切换到英文输入法再输入冒号。' });
          start = colon + 1;
        } else {
          const colon = start + key.length;
          changes.push({ at: colon + 1, remove: 0, insert: ' ' });
          slip(colon + 1, SLIP_SPACE, { hint: '没有空格时，整行会被当作一段文字，而不是“字段: 值”。' });
          start = colon + 1;
        }
      }
    }
    // The rest of the line: quoted text, flow lists and comments, and the full-width commas in lists.
    let tokenStart = true;
    let lastToken = start;
    for (let i = start; i < body.length; i++) {
      const char = body[i];
      if (quote !== undefined) {
        if (quote === '"' && char === '\\') i++;
        else if (char === quote && quote === "'" && body[i + 1] === "'") i++;
        else if (char === quote) quote = undefined;
        continue;
      }
      if (char === ' ' || char === '\t') continue;
      if (char === '#' && (i === 0 || body[i - 1] === ' ' || body[i - 1] === '\t')) break;
      if (tokenStart) lastToken = i;
      if (tokenStart && (char === '"' || char === "'")) {
        quote = char;
        tokenStart = false;
      } else if (tokenStart && (char === '[' || char === '{')) {
        flowDepth++;
      } else if (flowDepth > 0 && (char === ']' || char === '}')) {
        flowDepth--;
        tokenStart = false;
      } else if (flowDepth > 0 && char === ',') {
        tokenStart = true;
      } else if (flowDepth > 0 && char === '，') {
        changes.push({ at: i, remove: 1, insert: /\s/.test(body[i + 1] ?? ' ') ? ',' : ', ' });
        slip(i + 1, SLIP_COMMA, { hint: '中文输入法下输入的“，”不分隔列表项；若逗号本是文字的一部分，请给这一项加引号。' });
        tokenStart = true;
      } else if (char === ':' && /[\s,\]}]/.test(body[i + 1] ?? ' ')) {
        tokenStart = true;
      } else if (char === '-' && tokenStart && flowDepth === 0 && /\s/.test(body[i + 1] ?? ' ')) {
        tokenStart = true;
      } else {
        tokenStart = false;
      }
    }
    if (
      quote === undefined &&
      flowDepth === 0 &&
      BLOCK_SCALAR.test(
        body
          .slice(lastToken)
          .replace(/\s+#.*$/, '')
          .trim(),
      )
    ) {
      blockIndent = indent;
    }
    if (changes.length === 0) return raw;
    edits.set(line, changes);
    let fixed = '';
    let from = 0;
    for (const change of changes) {
      fixed += raw.slice(from, change.at) + change.insert;
      from = change.at + change.remove;
    }
    fixed += raw.slice(from);
    // Each slip shows its line as it should read (tabs are not visible, so those are left out).
    for (const each of list.slice(firstSlip)) if (each.message !== SLIP_TAB) each.expected = fixed.trim();
    return fixed;
  });
  return {
    list,
    /** How many lines had a tab in their indentation. */
    tabs,
    corrected: corrected.join('\n'),
    /** The 1-based column in the file of a column in the corrected text. */
    originalColumn(line: number, column: number): number {
      let shift = 0;
      for (const change of edits.get(line) ?? []) {
        const at = change.at + shift;
        if (column - 1 < at) break;
        if (column - 1 < at + change.insert.length) return change.at + 1;
        shift += change.insert.length - change.remove;
      }
      return column - shift;
    },
  };
}
