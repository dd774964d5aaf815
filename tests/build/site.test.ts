import { readFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { describe, expect, inject, it } from 'vitest';
import { listFiles, PROJECT_ROOT } from '../helpers/build-site.ts';
import { readWorkbook, values, type ReadSheet } from '../helpers/openpyxl.ts';
import { quickOutput } from '../helpers/processes.ts';

/** The sample data, built as the intranet serves it: under a sub-path. */

const BASE = inject('siteBase');
const outDir = inject('siteDir');
const CAMPAIGN = '2025-09-cross-check';
const DATA = path.join(PROJECT_ROOT, 'data/campaigns', CAMPAIGN);

const read = (file: string) => readFileSync(path.join(outDir, file), 'utf8');
const rows = (file: string, encoding = 'utf8') =>
  Papa.parse<Record<string, string>>(iconv.decode(readFileSync(path.join(DATA, file)), encoding).replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  }).data;

describe('the sample campaign site', () => {
  it('writes the campaign list, the report, the article and summary.json', () => {
    expect(listFiles(outDir)).toEqual(
      expect.arrayContaining(['index.html', `campaigns/${CAMPAIGN}/index.html`, `campaigns/${CAMPAIGN}/news/index.html`, `campaigns/${CAMPAIGN}/summary.json`]),
    );
  });

  it('publishes the figures of the seed campaign in summary.json', () => {
    const summary = JSON.parse(read(`campaigns/${CAMPAIGN}/summary.json`));
    expect(summary.campaign).toEqual({ id: CAMPAIGN, title: '集团绩效交叉检查活动', date: '2025-09-17' });
    expect(summary.findings.total).toBe(35);
    expect(summary.highlights.total).toBe(5);
    expect(summary.survey.respondents).toBe(31);
    const shares = Object.fromEntries(summary.survey.questions.map((q: { id: string; favorableShare: number }) => [q.id, q.favorableShare]));
    expect(shares).toMatchObject({ practical: 22 / 31, apply: 1, helpful: 29 / 31, clarity: 30 / 31 });
    expect(Object.keys(summary.findings.byUnit)).toEqual(['zxrc', 'qshsdz', 'jtznzx', 'sxjl', 'wzgs', 'xsgs']);
    expect(summary.findings.byStatus).toEqual({ open: 4, in_progress: 9, closed: 22 });
  });

  it('counts every row of findings.csv, unit by unit and category by category', () => {
    const findings = rows('findings.csv');
    const summary = JSON.parse(read(`campaigns/${CAMPAIGN}/summary.json`));
    const byCategory: Record<string, number> = {};
    for (const row of findings) byCategory[row['问题类别'] as string] = (byCategory[row['问题类别'] as string] ?? 0) + 1;
    expect(summary.findings.byCategory).toEqual(byCategory);
    const page = read(`campaigns/${CAMPAIGN}/index.html`);
    for (const row of findings) expect(page).toContain(`id="finding-${row['编号']}"`);
  });

  it('writes the article with every figure computed, at the precision the writer chose', () => {
    const article = read(`campaigns/${CAMPAIGN}/news/index.html`);
    expect(article).toContain('<h1 class="news-title">搭建交流平台 赋能绩效提升 —— 集团绩效交叉检查活动圆满完成</h1>');
    expect(article).toContain('共梳理出35个问题、5个亮点');
    expect(article).toContain('结果显示，71%的学员认为培训内容“非常实用”，100%的学员');
    expect(article).toContain('93.55%的学员认为培训对工作“有较大帮助”或“非常有帮助”，97%的学员');
    expect(article).toContain('陕西金龙王小菊副主任负责检查竹溪瑞城、千山湖水电站、集团职能中心；竹溪瑞城姚辉主任负责检查陕西金龙、物资公司、销售公司。');
  });

  it('shows the key figures and the survey shares on the campaign report', () => {
    const page = read(`campaigns/${CAMPAIGN}/index.html`);
    for (const [value, label] of [
      [6, '被检单位（个）'],
      [35, '发现问题（个）'],
      [5, '亮点（个）'],
      [31, '有效问卷（份）'],
    ]) {
      // Whitespace between the two spans is the template's formatting, not the figure.
      expect(page).toMatch(new RegExp(`<span class="value">${value}</span>\\s*<span class="label">${label}</span>`));
    }
    for (const share of ['70.97%', '100.00%', '93.55%', '96.77%']) expect(page).toContain(share);
    expect(page.match(/<svg /g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('links only to pages that exist under the base path', () => {
    const pages = listFiles(outDir).filter((file) => file.endsWith('.html'));
    for (const page of pages) {
      for (const [, link] of read(page).matchAll(/(?:href|src)="([^"#]+)/g)) {
        expect(link, `${page} links outside the base: ${link}`).toMatch(new RegExp(`^${BASE}`));
        const target = (link as string).slice(BASE.length);
        const file = target === '' || target.endsWith('/') ? `${target}index.html` : target;
        expect(listFiles(outDir), `${page} → ${link}`).toContain(file);
      }
    }
  });

  it('needs no JavaScript but for the search page and the filters of tables of problems, and loads nothing from the internet', () => {
    let filtered = 0;
    for (const page of listFiles(outDir).filter((file) => file.endsWith('.html'))) {
      const html = read(page);
      // The search page's one script is a file of the site's own origin, no inline code (the CSP holds);
      // a page with tables of problems loads the filters' script and gives it data, never code.
      const filters = html.includes('data-problems=');
      if (filters) filtered++;
      const scripts =
        page === 'search/index.html'
          ? [`<script type="module" src="${BASE}search/search.js"></script>`]
          : filters
            ? [
                expect.stringMatching(/^<script type="application\/json" id="finding-filters">[^<]*<\/script>$/),
                `<script type="module" src="${BASE}filters/filters.js"></script>`,
              ]
            : [];
      expect(html.match(/<script\b[\s\S]*?<\/script\s*>/gi) ?? [], page).toEqual(scripts);
      expect(html.match(/<script/gi)?.length ?? 0, page).toBe(scripts.length);
      expect(html).not.toMatch(/(?:href|src)="(?:https?:)?\/\//);
    }
    // The reports, the notices and the unit pages.
    expect(filtered).toBeGreaterThan(10);
  });

  it('never publishes the personal data of survey respondents', () => {
    const survey = rows('survey.csv', 'gb18030');
    const secrets = survey.flatMap((row) => [row['来自IP']?.split('(')[0], row['7、您的姓名']]).filter((s): s is string => !!s);
    expect(secrets.length).toBe(62);
    for (const file of listFiles(outDir)) {
      const text = readFileSync(path.join(outDir, file), 'utf8');
      for (const secret of secrets) expect(text.includes(secret), `${file} contains ${secret}`).toBe(false);
    }
  });

  it('says which files each report was built from', () => {
    // The data folder named once, the files relative to it (a62d2ec).
    expect(read(`campaigns/${CAMPAIGN}/index.html`)).toMatch(new RegExp(`数据来源：数据目录 data/ 中的 [^<]*campaigns/${CAMPAIGN}/findings\\.csv`));
  });
});

describe('across campaigns', () => {
  it('opens on a dashboard comparing every campaign', () => {
    const home = read('index.html');
    for (const title of ['各次检查问题数（按类别）', '整改完成率（截至 2026年11月24日）', '各次检查亮点数', '培训满意度好评率变化']) {
      expect(home).toContain(title);
    }
    for (const id of ['2024-10-cross-check', '2025-09-cross-check', '2026-03-monthly-check']) expect(home).toContain(`href="${BASE}campaigns/${id}/"`);
    expect(home).toContain(`href="${BASE}units/zxrc/"`);
  });

  it('shows a unit across campaigns with its open, overdue and recurring problems', () => {
    const unit = read('units/zxrc/index.html');
    expect(unit).toContain('<h1>竹溪瑞城</h1>');
    expect(unit).toMatch(/2024-10 2024年集团绩效交叉检查活动[\s\S]*2025-09 集团绩效交叉检查活动[\s\S]*2026-03/);
    expect(unit).toContain('<span class="flag">重复问题</span>');
    expect(unit).toMatch(/已逾期 \d+ 天/);
  });

  it('follows rectification on the report and in summary.json, judged on REPORT_DATE', () => {
    const findings = rows('findings.csv');
    const closed = findings.filter((row) => row['整改状态'] === '已整改').length;
    // Every sample due date is in 2025, before REPORT_DATE: every unclosed problem is overdue.
    expect(findings.every((row) => (row['整改期限'] ?? '').startsWith('2025'))).toBe(true);
    const summary = JSON.parse(read(`campaigns/${CAMPAIGN}/summary.json`));
    expect(summary.rectification).toMatchObject({ asOf: '2026-11-24', closureRate: closed / findings.length, overdue: findings.length - closed });
    // The campaign was held on 2025-09-17; days to close counted here with plain UTC arithmetic.
    const days = findings
      .filter((row) => row['整改状态'] === '已整改' && row['完成日期'])
      .map((row) => (Date.parse(`${row['完成日期']}T00:00:00Z`) - Date.parse('2025-09-17T00:00:00Z')) / 86_400_000)
      .sort((a, b) => a - b);
    const middle = Math.floor(days.length / 2);
    const median = days.length % 2 === 1 ? days[middle] : ((days[middle - 1] ?? 0) + (days[middle] ?? 0)) / 2;
    expect(days).toHaveLength(22);
    expect(summary.rectification.medianDaysToClose).toBe(median);
    expect(read(`campaigns/${CAMPAIGN}/index.html`)).toContain('<h2>整改进度</h2>');
  });

  it('shows who verified each closed problem, and counts the verified ones in summary.json', () => {
    const verified = rows('findings.csv').filter((row) => row['验证日期']);
    expect(verified).toHaveLength(15);
    expect(JSON.parse(read(`campaigns/${CAMPAIGN}/summary.json`)).rectification.verified).toBe(verified.length);
    // F001 (竹溪瑞城): closed 2025-10-15, verified a week later by 王小菊.
    const note = '<div class="note verified">已验证 <span class="nowrap">2025-10-22</span></div><div class="note verified">验证人：王小菊</div>';
    const rowOf = (page: string) => page.slice(page.search(/<tr id="finding-F001"[ >]/), page.indexOf('</tr>', page.search(/<tr id="finding-F001"[ >]/)));
    expect(rowOf(read(`campaigns/${CAMPAIGN}/index.html`))).toContain(note);
    expect(rowOf(read(`campaigns/${CAMPAIGN}/units/zxrc/index.html`))).toContain(note);
    const download = Papa.parse<string[]>(read(`campaigns/${CAMPAIGN}/units/zxrc/findings.csv`).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(download[0]?.slice(-2)).toEqual(['验证人', '验证日期']);
    expect(download.find((cells) => cells[0] === 'F001')?.slice(-3)).toEqual(['2025-10-15', '王小菊', '2025-10-22']);
  });

  it('offers the 整改台账 as a workbook beside every CSV, with the CSV’s rows, and the overdue list summary.json counts', async () => {
    const csvs = listFiles(outDir).filter((file) => file.endsWith('/findings.csv'));
    expect(csvs.length).toBeGreaterThan(1);
    for (const csv of csvs) expect(listFiles(outDir), csv).toContain(csv.replace(/\.csv$/, '.xlsx'));
    // The CSV neutralises formula-like text with an apostrophe; the workbook keeps it as text.
    const csvRows = (file: string) =>
      Papa.parse<string[]>(read(file).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data.map((row) =>
        row.map((cell) => cell.replace(/^'(?=[=+\-@\t\r])/, '')),
      );
    const asText = (sheet: ReadSheet, from: number) => values(sheet, from).map((row) => row.map((value) => (value === null ? '' : String(value))));
    for (const csv of [`campaigns/${CAMPAIGN}/findings.csv`, `campaigns/${CAMPAIGN}/units/zxrc/findings.csv`]) {
      const [sheet] = await readWorkbook(path.join(outDir, csv.replace(/\.csv$/, '.xlsx')));
      if (!sheet) throw new Error(`${csv}: no sheet`);
      expect(asText(sheet, 1), csv).toEqual(csvRows(csv));
      expect(sheet.freeze).toBe('A2');
      expect(sheet.rows.flat().some((cell) => cell.type === 'f')).toBe(false);
    }
    const [overdue] = await readWorkbook(path.join(outDir, `campaigns/${CAMPAIGN}/overdue.xlsx`));
    if (!overdue) throw new Error('overdue.xlsx: no sheet');
    expect(values(overdue, 3)).toHaveLength(JSON.parse(read(`campaigns/${CAMPAIGN}/summary.json`)).rectification.overdue);
  });

  it('says in every footer which commit of the data a page was built from', () => {
    const git = (...args: string[]) => quickOutput('git', args, { cwd: PROJECT_ROOT }).trim();
    const last = git('log', '-1', '--format=%h', '--', `data/campaigns/${CAMPAIGN}`);
    // Whitespace around the <code> is the template's formatting.
    expect(read(`campaigns/${CAMPAIGN}/index.html`)).toMatch(new RegExp(`数据版本：\\s*<code>${last}</code>`));
    expect(JSON.parse(read(`campaigns/${CAMPAIGN}/summary.json`)).sourceCommit.shortHash).toBe(last);
    expect(read('index.html')).toMatch(new RegExp(`数据版本：\\s*<code>${git('log', '-1', '--format=%h', '--', 'data')}</code>`));
  });

  it('lists the commits that changed a campaign’s findings on its history page', () => {
    const git = (...args: string[]) => quickOutput('git', args, { cwd: PROJECT_ROOT }).trim();
    const commits = git('log', '--format=%h', '--', `data/campaigns/${CAMPAIGN}/findings.csv`).split('\n');
    const page = read(`campaigns/${CAMPAIGN}/history/index.html`);
    for (const hash of commits) expect(page).toContain(`<code>${hash}</code>`);
    expect(page).toContain(`新增 35 个问题`);
  });
});
