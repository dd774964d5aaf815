import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataIssue } from '../../src/lib/errors.ts';
import { formatDay } from '../../src/lib/format/dates.ts';
import { formatPercent } from '../../src/lib/format/numbers.ts';
import type { Campaign, Unit } from '../../src/lib/model.ts';
import { newsContext } from '../../src/lib/news/news-context.ts';
import { NEWS_LIMITS } from '../../src/lib/news/news-engine.ts';
import { chartCatalog } from '../../src/lib/news/article-charts.ts';
import { placeCharts, renderMarkdown, renderNews } from '../../src/lib/news/render-news.ts';
import { templateIssue } from '../../src/lib/news/template-issue.ts';
import { TemplateSandbox } from '../../src/lib/news/template-sandbox.ts';
import { tryArticles } from '../../src/lib/news/try-articles.ts';
import { campaignTotals } from '../../src/lib/summary/campaign-figures.ts';
import { CAMPAIGN, createFixture, REPORT_DATE, type Fixture } from '../helpers/data-fixture.ts';

/** Finding 4 of the hostile-data issue: templates have no limits. */

const FILE = `${CAMPAIGN}/news.md`;
const NESTED_LOOP = '# 标题\n\n{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}';
const NESTED_EMPTY_LOOP = '# 标题\n\n{% for i in (1..100000) %}{% for j in (1..100000) %}{% endfor %}{% endfor %}';
const HUGE_RANGE = '# 标题\n\n{% for i in (1..600000000) %}{{ i }}{% endfor %}';
const DOUBLING = '{% assign s = "xx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s }}';

let fixture: Fixture | undefined;
let campaign: Campaign;
let units: Unit[];

beforeAll(async () => {
  // The sample data's one campaign, loaded with its harmless default template; each test gives
  // it another template, as a news.md next to its campaign.yml would.
  fixture = createFixture({});
  const { data } = await fixture.load();
  const [first] = data.campaigns;
  if (!first) throw new Error('no campaign');
  campaign = first;
  units = data.units;
});
afterAll(() => fixture?.cleanup());

const withTemplate = (source: string, file = FILE): Campaign => ({ ...campaign, news: { file, source } });
const totalsOf = (c: Campaign) => campaignTotals(c, REPORT_DATE);

async function timedTry(source: string): Promise<{ issues: DataIssue[]; ms: number }> {
  const started = performance.now();
  const issues = await tryArticles([withTemplate(source)], units, totalsOf);
  return { issues, ms: performance.now() - started };
}

describe('templates have no limits (hostile data, finding 4)', () => {
  it('fails a nested 100000 × 100000 loop within a few seconds, naming the file and the line', async () => {
    const { issues, ms } = await timedTry(NESTED_LOOP);
    expect(ms).toBeLessThan(7_000);
    expect(issues).toEqual([
      expect.objectContaining({ severity: 'error', file: FILE, line: 3, message: expect.stringMatching(/^新闻稿模板运行超时/) }),
    ]);
  });

  it('fails a nested loop with empty bodies (the renderLimit bypass of CVE-2026-44645) within a few seconds', async () => {
    const { issues, ms } = await timedTry(NESTED_EMPTY_LOOP);
    expect(ms).toBeLessThan(7_000);
    expect(issues).toEqual([expect.objectContaining({ file: FILE, message: expect.stringMatching(/^新闻稿模板运行超时/) })]);
  });

  it('fails a range of 600 million with the file named, without crashing the process', async () => {
    const { issues, ms } = await timedTry(HUGE_RANGE);
    expect(ms).toBeLessThan(7_000);
    expect(issues).toEqual([
      expect.objectContaining({ file: FILE, line: 3, message: expect.stringMatching(/^新闻稿模板占用内存过多/) }),
    ]);
  });

  it('fails a template doubling a string without using gigabytes', async () => {
    const before = process.memoryUsage().rss;
    const { issues, ms } = await timedTry(DOUBLING);
    expect(ms).toBeLessThan(7_000);
    expect(issues).toEqual([expect.objectContaining({ file: FILE, line: 1, message: expect.stringMatching(/^新闻稿模板占用内存过多/) })]);
    expect(process.memoryUsage().rss - before).toBeLessThan(300_000_000);
  });

  it('bounds the size of a rendered article', async () => {
    // 40 000 × 100 characters: under the engine's memory limit, over the article's 1 MB.
    const long = `{% for i in (1..40000) %}${'长'.repeat(100)}{% endfor %}`;
    const { issues } = await timedTry(long);
    expect(issues).toEqual([expect.objectContaining({ file: FILE, message: expect.stringMatching(/^新闻稿太长：填入数据后有 12 MB，上限为 1 MB/) })]);
    expect(() => renderNews({ file: FILE, source: long }, {}, '')).toThrow(/新闻稿太长/);
  });

  it('refuses an over-long template before parsing it', async () => {
    const { issues } = await timedTry('字'.repeat(NEWS_LIMITS.parseLimit + 1));
    expect(issues).toEqual([expect.objectContaining({ file: FILE, message: expect.stringMatching(/^新闻稿模板太长/) })]);
  });

  it('kills a worker that runs out of heap, names the file, and carries on in a new worker', async () => {
    // Without LiquidJS's memoryLimit (as if bypassed), an array doubled 40 times fills a 64 MB heap.
    const sandbox = new TemplateSandbox({ timeoutMs: 5_000, heapMb: 64 }, { ...NEWS_LIMITS, memoryLimit: Infinity });
    try {
      const started = performance.now();
      const dead = await sandbox.fill('{% assign a = "x,x" | split: "," %}{% for i in (1..40) %}{% assign a = a | concat: a %}{% endfor %}{{ a | size }}', {});
      expect(performance.now() - started).toBeLessThan(7_000);
      if (dead.ok) throw new Error('expected the worker to run out of memory');
      expect(templateIssue(FILE, dead.problem)).toEqual({
        severity: 'error',
        file: FILE,
        message: '新闻稿模板占用内存过多（超过 64 MB），可能含有过大的循环或反复加倍的文字',
        hint: expect.any(String),
      });
      expect(await sandbox.fill('{{ n }}', { n: 1 })).toEqual({ ok: true, text: '1', charts: [] });
    } finally {
      await sandbox.close();
    }
  });

  it('terminates a template that outlasts the time-out even when LiquidJS does not stop it', async () => {
    // A time-out shorter than LiquidJS's renderLimit: the worker is killed and replaced.
    const issues = await tryArticles(
      [withTemplate(NESTED_LOOP, 'data/campaigns/a/news.md'), withTemplate('# {{ campaign.title }}', 'data/campaigns/b/news.md')],
      units,
      totalsOf,
      { timeoutMs: 500, heapMb: 256 },
    );
    expect(issues).toEqual([
      { severity: 'error', file: 'data/campaigns/a/news.md', message: '新闻稿模板运行超时（超过 0.5 秒），可能含有过大的循环', hint: expect.any(String) },
    ]);
  });

  it('still reports unknown placeholders with their line and column', async () => {
    const { issues } = await timedTry('# 标题\n\n共 {{ findings.totl }} 个');
    expect(issues).toEqual([expect.objectContaining({ file: FILE, line: 3, column: 6, message: '未知的占位符“findings.totl”' })]);
  });

  it('passes the shipped default template, filled in the worker exactly as renderNews fills it', async () => {
    const shipped = readFileSync(path.join(import.meta.dirname, '../../templates/news.md'), 'utf8');
    expect(await tryArticles([withTemplate(shipped)], units, totalsOf)).toEqual([]);
    const context = newsContext(campaign, units, totalsOf(campaign));
    // The chart's placeholder differs at each fill (a random nonce): both are drawn as one marker.
    const charts = { catalog: chartCatalog(campaign), draw: () => '<figure></figure>\n' };
    const sandbox = new TemplateSandbox();
    try {
      const filled = await sandbox.fill(shipped, context, charts.catalog);
      if (!filled.ok) throw new Error(JSON.stringify(filled.problem));
      expect(filled.text).toContain('本次活动组织了“培训调查”');
      expect(filled.charts.map((chart) => chart.name)).toEqual(['findings_by_category']);
      const inWorker = placeCharts(FILE, renderMarkdown(filled.text, campaign.title), filled.charts, charts.draw);
      expect(inWorker).toEqual(renderNews({ file: FILE, source: shipped }, context, campaign.title, charts));
    } finally {
      await sandbox.close();
    }
  });

  it('formats percentages and dates in the worker as formatPercent and formatDay do', async () => {
    const shares = [0, 1, -0.5, 0.1, 2 / 3, 22 / 31, 0.005, 0.0049999, 0.12345678, 0.999999, 1.5, 123.456, 1e-9, Number.NaN];
    for (let i = 0; i < 200; i++) shares.push(Math.sin(i * 7.3) * (i % 3 === 0 ? 10 : 1));
    const source = shares.map((_, i) => [0, 1, 2, 3, 4, 5, 6].map((digits) => `{{ s[${i}] | percent: ${digits} }}`).join(' ')).join('\n');
    const expected = shares.map((share) => [0, 1, 2, 3, 4, 5, 6].map((digits) => formatPercent(share, digits)).join(' ')).join('\n');
    const dates = '{{ d | zh_date }} {{ d | zh_date: "M月d日" }} {{ d | zh_date: "yyyy-MM-dd EEE" }}';
    const sandbox = new TemplateSandbox();
    try {
      const filled = await sandbox.fill(source, { s: shares });
      const unescape = (text: string) => text.replace(/\\(.)/g, '$1');
      expect(filled.ok && unescape(filled.text)).toBe(expected);
      for (const day of ['2025-09-07', '2024-02-29', '2026-12-31']) {
        const filled = await sandbox.fill(dates, { d: day });
        expect(filled.ok && unescape(filled.text)).toBe(`${formatDay(day)} ${formatDay(day, 'M月d日')} ${formatDay(day, 'yyyy-MM-dd EEE')}`);
      }
      const wording =
        '{{ 35 | count_change: 46 }} {{ 35 | relative_change: 46, 1 }} {{ s[5] | points_change: 0.5455, 2 }} {{ 123456 | wan: 1 }} {{ 105 | zh_number }} {{ l | zh_list }}';
      const inProcess = renderNews({ file: FILE, source: wording }, { s: shares, l: ['甲', '乙', '丙'] }, '').html;
      const inWorker = await sandbox.fill(wording, { s: shares, l: ['甲', '乙', '丙'] });
      expect(inWorker.ok && renderMarkdown(inWorker.text, '').html).toBe(inProcess);
      expect(inProcess).toBe('<p>减少 11 个 下降 23.9% 提高 16.42 个百分点 12.3 万 一百零五 甲、乙和丙</p>\n');
      const bad = await sandbox.fill('{{ 0.5 | percent: 7 }}', {});
      expect(bad.ok || templateIssue(FILE, bad.problem).message).toBe('模板错误：percent digits must be an integer from 0 to 6, got 7');
      expect(() => renderNews({ file: FILE, source: '{{ 0.5 | percent: 7 }}' }, {}, '')).toThrow('模板错误：percent digits must be an integer from 0 to 6, got 7');
    } finally {
      await sandbox.close();
    }
  });
});
