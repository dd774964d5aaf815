import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeHTML } from 'entities';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { normalizeHeader } from '../../src/lib/csv/read-records.ts';
import { findingsCsv } from '../../src/lib/export/findings-csv.ts';
import { findingEntries, findingsTable as renderFindings, type FindingEntry } from '../../src/lib/html/findings-table.ts';
import type { Campaign } from '../../src/lib/model.ts';
import { optionalText } from '../../src/lib/schemas/fields.ts';
import { column, defineTable, layoutOf, PAGE_VIEWS, viewOnly, type PageView } from '../../src/lib/tables/define-table.ts';
import { findingsTable, MARKDOWN_COLUMNS } from '../../src/lib/tables/findings.ts';
import { aFinding } from '../helpers/model-rows.ts';

/**
 * Issue 23: a findings column is one declaration (tables/findings.ts) that reaches every table
 * of problems on the site and the download: its printed header, its renderer, where it appears,
 * its role on a narrow screen, how it filters and sorts.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

const finding = aFinding;

/** One problem with every column of the file filled, so every declared column has a cell to show. */
const FULL = finding({
  team: 't1',
  severity: 'high',
  material: '会议纪要',
  suggestion: '补充台账',
  measures: '已补齐台账',
  owner: '张三',
  due: '2025-10-31',
  status: 'closed',
  closedOn: '2025-10-20',
  verifier: '李四',
  verifiedOn: '2025-10-27',
});
const CAMPAIGN = { markdownColumns: [], teams: [{ id: 't1', name: '第一组', leader: '', leaderUnit: 'u0', inspects: ['u1'], members: [] }] };
const FACTS = { campaign: { date: '2025-09-17', title: '交叉检查' }, daysOverdue: 12, timesBefore: 2, lastSeen: { date: '2024-10-16', title: '上次检查' } };
const unitName = (id: string) => (id === 'u1' ? '竹溪瑞城' : id);

function render(
  view: PageView,
  entries: readonly FindingEntry[] = [{ finding: FULL, ...FACTS }],
  campaign: Pick<Campaign, 'markdownColumns' | 'teams'> = CAMPAIGN,
): string {
  return renderFindings({ view, caption: 'c', entries, campaign, unitName });
}

const headersOf = (table: string) => [...table.matchAll(/<th scope="col"[^>]*>(.*?)<\/th>/g)].map(([, cell]) => decodeHTML(cell ?? ''));
const rolesOf = (table: string) =>
  [...table.slice(table.indexOf('<tbody>')).matchAll(/<td([^>]*)>/g)].map(([, attributes]) => /data-role="([^"]*)"/.exec(attributes ?? '')?.[1]);
const bodyCells = (table: string) =>
  [...table.slice(table.indexOf('<tbody>')).matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map(([, row]) =>
    [...(row ?? '').matchAll(/<td[^>]*>(.*?)<\/td>/g)].map(([, cell]) => decodeHTML((cell ?? '').replace(/<[^>]+>/g, ''))),
  );

/** Every header the CSV reader accepts for findings.csv, as it compares them. */
const ACCEPTED = new Set(findingsTable.specs.flatMap((spec) => spec.headers.map(normalizeHeader)));
const VIEW_ONLY_HEADERS = new Set(Object.values(findingsTable.viewOnly).map((column) => column.header));

describe.each([
  ['report', ['编号', '问题类别', '问题描述', '整改建议', '整改措施', '责任人', '整改期限', '状态']],
  ['notice', ['编号', '问题描述', '整改建议', '整改措施', '责任人', '整改期限', '状态']],
  ['unitOpen', ['检查活动', '编号', '问题描述', '责任人', '整改期限', '状态']],
  ['unitRepeats', ['检查活动', '编号', '问题类别', '问题描述', '以前出现']],
  ['overdue', ['编号', '被检单位', '问题描述', '责任人', '整改期限', '逾期情况']],
] as const)('the %s table, laid out from the declaration', (view, headers) => {
  const table = render(view);

  it('prints the declared headers in the declaration’s order', () => {
    expect(headersOf(table)).toEqual(headers);
  });

  it('prints only headers the CSV reader reads back, or those of view-only columns', () => {
    for (const header of headersOf(table)) expect(ACCEPTED.has(normalizeHeader(header)) || VIEW_ONLY_HEADERS.has(header), header).toBe(true);
  });

  it('marks every cell with its column’s role on a narrow screen, and emits no filter or sort metadata', () => {
    expect(rolesOf(table)).toEqual(layoutOf(findingsTable, view).map((shown) => shown.role));
    expect(table).not.toMatch(/data-(?:filter|sort)/);
  });
});

describe('cells, as each column declares them', () => {
  it('shows notes in the cell of the column they are declared within', () => {
    const [row] = bodyCells(render('report'));
    expect(row).toEqual([
      'F1',
      '执行不规范',
      '描述（严重）检查资料：会议纪要',
      '补充台账',
      '已补齐台账',
      '张三',
      '2025-10-31已逾期 12 天',
      '已整改2025-10-20已验证 2025-10-27验证人：李四',
    ]);
    expect(render('report')).toContain(
      '<div class="note verified">已验证 <span class="nowrap">2025-10-27</span></div><div class="note verified">验证人：李四</div>',
    );
  });

  it('gives the overdue days a column of their own in the overdue list, and links each id to its row in the report', () => {
    const table = render('overdue');
    expect(bodyCells(table)).toEqual([['F1', '竹溪瑞城', '描述', '张三', '2025-10-31', '已逾期 12 天']]);
    expect(table).toContain('<a href="#finding-F1">F1</a>');
    expect(render('report')).toContain('<tr id="finding-F1">');
  });

  it('flags a repeated problem before its category and says when it was seen before', () => {
    expect(bodyCells(render('unitRepeats'))).toEqual([['2025-09 交叉检查', 'F1', '重复问题 执行不规范', '描述', '2 次，最近一次：2024-10 上次检查']]);
  });

  it('shows a dash for a blank cell and no note for a blank note', () => {
    const [row] = bodyCells(render('report', findingEntries([finding()])));
    expect(row).toEqual(['F1', '执行不规范', '描述', '—', '—', '—', '—', '未整改']);
  });
});

describe('Markdown columns', () => {
  it('are the columns declared `markdown`', () => {
    expect(MARKDOWN_COLUMNS).toEqual(findingsTable.keys.filter((key) => findingsTable.columns[key].page?.cell === 'markdown'));
    expect(MARKDOWN_COLUMNS).toEqual(['description', 'material', 'suggestion', 'measures']);
  });

  const MARKED = finding({ description: '**描述**', material: '**资料**', suggestion: '**建议**', measures: '**措施**', due: '2025-10-31' });
  describe.each(MARKDOWN_COLUMNS.map((key) => [key] as const))('%s', (key) => {
    const views = PAGE_VIEWS.filter((view) =>
      layoutOf(findingsTable, view).some(function shows(shown): boolean {
        return shown.key === key || shown.before.some(shows) || shown.after.some(shows);
      }),
    );
    const value = MARKED[key] ?? '';

    it.each(views.map((view) => [view] as const))('renders Markdown in the %s table only when campaign.yml declares it', (view) => {
      const entries = [{ finding: { ...MARKED, [key]: value || `**${key}**` }, ...FACTS }];
      const plain = render(view, entries);
      expect(plain).not.toContain('<strong>');
      expect(plain).toContain('**');
      const declared = render(view, entries, { ...CAMPAIGN, markdownColumns: [key] });
      expect(declared.match(/<strong>/g)).toHaveLength(1);
    });
  });

  it('still escapes raw HTML in a declared column', () => {
    const table = render('overdue', [{ finding: finding({ description: '<img src=x onerror=alert(1)> **粗**' }), daysOverdue: 3 }], {
      ...CAMPAIGN,
      markdownColumns: ['description'],
    });
    expect(table).not.toContain('<img');
    expect(table).toContain('<strong>粗</strong>');
  });
});

describe('整改措施 (measures), what the unit did', () => {
  const measured = [{ finding: finding({ measures: '重新测算权重' }), ...FACTS }];

  it('is shown in the problem’s row on the report and the notice, after the suggestion', () => {
    for (const view of ['report', 'notice'] as const) {
      const table = render(view, measured);
      const headers = headersOf(table);
      expect(headers.indexOf('整改措施'), view).toBe(headers.indexOf('整改建议') + 1);
      expect(bodyCells(table)[0]?.[headers.indexOf('整改措施')], view).toBe('重新测算权重');
    }
  });

  it('is not shown where it is not declared: the unit page and the overdue list', () => {
    for (const view of ['unitOpen', 'unitRepeats', 'overdue'] as const) {
      const table = render(view, measured);
      expect(headersOf(table), view).not.toContain('整改措施');
      expect(table, view).not.toContain('重新测算权重');
    }
  });

  it('is in the download, and its printed header reads back as the column', () => {
    const campaign = { teams: [], findings: [finding({ measures: '重新测算权重' })] } as unknown as Campaign;
    const [header, row] = Papa.parse<string[]>(findingsCsv(campaign, []).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(row?.[header?.indexOf('整改措施') ?? -1]).toBe('重新测算权重');
    expect(findingsTable.specs.find((spec) => spec.key === 'measures')?.headers).toEqual(['measures', '整改措施']);
  });
});

describe('the declaration is checked when it is made', () => {
  it('refuses a printed header that the CSV reader would not read back', () => {
    const declare = () =>
      // @ts-expect-error 负责人 is not one of the column's headers
      column(optionalText, ['owner', '整改责任人'], { views: ['report'], header: '负责人', cell: 'person', role: 'detail', filter: 'text', sort: 'text' });
    expect(declare).toThrow(/负责人 is not one of its headers/);
  });

  it('refuses a column on a page that does not say how it is shown', () => {
    expect(() => column(optionalText, ['reviewer', '复核人'], { views: ['report'] })).toThrow(/needs cell, role, filter and sort/);
    expect(column(optionalText, ['reviewer', '复核人']).views).toEqual(['download']);
  });

  it('refuses a note whose column is not shown beside it', () => {
    const page = { cell: 'text', role: 'detail', filter: 'none', sort: 'none' } as const;
    expect(() =>
      defineTable({
        a: column(optionalText, ['a', '甲'], { views: ['report'], ...page }),
        b: column(optionalText, ['b', '乙'], { views: ['report', 'notice'], ...page, within: { column: 'a' } }),
      }),
    ).toThrow(/b is shown within a, which the notice view does not show/);
    expect(() =>
      defineTable({ a: column(optionalText, ['a', '甲']) }, { viewOnly: { a: viewOnly({ header: 'x', value: () => 1, views: ['report'], ...page }) } }),
    ).toThrow(/view-only column a/);
  });
});

describe('the 整改台账 download', () => {
  const campaign = { teams: CAMPAIGN.teams, findings: [FULL] } as unknown as Campaign;
  it('has every column declared in downloads, under its Chinese header, in the declaration’s order', () => {
    const header = findingsCsv(campaign, [{ id: 'u1', name: '竹溪瑞城', sector: '' }])
      .replace(/^\uFEFF/, '')
      .split('\r\n')[0]
      ?.split(',');
    const declared = findingsTable.keys.filter((key) => findingsTable.columns[key].views.includes('download'));
    expect(header).toEqual(declared.map((key) => findingsTable.columns[key].headers[1]));
    expect(declared).toEqual(findingsTable.keys);
  });
});

describe('the README’s findings.csv table', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### findings.csv'), readme.indexOf('### highlights.csv'));
  const rows = [...section.matchAll(/^\| `([a-z_]+)` \| (.*?) \| (是)? ?\| (.*?) ?\|$/gm)].map(([, english, chinese, required, note]) => ({
    english,
    others: [...(chinese ?? '').matchAll(/`([^`]+)`/g)].map(([, name]) => name),
    required: required === '是',
    note: note ?? '',
  }));

  it('has a row for every column, with its headers and whether it is required', () => {
    expect(rows.map((row) => row.english)).toEqual(findingsTable.specs.map((spec) => spec.headers[0]));
    for (const spec of findingsTable.specs) {
      const row = rows.find((candidate) => candidate.english === spec.headers[0]);
      expect(row?.others, spec.key).toEqual(spec.headers.slice(1));
      expect(row?.required, spec.key).toBe(spec.required);
    }
  });

  it('says which columns may be Markdown', () => {
    const markdown = rows.filter((row) => row.note.includes('Markdown')).map((row) => row.english);
    expect(markdown).toEqual(MARKDOWN_COLUMNS.map((key) => findingsTable.columns[key].headers[0]));
  });
});
