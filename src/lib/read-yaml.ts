import { isAlias, isMap, isNode, isScalar, LineCounter, parseDocument, Parser, visit, type Alias, type CST, type Document, type ErrorCode, type Node } from 'yaml';
import type { z } from 'zod/v4';
import { expectationOf } from './schemas/fields.ts';
import type { IssueList } from './errors.ts';

/**
 * Parses a YAML file and validates it against a schema, reporting each problem at the line
 * and column of the offending key, so that a typo in campaign.yml is as easy to find as a bad
 * CSV cell.
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
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  };
  const deep = tooDeep(text);
  if (deep !== undefined) {
    issues.error(file, {
      ...deep,
      message: `YAML 的列表或对象嵌套超过 ${MAX_YAML_DEPTH} 层，文件已拒绝读取`,
      hint: 'campaign.yml 只需要几层嵌套；请检查是否多写了括号或“- ”。',
    });
    return null;
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
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

  const locate = (path: Array<string | number>) => locateNode(doc, lineCounter, path);
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

  for (const issue of parsed.error.issues) {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    const field = path.join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.error(file, {
          ...locate([...path, key]),
          field: [...path, key].join('.'),
          message: `未知的字段“${key}”`,
          hint: '请检查拼写；可用的字段见 README 的“数据格式”一节。',
        });
      }
      continue;
    }
    const missing = issue.code === 'invalid_type' && valueAt(raw, path) === undefined;
    issues.error(file, {
      ...locate(path),
      field,
      message: missing ? `缺少必填字段“${field}”` : issue.message,
      expected: expectationOf(issue),
      hint: hintOf(issue),
    });
  }
  return null;
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
function locateNode(doc: Document, lineCounter: LineCounter, path: Array<string | number>) {
  const parent = path.length === 0 ? undefined : path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  if (isMap(parent)) {
    const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path.at(-1));
    if (isScalar(pair?.key) && pair.key.range) {
      const position = lineCounter.linePos(pair.key.range[0]);
      return { line: position.line, column: position.col };
    }
  }
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const position = lineCounter.linePos(node.range[0]);
      return { line: position.line, column: position.col };
    }
  }
  return {};
}

function valueAt(value: unknown, path: Array<string | number>): unknown {
  let current = value;
  for (const key of path) current = current === null || typeof current !== 'object' ? undefined : Reflect.get(current, key);
  return current;
}
