import type { Liquid, LiquidError } from 'liquidjs';
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

/** What went wrong while filling a template, as plain data that crosses a process boundary. */
export interface FillProblem {
  /** Which limit stopped the template, if one did. */
  limit?: 'parse' | 'render' | 'memory' | 'size';
  /** The engine's message (English), without LiquidJS's appended location. */
  message: string;
  line?: number;
  column?: number;
  /** For `size`: the UTF-8 bytes of the filled text. */
  bytes?: number;
  /** LiquidJS's own errors (unknown variables, syntax) as opposed to a failed filter assertion. */
  liquid: boolean;
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

export type FillResult = { ok: true; text: string; charts: ChartRequest[] } | { ok: false; problem: FillProblem };

export interface NewsEngine {
  /** Fills the template's placeholders; never throws for a problem of the template. */
  fill(source: string, context: object, charts: ChartCatalog): FillResult;
}

/** What the engine needs from outside: the LiquidJS classes and the filters' formatting functions. */
export interface EngineLibraries {
  Liquid: typeof Liquid;
  LiquidError: typeof LiquidError;
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
    strictFilters: true,
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

  /** The fill in progress: its nonce, the campaign's charts and the tags met so far (fills are synchronous). */
  let current: { nonce: string; catalog: ChartCatalog; charts: ChartRequest[] } | undefined;
  const chartUsage = '写法：{% chart "图表名" %}；问卷单题为 {% chart "survey_question", "题目编码" %}';
  liquid.registerTag('chart', {
    // Names are literal strings, so that the data check knows every chart a template places.
    parse(token) {
      const match = /^\s*(["'])([^"']*)\1\s*(?:,\s*(["'])([^"']*)\3\s*)?$/.exec(token.args);
      if (!match) throw new Error(`chart 的参数应为带引号的图表名；${chartUsage}`);
      const name = String(match[2]);
      const argument = match[4];
      if (!lib.chartNames.all.includes(name)) throw new Error(`未知的图表“${name}”；可用的图表：${lib.chartNames.all.join('、')}`);
      if (lib.chartNames.withArgument.includes(name) !== (argument !== undefined)) {
        throw new Error(argument === undefined ? `图表“${name}”需要第二个参数；${chartUsage}` : `图表“${name}”没有第二个参数；${chartUsage}`);
      }
      this.chart = { name, argument, line: token.getPosition()[0] };
    },
    render() {
      if (!current) throw new Error('chart outside a fill');
      const { name, argument, line } = this.chart;
      const entry = Object.prototype.hasOwnProperty.call(current.catalog, name) ? current.catalog[name] : undefined;
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

  const LIMITS: Record<string, 'parse' | 'render' | 'memory'> = {
    'parse length limit exceeded': 'parse',
    'template render limit exceeded': 'render',
    'memory alloc limit exceeded': 'memory',
  };
  return {
    fill(source, context, catalog) {
      let text: string;
      const fill = { nonce: lib.nonce(), catalog, charts: [] as ChartRequest[] };
      current = fill;
      try {
        text = liquid.parseAndRenderSync(source, context);
      } catch (error) {
        const liquidError = lib.LiquidError.is(error);
        // Liquid's own errors carry the template token they arose at; others (a failed assertion) do not.
        const position = liquidError && error.token ? error.token.getPosition() : [];
        const message = String(error instanceof Error ? error.message : error).replace(/, line:\d+, col:\d+[\s\S]*$/, '');
        const limit = Object.prototype.hasOwnProperty.call(LIMITS, message) ? LIMITS[message] : undefined;
        return { ok: false, problem: { limit, message, line: position[0], column: position[1], liquid: liquidError } };
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
        return { ok: false, problem: { limit: 'size', message: `article of ${bytes} bytes`, bytes, liquid: false } };
      }
      return { ok: true, text, charts: fill.charts };
    },
  };
}
