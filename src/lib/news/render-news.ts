import { Liquid, LiquidError, type FS } from 'liquidjs';
import MarkdownIt from 'markdown-it';
import { DataError } from '../errors.ts';
import { formatDay } from '../format/dates.ts';
import { formatPercent } from '../format/numbers.ts';
import type { NewsSource } from '../model.ts';

/**
 * Fills a news template's placeholders (Liquid) and renders the result as Markdown.
 *
 * Safety by design: the template engine has no file system (no include, render or layout can
 * read a file), reaches only own properties of the context, and every placeholder's value is
 * escaped as literal Markdown text, so a CSV cell can never inject markup. Raw HTML in the
 * template itself is not rendered either.
 */

const NO_FILE_SYSTEM: FS = {
  exists: async () => false,
  existsSync: () => false,
  readFile: async (file) => {
    throw new Error(`news templates cannot read files (${file})`);
  },
  readFileSync: (file) => {
    throw new Error(`news templates cannot read files (${file})`);
  },
  resolve: (_dir, file) => file,
};

/** Every ASCII punctuation character may be backslash-escaped in CommonMark and then reads literally. */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? '').replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

const liquid = new Liquid({
  fs: NO_FILE_SYSTEM,
  root: [],
  partials: [],
  layouts: [],
  relativeReference: false,
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  outputEscape: escapeMarkdown,
  cache: false,
});

liquid.registerFilter('percent', (share: unknown, digits: unknown = 0) => {
  if (typeof share !== 'number') throw new Error(`percent needs a number, got ${JSON.stringify(share)}`);
  return formatPercent(share, Number(digits));
});
liquid.registerFilter('zh_date', (day: unknown, pattern: unknown = 'yyyy年M月d日') =>
  formatDay(String(day), String(pattern)),
);

const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

export interface RenderedNews {
  title: string;
  html: string;
}

/** Renders the article; throws a DataError located in the template on any template problem. */
export function renderNews(news: NewsSource, context: object, fallbackTitle: string): RenderedNews {
  let filled: string;
  try {
    filled = liquid.parseAndRenderSync(news.source, context);
  } catch (error) {
    throw templateError(news.file, error);
  }
  const tokens = markdown.parse(filled, {});
  const h1 = tokens.findIndex((token) => token.type === 'heading_open' && token.tag === 'h1');
  let title = fallbackTitle;
  if (h1 !== -1) {
    const inline = tokens[h1 + 1];
    title = (inline?.children ?? [])
      .filter((child) => child.type === 'text' || child.type === 'code_inline')
      .map((child) => child.content)
      .join('');
    tokens.splice(h1, 3);
  }
  return { title, html: markdown.renderer.render(tokens, markdown.options, {}) };
}

function templateError(file: string, error: unknown): DataError {
  // Liquid's own errors carry the template token they arose at; others (a failed assertion) do not.
  const [line, column] = LiquidError.is(error) ? error.token.getPosition() : [undefined, undefined];
  const detail = String(error instanceof Error ? error.message : error).replace(/, line:\d+, col:\d+[\s\S]*$/, '');
  const unknown = /undefined (?:variable|filter): (.+)/.exec(detail);
  return new DataError([
    {
      severity: 'error',
      file,
      line,
      column,
      message: unknown ? `未知的占位符“${unknown[1]}”` : `模板错误：${detail}`,
      hint: unknown ? '可用的占位符见 README 的“新闻稿模板”一节。' : undefined,
    },
  ]);
}
