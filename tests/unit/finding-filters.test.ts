import { decodeHTML } from 'entities';
import { describe, expect, it } from 'vitest';
import { filterConfigJson, pageFilter, type FilterEntry } from '../../src/lib/html/finding-filters.ts';
import { findingsTable as renderFindings } from '../../src/lib/html/findings-table.ts';
import { layoutOf } from '../../src/lib/tables/define-table.ts';
import { findingsTable, SEVERITY, STATUS } from '../../src/lib/tables/findings.ts';
import { aFinding } from '../helpers/model-rows.ts';

/**
 * What the tables of problems give their filter script (issue 26), derived from the declaration
 * of findings.csv: the filters are the columns that declare one, the sort keys the columns a view
 * shows with a sort, the options in their declared order, each row's values in one short attribute.
 */

const finding = aFinding;
const unitName = (id: string) => ({ u1: '竹溪瑞城', u2: '千山湖水电站' })[id] ?? id;
const CAMPAIGN = { markdownColumns: [], teams: [] };

const HOSTILE = '</script><script>alert(1)</script> "张 三" & 100%';
const A = finding({ id: 'F1', status: 'closed', severity: 'high', owner: HOSTILE, due: '2025-10-31' });
const B = finding({ id: 'F2', unit: 'u2', category: '标准化建设不完善', severity: 'low', owner: '李四', due: '2025-09-30' });
const C = finding({ id: 'F 3%', status: 'in_progress', severity: 'medium' });
const ENTRIES: FilterEntry[] = [{ finding: A }, { finding: B, daysOverdue: 40 }, { finding: C }];

const filter = pageFilter({
  tables: [
    { view: 'overdue', entries: [ENTRIES[1] as FilterEntry] },
    { view: 'report', entries: ENTRIES },
  ],
  unitName,
  order: { category: ['标准化建设不完善', '执行不规范'] },
});
const field = (key: string) => filter.config.fields.find((candidate) => candidate.key === key);

/** The value of each row's data-v, decoded as the script decodes it. */
function rowValues(table: string, view: 'report' | 'overdue'): Array<Record<string, string>> {
  const keys = filter.config.views[view] ?? [];
  return [...table.matchAll(/<tr[^>]* data-v="([^"]*)"/g)].map(([, given]) =>
    Object.fromEntries(
      decodeHTML(given ?? '')
        .split(' ')
        .flatMap((value, i) => {
          const key = keys[i];
          if (value === '' || key === undefined) return [];
          const options = field(key)?.options;
          return [[key, options ? (options[Number(value)]?.[0] ?? '?') : decodeURIComponent(value)]];
        }),
    ),
  );
}

describe('the filters of a page of problems', () => {
  it('are the columns that declare a filter, labelled with their printed headers', () => {
    const declared = (key: string) => (findingsTable.columns as Record<string, { page?: object }>)[key]?.page ?? findingsTable.viewOnly[key];
    const onPage = filter.config.fields.filter((candidate) => candidate.filter !== 'none');
    // Those with a value on the page: no campaign column on a report, no verifier among these problems.
    expect(onPage.map(({ key }) => key)).toEqual(['unit', 'category', 'severity', 'owner', 'status', 'overdue']);
    for (const { key, label, filter: kind } of onPage) expect(declared(key)).toMatchObject({ header: label, filter: kind });
    expect(field('overdue')).toMatchObject({ filter: 'flag', flagged: '已逾期', sort: 'number' });
  });

  it('offer the values on the page in the vocabulary’s or the campaign’s order, each with how it reads', () => {
    expect(field('status')?.options).toEqual(STATUS.codes.map((code) => [code, STATUS.labels[code]]));
    expect(field('severity')?.options).toEqual(SEVERITY.codes.map((code) => [code, SEVERITY.labels[code]]));
    expect(field('category')?.options).toEqual([['标准化建设不完善'], ['执行不规范']]);
    expect(field('unit')?.options).toEqual([
      ['u2', '千山湖水电站'],
      ['u1', '竹溪瑞城'],
    ]);
  });

  it('sort by the columns the page’s views show with a sort, and count each problem once', () => {
    const sortable = new Set(
      ['overdue', 'report'].flatMap((view) =>
        layoutOf(findingsTable, view as 'report')
          .filter((column) => column.sort !== 'none')
          .map((column) => column.key),
      ),
    );
    expect(filter.config.fields.filter((candidate) => candidate.sort !== 'none' && candidate.filter === 'none').map(({ key }) => key)).toEqual(
      ['id', 'due'].filter((key) => sortable.has(key)),
    );
    // B is in the overdue list and in its unit's table: three problems.
    expect(filter.config.total).toBe(3);
  });

  it('give each row its values, which read back as the data', () => {
    const report = renderFindings({ view: 'report', caption: 'c', entries: ENTRIES, campaign: CAMPAIGN, unitName, filter });
    expect(report).toContain('<table class="findings cards" data-problems="report">');
    expect(rowValues(report, 'report')).toEqual([
      { id: 'F1', unit: 'u1', category: '执行不规范', severity: 'high', owner: HOSTILE, due: '2025-10-31', status: 'closed' },
      { id: 'F2', unit: 'u2', category: '标准化建设不完善', severity: 'low', owner: '李四', due: '2025-09-30', status: 'open', overdue: '40' },
      { id: 'F 3%', unit: 'u1', category: '执行不规范', severity: 'medium', status: 'in_progress' },
    ]);
    expect(report).not.toContain('<script');
    // The headers a reader sorts by name their field.
    const sortKeys = [...report.matchAll(/<th [^>]*data-sort-key="([^"]*)"/g)].map(([, key]) => key);
    expect(sortKeys).toEqual(layoutOf(findingsTable, 'report').flatMap((column) => (column.sort === 'none' ? [] : [column.key])));
    const overdue = renderFindings({ view: 'overdue', caption: 'c', entries: [ENTRIES[1] as FilterEntry], campaign: CAMPAIGN, unitName, filter });
    expect(rowValues(overdue, 'overdue')).toEqual([
      { id: 'F2', unit: 'u2', category: '标准化建设不完善', severity: 'low', owner: '李四', due: '2025-09-30', status: 'open', overdue: '40' },
    ]);
  });

  it('adds nothing to a table on a page without filters', () => {
    const table = renderFindings({ view: 'report', caption: 'c', entries: ENTRIES, campaign: CAMPAIGN, unitName });
    expect(table).not.toMatch(/data-(?:v|problems|sort-key)/);
  });

  it('is JSON that no text from the data can end early', () => {
    const json = filterConfigJson(filter.config);
    expect(json).not.toMatch(/[<>&]/);
    expect(JSON.parse(json)).toEqual(filter.config);
  });
});
