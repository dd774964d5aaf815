import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundleForNode } from '../../scripts/lib/node-bundle.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, type DataIssue } from '../../src/lib/errors.ts';
import { formatDay } from '../../src/lib/format/dates.ts';
import { formatPercent } from '../../src/lib/format/numbers.ts';
import { loadSiteData } from '../../src/lib/load/load-site-data.ts';
import type { Campaign, Unit } from '../../src/lib/model.ts';
import { newsContext } from '../../src/lib/news/news-context.ts';
import { NEWS_LIMITS } from '../../src/lib/news/news-engine.ts';
import { chartCatalog } from '../../src/lib/news/article-charts.ts';
import { placeCharts, renderMarkdown, renderNews } from '../../src/lib/news/render-news.ts';
import { templateIssues } from '../../src/lib/news/template-issue.ts';
import { TemplateSandbox, type SandboxOptions } from '../../src/lib/news/template-sandbox.ts';
import { tryArticles, type EditionDays, type TrialOptions } from '../../src/lib/news/try-articles.ts';
import { readSettings } from '../../src/lib/settings.ts';
import { campaignTotals } from '../../src/lib/summary/campaign-figures.ts';
import { CAMPAIGN, createFixture, REPORT_DATE, type Fixture } from '../helpers/data-fixture.ts';
import { quickOutput } from '../helpers/processes.ts';

/** Finding 4 of the hostile-data issue: templates have no limits; and security issue 20: the sandbox and the print edition. */

const PROJECT_ROOT = path.join(import.meta.dirname, '../..');

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

const withTemplate = (source: string, file = FILE, id = campaign.id): Campaign => ({ ...campaign, id, news: { file, source } });
const totalsOf = (c: Campaign) => campaignTotals(c, REPORT_DATE);
/** Both editions as of the report day, as with REPORT_DATE fixed. */
const SAME_DAY: EditionDays = { web: () => REPORT_DATE, print: () => REPORT_DATE };

async function issuesOf(source: string, options?: TrialOptions): Promise<DataIssue[]> {
  return (await tryArticles([withTemplate(source)], units, SAME_DAY, options)).issues;
}

/** Whether a process runs (a zombie, killed but not yet reaped by whoever adopted it, does not). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Waits for a process to be gone; generous, as a loaded machine reaps slowly, and fails the test if it never is. */
async function gone(pid: number): Promise<boolean> {
  for (const started = performance.now(); performance.now() - started < 20_000;) {
    if (!running(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** Without LiquidJS's memoryLimit (as if bypassed), an array doubled 40 times fills any heap. */
const HEAP_BOMB = '{% assign a = "x,x" | split: "," %}{% for i in (1..40) %}{% assign a = a | concat: a %}{% endfor %}{{ a | size }}';
const NO_MEMORY_LIMIT = { ...NEWS_LIMITS, memoryLimit: Infinity };
/** Only the sandbox's time-out can stop a template then: the test sets it short, the loops are endless. */
const NO_RENDER_LIMIT = { ...NEWS_LIMITS, renderLimit: Infinity };
/**
 * The time-out of a sandbox that fills ordinary templates beside an endless one: those take a
 * millisecond on a quiet machine, so a second is hundreds of times their need; a sandbox given
 * endless templates only may have 0.3 s.
 */
const MIXED: SandboxOptions = { timeoutMs: 1_000, heapMb: 256 };

// No test measures how long a template took: a loaded machine may be slow at anything. Each
// limit a test exercises is set by the test, and what it bounds is endless, not merely slow.
describe('templates have no limits (hostile data, finding 4)', () => {
  it('stops a nested 100000 × 100000 loop at LiquidJS’s render limit, naming the file and the line', async () => {
    // The sandbox's time-out far beyond the render limit: LiquidJS's own check answers.
    const issues = await issuesOf(NESTED_LOOP, { sandbox: { timeoutMs: 20_000, heapMb: 256 }, limits: { ...NEWS_LIMITS, renderLimit: 200 } });
    expect(issues).toEqual([expect.objectContaining({ severity: 'error', file: FILE, line: 3, message: expect.stringMatching(/^新闻稿模板运行超时/) })]);
  });

  it('kills a nested loop with empty bodies (the renderLimit bypass of CVE-2026-44645) at the time-out', async () => {
    const issues = await issuesOf(NESTED_EMPTY_LOOP, { sandbox: { timeoutMs: 300, heapMb: 256 }, limits: NO_RENDER_LIMIT });
    expect(issues).toEqual([{ severity: 'error', file: FILE, message: '新闻稿模板运行超时（超过 0.3 秒），可能含有过大的循环', hint: expect.any(String) }]);
  });

  it('fails a range of 600 million with the file named, without crashing the process', async () => {
    expect(await issuesOf(HUGE_RANGE)).toEqual([expect.objectContaining({ file: FILE, line: 3, message: expect.stringMatching(/^新闻稿模板占用内存过多/) })]);
  });

  it('fails a template doubling a string without using gigabytes', async () => {
    const before = process.memoryUsage().rss;
    expect(await issuesOf(DOUBLING)).toEqual([expect.objectContaining({ file: FILE, line: 1, message: expect.stringMatching(/^新闻稿模板占用内存过多/) })]);
    expect(process.memoryUsage().rss - before).toBeLessThan(300_000_000);
  });

  it('bounds the size of a rendered article', async () => {
    // 40 000 × 100 characters: under the engine's memory limit, over the article's 1 MB.
    const long = `{% for i in (1..40000) %}${'长'.repeat(100)}{% endfor %}`;
    expect(await issuesOf(long)).toEqual([
      expect.objectContaining({ file: FILE, message: expect.stringMatching(/^新闻稿太长：填入数据后有 12 MB，上限为 1 MB/) }),
    ]);
    expect(() => renderNews({ file: FILE, source: long }, {}, '')).toThrow(/新闻稿太长/);
  });

  it('refuses an over-long template before parsing it', async () => {
    expect(await issuesOf('字'.repeat(NEWS_LIMITS.parseLimit + 1))).toEqual([
      expect.objectContaining({ file: FILE, message: expect.stringMatching(/^新闻稿模板太长/) }),
    ]);
  });

  it('lets a child process run out of heap: the file is named, and the next template fills in a new child', async () => {
    // The time-out far beyond what filling the heap takes: the heap limit answers.
    const sandbox = new TemplateSandbox({ timeoutMs: 20_000, heapMb: 64 }, NO_MEMORY_LIMIT);
    try {
      const dead = await sandbox.fill(HEAP_BOMB, {});
      if (dead.ok) throw new Error('expected the child to run out of memory');
      expect(dead.problems).toEqual([{ limit: 'heap', megabytes: 64 }]);
      expect(templateIssues(FILE, dead.problems)).toEqual([
        {
          severity: 'error',
          file: FILE,
          message: '新闻稿模板占用内存过多（超过 64 MB），可能含有过大的循环或反复加倍的文字',
          hint: expect.any(String),
        },
      ]);
      expect(await sandbox.fill('{{ n }}', { n: 1 })).toEqual({ ok: true, text: '1', charts: [] });
    } finally {
      await sandbox.close();
    }
  });

  it('reports a template that exhausts the heap at its file, and fills the next campaign’s in the same trial', async () => {
    const { issues, articles } = await tryArticles(
      [
        withTemplate(HEAP_BOMB, 'data/campaigns/a/news.md', 'a'),
        withTemplate('# {{ campaign.title }}\n\n共 {{ findings.total }} 个问题', 'data/campaigns/b/news.md', 'b'),
      ],
      units,
      SAME_DAY,
      { sandbox: { timeoutMs: 20_000, heapMb: 64 }, limits: NO_MEMORY_LIMIT },
    );
    expect(issues).toEqual([
      {
        severity: 'error',
        file: 'data/campaigns/a/news.md',
        message: '新闻稿模板占用内存过多（超过 64 MB），可能含有过大的循环或反复加倍的文字',
        hint: expect.any(String),
      },
    ]);
    expect(articles.web.a).toBeUndefined();
    expect(articles.web.b?.text).toBe(`# ${campaign.title}\n\n共 ${campaign.findings.length} 个问题`);
    expect(articles.print.b?.text).toBe(articles.web.b?.text);
  });

  it('kills a template that outlasts the time-out with SIGKILL, and fills the next in a new child', async () => {
    const issues = await tryArticles(
      [withTemplate(NESTED_LOOP, 'data/campaigns/a/news.md', 'a'), withTemplate('# {{ campaign.title }}', 'data/campaigns/b/news.md', 'b')],
      units,
      SAME_DAY,
      { sandbox: MIXED, limits: NO_RENDER_LIMIT },
    );
    expect(issues.issues).toEqual([
      { severity: 'error', file: 'data/campaigns/a/news.md', message: '新闻稿模板运行超时（超过 1 秒），可能含有过大的循环', hint: expect.any(String) },
    ]);
    expect(issues.articles.web.b?.text).toBe(`# ${campaign.title}`);

    const sandbox = new TemplateSandbox(MIXED, NO_RENDER_LIMIT);
    try {
      expect(await sandbox.fill('{{ n }}', { n: 1 })).toMatchObject({ ok: true });
      const looping = sandbox.pid;
      if (looping === undefined) throw new Error('no child');
      expect(await sandbox.fill(NESTED_EMPTY_LOOP, {})).toEqual({ ok: false, problems: [{ limit: 'time', seconds: 1 }] });
      expect(sandbox.pid).toBeUndefined();
      expect(await gone(looping)).toBe(true);
      expect(await sandbox.fill('{{ n }}', { n: 2 })).toEqual({ ok: true, text: '2', charts: [] });
      expect(sandbox.pid).not.toBe(looping);
    } finally {
      await sandbox.close();
    }
  });

  it('runs from an esbuild bundle, as scripts/run.mjs makes one, and never leaves a child behind its parent', async () => {
    // A script using the sandbox, bundled as run.mjs bundles the commands: the packages stay imports.
    // On a fresh `npm ci` nothing has made node_modules/.cache yet.
    mkdirSync(path.join(PROJECT_ROOT, 'node_modules/.cache'), { recursive: true });
    const dir = mkdtempSync(path.join(PROJECT_ROOT, 'node_modules/.cache/template-sandbox-'));
    try {
      const entry = path.join(dir, 'script.ts');
      writeFileSync(
        entry,
        [
          `import { TemplateSandbox } from ${JSON.stringify(path.join(PROJECT_ROOT, 'src/lib/news/template-sandbox.ts'))};`,
          'const sandbox = new TemplateSandbox({ timeoutMs: 120_000, heapMb: 64 });',
          "console.log(JSON.stringify(await sandbox.fill('{{ n | percent: 1 }}', { n: 0.25 })));",
          'console.log(sandbox.pid);',
          // 'closed': closes the sandbox and carries on; 'idle': ends with the child idle and not
          // closed; 'busy': exits while the child loops.
          "if (process.argv[2] === 'closed') { await sandbox.close(); console.log('closed'); }",
          `if (process.argv[2] === 'busy') { void sandbox.fill(${JSON.stringify(NESTED_EMPTY_LOOP)}, {}); setTimeout(() => process.exit(3), 300); }`,
        ].join('\n'),
      );
      const bundle = path.join(dir, 'script.mjs');
      await bundleForNode(entry, bundle);
      for (const [mode, code] of [
        ['closed', 0],
        ['idle', 0],
        ['busy', 3],
      ] as const) {
        // A minute for what takes well under a second: only a child keeping its parent alive runs out of it.
        const run = spawnSync(process.execPath, [bundle, mode], { encoding: 'utf8', timeout: 60_000 });
        expect({ mode, status: run.status, stderr: run.stderr }).toEqual({ mode, status: code, stderr: '' });
        const [filled, pid, ...rest] = run.stdout.trim().split('\n');
        expect(JSON.parse(filled ?? '')).toEqual({ ok: true, text: '25\\.0\\%', charts: [] });
        // Closing waits for the child's end, and Node does not give up on that wait (exit code 13).
        expect(rest).toEqual(mode === 'closed' ? ['closed'] : []);
        expect(await gone(Number(pid))).toBe(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still reports unknown placeholders with their line and column', async () => {
    expect(await issuesOf('# 标题\n\n共 {{ findings.totl }} 个')).toEqual([
      expect.objectContaining({ file: FILE, line: 3, column: 6, message: '未知的占位符“findings.totl”' }),
    ]);
  });

  it('passes the shipped default template, filled in the sandbox exactly as renderNews fills it', async () => {
    const shipped = readFileSync(path.join(import.meta.dirname, '../../templates/news.md'), 'utf8');
    const { issues, articles } = await tryArticles([withTemplate(shipped)], units, SAME_DAY);
    expect(issues).toEqual([]);
    expect(articles.web[campaign.id]?.text).toContain('本次活动组织了“培训调查”');
    const context = newsContext(campaign, units, totalsOf(campaign));
    // The chart's placeholder differs at each fill (a random nonce): both are drawn as one marker.
    const charts = { catalog: chartCatalog(campaign), draw: () => '<figure></figure>\n' };
    const sandbox = new TemplateSandbox();
    try {
      const filled = await sandbox.fill(shipped, context, charts.catalog);
      if (!filled.ok) throw new Error(JSON.stringify(filled.problems));
      expect(filled.text).toContain('本次活动组织了“培训调查”');
      expect(filled.charts.map((chart) => chart.name)).toEqual(['findings_by_category']);
      const inChild = placeCharts(FILE, renderMarkdown(filled.text, campaign.title), filled.charts, charts.draw);
      expect(inChild).toEqual(renderNews({ file: FILE, source: shipped }, context, campaign.title, charts));
    } finally {
      await sandbox.close();
    }
  });

  it('formats percentages and dates in the sandbox as formatPercent and formatDay do', async () => {
    // 3 / 40 is 0.07499…: decimal half up makes it 8%, as formatPercent does (numbers.ts).
    const shares = [0, 1, -0.5, 0.1, 2 / 3, 22 / 31, 3 / 40, 0.005, 0.0049999, 0.12345678, 0.999999, 1.5, 123.456, 1e-9, Number.NaN];
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
      const inChild = await sandbox.fill(wording, { s: shares, l: ['甲', '乙', '丙'] });
      expect(inChild.ok && renderMarkdown(inChild.text, '').html).toBe(inProcess);
      expect(inProcess).toBe('<p>减少 11 个 下降 23.9% 提高 16.42 个百分点 12.3 万 一百零五 甲、乙和丙</p>\n');
      const bad = await sandbox.fill('{{ 0.5 | percent: 7 }}', {});
      expect(bad.ok || templateIssues(FILE, bad.problems).map((issue) => issue.message)).toEqual([
        '模板错误：percent digits must be an integer from 0 to 6, got 7',
      ]);
      expect(() => renderNews({ file: FILE, source: '{{ 0.5 | percent: 7 }}' }, {}, '')).toThrow(
        '模板错误：percent digits must be an integer from 0 to 6, got 7',
      );
    } finally {
      await sandbox.close();
    }
  });
});

describe('the print edition is tried too (security issue 20)', () => {
  // The fixture's campaign on its print day: F2 (due 2025-11-30) and F3 (2025-12-31) not yet
  // overdue; on the report day both are.
  const PRINT_DAY = '2025-10-15';
  const EDITIONS: EditionDays = { web: () => REPORT_DATE, print: () => PRINT_DAY };
  const ONLY_IN_PRINT = '# 标题\n\n{% if rectification.overdue == 0 %}没有逾期：{{ findings.totl }}{% endif %}\n';

  it('reports a template that is bad only with the print day’s figures, at its line, saying it is the PDF', async () => {
    const { issues, articles } = await tryArticles([withTemplate(ONLY_IN_PRINT)], units, EDITIONS);
    expect(issues).toEqual([
      expect.objectContaining({ severity: 'error', file: FILE, line: 3, message: '未知的占位符“findings.totl”（打印版 PDF，整改情况截至 2025年10月15日）' }),
    ]);
    expect(articles.web[campaign.id]).toMatchObject({ asOf: REPORT_DATE, text: '# 标题\n\n\n' });
    expect(articles.print[campaign.id]).toBeUndefined();
  });

  it('kills a template that loops only in the print edition', async () => {
    const source = `# 标题\n\n{% if rectification.overdue == 0 %}${NESTED_EMPTY_LOOP}{% endif %}`;
    // The web edition's fill, beside the endless one, must finish within the time-out.
    const { issues } = await tryArticles([withTemplate(source)], units, EDITIONS, { sandbox: MIXED, limits: NO_RENDER_LIMIT });
    expect(issues).toEqual([
      expect.objectContaining({ file: FILE, message: '新闻稿模板运行超时（超过 1 秒），可能含有过大的循环（打印版 PDF，整改情况截至 2025年10月15日）' }),
    ]);
  });

  it('fills each edition with its own figures, and reports a problem of both once', async () => {
    const { issues, articles } = await tryArticles(
      [withTemplate('逾期 {{ rectification.overdue }} 个，截至 {{ rectification.asOf | zh_date }}')],
      units,
      EDITIONS,
    );
    expect(issues).toEqual([]);
    expect(articles.web[campaign.id]).toEqual({ asOf: REPORT_DATE, text: '逾期 2 个，截至 2026年11月24日', charts: [] });
    expect(articles.print[campaign.id]).toEqual({ asOf: PRINT_DAY, text: '逾期 0 个，截至 2025年10月15日', charts: [] });
    expect((await tryArticles([withTemplate('{{ nope }}')], units, EDITIONS)).issues).toEqual([expect.objectContaining({ message: '未知的占位符“nope”' })]);
  });

  it('fails the data check (loadSiteData) on a template bad only as of the last commit’s day', async () => {
    const fixture = createFixture({ [`${CAMPAIGN}/news.md`]: ONLY_IN_PRINT });
    try {
      const git = (...args: string[]) =>
        quickOutput('git', args, {
          cwd: fixture.root,
          env: {
            PATH: process.env.PATH,
            HOME: fixture.root,
            GIT_AUTHOR_NAME: 't',
            GIT_AUTHOR_EMAIL: 't@x',
            GIT_COMMITTER_NAME: 't',
            GIT_COMMITTER_EMAIL: 't@x',
            GIT_AUTHOR_DATE: '2025-10-15T10:00:00+08:00',
            GIT_COMMITTER_DATE: '2025-10-15T10:00:00+08:00',
          },
        });
      git('init', '-q');
      git('add', '.');
      git('commit', '-q', '-m', '数据');
      // No REPORT_DATE: the web edition is as of today, the print edition as of the commit's day.
      const settings = readSettings({ TIME_ZONE: 'Asia/Shanghai' }, { root: fixture.root });
      const error = await loadSiteData(settings).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      if (!(error instanceof DataError)) throw new Error(`expected a DataError, got ${String(error)}`);
      expect(error.issues).toEqual([
        expect.objectContaining({ severity: 'error', file: FILE, line: 3, message: '未知的占位符“findings.totl”（打印版 PDF，整改情况截至 2025年10月15日）' }),
      ]);
    } finally {
      fixture.cleanup();
    }
  });
});
