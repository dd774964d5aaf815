import MarkdownIt from 'markdown-it';

/**
 * Inline Markdown for the cells of columns declared as Markdown in campaign.yml (bold, links,
 * code). Raw HTML is escaped and markdown-it refuses javascript:, vbscript: and file: links, so
 * the output is safe to insert as HTML even though the cell came from a CSV file.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: true });

export function renderCellMarkdown(text: string): string {
  return markdown.renderInline(text);
}
