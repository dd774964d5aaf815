import { randomBytes } from 'node:crypto';
import { Context, Liquid, LiquidError } from 'liquidjs';
import { DataError } from '../errors.ts';
import { createComparisonWording } from '../format/comparison.ts';
import { formatDay } from '../format/dates.ts';
import { formatPercent, roundHalfUp } from '../format/numbers.ts';
import type { NewsSource } from '../model.ts';
import { CHART_NAMES } from './chart-names.ts';
import { createNewsEngine, escapeMarkdown, NEWS_LIMITS, type ChartCatalog, type ChartRequest, type NewsEngine } from './news-engine.ts';
import { templateIssues } from './template-issue.ts';
import { createMarkdown } from '../format/markdown.ts';

/**
 * Renders news articles: the Markdown of a filled template as HTML, its charts placed.
 *
 * The site's articles are filled in the sandbox (try-articles.ts, template-sandbox.ts: a child
 * process killed when a template runs too long or too big); the pages only render that text
 * (placeArticle in render-article.ts). `renderNews` fills in-process with the same engine, for
 * the tests, which give a template a context of their own: nothing in the build calls it.
 *
 * Safety by design (see news-engine.ts): no file system, only own properties of the context,
 * every placeholder's value escaped as literal Markdown text, and limits on the template's size,
 * its running time, its allocations and the article's size. Raw HTML in the template itself is
 * not rendered either.
 */

export { escapeMarkdown };

/** Made on first use: a page that only renders filled text never starts a Liquid engine. */
let engine: NewsEngine | undefined;
const inProcessEngine = () =>
  (engine ??= createNewsEngine(
    {
      Liquid,
      LiquidError,
      Context,
      escapeMarkdown,
      percent: formatPercent,
      zhDate: formatDay,
      wording: createComparisonWording(roundHalfUp),
      chartNames: CHART_NAMES,
      nonce: () => randomBytes(16).toString('hex'),
    },
    NEWS_LIMITS,
  ));

const markdown = createMarkdown();

export interface RenderedNews {
  title: string;
  html: string;
}

/** The charts an article may place, and how each is drawn (article-charts.ts). */
export interface ArticleCharts {
  catalog: ChartCatalog;
  /** The chart's figure (chart-figure.ts); `index` counts the article's charts, for unique ids. */
  draw: (request: ChartRequest, index: number) => string;
}

const NO_CHARTS: ArticleCharts = { catalog: {}, draw: () => '' };

/** Fills in-process and renders the article; throws a DataError with every problem of the template, each located in it. */
export function renderNews(news: NewsSource, context: object, fallbackTitle: string, charts: ArticleCharts = NO_CHARTS): RenderedNews {
  const filled = inProcessEngine().fill(news.source, context, charts.catalog);
  if (!filled.ok) throw new DataError(templateIssues(news.file, filled.problems));
  return placeCharts(news.file, renderMarkdown(filled.text, fallbackTitle), filled.charts, charts.draw);
}

/**
 * Puts each chart where its tag's token was rendered: the token must be a paragraph of its own,
 * exactly once (a figure cannot stand inside a sentence, a heading or a link). Throws a
 * DataError at the tag's line otherwise.
 */
export function placeCharts(file: string, article: RenderedNews, charts: readonly ChartRequest[], draw: ArticleCharts['draw']): RenderedNews {
  let { html } = article;
  charts.forEach((chart, index) => {
    const paragraph = `<p>${chart.token}</p>\n`;
    if (html.split(chart.token).length !== 2 || !html.includes(paragraph) || article.title.includes(chart.token)) {
      throw new DataError([
        {
          severity: 'error',
          file,
          line: chart.line,
          message: `图表“${chart.name}”应单独成段`,
          hint: '把 {% chart … %} 单独写在一行，前后各空一行；不要写在句子、标题、列表或链接中，也不要重复输出它。',
        },
      ]);
    }
    // A function, so that `$` in the chart's text is not read as a replacement pattern.
    html = html.replace(paragraph, () => draw(chart, index));
  });
  return { ...article, html };
}

/** The Markdown of a filled template as HTML, its first level-1 heading taken out as the title. */
export function renderMarkdown(filled: string, fallbackTitle: string): RenderedNews {
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
