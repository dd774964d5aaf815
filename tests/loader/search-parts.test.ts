import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PART_SIZE, PARTS_FILE, splitIntoParts, writeSearchIndex } from '../../scripts/lib/search/search-index.ts';
import type { SearchRecord } from '../../src/lib/search/search-records.ts';

/** A problem record as search-records.ts makes them, enough for Pagefind. */
function record(n: number): { record: SearchRecord; url: string } {
  const id = `F${String(n).padStart(3, '0')}`;
  return {
    record: {
      kind: 'finding',
      page: 'campaigns/c/',
      anchor: `finding-${id}`,
      content: `${id}\n第${n}号问题：现场巡检记录不完整`,
      meta: { title: id, kind: '问题' },
    } as SearchRecord,
    url: `campaigns/c/#finding-${id}`,
  };
}

describe('the search index in parts', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('splits records in their order into parts of at most the size, and a small site into one', () => {
    const items = Array.from({ length: 7 }, (_, n) => n);
    expect(splitIntoParts(items, 3)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(splitIntoParts(items, 7)).toEqual([items]);
    expect(splitIntoParts([], 3)).toEqual([[]]);
    expect(splitIntoParts(Array.from({ length: 125 }, (_, n) => n))).toHaveLength(1);
    expect(splitIntoParts(Array.from({ length: 50_949 }, (_, n) => n)).map((part) => part.length)).toEqual([
      ...Array(6).fill(PART_SIZE),
      50_949 - 6 * PART_SIZE,
    ]);
    expect(() => splitIntoParts(items, 0)).toThrow();
  });

  it('writes each part into its own folder with every record once, and lists the parts after the first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'search-parts-'));
    dirs.push(dir);
    const out = path.join(dir, 'pagefind');
    const counts = await writeSearchIndex(
      out,
      Array.from({ length: 5 }, (_, n) => record(n + 1)),
      2,
    );
    expect(counts.finding).toBe(5);
    expect(JSON.parse(readFileSync(path.join(out, PARTS_FILE), 'utf8'))).toEqual(['part-1/', 'part-2/']);
    const pages = (folder: string) => {
      const entry = JSON.parse(readFileSync(path.join(out, folder, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
      return Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
    };
    expect(['', 'part-1', 'part-2'].map(pages)).toEqual([2, 2, 1]);
    expect(readdirSync(out)).toContain('pagefind.js');
    expect(readdirSync(path.join(out, 'part-1'))).not.toContain('pagefind-ui.js');
  }, 120_000);

  it('writes a small site as one part, with no list of others', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'search-parts-'));
    dirs.push(dir);
    const out = path.join(dir, 'pagefind');
    await writeSearchIndex(out, [record(1), record(2)]);
    expect(JSON.parse(readFileSync(path.join(out, PARTS_FILE), 'utf8'))).toEqual([]);
    expect(readdirSync(out).filter((name) => name.startsWith('part-'))).toEqual([]);
  }, 120_000);
});
