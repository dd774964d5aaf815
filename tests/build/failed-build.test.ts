import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, PROJECT_ROOT, treeDigest } from '../helpers/build-site.ts';

/** A bad data commit must never take the site down: the last good dist/ stays as it was. */

let work: string;
let outDir: string;
let goodDigest: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'inspection-failed-'));
  outDir = path.join(work, 'dist');
  const run = await buildSite({ OUT_DIR: outDir });
  if (run.status !== 0) throw new Error(`the good build failed:\n${run.output}`);
  goodDigest = treeDigest(outDir);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A copy of the sample data with one file changed. */
function dataWith(file: string, content: string): string {
  const dataDir = path.join(work, `data-${Math.random().toString(36).slice(2)}`);
  cpSync(path.join(PROJECT_ROOT, 'data'), dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, file), content);
  return dataDir;
}

describe('a failed build', () => {
  it.each([
    ['a bad cell', 'campaigns/2025-09-cross-check/highlights.csv', 'id,unit,description\nH1,不存在的单位,x\n', 'highlights.csv:2:2'],
    ['an unknown placeholder', 'campaigns/2025-09-cross-check/news.md', '# 标题\n\n{{ nothing }}\n', 'news.md:3:4'],
    ['an unknown chart', 'campaigns/2025-09-cross-check/news.md', '# 标题\n\n正文\n\n{% chart "pie" %}\n', 'news.md:5:1'],
    ['an empty units.csv', 'units.csv', '', 'units.csv'],
  ])('on %s exits non-zero, says where, and leaves dist/ byte for byte as it was', async (_name, file, content, location) => {
    const run = await buildSite({ OUT_DIR: outDir, DATA_DIR: dataWith(file, content) });
    expect(run.status).toBe(1);
    expect(run.output).toContain(location);
    expect(run.output).toContain('原有的');
    expect(treeDigest(outDir)).toBe(goodDigest);
  });
});
