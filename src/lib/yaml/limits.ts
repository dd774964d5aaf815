import { isAlias, LineCounter, Parser, visit, type Alias, type CST, type Document, type Node } from 'yaml';
import type { IssueList } from '../errors.ts';

/** What a YAML file may not do to the process reading it: alias bombs, cycles, nesting that overflows the stack. */

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

export const ALIAS_HINT = 'campaign.yml 中请直接写出内容；不要用 &锚点 和 *别名 层层引用同一段内容。';

/**
 * Aliases the yaml package would throw on while converting, reported where they are written:
 * one without an anchor before it, and one inside the very content it repeats (a cycle, which
 * would make an endless structure).
 */
export function checkAliases(doc: Document, file: string, issues: IssueList, at: (offset: number) => { line: number; column: number }): boolean {
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
export function bombAlias(doc: Document) {
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
export function tooDeep(text: string): { line: number; column: number } | undefined {
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
