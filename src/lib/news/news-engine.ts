import type { Context, Liquid, LiquidError } from 'liquidjs';
import type { ComparisonWording } from '../format/comparison.ts';

/**
 * The news template engine, defined once and run in two places: in the sandbox's child process
 * (template-sandbox.ts), which fills every article the site shows and can kill a template that
 * LiquidJS's own limits fail to stop, and in-process by renderNews, for the tests.
 *
 * `createNewsEngine` and `escapeMarkdown` are therefore self-contained: they use nothing but their
 * parameters and JavaScript built-ins, because the child receives their source text
 * (`Function.prototype.toString`) and cannot import TypeScript. Do not reference an imported
 * binding or a module-level constant inside them; pass it in instead.
 */

/** How far a template may go, in the sandbox's child as in-process. */
export interface NewsLimits {
  /** Characters of template text (LiquidJS `parseLimit`). */
  parseLimit: number;
  /** Milliseconds for one render (LiquidJS `renderLimit`, checked between tags: cooperative). */
  renderLimit: number;
  /** Characters and elements LiquidJS accounts for in ranges, strings and arrays (`memoryLimit`). */
  memoryLimit: number;
  /** UTF-8 bytes of the filled template (the Markdown of the article). */
  maxArticleBytes: number;
}

export const NEWS_LIMITS: NewsLimits = {
  parseLimit: 1_000_000,
  renderLimit: 2_000,
  memoryLimit: 20_000_000,
  maxArticleBytes: 1_000_000,
};

/**
 * A name the template wrote that does not exist: a placeholder (its path up to the first part
 * that is missing), a filter or a chart, with the names that do exist there, for a did-you-mean
 * (template-issue.ts words it, with the project's fuzzy matcher).
 */
export type UnknownName =
  | {
      kind: 'placeholder';
      /** The placeholder's parts as LiquidJS looked them up (`findings`, `totl`); the last is the one missing. */
      path: Array<string | number>;
      /** The names that exist where the last part was looked for: the keys of `findings`, say. */
      known: string[];
    }
  | { kind: 'filter' | 'chart'; name: string; known: string[] };

/** What went wrong while filling a template, as plain data that crosses a process boundary. */
export interface FillProblem {
  /** Which limit stopped the template, if one did. */
  limit?: 'parse' | 'render' | 'memory' | 'size';
  /** The engine's message (English, or Chinese for a chart), without LiquidJS's appended location. */
  message: string;
  line?: number;
  column?: number;
  /** For `size`: the UTF-8 bytes of the filled text. */
  bytes?: number;
  /** LiquidJS's own errors (unknown variables, syntax) as opposed to a failed filter assertion. */
  liquid: boolean;
  unknown?: UnknownName;
}

/**
 * The charts a campaign's article may place with `{% chart %}`, by name: why one cannot be
 * drawn for this campaign (no survey), or the arguments it takes (survey_question's ids).
 */
export type ChartCatalog = Record<string, { unavailable?: string; arguments?: string[] }>;

/**
 * A `{% chart %}` of the filled template: the tag writes `token` in its place, a word no one can
 * guess (it holds a random nonce of each fill), replaced with the chart after the Markdown is
 * rendered (render-news.ts), so that neither a template nor a CSV cell can write a chart's markup.
 */
export interface ChartRequest {
  name: string;
  argument?: string;
  /** The tag's line in the template, for errors found after filling. */
  line: number;
  token: string;
}

/** A failed fill has every problem found in it, in the template's order: one run names them all. */
export type FillResult = { ok: true; text: string; charts: ChartRequest[] } | { ok: false; problems: FillProblem[] };

export interface NewsEngine {
  /** Fills the template's placeholders; never throws for a problem of the template. */
  fill(source: string, context: object, charts: ChartCatalog): FillResult;
}

/** What the engine needs from outside: the LiquidJS classes and the filters' formatting functions. */
export interface EngineLibraries {
  Liquid: typeof Liquid;
  LiquidError: typeof LiquidError;
  /** LiquidJS's render context, which the engine extends to note where a placeholder's lookup failed. */
  Context: typeof Context;
  escapeMarkdown: (value: unknown) => string;
  /** formatPercent (src/lib/format/numbers.ts) or the child's copy of it. */
  percent: (share: number, digits: number) => string;
  /** formatDay (src/lib/format/dates.ts) or the child's copy of it. */
  zhDate: (isoDay: string, pattern: string) => string;
  /** The comparison filters (src/lib/format/comparison.ts), made from its source in the child. */
  wording: ComparisonWording;
  /** Every chart name `{% chart %}` knows (chart-names.ts), and those that take a second argument. */
  chartNames: { all: readonly string[]; withArgument: readonly string[] };
  /** A fresh random word of letters and digits, unguessable (node:crypto). */
  nonce: () => string;
}

/** Every ASCII punctuation character may be backslash-escaped in CommonMark and then reads literally. */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? '').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/**
 * Safety by design: the engine has no file system (no include, render or layout can read a file),
 * reaches only own properties of the context, escapes every placeholder's value as literal
 * Markdown text, and stops a template that parses too much, runs too long, allocates too much or
 * writes too much. SELF-CONTAINED: see the note at the top of this file.
 *
 * Every mistake in one fill: LiquidJS stops at the first unknown variable or filter, so the engine
 * checks the filters itself, in every branch once the template is read (as strictFilters did), notes
 * each bad `{% chart %}` instead of throwing, and renders with LiquidJS's catchAllErrors, so that each
 * placeholder that is missing where the template reaches it is reported, with the names that exist
 * there. The first limit a template exceeds still stops it at once.
 */
export function createNewsEngine(lib: EngineLibraries, limits: NewsLimits): NewsEngine {
  const noFile = (file: string): never => {
    throw new Error(`news templates cannot read files (${file})`);
  };
  const liquid = new lib.Liquid({
    fs: {
      exists: async () => false,
      existsSync: () => false,
      readFile: async (file: string) => noFile(file),
      readFileSync: (file: string) => noFile(file),
      resolve: (_dir: string, file: string) => file,
    },
    root: [],
    partials: [],
    layouts: [],
    relativeReference: false,
    strictVariables: true,
    // Unknown filters are found by the engine itself (read below), all of them at once.
    strictFilters: false,
    ownPropertyOnly: true,
    outputEscape: lib.escapeMarkdown,
    cache: false,
    parseLimit: limits.parseLimit,
    renderLimit: limits.renderLimit,
    memoryLimit: limits.memoryLimit,
  });
  liquid.registerFilter('percent', (share: unknown, digits: unknown = 0) => {
    if (typeof share !== 'number') throw new Error(`percent needs a number, got ${JSON.stringify(share)}`);
    return lib.percent(share, Number(digits));
  });
  liquid.registerFilter('zh_date', (day: unknown, pattern: unknown = 'yyyy年M月d日') => lib.zhDate(String(day), String(pattern)));
  const { wording } = lib;
  liquid.registerFilter('count_change', (current: unknown, previous: unknown, unit: unknown) => wording.countChange(current, previous, unit));
  liquid.registerFilter('relative_change', (current: unknown, previous: unknown, digits: unknown) => wording.relativeChange(current, previous, digits));
  liquid.registerFilter('points_change', (current: unknown, previous: unknown, digits: unknown) => wording.pointsChange(current, previous, digits));
  liquid.registerFilter('wan', (value: unknown, digits: unknown) => wording.wan(value, digits));
  liquid.registerFilter('zh_number', (value: unknown) => wording.zhNumber(value));
  liquid.registerFilter('zh_list', (items: unknown, last: unknown) => wording.zhList(items, last));
  const hasOwn = (object: object, key: PropertyKey) => Object.prototype.hasOwnProperty.call(object, key);
  const filterNames = Object.keys(liquid.filters);

  /** The fill in progress: its nonce, the campaign's charts, the tags met so far and the problems found (fills are synchronous). */
  let current: { nonce: string; catalog: ChartCatalog; charts: ChartRequest[]; problems: FillProblem[] } | undefined;
  const chartUsage = '写法：{% chart "图表名" %}；问卷单题为 {% chart "survey_question", "题目编码" %}';
  liquid.registerTag('chart', {
    // Names are literal strings, so that the data check knows every chart a template places. A
    // mistake is noted, not thrown: the rest of the template is read and checked too.
    parse(token) {
      const [line, column] = token.getPosition();
      const fail = (message: string, unknown?: UnknownName) => {
        current?.problems.push({ message, line, column, liquid: false, unknown });
      };
      const match = /^\s*(["'])([^"']*)\1\s*(?:,\s*(["'])([^"']*)\3\s*)?$/.exec(token.args);
      if (!match) return fail(`chart 的参数应为带引号的图表名；${chartUsage}`);
      const name = String(match[2]);
      const argument = match[4];
      if (!lib.chartNames.all.includes(name)) {
        return fail(`未知的图表“${name}”`, { kind: 'chart', name, known: [...lib.chartNames.all] });
      }
      if (lib.chartNames.withArgument.includes(name) !== (argument !== undefined)) {
        return fail(argument === undefined ? `图表“${name}”需要第二个参数；${chartUsage}` : `图表“${name}”没有第二个参数；${chartUsage}`);
      }
      this.chart = { name, argument, line };
    },
    render() {
      if (!current) throw new Error('chart outside a fill');
      // A tag whose mistake was noted while reading the template writes nothing.
      if (!this.chart) return '';
      const { name, argument, line } = this.chart;
      const entry = hasOwn(current.catalog, name) ? current.catalog[name] : undefined;
      if (!entry || entry.unavailable) throw new Error(entry?.unavailable ?? `本次活动没有图表“${name}”`);
      if (entry.arguments && !entry.arguments.includes(argument)) {
        throw new Error(`图表“${name}”没有“${argument}”；可选：${entry.arguments.join('、')}`);
      }
      // A letter ends the token, so that the 1st chart's token is not the start of the 10th's.
      const token = `CHART${current.nonce}N${current.charts.length}E`;
      current.charts.push({ name, argument, line, token });
      return token;
    },
  });

  /** The parts of a parsed template the filter check reads (LiquidJS's Value, Filter, FilterToken and ValueTokens). */
  interface Positioned {
    getPosition(): number[];
  }
  interface FilterNode extends Positioned {
    name: string;
    args?: unknown[];
    token?: Positioned;
    handler?: unknown;
  }
  interface ExpressionNode {
    filters?: FilterNode[];
    initial?: unknown;
    postfix?: unknown[];
    lhs?: unknown;
    rhs?: unknown;
    props?: unknown[];
    variable?: unknown;
  }
  interface TemplateNode {
    arguments?: () => Iterable<unknown>;
    localScope?: () => Iterable<{ content: string }>;
    children?: (partials: boolean, sync: boolean) => Iterator<unknown, unknown[], unknown>;
  }
  /**
   * Every filter a template names, in every branch (rendered or not), with where its name stands;
   * and the names it assigns (assign, capture, increment).
   */
  const read = (templates: readonly unknown[]) => {
    const found: Array<{ name: string; position: number[] }> = [];
    const assigned = new Set<string>();
    const expression = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const { filters, initial, postfix, lhs, rhs, props, variable } = node as ExpressionNode;
      for (const filter of Array.isArray(filters) ? filters : []) {
        // The output escape LiquidJS appends to every {{ }} is ours, not the template's.
        if (filter.handler === lib.escapeMarkdown) continue;
        found.push({ name: filter.name, position: (filter.token ?? filter).getPosition() });
        for (const arg of filter.args ?? []) expression(Array.isArray(arg) ? arg[1] : arg);
      }
      for (const child of [initial, lhs, rhs, variable]) expression(child);
      for (const child of [...(Array.isArray(postfix) ? postfix : []), ...(Array.isArray(props) ? props : [])]) expression(child);
    };
    const visit = (list: readonly unknown[]): void => {
      for (const template of list as TemplateNode[]) {
        for (const argument of template.arguments?.() ?? []) expression(argument);
        for (const identifier of template.localScope?.() ?? []) assigned.add(identifier.content);
        if (!template.children) continue;
        // Without partials no tag's children generator waits for anything: its return value is the list.
        const children = template.children(false, true);
        let step = children.next();
        while (!step.done) step = children.next(step.value);
        visit(step.value);
      }
    };
    visit(templates);
    return { filters: found, assigned };
  };

  /** The names a template may write after a value: an object's keys; a list's and a text's size, first and last. */
  const namesIn = (value: unknown): string[] => {
    if (Array.isArray(value)) return ['size', 'first', 'last'];
    if (typeof value === 'string') return ['size'];
    return value !== null && typeof value === 'object' ? Object.keys(value) : [];
  };
  /**
   * LiquidJS's context, noting on the error of a failed lookup which part was missing and what the
   * value before it had: the placeholder's did-you-mean compares with the names at that path.
   */
  class CheckingContext extends lib.Context {
    override *_getFromScope(scope: unknown, paths: Parameters<Context['_getFromScope']>[1], strictVariables?: boolean): IterableIterator<unknown> {
      try {
        return yield* super._getFromScope(scope, paths, strictVariables);
      } catch (error) {
        if (error instanceof Error && error.name === 'InternalUndefinedVariableError' && Array.isArray(paths)) {
          let parent: unknown = scope;
          let missing = 0;
          for (; missing < paths.length - 1; missing++) {
            const next: unknown = this.readProperty(parent as object, paths[missing] as string);
            if (next === undefined) break;
            parent = next;
          }
          // An unknown first name was looked for among the globals: the template's names are all of its scopes.
          const known = missing === 0 && scope === this.globals ? Object.keys(this.getAll()) : namesIn(parent);
          const path = paths.slice(0, missing + 1).map((part) => (typeof part === 'number' ? part : String(part)));
          Object.defineProperty(error, 'unknownName', { value: { kind: 'placeholder', path, known } });
        }
        throw error;
      }
    }
  }

  const LIMITS: Record<string, 'parse' | 'render' | 'memory'> = {
    'parse length limit exceeded': 'parse',
    'template render limit exceeded': 'render',
    'memory alloc limit exceeded': 'memory',
  };
  /** A thrown error as problems: LiquidJS's collection of errors (catchAllErrors) as each of them. */
  const problemsOf = (error: unknown): FillProblem[] => {
    if (lib.LiquidError.is(error) && error.name === 'LiquidErrors' && Array.isArray((error as { errors?: unknown }).errors)) {
      return (error as unknown as { errors: unknown[] }).errors.flatMap(problemsOf);
    }
    const liquidError = lib.LiquidError.is(error);
    // Liquid's own errors carry the template token they arose at; others (a failed assertion) do not.
    const position = liquidError && error.token ? error.token.getPosition() : [];
    const message = String(error instanceof Error ? error.message : error).replace(/, line:\d+, col:\d+[\s\S]*$/, '');
    const limit = hasOwn(LIMITS, message) ? LIMITS[message] : undefined;
    const original: unknown = liquidError ? (error as { originalError?: unknown }).originalError : undefined;
    const unknown = original && typeof original === 'object' ? (original as { unknownName?: UnknownName }).unknownName : undefined;
    return [{ limit, message, line: position[0], column: position[1], liquid: liquidError, unknown }];
  };
  /** In the template's order, each once (a loop's body is given up at its first round's errors; this is only the safety net). */
  const ordered = (problems: FillProblem[]): FillProblem[] => {
    const once = new Map(problems.map((problem) => [JSON.stringify([problem.line, problem.column, problem.message]), problem]));
    return [...once.values()].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  };

  return {
    fill(source, context, catalog) {
      let text: string | undefined;
      const fill = { nonce: lib.nonce(), catalog, charts: [] as ChartRequest[], problems: [] as FillProblem[] };
      current = fill;
      try {
        let templates: ReturnType<Liquid['parse']>;
        try {
          templates = liquid.parse(source);
        } catch (error) {
          // A syntax error (or the parse limit) leaves nothing to check: it is the one problem.
          return { ok: false, problems: ordered([...fill.problems, ...problemsOf(error)]) };
        }
        const { filters, assigned } = read(templates);
        for (const { name, position } of filters) {
          if (hasOwn(liquid.filters, name)) continue;
          fill.problems.push({
            message: `undefined filter: ${name}`,
            line: position[0],
            column: position[1],
            liquid: true,
            unknown: { kind: 'filter', name, known: filterNames },
          });
        }
        // Every error of the render is collected, until a limit is exceeded: from then on the
        // first error ends the render (catchAllErrors is read at each error), or an endless loop
        // would go on collecting one error per round.
        let exceeded = false;
        const options = { ...liquid.options };
        Object.defineProperty(options, 'catchAllErrors', { get: () => !exceeded });
        const scope = new CheckingContext(context, options, { sync: true }, { liquid });
        const watch = (limiter: Record<'check' | 'use', (count: number) => void>, method: 'check' | 'use') => {
          const original = limiter[method].bind(limiter);
          limiter[method] = (count) => {
            try {
              original(count);
            } catch (error) {
              exceeded = true;
              throw error;
            }
          };
        };
        watch(scope.renderLimit, 'check');
        watch(scope.memoryLimit, 'use');
        try {
          text = String(liquid.renderSync(templates, scope));
        } catch (error) {
          const found = problemsOf(error);
          // A name the template assigns is missing only because its assign or capture failed, which is reported.
          const consequence = (problem: FillProblem) =>
            problem.unknown?.kind === 'placeholder' && problem.unknown.path.length === 1 && assigned.has(String(problem.unknown.path[0]));
          fill.problems.push(...(found.some((problem) => !consequence(problem)) ? found.filter((problem) => !consequence(problem)) : found));
        }
        if (fill.problems.length > 0 || text === undefined) return { ok: false, problems: ordered(fill.problems) };
      } finally {
        current = undefined;
      }
      // Counted without encoding a copy: UTF-16 code units below 0x80 are one byte, below 0x800
      // two, surrogate pairs four (two per unit), the rest three.
      let bytes = 0;
      for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : unit >= 0xd800 && unit < 0xe000 ? 2 : 3;
      }
      if (bytes > limits.maxArticleBytes) {
        return { ok: false, problems: [{ limit: 'size', message: `article of ${bytes} bytes`, bytes, liquid: false }] };
      }
      return { ok: true, text, charts: fill.charts };
    },
  };
}
