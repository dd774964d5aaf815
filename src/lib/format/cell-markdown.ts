import { html } from 'ghtml';
import MarkdownIt from 'markdown-it';

/**
 * Inline Markdown for the cells of columns declared as Markdown in campaign.yml (bold, links,
 * code). Raw HTML is escaped and markdown-it refuses javascript:, vbscript: and file: links, so
 * the output is safe to insert as HTML even though the cell came from a CSV file.
 */
const inlineMarkdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });

/** A cell as HTML: Markdown when its column is declared so, otherwise the text escaped. */
export function cellHtml(text: string, markdown: boolean): string {
  return markdown ? inlineMarkdown.renderInline(text) : html`${text}`;
}
