import { isAlias, isMap, isNode, isScalar, LineCounter, parseDocument, Parser, visit, type Alias, type CST, type Document, type ErrorCode, type Node } from 'yaml';
import { z } from 'zod/v4';
import { closestMatches, didYouMean, expectationOf } from './schemas/fields.ts';
import type { IssueList } from './errors.ts';

/**
 * Parses a YAML file and validates it against a schema, reporting each problem at the line
 * and column of the offending key, so that a typo in campaign.yml is as easy to find as a bad
 * CSV cell.
 */

/**
 * `readYaml` returns null when the file cannot be read or does not match its schema. When the
 * only mistakes were common slips (a full-width colon, a tab in the indentation, …), they are
 * reported and the file is read as it was meant, so that the checks made after validation
 * (unknown units, teams) can report their mistakes in the same run.
 */
export interface YamlFile<T> {
  value: T;
  /** The 1-based line and column of the node at a path, for checks made after validation. */
  locate(path: Array<string | number>): { line?: number; column?: number };
}

/**
 * How often the aliases of a document may repeat an anchor's content (the `yaml` package's
 * `maxAliasCount`, whose default this is, written out so that it cannot silently change). An
 * alias whose anchor itself holds aliases counts as many times as those are used, so a
 * "billion laughs" document (&a, then [*a, *a, …] nine times over) is refused long before it
 * is expanded, while a campaign.yml that reuses a list a few times is fine.
 */
export const MAX_ALIAS_COUNT = 100;

/**
 * How deeply lists and maps may nest (campaign.yml needs 4). The yaml package composes nested
 * collections by recursion: ten thousand `[` overflow the stack, and in some runtimes the
 * overflow takes the whole process down instead of ending as an error. The nesting is
 * therefore measured first, on the package's concrete syntax tree, which its parser builds
 * without recursion.
 */
export const MAX_YAML_DEPTH = 64;

/** A file with more syntax errors than this lists the first ones only (a deeply nested bomb gives thousands). */
const MAX_SYNTAX_ERRORS = 10;

const ALIAS_HINT = 'campaign.yml 中请直接写出内容；不要用 &锚点 和 *别名 层层引用同一段内容。';

/** What went wrong, in words, for the `yaml` package's error codes; its English message follows in brackets. */
const SYNTAX_MESSAGES: Partial<Record<ErrorCode, string>> = {
  BAD_INDENT: '缩进不对',
  TAB_AS_INDENT: '缩进中有制表符（Tab）',
  MISSING_CHAR: '缺少括号、引号或冒号',
  UNEXPECTED_TOKEN: '此处不应出现这个符号',
  DUPLICATE_KEY: '同一个字段写了两次',
  MULTIPLE_DOCS: '文件中有多个 YAML 文档（“---”分隔），只能有一个',
  MULTILINE_IMPLICIT_KEY: '字段名不能跨行',
  BLOCK_AS_IMPLICIT_KEY: '字段名不能是列表或对象',
  BAD_SCALAR_START: '文字不能以这个符号开头，请加引号',
  BAD_DQ_ESCAPE: '双引号中的转义符（\\）不正确',
  KEY_OVER_1024_CHARS: '字段名超过 1024 个字符',
  RESOURCE_EXHAUSTION: '嵌套层数太多，无法读取',
  TAG_RESOLVE_FAILED: '不支持的 YAML 标签（以 ! 开头的类型标记）',
  BAD_ALIAS: '别名写法不对',
};

export function readYaml<Schema extends z.ZodType>(
  text: string,
  file: string,
  schema: Schema,
  issues: IssueList,
): YamlFile<z.output<Schema>> | null {
  const deep = tooDeep(text);
  if (deep !== undefined) {
    issues.error(file, {
      ...deep,
      message: `YAML 的列表或对象嵌套超过 ${MAX_YAML_DEPTH} 层，文件已拒绝读取`,
      hint: 'campaign.yml 只需要几层嵌套；请检查是否多写了括号或“- ”。',
    });
    return null;
  }
  // The common slips are reported each in words of its own, all of them, and the file is then
  // read with them corrected: the positions of that text are mapped back to the file's.
  const keys = schemaKeys(schema);
  // A tab stands for as many spaces as the editor showed, which the file does not say: the
  // common widths are tried in turn, and the first that makes the file readable is taken.
  const readable = (attempt: Slips) => attempt.tabs === 0 || parseDocument(attempt.corrected).errors.length === 0;
  let slips = findSlips(text, keys, TAB_WIDTH);
  if (!readable(slips)) slips = OTHER_TAB_WIDTHS.map((width) => findSlips(text, keys, width)).find(readable) ?? slips;
  slips.list.slice(0, MAX_SLIPS).forEach(({ line, column, message, expected, hint }) => {
    issues.error(file, { line, column, message: `YAML 格式错误：${message}`, expected, hint });
  });
  if (slips.list.length > MAX_SLIPS) {
    const { line, column } = slips.list[MAX_SLIPS] ?? {};
    issues.error(file, { line, column, message: `YAML 格式错误：还有 ${slips.list.length - MAX_SLIPS} 处同类错误未列出` });
  }
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: slips.originalColumn(position.line, position.col) };
  };
  const doc = parseDocument(slips.corrected, { lineCounter, prettyErrors: false });
  // An unknown tag (`!!js/function`, `!foo`) is only a warning to the yaml package; here it is
  // a mistake like any other, since the value would silently be read as plain text.
  const problems = [...doc.errors, ...doc.warnings];
  const seen = new Set<string>();
  let reported = 0;
  for (const error of problems) {
    const key = `${error.code}:${error.pos[0]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (reported === MAX_SYNTAX_ERRORS) {
      issues.error(file, { ...at(error.pos[0]), message: `YAML 格式错误：还有 ${problems.length - reported} 处错误未列出` });
      break;
    }
    reported++;
    const english = error.message.split('\n')[0] ?? '';
    const words = SYNTAX_MESSAGES[error.code];
    issues.error(file, {
      ...at(error.pos[0]),
      message: `YAML 格式错误：${words ? `${words}（${english}）` : english}`,
      hint: '注意缩进只能用空格，冒号后要有一个空格，含冒号或井号的文字请加引号。',
    });
  }
  if (problems.length > 0) return null;
  if (!checkAliases(doc, file, issues, at)) return null;

  const locate = (path: Array<string | number>) => locateNode(doc, at, path);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (error) {
    // The yaml package throws a ReferenceError when aliases expand beyond MAX_ALIAS_COUNT; it
    // does not say where, so the first alias that repeats other aliases is named.
    const alias = bombAlias(doc);
    const where = alias?.range ? at(alias.range[0]) : {};
    issues.error(
      file,
      error instanceof ReferenceError
        ? {
            ...where,
            message: `YAML 别名展开次数过多（超过 ${MAX_ALIAS_COUNT} 次${alias ? `，从 *${alias.source} 开始` : ''}），文件已拒绝读取：这是“billion laughs”式的资源耗尽写法`,
            hint: ALIAS_HINT,
          }
        : { message: `YAML 无法读取：${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}` },
    );
    return null;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { value: parsed.data, locate };

  const paths = parsed.error.issues.map((issue) => issue.path.filter((key): key is string | number => typeof key !== 'symbol'));
  /** Missing keys that a misspelt key stands for: "未知的字段“leaderUnt”" says all there is to say. */
  const misspelt = new Set<string>();
  const suggestions = parsed.error.issues.map((issue, i) => {
    if (issue.code !== 'unrecognized_keys') return [];
    const path = paths[i] ?? [];
    const present = valueAt(raw, path);
    const unused = (keysAt(schema, path) ?? []).filter((key) => present === null || typeof present !== 'object' || !Object.hasOwn(present, key));
    return issue.keys.map((key) => {
      const [match, ...others] = closestMatches(key, unused);
      if (match !== undefined && others.length === 0) misspelt.add(JSON.stringify([...path, match]));
      return didYouMean(key, unused);
    });
  });
  parsed.error.issues.forEach((issue, i) => {
    const path = paths[i] ?? [];
    const field = yamlFieldName(path);
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysAt(schema, path) ?? [];
      issue.keys.forEach((key, k) => {
        issues.error(file, {
          ...locate([...path, key]),
          field: yamlFieldName([...path, key]),
          message: `未知的字段“${key}”`,
          expected: allowed.length > 0 ? `${path.length > 0 ? `${field}中` : ''}可用的字段：${allowed.join('、')}` : undefined,
          hint: suggestions[i]?.[k] ?? '请检查拼写；可用的字段见 README 的“数据格式”一节。',
        });
      });
      return;
    }
    const value = valueAt(raw, path);
    const key = path.at(-1);
    const missing = value === undefined && typeof key === 'string' && issue.code !== 'custom';
    if (missing && misspelt.has(JSON.stringify(path))) return;
    const owner = path.slice(0, -1);
    issues.error(file, {
      ...locate(path),
      field,
      message: missing
        ? owner.length > 0
          ? spaced(yamlFieldName(owner), `缺少必填字段“${key}”`)
          : `缺少必填字段“${field}”`
        : issue.message,
      expected: expectationOf(issue),
      hint:
        hintOf(issue) ??
        (issue.code === 'invalid_value' && typeof value === 'string'
          ? didYouMean(value, issue.values.filter((option): option is string => typeof option === 'string'))
          : undefined),
    });
  });
  return null;
}

/** How the items of campaign.yml's lists are named, 1-based: teams[1] → 第 2 个检查组. */
const ITEM_NAMES: Partial<Record<string, (n: number) => string>> = {
  teams: (n) => `第 ${n} 个检查组`,
  questions: (n) => `第 ${n} 题`,
};

/** Sections named in words when something inside them is meant: survey.title → 问卷的 title. */
const SECTION_NAMES: Partial<Record<string, string>> = { survey: '问卷' };

const ASCII_WORD = /[A-Za-z0-9_]/;

/** Joins two phrases with a space where a Latin word meets Chinese text, as the messages write them. */
function spaced(a: string, b: string): string {
  return ASCII_WORD.test(a.at(-1) ?? '') || ASCII_WORD.test(b[0] ?? '') ? `${a} ${b}` : `${a}${b}`;
}

/**
 * The field at a path in the words of a campaign.yml error: item numbers 1-based, lists and
 * sections named in Chinese, keys as written in the file. teams[1].leaderUnit → "第 2 个检查组的
 * leaderUnit"; survey.questions[0].options[2] → "问卷第 1 题的 options 第 3 项".
 */
export function yamlFieldName(path: ReadonlyArray<string | number>): string {
  let name = '';
  /** What the name ends with: "的" joins what follows, except an item of a section (问卷第 1 题). */
  let last: 'nothing' | 'section' | 'other' = 'nothing';
  const append = (words: string, isItem: boolean) => {
    const direct = last === 'nothing' || (last === 'section' && isItem);
    name = direct ? `${name}${words}` : spaced(`${name}${ASCII_WORD.test(name.at(-1) ?? '') ? ' ' : ''}的`, words);
  };
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = path[i + 1];
    if (key === undefined) break; // i < path.length
    if (typeof key === 'number') {
      name = spaced(name, `第 ${key + 1} 项`);
      last = 'other';
      continue;
    }
    const item = typeof next === 'number' ? ITEM_NAMES[key] : undefined;
    const section = next === undefined ? undefined : SECTION_NAMES[key];
    if (item && typeof next === 'number') {
      append(item(next + 1), true);
      i++;
    } else {
      append(section ?? key, false);
    }
    last = section ? 'section' : 'other';
  }
  return name;
}

/** The keys an object of the schema allows at a path (through lists, optional and default values). */
function keysAt(schema: z.ZodType, path: ReadonlyArray<string | number>): string[] | undefined {
  let current: unknown = schema;
  for (const key of [...path, undefined]) {
    current = unwrap(current);
    if (key === undefined) return current instanceof z.ZodObject ? Object.keys(current.shape) : undefined;
    if (typeof key === 'number') current = current instanceof z.ZodArray ? current.element : undefined;
    else current = current instanceof z.ZodObject ? current.shape[key] : undefined;
  }
  return undefined;
}

/** Every key any object of the schema allows, at any depth. */
function schemaKeys(schema: z.ZodType): Set<string> {
  const keys = new Set<string>();
  const pending: unknown[] = [schema];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    const type = unwrap(current);
    if (type instanceof z.ZodObject) {
      for (const [key, value] of Object.entries(type.shape)) {
        keys.add(key);
        pending.push(value);
      }
    } else if (type instanceof z.ZodArray) {
      pending.push(type.element);
    }
  }
  return keys;
}

/** The schema inside optional, default and transformed values. */
function unwrap(type: unknown): unknown {
  let current = type;
  for (;;) {
    if (current instanceof z.ZodOptional || current instanceof z.ZodNullable || current instanceof z.ZodDefault || current instanceof z.ZodPrefault) {
      current = current.unwrap();
    } else if (current instanceof z.ZodPipe) {
      current = current.in;
    } else {
      return current;
    }
  }
}

/** How many spaces a tab in the indentation most likely meant, and what else it may have meant. */
const TAB_WIDTH = 4;
const OTHER_TAB_WIDTHS = [2, 8];

type Slips = ReturnType<typeof findSlips>;

/** A file's commonest slips reported this many at most (a file indented with tabs throughout has one per line). */
const MAX_SLIPS = 30;

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
function findSlips(text: string, keys: Set<string>, tabWidth: number) {
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
    const slip = (column: number, message: string, extra: { expected?: string; hint?: string } = {}) =>
      list.push({ line, column, message, ...extra });
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
    if (quote === undefined && flowDepth === 0 && BLOCK_SCALAR.test(body.slice(lastToken).replace(/\s+#.*$/, '').trim())) {
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

/**
 * Aliases the yaml package would throw on while converting, reported where they are written:
 * one without an anchor before it, and one inside the very content it repeats (a cycle, which
 * would make an endless structure).
 */
function checkAliases(doc: Document, file: string, issues: IssueList, at: (offset: number) => { line: number; column: number }): boolean {
  let ok = true;
  const anchors = new Map<string, Node>();
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const target = anchors.get(node.source);
        const where = node.range ? at(node.range[0]) : {};
        if (!target) {
          issues.error(file, { ...where, message: `YAML 别名 *${node.source} 没有对应的锚点 &${node.source}（锚点必须写在别名之前）`, hint: ALIAS_HINT });
          ok = false;
        } else if (contains(target, node)) {
          issues.error(file, { ...where, message: `YAML 别名 *${node.source} 引用了包含它自身的内容（循环引用）`, hint: ALIAS_HINT });
          ok = false;
        }
        return;
      }
      if (node.anchor) anchors.set(node.anchor, node);
    },
  });
  return ok;
}

function contains(ancestor: Node, node: Node): boolean {
  let found = false;
  visit(ancestor, (_key, child) => {
    if (child === node) {
      found = true;
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

/** The first alias that repeats content holding aliases itself: where an alias bomb starts. */
function bombAlias(doc: Document) {
  const anchors = new Map<string, Node>();
  let first: Alias | undefined;
  let nested: Alias | undefined;
  visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        first ??= node;
        const target = anchors.get(node.source);
        let holdsAliases = false;
        if (target) visit(target, { Alias: () => ((holdsAliases = true), visit.BREAK) });
        if (holdsAliases) {
          nested = node;
          return visit.BREAK;
        }
        return undefined;
      }
      if (node.anchor) anchors.set(node.anchor, node);
      return undefined;
    },
  });
  return nested ?? first;
}

/** Where the first collection nested deeper than MAX_YAML_DEPTH starts, if any: a walk with its own stack. */
function tooDeep(text: string): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const stack: Array<{ token: CST.Token | undefined; depth: number }> = [];
  for (const token of new Parser(lineCounter.addNewLine).parse(text)) stack.push({ token, depth: 0 });
  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { token, depth } = entry;
    if (token === undefined) continue;
    if (token.type === 'document') {
      stack.push({ token: token.value, depth });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > MAX_YAML_DEPTH) {
        const position = lineCounter.linePos(token.offset);
        return { line: position.line, column: position.col };
      }
      for (const item of token.items) {
        if ('key' in item) stack.push({ token: item.key ?? undefined, depth: depth + 1 });
        stack.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

/** The `params.hint` a schema attached to a custom issue, if any. */
function hintOf(issue: z.core.$ZodIssue): string | undefined {
  const hint: unknown = 'params' in issue ? issue.params?.hint : undefined;
  return typeof hint === 'string' ? hint : undefined;
}

/**
 * A map key is located at the key itself; otherwise the nearest node that exists on the path
 * (a missing key is reported at its parent).
 */
function locateNode(doc: Document, at: (offset: number) => { line: number; column: number }, path: Array<string | number>) {
  const parent = path.length === 0 ? undefined : path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1));
    if (isScalar(pair?.key) && pair.key.range) return at(pair.key.range[0]);
  }
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return at(node.range[0]);
  }
  return {};
}

function valueAt(value: unknown, path: Array<string | number>): unknown {
  let current = value;
  for (const key of path) current = current === null || typeof current !== 'object' ? undefined : Reflect.get(current, key);
  return current;
}
