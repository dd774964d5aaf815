import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeHTML } from 'entities';
import { describe, expect, inject, it } from 'vitest';
import { listFiles } from '../helpers/build-site.ts';

/**
 * No page of the sample site puts a space between Chinese text and Chinese punctuation
 * ("亮点 6 个 ，"): Astro turns the line break between a template's text and an expression
 * into a space, so a sentence split over lines prints one wherever it continues with "，".
 */

const outDir = inject('siteDir');

/** A space after Chinese text (or a closing mark) before Chinese punctuation, or after an opening mark. */
const STRAY_SPACE = /[\p{Script=Han}）》」』”]\s+[，。；：、？！）》」』]|[（《「『“]\s+\p{Script=Han}/gu;

/** What a reader sees of a page: no scripts, styles or comments, no tags, entities decoded. */
function visibleText(html: string): string {
  return decodeHTML(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<[^>]*>/g, ''),
  );
}

describe('Chinese text on every page of the sample site', () => {
  const pages = listFiles(outDir).filter((file) => file.endsWith('.html'));

  it('finds the pages', () => {
    expect(pages).toContain('index.html');
    expect(pages.length).toBeGreaterThan(10);
  });

  it('has no space between Chinese text and Chinese punctuation', () => {
    const strays = pages.flatMap((page) => {
      const text = visibleText(readFileSync(path.join(outDir, page), 'utf8'));
      return [...text.matchAll(STRAY_SPACE)].map(
        (match) => `${page}: …${text.slice(Math.max(0, match.index - 20), match.index + match[0].length + 10).replace(/\s+/g, ' ')}…`,
      );
    });
    expect(strays).toEqual([]);
  });

  it("keeps the campaign list's sentence whole", () => {
    expect(visibleText(readFileSync(path.join(outDir, 'index.html'), 'utf8'))).toContain('发现问题 35 个、亮点 5 个，回收问卷 31 份。');
  });
});
