import { mkdir, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ReportPage } from '../../../src/lib/report-pages.ts';

/**
 * Prints documents through a small pool of tabs of one Chromium. The tabs share one browser
 * context, so the site's stylesheet and fonts are fetched and decoded once; each tab takes the
 * next document from the queue as soon as it has written the last one. On two cores, two tabs
 * keep both busy: one lays out the next page while the other is written out as PDF.
 */

/** The most tabs the automatic choice opens: beyond that, tabs only wait on each other. */
export const MAX_AUTO_CONCURRENCY = 4;

/** One tab per core, at least 1, at most MAX_AUTO_CONCURRENCY. */
export function defaultConcurrency(cores = availableParallelism()): number {
  return Math.min(MAX_AUTO_CONCURRENCY, Math.max(1, cores));
}

export interface PrintOptions {
  browser: Browser;
  /** The served site's root URL (with the base path). */
  siteUrl: string;
  /** The directory the PDFs go into (job.pdf is relative to it). */
  outDir: string;
  jobs: readonly ReportPage[];
  /** How many documents print at once; never more tabs than documents. */
  concurrency: number;
  /** One progress line per finished document. */
  log?: (line: string) => void;
}

export interface PrintResult {
  /** Documents printed. */
  count: number;
  /** Wall-clock seconds from the first document started to the last written. */
  seconds: number;
}

export async function printPdfs({ browser, siteUrl, outDir, jobs, concurrency, log = console.log }: PrintOptions): Promise<PrintResult> {
  const started = performance.now();
  if (jobs.length === 0) return { count: 0, seconds: 0 };
  const context = await browser.newContext();
  let next = 0;
  let done = 0;
  // The first failure stops every tab from taking another document; the tabs finish the one
  // they are printing, then the failure is passed on (never a half-closed browser under them).
  let failure: { error: unknown } | undefined;

  async function printOne(page: Page, job: ReportPage): Promise<void> {
    const jobStarted = performance.now();
    const file = path.join(outDir, job.pdf);
    await mkdir(path.dirname(file), { recursive: true });
    const response = await page.goto(new URL(job.path, siteUrl).href, { waitUntil: 'load' });
    if (response?.status() !== 200) throw new Error(`${job.path} answered ${response?.status()}`);
    await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
    const { size } = await stat(file);
    done += 1;
    const now = performance.now();
    log(progressLine({ done, total: jobs.length, pdf: job.pdf, bytes: size, jobSeconds: (now - jobStarted) / 1000, elapsedSeconds: (now - started) / 1000 }));
  }

  async function worker(): Promise<void> {
    let page: Page | undefined;
    try {
      page = await context.newPage();
      await page.emulateMedia({ media: 'print' });
      while (!failure && next < jobs.length) {
        const job = jobs[next];
        next += 1;
        if (job) await printOne(page, job);
      }
    } catch (error) {
      failure ??= { error };
    } finally {
      await page?.close().catch(() => undefined);
    }
  }

  try {
    const tabs = Math.max(1, Math.min(concurrency, jobs.length));
    await Promise.all(Array.from({ length: tabs }, () => worker()));
  } finally {
    await context.close().catch(() => undefined);
  }
  if (failure) throw failure.error;
  return { count: done, seconds: (performance.now() - started) / 1000 };
}

export interface Progress {
  done: number;
  total: number;
  pdf: string;
  bytes: number;
  /** How long this document took. */
  jobSeconds: number;
  /** How long printing has taken so far. */
  elapsedSeconds: number;
}

/**
 * `[12/40] pdf/…/unit-sxjl.pdf（83 KB，0.4 秒）· 2.5 份/秒 · 还需约 11 秒`: the count is of
 * documents finished (with several tabs, not the order of the list), the rate the average so
 * far, the time left that rate applied to the documents still to print.
 */
export function progressLine({ done, total, pdf, bytes, jobSeconds, elapsedSeconds }: Progress): string {
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  const left = total - done;
  const tail = left === 0 ? '全部完成' : rate > 0 ? `还需约 ${duration(left / rate)}` : '';
  return `[${done}/${total}] ${pdf}（${Math.round(bytes / 1024)} KB，${jobSeconds.toFixed(1)} 秒）· ${rate.toFixed(1)} 份/秒${tail ? ` · ${tail}` : ''}`;
}

/** Seconds in words: `不到 1 秒`, `11 秒`, `3 分 05 秒`. */
export function duration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  if (whole < 1) return '不到 1 秒';
  if (whole < 60) return `${whole} 秒`;
  return `${Math.floor(whole / 60)} 分 ${String(whole % 60).padStart(2, '0')} 秒`;
}
