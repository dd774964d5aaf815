import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FORMAT } from './manifest.ts';

/**
 * What a PDF shows, as one sha256: the HTML of its page in the print edition (which carries no
 * build day, only the day the campaign's data is as of, and no links to PDFs) and the
 * stylesheets that page loads. Equal hashes print equal documents, so the PDF is reused.
 * The browser and the font that draw it are not in the hash: the manifest records them
 * (printer.ts). Returns the hash function of one print edition, which reads each stylesheet
 * once however many pages link to it.
 */
export function documentHasher(printSite: string, basePath: string): (pagePath: string) => Promise<string> {
  const stylesheetBytes = new Map<string, Promise<Buffer>>();
  const stylesheet = (href: string) => {
    let bytes = stylesheetBytes.get(href);
    if (!bytes) {
      bytes = readFile(path.join(printSite, href.slice(basePath.length)));
      stylesheetBytes.set(href, bytes);
    }
    return bytes;
  };
  return async (pagePath) => {
    const html = await readFile(path.join(printSite, pagePath, 'index.html'));
    const hash = createHash('sha256').update(`format ${MANIFEST_FORMAT}\n`).update(html);
    for (const href of stylesheets(html.toString('utf8'))) {
      // Astro names its CSS files by content hash, so the name alone would do; the content is
      // hashed all the same, because a stylesheet linked under a fixed name would not change name.
      if (!href.startsWith(basePath)) continue;
      hash.update(href).update(await stylesheet(href));
    }
    return hash.digest('hex');
  };
}

/** The hrefs of a page's `<link rel="stylesheet">` elements, in order. */
export function stylesheets(html: string): string[] {
  const hrefs: string[] = [];
  for (const [tag] of html.matchAll(/<link\b[^>]*>/g)) {
    if (!/\brel=["']?stylesheet\b/.test(tag)) continue;
    const href = /\bhref=(?:"([^"]*)"|'([^']*)'|([^\s>]+))/.exec(tag);
    const value = href?.[1] ?? href?.[2] ?? href?.[3];
    if (value) hrefs.push(value);
  }
  return hrefs;
}
