import MarkdownIt from 'markdown-it';

/**
 * The one Markdown configuration of the site, for cells declared Markdown and for news
 * articles. Raw HTML is escaped and markdown-it refuses javascript:, vbscript: and file:
 * links. Images are written as links: an image would make every reader's browser request
 * its address (another host: tracking, and a broken page on an offline intranet), while a
 * link is only followed by whoever clicks it.
 */
export function createMarkdown(options: { breaks?: boolean } = {}): MarkdownIt {
  const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false, breaks: options.breaks ?? false });
  markdown.renderer.rules.image = (tokens, index, renderOptions, env, renderer) => {
    const token = tokens[index];
    if (!token) return '';
    const src = token.attrGet('src') ?? '';
    const alt = renderer.renderInlineAsText(token.children ?? [], renderOptions, env) || src;
    const escape = markdown.utils.escapeHtml;
    return `<a href="${escape(src)}" class="image-link">${escape(alt)}</a>`;
  };
  return markdown;
}
