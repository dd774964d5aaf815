import { html } from 'ghtml';
import { createMarkdown } from './markdown.ts';

/**
 * Inline Markdown for the cells of columns declared as Markdown in campaign.yml (bold, links,
 * code), safe to insert as HTML although the cell came from a CSV file (see markdown.ts).
 */
const inlineMarkdown = createMarkdown({ breaks: true });

/** A cell as HTML: Markdown when its column is declared so, otherwise the text escaped. */
export function cellHtml(text: string, markdown: boolean): string {
  return markdown ? inlineMarkdown.renderInline(text) : html`${text}`;
}
