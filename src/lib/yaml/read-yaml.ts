import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document, type ErrorCode } from 'yaml';
import { z } from 'zod/v4';
import { expectationOf } from '../schemas/fields.ts';
import { closestMatches, didYouMean } from '../text/fuzzy.ts';
import type { IssueList } from '../errors.ts';

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

import { spaced, yamlFieldName } from './field-names.ts';
import { ALIAS_HINT, bombAlias, checkAliases, MAX_ALIAS_COUNT, MAX_YAML_DEPTH, tooDeep } from './limits.ts';
import { keysAt, schemaKeys } from './schema-keys.ts';
import { findSlips, MAX_SLIPS, OTHER_TAB_WIDTHS, TAB_WIDTH, type Slips } from './slips.ts';

export { MAX_ALIAS_COUNT, MAX_YAML_DEPTH } from './limits.ts';
export { yamlFieldName } from './field-names.ts';

/** A file with more syntax errors than this lists the first ones only (a deeply nested bomb gives thousands). */
const MAX_SYNTAX_ERRORS = 10;

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

export function readYaml<Schema extends z.ZodType>(text: string, file: string, schema: Schema, issues: IssueList): YamlFile<z.output<Schema>> | null {
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
      message: missing ? (owner.length > 0 ? spaced(yamlFieldName(owner), `缺少必填字段“${key}”`) : `缺少必填字段“${field}”`) : issue.message,
      expected: expectationOf(issue),
      hint:
        hintOf(issue) ??
        (issue.code === 'invalid_value' && typeof value === 'string'
          ? didYouMean(
              value,
              issue.values.filter((option): option is string => typeof option === 'string'),
            )
          : undefined),
    });
  });
  return null;
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
