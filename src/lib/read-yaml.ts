import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
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

export function readYaml<Schema extends z.ZodType>(
  text: string,
  file: string,
  schema: Schema,
  issues: IssueList,
): YamlFile<z.output<Schema>> | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  for (const error of doc.errors) {
    const position = lineCounter.linePos(error.pos[0]);
    issues.error(file, {
      line: position.line,
      column: position.col,
      message: `YAML 格式错误：${error.message.split('\n')[0]}`,
      hint: '注意缩进只能用空格，冒号后要有一个空格，含冒号或井号的文字请加引号。',
    });
  }
  if (doc.errors.length > 0) return null;

  const locate = (path: Array<string | number>) => locateNode(doc, lineCounter, path);
  const raw: unknown = doc.toJS() ?? {};
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
    });
  }
  return null;
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
