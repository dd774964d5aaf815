import { decodeHTML } from 'entities';
import { describe, expect, it } from 'vitest';
import { highlightsTable, overdueTable, teamsTable } from '../../src/lib/html/campaign-tables.ts';
import { findingEntries, findingsTable } from '../../src/lib/html/findings-table.ts';
import { balancedChunks, surveyGroupsTables } from '../../src/lib/html/survey-groups-table.ts';
import { figuresTable, renderTable } from '../../src/lib/html/table.ts';
import { openFindingsTable, recurringFindingsTable, unitCampaignsTable } from '../../src/lib/html/unit-history-tables.ts';
import type { Finding } from '../../src/lib/model.ts';
import { campaignFigures } from '../../src/lib/summary/campaign-figures.ts';
import { unitHistories } from '../../src/lib/summary/cross-campaign.ts';
import { html } from 'ghtml';
import { aCampaign, aFinding } from '../helpers/model-rows.ts';

const HOSTILE = '<img src=x onerror=alert(1)> "quoted" & \'single\'';

const CAMPAIGN = { markdownColumns: [], teams: [] };
const unitName = (id: string) => (id === 'u1' ? '竹溪瑞城' : id);

const finding = aFinding;

/** The cells of each body row, as the reader sees their text. */
function bodyCells(table: string): string[][] {
  const body = table.slice(table.indexOf('<tbody>'));
  return [...body.matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map(([, row]) =>
    [...(row ?? '').matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map(([, cell]) => decodeHTML((cell ?? '').replace(/<[^>]+>/g, ''))),
  );
}

describe('renderTable', () => {
  it('escapes the caption, the headers and every cell written with html', () => {
    const table = renderTable({
      caption: HOSTILE,
      columns: [{ header: HOSTILE, cell: (row: { text: string }) => html`${row.text}` }],
      rows: [{ text: HOSTILE }],
      rowId: (row) => `x-${row.text}`,
    });
    expect(table).not.toContain('<img');
    expect(table).not.toMatch(/id="[^"]*"[^>]*"/);
    expect(decodeHTML(table)).toContain(`<caption>${HOSTILE}</caption>`);
    expect(bodyCells(table)).toEqual([[HOSTILE]]);
  });

  it('marks row headers and figure columns for screen readers and alignment', () => {
    const table = figuresTable(
      '各类别问题数',
      ['问题类别', '问题数（个）'],
      [
        ['执行不规范', 12],
        ['方案', 0],
      ],
    );
    expect(table).toContain('<th scope="col">问题类别</th><th scope="col" class="num">问题数（个）</th>');
    expect(table).toContain('<tr><th scope="row" data-role="badge">执行不规范</th><td class="num" data-role="detail" data-label="问题数（个）">12</td></tr>');
    expect(bodyCells(table)).toEqual([
      ['执行不规范', '12'],
      ['方案', '0'],
    ]);
  });
});

describe('findingsTable', () => {
  const findings = [
    finding({ id: 'F1', description: HOSTILE, suggestion: '**补充** 台账', severity: 'high', material: '会议纪要', owner: '张三', due: '2025-10-31' }),
    finding({ id: 'F2', description: '**不是粗体**', measures: '**已补充**台账', status: 'closed', closedOn: '2025-10-01' }),
  ];

  it('shows every problem with its suggestion, measures, owner, due date and status, dashes where blank', () => {
    expect(bodyCells(findingsTable({ view: 'report', caption: 'c', entries: findingEntries(findings), campaign: CAMPAIGN, unitName }))).toEqual([
      ['F1', '执行不规范', `${HOSTILE}（严重）检查资料：会议纪要`, '**补充** 台账', '—', '张三', '2025-10-31', '未整改'],
      ['F2', '执行不规范', '**不是粗体**', '—', '**已补充**台账', '—', '—', '已整改2025-10-01'],
    ]);
  });

  it('is laid out as cards on a phone: each cell says its role, each detail carries its printed header as its label', () => {
    const table = findingsTable({ view: 'report', caption: 'c', entries: findingEntries(findings), campaign: CAMPAIGN, unitName });
    expect(table).toMatch(/^<table class="[^"]*\bcards\b/);
    const headers = [...table.slice(0, table.indexOf('</thead>')).matchAll(/<th scope="col"[^>]*>([^<]*)<\/th>/g)].map(([, header]) => header);
    const firstRow = table.slice(table.indexOf('<tbody>'), table.indexOf('</tr>', table.indexOf('<tbody>')));
    const cells = [...firstRow.matchAll(/<t[dh]([^>]*)>/g)].map(([, attributes]) => attributes ?? '');
    expect(cells).toHaveLength(headers.length);
    cells.forEach((attributes, i) => {
      const role = /data-role="([a-z]+)"/.exec(attributes)?.[1];
      expect(['title', 'badge', 'detail']).toContain(role);
      expect(/data-label="([^"]*)"/.exec(attributes)?.[1]).toBe(role === 'detail' ? headers[i] : undefined);
    });
    expect(cells.filter((attributes) => attributes.includes('data-role="title"'))).toHaveLength(1);
    // A table of figures under a chart too: the row's name heads the card, each figure is labelled.
    expectCards(figuresTable('c', ['类别', '问题数', '占比'], [['执行不规范', 1, '50%']]));
  });

  it('renders Markdown only in the declared columns, with raw HTML still escaped', () => {
    const campaign = { ...CAMPAIGN, markdownColumns: ['suggestion' as const, 'description' as const] };
    const table = findingsTable({ view: 'report', caption: 'c', entries: findingEntries(findings), campaign, unitName });
    expect(table).toContain('<strong>补充</strong> 台账');
    expect(table).toContain('<strong>不是粗体</strong>');
    expect(table).toContain('**已补充**台账');
    expect(table).not.toContain('<img');
  });

  it('leaves out the category on the notice, where the table is grouped by it, and links each row by id', () => {
    const table = findingsTable({ view: 'notice', caption: 'c', entries: findingEntries(findings), campaign: CAMPAIGN, unitName });
    expect(table).not.toContain('问题类别');
    expect(table).toContain('<tr id="finding-F1">');
    expect(table).toContain('<span class="status status-closed">已整改</span>');
  });
});

describe('campaign report tables', () => {
  it('links each overdue problem to its row and names its unit', () => {
    const table = overdueTable([{ finding: finding({ due: '2025-10-31' }), daysOverdue: 30 }], { campaign: CAMPAIGN, unitName });
    expect(table).toContain('<a href="#finding-F1">F1</a>');
    expect(bodyCells(table)).toEqual([['F1', '竹溪瑞城', '描述', '—', '2025-10-31', '已逾期 30 天']]);
  });

  it('shows highlights with Markdown descriptions only when declared', () => {
    const highlights = [{ id: 'H1', line: 2, unit: 'u1', description: '**好**' }];
    expect(bodyCells(highlightsTable(highlights, { unitName: () => '单位', markdownColumns: [] }))).toEqual([['H1', '单位', '—', '**好**']]);
    expect(highlightsTable(highlights, { unitName: () => '单位', markdownColumns: ['description'] })).toContain('<strong>好</strong>');
  });
});

describe('unit history tables', () => {
  const campaign = (id: string, date: string, findings: Finding[]) => aCampaign({ id, title: `标题${id}`, date, findings, inspectedUnits: ['u1'] });
  const campaigns = [
    campaign('a', '2024-10-16', [finding({ id: 'A1', status: 'closed' })]),
    campaign('b', '2025-09-17', [finding({ id: 'B1', due: '2025-12-31' })]),
    campaign('c', '2026-03-20', [finding({ id: 'C1', due: '2026-12-31', status: 'in_progress' })]),
  ];
  const history = unitHistories(campaigns, (campaign) => campaignFigures(campaign, '2026-06-01')).get('u1');
  if (!history) throw new Error('no history for u1');

  it('lists the unit’s campaigns with links under the site’s base', () => {
    const table = unitCampaignsTable(history, (path) => `/reports/${path}`);
    // On a phone a card per campaign (issue 24).
    expectCards(table);
    expect(table).toContain('<a href="/reports/campaigns/a/">2024-10 标题a</a>');
    expect(table).toContain('<a href="/reports/campaigns/c/units/u1/">查看</a>');
    expect(bodyCells(table)).toEqual([
      ['2024-10 标题a', '1', '1', '0', '查看'],
      ['2025-09 标题b', '1', '0', '0', '查看'],
      ['2026-03 标题c', '1', '0', '0', '查看'],
    ]);
  });

  it('marks open problems past their due date as overdue', () => {
    expect(bodyCells(openFindingsTable(history, { campaigns, unitName }))).toEqual([
      // 2025-12-31 to 2026-06-01: 31 + 28 + 31 + 30 + 31 days to the end of May, and one more.
      ['2025-09 标题b', 'B1', '描述', '—', '2025-12-31已逾期 152 天', '未整改'],
      ['2026-03 标题c', 'C1', '描述', '—', '2026-12-31', '整改中'],
    ]);
  });

  it('says how often a repeated problem was found before, and when last', () => {
    expect(bodyCells(recurringFindingsTable(history, { campaigns, unitName })).map((row) => row.at(-1))).toEqual([
      '1 次，最近一次：2024-10 标题a',
      '2 次，最近一次：2025-09 标题b',
    ]);
  });
});

/**
 * A table laid out as cards on a phone: every cell of every row says its role, one or more
 * cells head the card, and each labelled line carries its column's printed header.
 */
function expectCards(table: string) {
  expect(table).toMatch(/^<table class="[^"]*\bcards\b/);
  const headers = [...table.slice(0, table.indexOf('</thead>')).matchAll(/<th scope="col"[^>]*>(.*?)<\/th>/g)].map(([, header]) =>
    decodeHTML((header ?? '').replace(/<[^>]+>/g, '')),
  );
  const rows = table
    .slice(table.indexOf('<tbody>'))
    .split('</tr>')
    .filter((row) => row.includes('<t'));
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    const cells = [...row.matchAll(/<t[dh](?=[\s>])([^>]*)>/g)].map(([, attributes]) => attributes ?? '');
    expect(cells).toHaveLength(headers.length);
    cells.forEach((attributes, i) => {
      const role = /data-role="([a-z]+)"/.exec(attributes)?.[1];
      expect(['title', 'badge', 'detail'], attributes).toContain(role);
      if (role === 'detail') expect(decodeHTML(/data-label="([^"]*)"/.exec(attributes)?.[1] ?? '')).toBe(headers[i]);
    });
    expect(cells.some((attributes) => /data-role="(title|badge)"/.test(attributes))).toBe(true);
  }
}

describe('every table that grows with the data becomes cards on a phone', () => {
  it('highlights: headed by the id, the description as text, unit and category as lines, each row linkable', () => {
    const table = highlightsTable([{ id: 'H1', line: 2, unit: 'u1', category: '执行', description: '好' }], { unitName, markdownColumns: [] });
    expectCards(table);
    expect(table).toContain('<tr id="highlight-H1">');
    expect(table).toMatch(/data-role="title">好</);
    expect(table).toContain('data-label="单位">竹溪瑞城');
  });

  it('teams: the team as heading, leader, leader’s unit, units inspected and problems as lines', () => {
    const team = { id: 't1', name: '第一检查组', leader: '王', leaderUnit: 'u1', inspects: ['u1', 'u2'], members: [] };
    const table = teamsTable([team], { unitName, findingsByUnit: { u1: 2, u2: 3 } });
    expectCards(table);
    expect(table).toContain('data-label="组长所在单位">竹溪瑞城');
    expect(table).toContain('data-label="发现问题">5');
  });

  it('the survey’s groups, whichever way they are laid', () => {
    const q = {
      id: 'q1',
      text: '题目1',
      type: 'single' as const,
      options: ['好'],
      favorable: ['好'],
      counts: { 好: 1 },
      answered: 1,
      unanswered: 0,
      favorableCount: 1,
      favorableShare: 1,
    };
    const groups = [
      { name: '甲', respondents: 1, questions: [q] },
      { name: '乙', respondents: 1, questions: [q] },
    ];
    for (const markup of [
      surveyGroupsTables([q], groups, { groupLabel: '单位' }),
      surveyGroupsTables([q, { ...q, id: 'q2' }, { ...q, id: 'q3' }], groups, { groupLabel: '单位' }),
    ]) {
      for (const table of markup.split('</table>').filter((part) => part.includes('<table'))) expectCards(table.slice(table.indexOf('<table')) + '</table>');
    }
  });
});

describe('grouped survey table', () => {
  const question = (id: string, favorableCount = 3, answered = 4) => ({
    id,
    text: `题目${id}`,
    type: 'single' as const,
    options: ['好', '差'],
    favorable: ['好'],
    counts: { 好: favorableCount, 差: answered - favorableCount },
    answered,
    unanswered: 0,
    favorableCount,
    favorableShare: favorableCount / answered,
  });
  const group = (name: string, questions: ReturnType<typeof question>[]) => ({ name, respondents: 4, questions });
  const headers = (table: string) =>
    [...table.matchAll(/<th scope="col"[^>]*>(.*?)<\/th>/g)].map(([, cell]) => decodeHTML((cell ?? '').replace(/<[^>]+>/g, '')));
  const tables = (markup: string) => markup.split('</table>').filter((part) => part.includes('<table'));

  it('keeps groups as rows when they are at least as many as the questions', () => {
    const questions = [question('a'), question('b')];
    const markup = surveyGroupsTables(questions, [group('甲', questions), group('乙', questions)], { groupLabel: '单位' });
    expect(tables(markup)).toHaveLength(1);
    expect(headers(markup)).toEqual(['单位', '答卷数', '题目a', '题目b']);
    expect(bodyCells(markup)).toEqual([
      ['甲', '4', '75.00%', '75.00%'],
      ['乙', '4', '75.00%', '75.00%'],
    ]);
  });

  it('turns questions into rows when they outnumber the groups, in one scroll box per table', () => {
    const questions = Array.from({ length: 12 }, (_, i) => question(`q${i}`, i % 5, 4));
    const markup = surveyGroupsTables(questions, [group('很长很长的单位名称有限责任公司', questions), group('乙', questions)], { groupLabel: '单位' });
    expect(markup).toContain('survey-groups-transposed');
    expect(headers(markup)).toEqual(['题目', '很长很长的单位名称有限责任公司', '乙']);
    const rows = bodyCells(markup);
    expect(rows[0]).toEqual(['答卷数', '4', '4']);
    expect(rows.slice(1).map((row) => row[0])).toEqual(questions.map((q) => q.text));
    expect(markup.match(/class="table-scroll"/g)).toHaveLength(1);
  });

  it('splits more columns than fit a page over tables of balanced width, each repeating the row headers', () => {
    const questions = Array.from({ length: 12 }, (_, i) => question(`q${i}`));
    const groups = Array.from({ length: 8 }, (_, i) => group(`单位${i}`, questions));
    const markup = surveyGroupsTables(questions, groups, { groupLabel: '单位' });
    const parts = tables(markup);
    expect(parts.map((part) => headers(part))).toEqual([
      ['题目', '单位0', '单位1', '单位2', '单位3'],
      ['题目', '单位4', '单位5', '单位6', '单位7'],
    ]);
    for (const part of parts) expect(bodyCells(part)).toHaveLength(13);
    expect(markup).toContain('按“单位”分组的好评率（2/2）');
  });

  it('escapes names and texts', () => {
    const questions = [question('a')];
    const markup = surveyGroupsTables(questions, [{ ...group(HOSTILE, questions), merged: [HOSTILE] }], { groupLabel: HOSTILE });
    expect(markup).not.toContain('<img');
  });

  it('splits evenly', () => {
    expect(balancedChunks([1, 2, 3, 4, 5, 6], 5)).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(balancedChunks([1, 2, 3], 5)).toEqual([[1, 2, 3]]);
    expect(balancedChunks([], 5)).toEqual([]);
  });
});
