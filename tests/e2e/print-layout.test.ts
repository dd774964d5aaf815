import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readSettings } from '../../src/lib/settings.ts';
import { buildSite, PROJECT_ROOT } from '../helpers/build-site.ts';
import { closeBrowser, launchBrowser, serve, type ServedSite } from '../helpers/chromium.ts';
import { LAYOUT_CAMPAIGN, LAYOUT_REPORT_DATE, writeLayoutFixture } from '../helpers/layout-fixture.ts';
import { bodyFill, readPrintedPages, type PrintedPage, type Word } from '../helpers/pdf-pages.ts';
import { quickOutput } from '../helpers/processes.ts';

/**
 * Paper as an office reads it (issue 24): the sample site's and the stress campaign's reports,
 * articles and unit notices printed as npm run pdf prints them, then read back from the PDF:
 * A4, no page but a document's last used under a fifth, no heading last on its page, the
 * sign-off on a page with what it confirms and with the notice's record (版记), names whole on
 * one line. The notice is a 整改通知书 after GB/T 9704-2012: its text within the 156 x 225 mm type
 * area 37 mm from the top and 28 mm from the left, “— n —” page numbers 7 mm under it on the
 * outside, no running head, a Song title, a sources line naming only its own files, ≤ 150 KB.
 * Pages to look at land in test-results/print-layout/ as PNG.
 */

const CHROMIUM_PATH = readSettings(process.env).chromiumPath;
const hasTools = existsSync(CHROMIUM_PATH) && spawnSync('pdftoppm', ['-v']).status === 0 && spawnSync('pdftotext', ['-v']).status === 0;
if (!hasTools && process.env.CI) throw new Error('CI needs chromium and poppler-utils (apt-get install chromium poppler-utils)');

const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'print-layout');
const NOTICE_LIMIT = 150 * 1024;
/** The least share of a page's type area used, on any page but a document's last. */
const LEAST_FILL = 0.2;
/** GB/T 9704-2012: A4, type area 156 x 225 mm from 37 mm down and 28 mm in. */
const NOTICE_AREA = { left: 28, right: 28 + 156, top: 37, bottom: 37 + 225 };
/** print.css's page for everything else: 20 mm top and bottom, 16 mm sides. */
const PAGE_AREA = { left: 16, right: 210 - 16, top: 20, bottom: 297 - 20 };
/** A word may stand this far past the type area: glyph boxes as pdftotext measures them. */
const SLACK = 1.5;

type Kind = 'report' | 'news' | 'notice';
interface Printed {
  name: string;
  kind: Kind;
  file: string;
  pages: PrintedPage[];
  /** The h2–h4 texts of the page as printed, without spaces. */
  headings: string[];
  /** The team leaders named on a notice. */
  leaders: string[];
  /** The titles of the charts drawn on the page, without spaces. */
  charts: string[];
}

const compact = (text: string) => text.replace(/\s+/g, '');
const areaOf = (kind: Kind) => (kind === 'notice' ? NOTICE_AREA : PAGE_AREA);

/** The words of a page grouped into lines, top to bottom (a line: words whose tops are within 1.2 mm). */
function linesOf(words: readonly Word[]): Array<{ top: number; bottom: number; text: string; words: Word[] }> {
  const lines: Array<{ top: number; bottom: number; text: string; words: Word[] }> = [];
  for (const word of [...words].sort((a, b) => a.top - b.top || a.left - b.left)) {
    const line = lines.find((candidate) => Math.abs(candidate.top - word.top) < 1.2);
    if (line) {
      line.words.push(word);
      line.bottom = Math.max(line.bottom, word.bottom);
    } else lines.push({ top: word.top, bottom: word.bottom, text: '', words: [word] });
  }
  for (const line of lines)
    line.text = line.words
      .sort((a, b) => a.left - b.left)
      .map((word) => word.text)
      .join('');
  return lines.sort((a, b) => a.top - b.top);
}

/** The words inside the type area. */
const bodyWords = (page: PrintedPage, kind: Kind) => {
  const area = areaOf(kind);
  return page.words.filter((word) => word.top >= area.top - SLACK && word.bottom <= area.bottom + SLACK);
};

describe.skipIf(!hasTools)('printed on paper: reports, articles and notices as an office expects', () => {
  let work: string;
  let stressSite: ServedSite | undefined;
  let sampleSite: ServedSite | undefined;
  let browser: Browser | undefined;
  const printed: Printed[] = [];

  async function print(site: ServedSite, pagePath: string, name: string, kind: Kind): Promise<void> {
    if (!browser) throw new Error('Chromium starts in beforeAll');
    const file = path.join(work, `${name}.pdf`);
    const page = await browser.newPage();
    try {
      // As scripts/lib/pdf/print-pdfs.ts prints.
      await page.emulateMedia({ media: 'print' });
      const response = await page.goto(new URL(pagePath, site.url).href, { waitUntil: 'load' });
      expect(response?.status(), pagePath).toBe(200);
      const { headings, leaders, charts } = await page.evaluate(() => ({
        headings: [...document.querySelectorAll('main h2, main h3, main h4')]
          .filter((heading) => (heading as HTMLElement).offsetParent !== null)
          .map((heading) => (heading as HTMLElement).innerText.replace(/\s+/g, '')),
        leaders: [...document.querySelectorAll('.sign-off .nowrap')].map((leader) => (leader as HTMLElement).innerText),
        charts: [...document.querySelectorAll('figure.chart-figure svg .chart-title')].map((title) => (title.textContent ?? '').replace(/\s+/g, '')),
      }));
      await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
      printed.push({ name, kind, file, pages: readPrintedPages(file), headings, leaders, charts });
    } finally {
      await page.close();
    }
  }

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'inspection-print-layout-'));
    const outDir = path.join(work, 'dist');
    const base = '/reports/';
    const run = await buildSite({ OUT_DIR: outDir, DATA_DIR: writeLayoutFixture(work), REPORT_DATE: LAYOUT_REPORT_DATE, BASE_PATH: base });
    if (run.status !== 0) throw new Error(`building the layout fixture failed:\n${run.output}`);
    stressSite = await serve(outDir, base);
    sampleSite = await serve(inject('siteDir'), inject('siteBase'));
    browser = await launchBrowser(CHROMIUM_PATH);

    const stress = `campaigns/${LAYOUT_CAMPAIGN}/`;
    await print(stressSite, stress, 'stress-report', 'report');
    await print(stressSite, `${stress}news/`, 'stress-news', 'news');
    // 3, 8 and 110 problems; names of 18 characters.
    for (const unit of ['u9', 'u2', 'u3']) await print(stressSite, `${stress}units/${unit}/`, `stress-notice-${unit}`, 'notice');
    for (const campaign of ['2025-09-cross-check', '2024-10-cross-check', '2026-03-monthly-check']) {
      await print(sampleSite, `campaigns/${campaign}/`, `${campaign}-report`, 'report');
    }
    await print(sampleSite, 'campaigns/2025-09-cross-check/news/', '2025-09-cross-check-news', 'news');
    for (const [campaign, units] of [
      ['2025-09-cross-check', ['sxjl', 'zxrc', 'qshsdz', 'wzgs', 'xsgs', 'jtznzx']],
      ['2024-10-cross-check', ['sxjl', 'zxrc', 'cwgs']],
      ['2026-03-monthly-check', ['sxjl', 'xsgs']],
    ] as const) {
      for (const unit of units) await print(sampleSite, `campaigns/${campaign}/units/${unit}/`, `${campaign}-notice-${unit}`, 'notice');
    }

    // For a person to look at: a notice's first and last pages, and report pages with charts.
    mkdirSync(SHOTS, { recursive: true });
    const png = (name: string, page: number) => {
      const document = printed.find((candidate) => candidate.name === name);
      if (!document) return;
      const at = page < 0 ? document.pages.length + 1 + page : page;
      quickOutput('pdftoppm', ['-png', '-r', '60', '-f', String(at), '-l', String(at), '-singlefile', document.file, path.join(SHOTS, `${name}-p${at}`)]);
    };
    png('2025-09-cross-check-notice-sxjl', 1);
    png('2025-09-cross-check-notice-sxjl', -1);
    png('stress-notice-u3', 1);
    png('stress-notice-u3', -1);
    png('2025-09-cross-check-report', 2);
    png('stress-report', 2);
    const fills = printed.map(
      (document) =>
        `${document.name} ${document.pages.map((page) => Math.round(bodyFill(page, areaOf(document.kind).top, areaOf(document.kind).bottom) * 100)).join(' ')}`,
    );
    console.info(`print-layout: % of the type area used, page by page\n${fills.join('\n')}`);
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await stressSite?.close();
    await sampleSite?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const documents = (kind?: Kind) => printed.filter((document) => !kind || document.kind === kind);

  it('prints every document on A4 in a sensible number of pages', () => {
    expect(documents().length).toBe(20);
    for (const document of documents()) {
      // The stress campaign's report lists 152 problems, its unit u3 110 of them.
      const limit = document.name === 'stress-report' || document.name === 'stress-notice-u3' ? 40 : document.kind === 'notice' ? 6 : 16;
      expect(document.pages.length, document.name).toBeGreaterThanOrEqual(1);
      expect(document.pages.length, document.name).toBeLessThanOrEqual(limit);
      for (const page of document.pages) {
        expect([Math.round(page.widthMm), Math.round(page.heightMm)], `${document.name} p${page.number}`).toEqual([210, 297]);
      }
    }
    // 110 problems do not fit on few pages: the long notice really is long.
    expect(printed.find((document) => document.name === 'stress-notice-u3')?.pages.length).toBeGreaterThanOrEqual(8);
  });

  it('uses at least a fifth of every page but a document’s last', () => {
    let least = { fill: 1, where: '' };
    for (const document of documents()) {
      const area = areaOf(document.kind);
      for (const page of document.pages.slice(0, -1)) {
        const fill = bodyFill(page, area.top, area.bottom);
        if (fill < least.fill) least = { fill, where: `${document.name} p${page.number}` };
        expect(fill, `${document.name} p${page.number}: share of the type area used`).toBeGreaterThanOrEqual(LEAST_FILL);
      }
    }
    console.info(`print-layout: least-used page ${least.where}, ${(least.fill * 100).toFixed(0)} %`);
  });

  it('never leaves a chart on a page half empty, but on a document’s last', () => {
    const withCharts = documents().filter((document) => document.charts.length > 0);
    expect(withCharts.length).toBeGreaterThanOrEqual(10);
    let checked = 0;
    for (const document of withCharts) {
      const area = areaOf(document.kind);
      for (const page of document.pages.slice(0, -1)) {
        const lines = linesOf(bodyWords(page, document.kind)).map((line) => compact(line.text));
        const chart = document.charts.find((title) => lines.includes(title));
        if (!chart) continue;
        checked += 1;
        expect(bodyFill(page, area.top, area.bottom), `${document.name} p${page.number} with “${chart}”`).toBeGreaterThanOrEqual(0.5);
      }
    }
    // Charts are found on the pages they are printed on (their titles are text in the PDF).
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('never ends a page with a heading', () => {
    for (const document of documents()) {
      expect(document.headings.length, document.name).toBeGreaterThan(0);
      for (const page of document.pages.slice(0, -1)) {
        const last = linesOf(bodyWords(page, document.kind)).at(-1);
        expect(document.headings, `${document.name} p${page.number} ends with “${last?.text}”`).not.toContain(compact(last?.text ?? ''));
      }
    }
  });

  it('keeps the sign-off with the end of the notice and its record, on its last page, names whole', () => {
    for (const document of documents('notice')) {
      const last = document.pages.at(-1);
      if (!last) throw new Error(`${document.name} has no pages`);
      const lines = linesOf(bodyWords(last, 'notice'));
      const heading = lines.findIndex((line) => line.text === '签字确认');
      expect(heading, `${document.name}: the sign-off on the last page`).toBeGreaterThanOrEqual(0);
      // Something it confirms above it: at least the last highlight, or the last rows.
      expect(heading, `${document.name}: lines above the sign-off on its page`).toBeGreaterThanOrEqual(2);
      const issued = lines.findIndex((line) => line.text.endsWith('印发'));
      expect(issued, `${document.name}: the record (版记) after the sign-off`).toBeGreaterThan(heading);
      expect(
        lines.slice(issued + 1).map((line) => line.text),
        `${document.name}: nothing after the record`,
      ).toEqual([]);
      // Every leader named on one line.
      expect(document.leaders.length, document.name).toBeGreaterThan(0);
      for (const leader of document.leaders) {
        expect(
          lines.some((line) => line.text.includes(leader)),
          `${document.name}: ${leader} on one line`,
        ).toBe(true);
      }
    }
  });

  it('sets the notice in the GB/T 9704 type area, numbered “— n —” on the outside, without a running head', () => {
    for (const document of documents('notice')) {
      for (const page of document.pages) {
        const where = `${document.name} p${page.number}`;
        const inArea = bodyWords(page, 'notice');
        const outside = page.words.filter((word) => !inArea.includes(word));
        for (const word of inArea) {
          expect(word.left, `${where} “${word.text}” left of the type area`).toBeGreaterThanOrEqual(NOTICE_AREA.left - SLACK);
          expect(word.right, `${where} “${word.text}” right of the type area`).toBeLessThanOrEqual(NOTICE_AREA.right + SLACK);
        }
        // The margins hold the page number and nothing else.
        const number = linesOf(outside);
        expect(
          number.map((line) => line.text),
          where,
        ).toEqual([`—${page.number}—`]);
        const [line] = number;
        if (!line) continue;
        // 7 mm under the type area (the dash's glyph box starts a little under its line's top).
        expect(line.top - NOTICE_AREA.bottom, where).toBeGreaterThan(5);
        expect(line.top - NOTICE_AREA.bottom, where).toBeLessThan(11);
        const left = Math.min(...line.words.map((word) => word.left));
        const right = Math.max(...line.words.map((word) => word.right));
        if (page.number % 2 === 1) {
          expect(NOTICE_AREA.right - right, `${where}: odd page, right, one character in`).toBeGreaterThan(3);
          expect(NOTICE_AREA.right - right, where).toBeLessThan(8);
        } else {
          expect(left - NOTICE_AREA.left, `${where}: even page, left, one character in`).toBeGreaterThan(3);
          expect(left - NOTICE_AREA.left, where).toBeLessThan(8);
        }
      }
    }
  });

  it('titles the notice in a Song face and embeds only TrueType subsets', () => {
    for (const document of documents('notice')) {
      const fonts = quickOutput('pdffonts', [document.file]);
      expect(fonts, document.name).toMatch(/\+UMing/);
      expect(fonts, document.name).not.toMatch(/Type 3/);
    }
  });

  it('names only the notice’s own files in its sources line', () => {
    for (const document of documents('notice')) {
      const text = compact(document.pages.map((page) => page.words.map((word) => word.text).join('')).join(''));
      expect(text, document.name).toContain('数据来源：');
      const sources = text.slice(text.lastIndexOf('数据来源：'));
      const campaign = /^(.+)-notice-/.exec(document.name)?.[1];
      const folder = `campaigns/${campaign === 'stress' ? LAYOUT_CAMPAIGN : campaign}/`;
      expect(sources, document.name).toContain(`${folder}campaign.yml`);
      expect(sources, document.name).toContain(`${folder}findings.csv`);
      expect(sources, document.name).toContain(`${folder}highlights.csv`);
      // Every sample and the stress campaign have a survey; two samples have their own article.
      expect(sources, document.name).not.toContain('survey');
      expect(sources, document.name).not.toContain('news');
    }
  });

  it('keeps a 3-page notice, and every sample notice, within 150 KB', () => {
    const notices = documents('notice').filter((document) => document.name !== 'stress-notice-u3');
    expect(notices.some((document) => document.pages.length >= 3)).toBe(true);
    const sizes = notices.map((document) => `${document.name} ${document.pages.length} p ${(statSync(document.file).size / 1024).toFixed(0)} KB`);
    console.info(`print-layout: notices\n${sizes.join('\n')}`);
    for (const document of notices) expect(statSync(document.file).size, document.name).toBeLessThanOrEqual(NOTICE_LIMIT);
  });
});
