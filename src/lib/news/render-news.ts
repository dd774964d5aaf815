import { Liquid, LiquidError } from 'liquidjs';
import { DataError } from '../errors.ts';
import { formatDay } from '../format/dates.ts';
import { formatPercent } from '../format/numbers.ts';
import type { NewsSource } from '../model.ts';
import { createNewsEngine, escapeMarkdown, NEWS_LIMITS } from './news-engine.ts';
import { templateIssue } from './template-issue.ts';
import { createMarkdown } from '../format/markdown.ts';

/**
 * Fills a news template's placeholders (Liquid) and renders the result as Markdown.
 *
 * Safety by design (see news-engine.ts): no file system, only own properties of the context,
 * every placeholder's value escaped as literal Markdown text, and limits on the template's size,
 * its running time, its allocations and the article's size. Raw HTML in the template itself is
 * not rendered either. The data check has already filled each template in a worker thread that
 * is killed when it runs too long or too big (template-sandbox.ts), so the pages only render
 * templates known to finish.
 */

export { escapeMarkdown };

const engine = createNewsEngine({ Liquid, LiquidError, escapeMarkdown, percent: formatPercent, zhDate: formatDay }, NEWS_LIMITS);

const markdown = createMarkdown();

export interface RenderedNews {
  title: string;
  html: string;
}

/** Renders the article; throws a DataError located in the template on any template problem. */
export function renderNews(news: NewsSource, context: object, fallbackTitle: string): RenderedNews {
  const filled = engine.fill(news.source, context);
  if (!filled.ok) throw new DataError([templateIssue(news.file, filled.problem)]);
  return renderMarkdown(filled.text, fallbackTitle);
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
