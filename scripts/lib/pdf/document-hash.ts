import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FORMAT } from './manifest.ts';

/**
 * What a PDF shows, as one sha256: the HTML of its page in the print edition (which carries no
 * build day, only the day the campaign's data is as of, and no links to PDFs) and the
 * stylesheets that page loads. Equal hashes print equal documents, so the PDF is reused.
 * The fonts are the build machine's (fonts-wqy-microhei) and are not hashed: installing
 * another version of them does not re-print anything; `npm run pdf -- --force` does.
 */
export async function documentHash(printSite: string, basePath: string, pagePath: string): Promise<string> {
  const html = await readFile(path.join(printSite, pagePath, 'index.html'));
  const hash = createHash('sha256').update(`format ${MANIFEST_FORMAT}\n`).update(html);
  for (const href of stylesheets(html.toString('utf8'))) {
    // Astro names its CSS files by content hash, so the name alone would do; the content is
    // hashed all the same, because a stylesheet linked under a fixed name would not change name.
    if (!href.startsWith(basePath)) continue;
    hash.update(href).update(await readFile(path.join(printSite, href.slice(basePath.length))));
  }
  return hash.digest('hex');
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
