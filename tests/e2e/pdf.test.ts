import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSiteData } from '../../src/lib/load/load-site-data.ts';
import type { SiteData } from '../../src/lib/model.ts';
import { reportPages } from '../../src/lib/report-pages.ts';
import { listFiles, PROJECT_ROOT, treeDigest, userEnvironment } from '../helpers/build-site.ts';
import { closeBrowser, launchBrowser, serve } from '../helpers/chromium.ts';
import { quickOutput, run } from '../helpers/processes.ts';
import { readSettings } from '../../src/lib/settings.ts';

const CHROMIUM_PATH = readSettings(process.env).chromiumPath;

/**
 * `npm run pdf` end to end: real Chromium prints every report, poppler reads the PDFs back.
 * pdftotext -raw keeps Chromium's drawing order, in which each table cell's lines are
 * contiguous, so a cell's whole text on one page means its row was not split.
 */

const hasTools = existsSync(CHROMIUM_PATH) && spawnSync('pdftotext', ['-v']).status === 0;
if (!hasTools && process.env.CI) throw new Error('CI needs chromium and poppler-utils (apt-get install chromium poppler-utils)');

const BASE = '/reports/';
const CAMPAIGN = '2025-09-cross-check';
let work: string;
let outDir: string;
let data: SiteData;
let output: string;

const pdfText = (file: string, page?: number) =>
  quickOutput('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-raw', path.join(outDir, file), '-']);
const pageCount = (file: string) => Number(/Pages:\s+(\d+)/.exec(quickOutput('pdfinfo', [path.join(outDir, file)]))?.[1]);
const pdfTitle = (file: string) => /Title:\s+(.+)/.exec(quickOutput('pdfinfo', [path.join(outDir, file)]))?.[1];
const compact = (text: string) => text.replace(/\s+/g, '');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `npm run pdf [arguments…]` into `out`, as a user runs it: asynchronously (a minute or more). */
async function runPdf(out: string, args: string[] = []): Promise<{ status: number | null; output: string }> {
  const pdf = await run(process.execPath, ['scripts/run.mjs', 'pdf', ...args], {
    cwd: PROJECT_ROOT,
    env: { ...userEnvironment(), OUT_DIR: out, BASE_PATH: BASE, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  return { status: pdf.status, output: `${pdf.stdout}\n${pdf.stderr}` };
}

describe.skipIf(!hasTools)('npm run pdf', () => {
  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'inspection-pdf-'));
    outDir = path.join(work, 'dist');
    const printed = await runPdf(outDir);
    output = printed.output;
    if (printed.status !== 0) throw new Error(`npm run pdf failed:\n${output}`);
    data = (await loadSiteData(readSettings({ REPORT_DATE: '2026-11-24' }, { root: PROJECT_ROOT }))).data;
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('prints every report, article and unit report, with a progress line each', () => {
    const jobs = data.campaigns.flatMap((campaign) => reportPages(campaign));
    expect(jobs.length).toBeGreaterThanOrEqual(20);
    // Documents print side by side: the count is of documents finished, so the lines come in
    // the order they finished. Each PDF has exactly one line, and the counts run 1…n.
    const counts: number[] = [];
    for (const job of jobs) {
      expect(existsSync(path.join(outDir, job.pdf)), job.pdf).toBe(true);
      const lines = [
        ...output.matchAll(
          new RegExp(`^\\[(\\d+)/${jobs.length}\\] ${escapeRegExp(job.pdf)}（\\d+ KB，[\\d.]+ 秒）· [\\d.]+ 份/秒 · (?:还需约 .+|全部完成)$`, 'gm'),
        ),
      ];
      expect(lines.length, job.pdf).toBe(1);
      counts.push(Number(lines[0]?.[1]));
    }
    expect(counts.sort((a, b) => a - b)).toEqual(jobs.map((_job, index) => index + 1));
    expect(output).toMatch(new RegExp(`^\\[${jobs.length}/${jobs.length}\\] .+ · 全部完成$`, 'm'));
  });

  it('prints only the campaigns named with --campaign, and still publishes the whole site', async () => {
    const only = path.join(work, 'only');
    const run = await runPdf(only, ['--campaign', CAMPAIGN, '--jobs', '1']);
    expect(run.status, run.output).toBe(0);
    const jobs = data.campaigns.filter((campaign) => campaign.id === CAMPAIGN).flatMap((campaign) => reportPages(campaign));
    // Its documents, its merged notices and the manifest that lets the next run reuse them.
    expect(readdirSync(path.join(only, 'pdf')).sort()).toEqual([CAMPAIGN, 'manifest.json']);
    expect(
      listFiles(path.join(only, 'pdf'))
        .map((file) => `pdf/${file}`)
        .sort(),
    ).toEqual([...jobs.map((job) => job.pdf), `pdf/${CAMPAIGN}/notices.pdf`, 'pdf/manifest.json'].sort());
    for (const other of data.campaigns.filter((campaign) => campaign.id !== CAMPAIGN)) {
      expect(existsSync(path.join(only, 'pdf', other.id)), other.id).toBe(false);
      // The site itself is whole: every campaign's pages are there, without links to PDFs it lacks.
      const page = readFileSync(path.join(only, 'campaigns', other.id, 'index.html'), 'utf8');
      expect(page, other.id).not.toContain('class="pdf-link');
    }
    expect(readFileSync(path.join(only, 'campaigns', CAMPAIGN, 'index.html'), 'utf8')).toContain(
      `href="${BASE}pdf/${CAMPAIGN}/report.pdf">打印 / 下载 PDF</a>`,
    );
    for (const [index, job] of jobs.entries()) expect(run.output).toContain(`[${index + 1}/${jobs.length}] ${job.pdf}`);
  });

  it('refuses an unknown --campaign in Chinese, naming the known ones, and leaves the published site alone', async () => {
    const before = { digest: treeDigest(outDir), ino: statSync(outDir).ino };
    const run = await runPdf(outDir, ['--campaign', CAMPAIGN, '--campaign', 'no-such-campaign']);
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('没有这个检查活动：no-such-campaign。');
    expect(run.output).toContain(
      `已有的检查活动：${data.campaigns
        .map((campaign) => campaign.id)
        .sort()
        .join('、')}`,
    );
    expect(run.output).toContain('原有的');
    expect(run.output).toContain('保持不变');
    expect({ digest: treeDigest(outDir), ino: statSync(outDir).ino }).toEqual(before);
  });

  it('gives each PDF its page title and a sensible number of A4 pages', () => {
    expect(pdfTitle(`pdf/${CAMPAIGN}/report.pdf`)).toBe('集团绩效交叉检查活动 · 绩效检查报告');
    expect(pdfTitle(`pdf/${CAMPAIGN}/unit-sxjl.pdf`)).toBe('陕西金龙绩效检查整改通知 · 集团绩效交叉检查活动 · 绩效检查报告');
    expect(pageCount(`pdf/${CAMPAIGN}/report.pdf`)).toBeGreaterThanOrEqual(3);
    // 11 pages since tables fit the A4 column at their real size: before, a table wider than the
    // page made Chromium shrink every page to about 70 % (6 pages of 7-point text).
    expect(pageCount(`pdf/${CAMPAIGN}/report.pdf`)).toBeLessThanOrEqual(14);
    expect(pageCount(`pdf/${CAMPAIGN}/news.pdf`)).toBeGreaterThanOrEqual(1);
    expect(pageCount(`pdf/${CAMPAIGN}/news.pdf`)).toBeLessThanOrEqual(4);
    expect(pageCount(`pdf/${CAMPAIGN}/unit-sxjl.pdf`)).toBeLessThanOrEqual(5);
    expect(quickOutput('pdfinfo', [path.join(outDir, `pdf/${CAMPAIGN}/report.pdf`)])).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
  });

  it('numbers a report’s pages 第 X 页 共 Y 页 and heads them with the campaign title; a notice “— X —”, without a head', () => {
    const file = `pdf/${CAMPAIGN}/report.pdf`;
    const pages = pageCount(file);
    for (let page = 1; page <= pages; page++) {
      const text = compact(pdfText(file, page));
      expect(text).toContain(`第${page}页共${pages}页`);
      expect(text).toContain('集团绩效交叉检查活动·检查报告');
    }
    // The notice is set as a 整改通知书 (GB/T 9704): tests/e2e/print-layout.test.ts checks where.
    const notice = `pdf/${CAMPAIGN}/unit-sxjl.pdf`;
    for (let page = 1; page <= pageCount(notice); page++) {
      const text = compact(pdfText(notice, page));
      expect(text).toContain(`—${page}—`);
      expect(text).not.toContain('页共');
      expect(text).not.toContain('陕西金龙整改通知');
    }
  });

  it('puts each unit’s problems, suggestions and sign-off block into its report', () => {
    const campaign = data.campaigns.find((c) => c.id === CAMPAIGN);
    const text = compact(pdfText(`pdf/${CAMPAIGN}/unit-sxjl.pdf`));
    const own = campaign?.findings.filter((finding) => finding.unit === 'sxjl') ?? [];
    expect(own.length).toBe(8);
    for (const finding of own) {
      expect(text).toContain(compact(finding.description));
      expect(text).toContain(compact(finding.suggestion ?? ''));
    }
    const other = campaign?.findings.find((finding) => finding.unit !== 'sxjl');
    expect(text).not.toContain(compact(other?.description ?? '?'));
    expect(text).toContain('负责人（签字）');
  });

  it('never splits a problem’s row across two pages', () => {
    for (const file of [`pdf/${CAMPAIGN}/report.pdf`, `pdf/${CAMPAIGN}/unit-sxjl.pdf`, `pdf/${CAMPAIGN}/unit-zxrc.pdf`]) {
      const pages = Array.from({ length: pageCount(file) }, (_, i) => compact(pdfText(file, i + 1)));
      const campaign = data.campaigns.find((c) => c.id === CAMPAIGN);
      const unit = /unit-(\w+)\.pdf$/.exec(file)?.[1];
      for (const finding of campaign?.findings.filter((f) => !unit || f.unit === unit) ?? []) {
        const whole = compact(`${finding.description}`);
        expect(
          pages.some((page) => page.includes(whole) && page.includes(compact(finding.suggestion ?? ''))),
          `${file}: ${finding.id}`,
        ).toBe(true);
      }
    }
  });

  it('lays out every table row, chart and sign-off block so that print never breaks inside it', async () => {
    const site = await serve(outDir, BASE);
    const browser = await launchBrowser(CHROMIUM_PATH).catch(async (error) => {
      await site.close();
      throw error;
    });
    try {
      const page = await browser.newPage();
      await page.emulateMedia({ media: 'print' });
      for (const pagePath of [`campaigns/${CAMPAIGN}/`, `campaigns/${CAMPAIGN}/units/sxjl/`]) {
        await page.goto(new URL(pagePath, site.url).href);
        const probe = await page.evaluate(() => {
          const style = (selector: string, property: string) =>
            [...document.querySelectorAll(selector)].map((element) => getComputedStyle(element).getPropertyValue(property));
          return {
            rows: style('tbody tr', 'break-inside'),
            figures: style('figure', 'break-inside'),
            heads: style('thead', 'display'),
            hidden: style('.site-header, .pdf-link, details', 'display'),
          };
        });
        expect(new Set(probe.rows)).toEqual(new Set(['avoid']));
        expect(new Set(probe.figures)).toEqual(new Set(['avoid']));
        expect(new Set(probe.heads)).toEqual(new Set(['table-header-group']));
        expect(new Set(probe.hidden)).toEqual(new Set(['none']));
      }
    } finally {
      await closeBrowser(browser);
      await site.close();
    }
  });

  it('links each report page to its own PDF', () => {
    const html = readFileSync(path.join(outDir, `campaigns/${CAMPAIGN}/units/sxjl/index.html`), 'utf8');
    expect(html).toContain(`<a class="pdf-link no-print" href="${BASE}pdf/${CAMPAIGN}/unit-sxjl.pdf">打印 / 下载 PDF</a>`);
  });
});
