import type { Liquid, LiquidError } from 'liquidjs';

/**
 * The news template engine, defined once and run in two places: in-process by renderNews (the
 * pages) and in a worker thread by the data check (template-sandbox.ts), which can kill a template
 * that LiquidJS's own limits fail to stop.
 *
 * `createNewsEngine` and `escapeMarkdown` are therefore self-contained: they use nothing but their
 * parameters and JavaScript built-ins, because the worker receives their source text
 * (`Function.prototype.toString`) and cannot import TypeScript. Do not reference an imported
 * binding or a module-level constant inside them; pass it in instead.
 */

/** How far a template may go. The same limits apply in the worker and in the build. */
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

/** What went wrong while filling a template, as plain data that crosses a worker boundary. */
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

export type FillResult = { ok: true; text: string } | { ok: false; problem: FillProblem };

export interface NewsEngine {
  /** Fills the template's placeholders; never throws for a problem of the template. */
  fill(source: string, context: object): FillResult;
}

/** What the engine needs from outside: the LiquidJS classes and the filters' formatting functions. */
export interface EngineLibraries {
  Liquid: typeof Liquid;
  LiquidError: typeof LiquidError;
  escapeMarkdown: (value: unknown) => string;
  /** formatPercent (src/lib/format/numbers.ts) or the worker's copy of it. */
  percent: (share: number, digits: number) => string;
  /** formatDay (src/lib/format/dates.ts) or the worker's copy of it. */
  zhDate: (isoDay: string, pattern: string) => string;
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

  const LIMITS: Record<string, 'parse' | 'render' | 'memory'> = {
    'parse length limit exceeded': 'parse',
    'template render limit exceeded': 'render',
    'memory alloc limit exceeded': 'memory',
  };
  return {
    fill(source, context) {
      let text: string;
      try {
        text = liquid.parseAndRenderSync(source, context);
      } catch (error) {
        const liquidError = lib.LiquidError.is(error);
        // Liquid's own errors carry the template token they arose at; others (a failed assertion) do not.
        const position = liquidError && error.token ? error.token.getPosition() : [];
        const message = String(error instanceof Error ? error.message : error).replace(/, line:\d+, col:\d+[\s\S]*$/, '');
        const limit = Object.prototype.hasOwnProperty.call(LIMITS, message) ? LIMITS[message] : undefined;
        return { ok: false, problem: { limit, message, line: position[0], column: position[1], liquid: liquidError } };
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
      return { ok: true, text };
    },
  };
}
