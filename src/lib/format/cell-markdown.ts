import { html } from 'ghtml';
import { createMarkdown } from './markdown.ts';

/**
 * Inline Markdown for the cells of columns declared as Markdown in campaign.yml (bold, links,
 * code), safe to insert as HTML although the cell came from a CSV file (see markdown.ts).
 */
const inlineMarkdown = createMarkdown({ breaks: true });

/**
 * A cell as HTML: Markdown when its column is declared so, otherwise the text escaped. Either
 * way a line break typed in the cell (Alt+Enter in Excel: a quoted, multi-line CSV field) stays
 * a line break on the page.
 */
export function cellHtml(text: string, markdown: boolean): string {
  return markdown ? inlineMarkdown.renderInline(text) : html`${text}`.replace(LINE_BREAK, '<br>');
}

/** Excel writes CRLF inside a quoted field on Windows; escaping leaves these characters alone. */
const LINE_BREAK = /\r\n?|\n/g;
