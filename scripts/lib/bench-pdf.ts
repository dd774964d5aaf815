import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { loadSiteData } from '../../src/lib/load/load-site-data.ts';
import { reportPages, type ReportPage } from '../../src/lib/report-pages.ts';
import { readSettings } from '../../src/lib/settings.ts';
import { launchChromium } from './chromium.ts';
import { serveSite } from './serve-site.ts';

/**
 * The PDF figures of `npm run bench`: a full `npm run pdf` at a scale, the floor it is held to
 * (a bare Chromium loop printing the same pages one after another in one tab, no pool, no
 * hashing), a second run with nothing changed, and a run after a one-cell change to one
 * campaign's findings.csv. Sizes are of the PDFs the full run wrote.
 */

export interface PdfFigures {
  documents: number;
  full: { wallMs: number; printSeconds: number; documentsPerSecond: number };
  /** The bare sequential loop over `sample` of the same pages (every n-th, so the same mix). */
  bareLoop: { sample: number; documentsPerSecond: number };
  /** Print-phase documents/s of the full run over the bare loop's. */
  ratio: number;
  unchanged: { wallMs: number; printed: number };
  oneCampaign: { campaign: string; wallMs: number; printed: number; shareOfFull: number };
  sizes: { totalMb: number; unitNotice: { count: number; meanKb: number; maxKb: number }; report: { meanKb: number; maxKb: number } };
}

export type RunTimed = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) => Promise<{ ok: boolean; wallMs: number; output: string }>;

export interface PdfBenchOptions {
  root: string;
  dataDir: string;
  workDir: string;
  runTimed: RunTimed;
  /** Documents the bare loop prints. */
  sample: number;
  progress: (step: string) => void;
}

const BASE = '/';
const REPORT_DATE = '2026-11-24';

export async function benchPdfs({ root, dataDir, workDir, runTimed, sample, progress }: PdfBenchOptions): Promise<PdfFigures> {
  const outDir = path.join(workDir, 'pdf-site');
  const env = { ...process.env, DATA_DIR: dataDir, OUT_DIR: outDir, BASE_PATH: BASE, REPORT_DATE, ASTRO_TELEMETRY_DISABLED: '1' };
  const pdf = async (label: string) => {
    const run = await runTimed(process.execPath, ['scripts/run.mjs', 'pdf'], root, env);
    if (!run.ok) throw new Error(`npm run pdf (${label}) failed:\n${run.output.trim().split('\n').slice(-30).join('\n')}`);
    return { wallMs: run.wallMs, ...printedIn(run.output) };
  };

  progress('npm run pdf: full print');
  const full = await pdf('full');
  const sizes = await pdfSizes(path.join(outDir, 'pdf'));

  progress('npm run pdf again, nothing changed');
  const unchanged = await pdf('unchanged');

  const campaign = await changeOneCell(dataDir);
  progress(`npm run pdf after changing one finding of ${campaign}`);
  const oneCampaign = await pdf('one campaign changed');

  progress(`bare Chromium loop over ${sample} of the same pages`);
  const { data } = await loadSiteData(readSettings({ DATA_DIR: dataDir, REPORT_DATE }, { root }));
  const pages = data.campaigns.flatMap((c) => reportPages(c));
  const bare = await bareLoop(outDir, evenly(pages, sample));

  return {
    documents: full.printed,
    full: { wallMs: full.wallMs, printSeconds: full.seconds, documentsPerSecond: full.printed / full.seconds },
    bareLoop: { sample: bare.count, documentsPerSecond: bare.count / bare.seconds },
    ratio: full.printed / full.seconds / (bare.count / bare.seconds),
    unchanged: { wallMs: unchanged.wallMs, printed: unchanged.printed },
    oneCampaign: { campaign, wallMs: oneCampaign.wallMs, printed: oneCampaign.printed, shareOfFull: oneCampaign.wallMs / full.wallMs },
    sizes,
  };
}

/** What `npm run pdf` says it printed: "打印 N 份，用时 X 秒（…）", or nothing when all was reused. */
function printedIn(output: string): { printed: number; seconds: number } {
  const match = /^打印 (\d+) 份，用时 ([\d.]+) 秒/m.exec(output);
  return match ? { printed: Number(match[1]), seconds: Number(match[2]) } : { printed: 0, seconds: 0 };
}

/** Every n-th page, so that a sample has the same mix of reports, articles and notices. */
function evenly<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]).filter((item): item is T => item !== undefined);
}

/** The floor: one tab, one page after another, each printed with the same options as npm run pdf. */
async function bareLoop(site: string, pages: readonly ReportPage[]): Promise<{ count: number; seconds: number }> {
  const out = await mkdtemp(path.join(os.tmpdir(), 'bench-bare-'));
  const browser = await launchChromium(readSettings(process.env).chromiumPath);
  const server = await serveSite(site, BASE);
  try {
    const tab = await browser.newPage();
    const started = performance.now();
    for (const [i, page] of pages.entries()) {
      await tab.goto(new URL(page.path, server.url).href, { waitUntil: 'load' });
      await tab.pdf({ path: path.join(out, `${i}.pdf`), format: 'A4', preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
    }
    return { count: pages.length, seconds: (performance.now() - started) / 1000 };
  } finally {
    await browser.close();
    await server.close();
    await rm(out, { recursive: true, force: true });
  }
}

/** Appends a word to the first finding's description in the first campaign: a clerk's one-cell edit. */
async function changeOneCell(dataDir: string): Promise<string> {
  const campaigns = (await readdir(path.join(dataDir, 'campaigns'))).sort();
  for (const campaign of campaigns) {
    const file = path.join(dataDir, 'campaigns', campaign, 'findings.csv');
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: true });
    const header = parsed.data[0] ?? [];
    const column = header.findIndex((name) => /问题描述|^description$/i.test(name.trim()));
    const row = parsed.data[1];
    if (column < 0 || !row) continue;
    row[column] = `${row[column] ?? ''}（已复核）`;
    await writeFile(file, `\uFEFF${Papa.unparse(parsed.data)}\n`);
    return campaign;
  }
  throw new Error(`no findings.csv with a description column under ${dataDir}`);
}

async function pdfSizes(dir: string): Promise<PdfFigures['sizes']> {
  const files = (await readdir(dir, { recursive: true })).filter((file) => file.endsWith('.pdf'));
  const sized = await Promise.all(files.map(async (file) => ({ file, bytes: (await stat(path.join(dir, file))).size })));
  const kb = (list: typeof sized) => list.map((entry) => entry.bytes / 1024);
  const mean = (values: number[]) => (values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : 0);
  const notices = kb(sized.filter((entry) => path.basename(entry.file).startsWith('unit-')));
  const reports = kb(sized.filter((entry) => path.basename(entry.file) === 'report.pdf'));
  return {
    totalMb: sized.reduce((sum, entry) => sum + entry.bytes, 0) / 2 ** 20,
    unitNotice: { count: notices.length, meanKb: mean(notices), maxKb: Math.max(0, ...notices) },
    report: { meanKb: mean(reports), maxKb: Math.max(0, ...reports) },
  };
}
