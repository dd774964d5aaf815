import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/build-site.ts';

/** The sample article as built: its charts drawn as on the report, and its comparison with 2024. */

const outDir = inject('siteDir');
const read = (file: string) => readFileSync(path.join(outDir, file), 'utf8');
const articleOf = (id: string) => {
  const page = read(`campaigns/${id}/news/index.html`);
  return page.slice(page.indexOf('<article'), page.indexOf('</article>'));
};
const svgs = (html: string) => [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map(([svg]) => svg);
/** The chart with this title, its ids made alike (the article numbers its charts, the report names them). */
const chartTitled = (html: string, title: string) => {
  const svg = svgs(html).find((candidate) => candidate.includes(`-title">${title}</title>`));
  if (!svg) throw new Error(`no chart “${title}”`);
  const id = /id="([^"]+)-title"/.exec(svg)?.[1] ?? '';
  return svg.replaceAll(id, 'ID');
};
const findings = (id: string) =>
  Papa.parse<Record<string, string>>(readFileSync(path.join(PROJECT_ROOT, 'data/campaigns', id, 'findings.csv'), 'utf8').replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  }).data;

describe('charts in the sample article', () => {
  const article = articleOf('2025-09-cross-check');

  it('draws the problems by category, each count from findings.csv written on its bar', () => {
    const chart = chartTitled(article, '各类别问题数');
    const counts = new Map<string, number>();
    for (const row of findings('2025-09-cross-check')) counts.set(row['问题类别'] ?? '', (counts.get(row['问题类别'] ?? '') ?? 0) + 1);
    expect([...counts.values()].sort()).toEqual([12, 15, 8].sort());
    for (const [category, count] of counts) {
      expect(chart).toMatch(new RegExp(`<text[^>]*>${count}</text>`));
      expect(article).toContain(`<th scope="row" data-role="badge">${category}</th><td class="num" data-role="detail" data-label="问题数（个）">${count}</td>`);
    }
  });

  it('draws the same SVG as the report, with the same data table', () => {
    const report = read('campaigns/2025-09-cross-check/index.html');
    for (const title of ['各类别问题数', '各题好评率']) expect(chartTitled(article, title)).toBe(chartTitled(report, title));
    expect(article).toContain('<figure class="chart-figure"><svg');
    expect(article).toContain('<summary>查看数据表</summary>');
  });

  it('draws the survey’s favourable shares at the seed article’s figures', () => {
    const chart = chartTitled(article, '各题好评率');
    for (const share of ['70.97%', '100.00%', '93.55%', '96.77%']) expect(chart).toMatch(new RegExp(`<text[^>]*>${share}</text>`));
  });

  it('compares with the 2024 campaign in natural Chinese, rectification at equal age', () => {
    expect(article).toContain(
      '<p>与2024年集团绩效交叉检查活动相比，本次共发现问题 35 个，较上次减少 11 个，下降 23.9%；其中执行不规范问题减少 1 个。' +
        '按完成日期统计，检查后 90 天内完成整改的问题占 60.0%，较上次检查的同期（76.1%）降低 16.1 个百分点。</p>',
    );
    // Hand-checked against the CSV files: 2024 had 46 problems, 35 of them closed within 90 days of 2024-10-16.
    const utc = (date: string) => {
      const [y = 0, m = 1, d = 1] = date.split(/[-/.]/).map(Number);
      return Date.UTC(y, m - 1, d);
    };
    const within90 = (id: string, day: string) =>
      findings(id).filter((row) => row['整改状态'] === '已整改' && row['完成日期'] && (utc(row['完成日期']) - utc(day)) / 86_400_000 <= 90).length;
    expect([findings('2024-10-cross-check').length, within90('2024-10-cross-check', '2024-10-16')]).toEqual([46, 35]);
    expect([findings('2025-09-cross-check').length, within90('2025-09-cross-check', '2025-09-17')]).toEqual([35, 21]);
  });

  it('stays neutral where there is no earlier campaign of the kind, with the default template’s chart', () => {
    const first = articleOf('2024-10-cross-check');
    expect(first).not.toContain('相比');
    expect(chartTitled(first, '各类别问题数')).toMatch(/<text[^>]*>\d+<\/text>/);
    expect(articleOf('2026-03-monthly-check')).not.toContain('相比');
  });

  it('names the campaign compared with in summary.json', () => {
    const summary = (id: string) => JSON.parse(read(`campaigns/${id}/summary.json`));
    expect(summary('2025-09-cross-check').previous).toEqual({ id: '2024-10-cross-check', findings: { total: 46 }, rectification: { closureRate: 40 / 46 } });
    expect(summary('2024-10-cross-check').previous).toBe(null);
    expect(summary('2026-03-monthly-check').previous).toBe(null);
  });
});
