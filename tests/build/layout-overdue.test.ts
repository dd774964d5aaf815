import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

/**
 * The sample site, built on REPORT_DATE 2026-11-24 (the shared build, see site.test.ts), marks
 * overdue problems in words in every table row that shows one. Days by hand:
 * F019 and F024 of 陕西金龙 are due 2025-12-31: 304 days to 2026-10-31, +24 = 328;
 * F022 is due 2025-11-30: 31 more = 359. F018 (due 2025-10-31) is closed: no mark.
 */
const outDir = inject('siteDir');
const read = (file: string) => readFileSync(path.join(outDir, file), 'utf8');

/** The HTML of the table row with this id (`finding-F019`). */
function row(page: string, id: string): string {
  // The row's other attributes (its filter values, data-v) follow its id.
  const start = page.search(new RegExp(`<tr id="${id}"[ >]`));
  expect(start, `row ${id}`).toBeGreaterThanOrEqual(0);
  return page.slice(start, page.indexOf('</tr>', start));
}

describe('overdue problems are marked in words', () => {
  it('in the unit notice, in the overdue problem’s own row', () => {
    const notice = read('campaigns/2025-09-cross-check/units/sxjl/index.html');
    expect(row(notice, 'finding-F019')).toContain('已逾期 328 天');
    expect(row(notice, 'finding-F024')).toContain('已逾期 328 天');
    expect(row(notice, 'finding-F022')).toContain('已逾期 359 天');
    expect(row(notice, 'finding-F018')).not.toContain('已逾期');
  });

  it('in the campaign report’s findings tables', () => {
    const report = read('campaigns/2025-09-cross-check/index.html');
    expect(row(report, 'finding-F019')).toContain('已逾期 328 天');
    expect(row(report, 'finding-F018')).not.toContain('已逾期');
  });

  it('in the unit history’s open problems', () => {
    const history = read('units/sxjl/index.html');
    expect(history).toMatch(/F019<\/td>(?:(?!<\/tr>).)*已逾期 328 天/s);
  });
});
