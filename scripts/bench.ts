/**
 * Performance at group scale:
 * `npm run bench -- [--scales small,medium,large] [--pdf medium] [--pdf-sample 120] [--json bench-results.json] [--keep]`.
 *
 * For each scale it generates synthetic data (scripts/lib/generate-data.ts), then measures
 * loading and validation, chart rendering, and the whole `npm run build`, and compares the build
 * with a trivial Astro site of as many pages, so that the figures separate our cost from Astro's
 * own. At the scales named by --pdf (medium by default), it measures `npm run pdf`
 * (scripts/lib/bench-pdf.ts): the full print against a bare Chromium loop, a second run with
 * nothing changed, a run after a one-cell change to one campaign, and the PDFs' sizes.
 * Last, it times loading one findings.csv of 100,000 rows.
 *
 * Run it on an otherwise idle machine: the figures are wall times.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import { barChart } from '../src/lib/charts/bar-chart.ts';
import { answerDistributionChart, favorableSharesChart } from '../src/lib/charts/survey-charts.ts';
import { DataError, formatIssues } from '../src/lib/errors.ts';
import { loadSiteData } from '../src/lib/load/load-site-data.ts';
import type { SiteData } from '../src/lib/model.ts';
import { readSettings } from '../src/lib/settings.ts';
import { campaignFigures } from '../src/lib/summary/campaign-figures.ts';
import { benchPdfs, type PdfFigures } from './lib/bench-pdf.ts';
import { generateData } from './lib/generate-data.ts';

// run.mjs starts a script with its own path in argv[1]: the project is the folder above scripts/.
const ROOT = path.resolve(path.dirname(process.argv[1] ?? ''), '..');
const TIME = '/usr/bin/time';

interface Scale {
  campaigns: number;
  units: number;
  findings: number;
  responses: number;
}

const SCALES: Record<string, Scale> = {
  small: { campaigns: 10, units: 20, findings: 1_000, responses: 500 },
  medium: { campaigns: 50, units: 40, findings: 10_000, responses: 5_000 },
  large: { campaigns: 200, units: 60, findings: 50_000, responses: 20_000 },
  // How the cost grows: small at two and four times its campaigns, problems and responses.
  'small-2x': { campaigns: 20, units: 20, findings: 2_000, responses: 1_000 },
  'small-4x': { campaigns: 40, units: 20, findings: 4_000, responses: 2_000 },
  // And large at two and four times (issue 27: up to 800 campaigns, 200,000 problems).
  'large-2x': { campaigns: 400, units: 60, findings: 100_000, responses: 40_000 },
  'large-4x': { campaigns: 800, units: 60, findings: 200_000, responses: 80_000 },
};

interface BuildFigures {
  ok: boolean;
  wallMs: number;
  /** Peak resident memory of the largest process of the build (GNU time's maximum); null without it. */
  peakRssMb: number | null;
  /** Peak of the resident memory of the build's processes together (Node, workers' process, Pagefind), sampled twice a second from /proc. */
  treePeakRssMb: number | null;
  /** CPU seconds (user + system) of the build and the children it waited for, from GNU time: steadier than wall time on a shared machine. */
  cpuSeconds: number | null;
  /** The 1-minute load average when the run started and ended: the machine is shared. */
  load: [number, number];
  /** The phases as the build reports them (seconds): Astro's pages, the downloads beside them, the search index. */
  phases?: { pages: number | null; downloads: number | null; searchIndex: number | null };
  pages: number;
  pagesPerSecond: number;
  /** The end of the build's output when it failed. */
  error?: string;
}

interface ScaleResult {
  scale: string;
  parameters: Scale;
  inputRows: { findings: number; highlights: number; responses: number; units: number; total: number };
  loadMs: number;
  charts: { count: number; totalMs: number; meanMs: number };
  build: BuildFigures;
  baseline: BuildFigures | null;
  /** Our build's wall time over the baseline's. */
  ratio: number | null;
  /** The same for CPU seconds. */
  cpuRatio: number | null;
  /** npm run pdf's figures, at the scales named by --pdf. */
  pdf?: PdfFigures;
}

// ---- Measurements ----

async function measureLoad(dataDir: string): Promise<{ data: SiteData; loadMs: number }> {
  const started = performance.now();
  try {
    const { data } = await loadSiteData(readSettings({ DATA_DIR: dataDir }, { root: ROOT }));
    return { data, loadMs: performance.now() - started };
  } catch (error) {
    if (error instanceof DataError) throw new Error(`generated data failed validation:\n${formatIssues(error.issues)}`, { cause: error });
    throw error;
  }
}

function inputRows(data: SiteData): ScaleResult['inputRows'] {
  const count = (pick: (campaign: SiteData['campaigns'][number]) => number) => data.campaigns.reduce((n, c) => n + pick(c), 0);
  const rows = {
    findings: count((campaign) => campaign.findings.length),
    highlights: count((campaign) => campaign.highlights.length),
    responses: count((campaign) => campaign.survey?.respondents ?? 0),
    units: data.units.length,
  };
  return { ...rows, total: rows.findings + rows.highlights + rows.responses + rows.units };
}

/** The charts the campaign pages draw, with the pages' options; inputs are prepared untimed. */
function chartJobs(data: SiteData): Array<() => string> {
  const unitName = new Map(data.units.map((unit) => [unit.id, unit.name]));
  return data.campaigns.flatMap((campaign) => {
    const { summary } = campaignFigures(campaign, '2026-11-24');
    const byCategory = Object.entries(summary.findings.byCategory).map(([label, value]) => ({ label, value }));
    const byUnit = Object.entries(summary.findings.byUnit).map(([id, value]) => ({ label: unitName.get(id) ?? id, value }));
    const jobs = [
      () => barChart(byCategory, { id: 'by-category', title: '各类别问题数', valueLabel: '问题数（个）', categoryLabel: '问题类别' }),
      () => barChart(byUnit, { id: 'by-unit', title: '各被检单位问题数', valueLabel: '问题数（个）', categoryLabel: '被检单位' }),
    ];
    const questions = campaign.survey?.questions ?? [];
    if (questions.some((question) => question.favorableShare !== null)) jobs.push(() => favorableSharesChart(questions, 'survey-favorable'));
    questions.forEach((question, q) => jobs.push(() => answerDistributionChart(question, `survey-${q}`)));
    return jobs;
  });
}

function measureCharts(data: SiteData): ScaleResult['charts'] {
  const jobs = chartJobs(data);
  const started = performance.now();
  for (const job of jobs) job();
  const totalMs = performance.now() - started;
  return { count: jobs.length, totalMs, meanMs: jobs.length > 0 ? totalMs / jobs.length : 0 };
}

interface ChildRun {
  ok: boolean;
  wallMs: number;
  peakRssMb: number | null;
  treePeakRssMb: number | null;
  cpuSeconds: number | null;
  load: [number, number];
  output: string;
}

/** The resident memory of a process and all its descendants, in MB, from /proc (null where there is no /proc). */
function treeRssMb(root: number): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid … rss is field 24, counted after the command's closing parenthesis.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const parent = Number(fields[1]);
      children.set(parent, [...(children.get(parent) ?? []), pid]);
      rss.set(pid, Number(fields[21]) * 4096);
    } catch {
      // The process ended while being read.
    }
  }
  let total = 0;
  const pending = [root];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    total += rss.get(pid) ?? 0;
    pending.push(...(children.get(pid) ?? []));
  }
  return total / 2 ** 20;
}

/** Runs a command to completion, under GNU time when present for its peak memory. */
function runTimed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<ChildRun> {
  const timed = existsSync(TIME);
  const started = performance.now();
  const child = spawn(timed ? TIME : command, timed ? ['-v', command, ...args] : args, { cwd, env });
  const loadBefore = os.loadavg()[0] ?? 0;
  let treePeak: number | null = null;
  const sampler = setInterval(() => {
    const now = child.pid === undefined ? null : treeRssMb(child.pid);
    if (now !== null) treePeak = Math.max(treePeak ?? 0, now);
  }, 500);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      const wallMs = performance.now() - started;
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(output);
      const user = /User time \(seconds\): ([\d.]+)/.exec(output);
      const system = /System time \(seconds\): ([\d.]+)/.exec(output);
      // GNU time appends its report to stderr; keep only the command's own output.
      const report = output.search(/^(?:Command exited with non-zero status \d+\n)?\tCommand being timed:/m);
      resolve({
        ok: code === 0,
        wallMs,
        peakRssMb: rss ? Number(rss[1]) / 1024 : null,
        treePeakRssMb: treePeak,
        cpuSeconds: user && system ? Number(user[1]) + Number(system[1]) : null,
        load: [loadBefore, os.loadavg()[0] ?? 0],
        output: report === -1 ? output : output.slice(0, report),
      });
    });
  });
}

async function countHtml(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  const files = await readdir(dir, { recursive: true });
  return files.filter((file) => file.endsWith('.html')).length;
}

async function buildFigures(run: ChildRun, outDir: string): Promise<BuildFigures> {
  const pages = await countHtml(outDir);
  return {
    ok: run.ok,
    wallMs: run.wallMs,
    peakRssMb: run.peakRssMb,
    treePeakRssMb: run.treePeakRssMb,
    cpuSeconds: run.cpuSeconds,
    load: run.load,
    pages,
    pagesPerSecond: pages / (run.wallMs / 1000),
    ...(run.ok ? {} : { error: run.output.trim().split('\n').slice(-30).join('\n') }),
  };
}

async function buildOurs(dataDir: string, outDir: string): Promise<BuildFigures> {
  const env = { ...process.env, DATA_DIR: dataDir, OUT_DIR: outDir, ASTRO_TELEMETRY_DISABLED: '1' };
  const run = await runTimed(process.execPath, ['scripts/run.mjs', 'build'], ROOT, env);
  const seconds = (pattern: RegExp) => {
    const match = pattern.exec(run.output);
    return match ? Number(match[1]) : null;
  };
  // The lines atomic-build.ts prints for each phase.
  const phases = {
    pages: seconds(/已生成 \d+ 个页面，用时 ([\d.]+) 秒/),
    downloads: seconds(/个下载文件.*共用时 ([\d.]+) 秒/),
    searchIndex: seconds(/已生成搜索索引.*用时 ([\d.]+) 秒/),
  };
  return { ...(await buildFigures(run, outDir)), phases };
}

/** A trivial Astro site of `pages` pages, built by the project's own astro: Astro's fixed cost. */
async function buildBaseline(dir: string, pages: number): Promise<BuildFigures> {
  await mkdir(path.join(dir, 'src/pages'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'bench-baseline', private: true, type: 'module' }));
  // node_modules is the project's, shared by a symlink: keep Astro's cache out of it.
  await writeFile(
    path.join(dir, 'astro.config.mjs'),
    "import { defineConfig } from 'astro/config';\nexport default defineConfig({ cacheDir: './.astro-cache', devToolbar: { enabled: false } });\n",
  );
  await writeFile(
    path.join(dir, 'src/pages/[...slug].astro'),
    `---
export function getStaticPaths() {
  return Array.from({ length: ${pages} }, (_, n) => ({ params: { slug: n === 0 ? undefined : \`page-\${n}\` }, props: { n } }));
}
const { n } = Astro.props;
---
<html lang="zh-CN"><head><meta charset="utf-8" /><title>基准页面 {n}</title></head>
<body><h1>基准页面 {n}</h1><p>这是用于对比生成速度的第 {n} 个页面。</p></body></html>
`,
  );
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
  const run = await runTimed(path.join(ROOT, 'node_modules/.bin/astro'), ['build'], dir, env);
  return buildFigures(run, path.join(dir, 'dist'));
}

async function benchScale(name: string, scale: Scale, workDir: string, pdf: { sample: number } | null): Promise<ScaleResult> {
  const dir = path.join(workDir, name);
  const dataDir = path.join(dir, 'data');
  progress(name, `generating ${describe(scale)}`);
  await generateData({ out: dataDir, seed: 42, ...scale });
  progress(name, 'loading and validating');
  const { data, loadMs } = await measureLoad(dataDir);
  progress(name, 'rendering charts');
  const charts = measureCharts(data);
  progress(name, 'building the site');
  const build = await buildOurs(dataDir, path.join(dir, 'out'));
  let baseline: BuildFigures | null = null;
  if (build.ok) {
    progress(name, `building the baseline (${build.pages} trivial pages)`);
    baseline = await buildBaseline(path.join(dir, 'baseline'), build.pages);
  }
  const ratio = baseline?.ok ? build.wallMs / baseline.wallMs : null;
  const cpuRatio = baseline?.ok && build.cpuSeconds !== null && baseline.cpuSeconds ? build.cpuSeconds / baseline.cpuSeconds : null;
  const result: ScaleResult = { scale: name, parameters: scale, inputRows: inputRows(data), loadMs, charts, build, baseline, ratio, cpuRatio };
  if (pdf && build.ok) {
    result.pdf = await benchPdfs({ root: ROOT, dataDir, workDir: dir, runTimed, sample: pdf.sample, progress: (step) => progress(name, step) });
  }
  return result;
}

// ---- Report ----

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = (digits: number) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function describe(scale: Scale): string {
  return `${scale.campaigns} campaigns, ${scale.units} units, ${integer.format(scale.findings)} findings, ${integer.format(scale.responses)} responses`;
}

function progress(scale: string, step: string): void {
  console.error(`[${scale}] ${step}…`);
}

function buildLine(figures: BuildFigures | null): string {
  if (!figures) return 'not run';
  const memory =
    (figures.peakRssMb === null ? 'peak RSS n/a' : `peak RSS ${integer.format(figures.peakRssMb)} MB`) +
    (figures.treePeakRssMb === null ? '' : ` (all processes ${integer.format(figures.treePeakRssMb)} MB)`);
  const phases = figures.phases
    ? `; pages ${figures.phases.pages ?? '?'} s, downloads ${figures.phases.downloads ?? '?'} s, search index ${figures.phases.searchIndex ?? '?'} s`
    : '';
  const cpu = figures.cpuSeconds === null ? '' : `; CPU ${decimal(1).format(figures.cpuSeconds)} s`;
  const load = `; load ${decimal(1).format(figures.load[0])}→${decimal(1).format(figures.load[1])}`;
  const status = figures.ok ? '' : ' — FAILED';
  return `${decimal(1).format(figures.wallMs / 1000)} s, ${memory}, ${figures.pages} pages, ${decimal(1).format(figures.pagesPerSecond)} pages/s${cpu}${phases}${load}${status}`;
}

function formatResult(result: ScaleResult): string {
  const { inputRows: rows, charts } = result;
  const lines: Array<[string, string]> = [
    [
      'input rows',
      `${integer.format(rows.total)} (findings ${integer.format(rows.findings)}, highlights ${integer.format(rows.highlights)}, responses ${integer.format(rows.responses)}, units ${rows.units})`,
    ],
    ['pages written', String(result.build.pages)],
    ['load + validate', `${integer.format(result.loadMs)} ms`],
    ['charts', `${charts.count} charts in ${decimal(1).format(charts.totalMs)} ms (${decimal(3).format(charts.meanMs)} ms per chart)`],
    ['build (ours)', buildLine(result.build)],
    ['build (baseline)', buildLine(result.baseline)],
    ['ours / baseline', result.ratio === null ? 'n/a' : `${decimal(2).format(result.ratio)}× wall`],
    ['ours / baseline', result.cpuRatio === null ? 'n/a' : `${decimal(2).format(result.cpuRatio)}× CPU`],
  ];
  if (result.pdf) lines.push(...pdfLines(result.pdf));
  const width = Math.max(...lines.map(([label]) => label.length));
  const body = lines.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
  const failure = result.build.error ? `\n  build output (end):\n${result.build.error.replace(/^/gm, '    ')}` : '';
  return `${result.scale}: ${describe(result.parameters)}\n${body}${failure}`;
}

function pdfLines(pdf: PdfFigures): Array<[string, string]> {
  const { full, bareLoop, unchanged, oneCampaign, sizes } = pdf;
  const seconds = (ms: number) => `${decimal(1).format(ms / 1000)} s`;
  return [
    [
      'pdf: full print',
      `${pdf.documents} documents, ${seconds(full.wallMs)} in all, printing ${decimal(1).format(full.printSeconds)} s = ${decimal(2).format(full.documentsPerSecond)} docs/s`,
    ],
    ['pdf: bare loop', `${decimal(2).format(bareLoop.documentsPerSecond)} docs/s (one tab, ${bareLoop.sample} of the same pages in turn)`],
    ['pdf: full / bare', `${decimal(2).format(pdf.ratio)}×`],
    ['pdf: nothing changed', `${seconds(unchanged.wallMs)}, ${unchanged.printed} printed`],
    [
      'pdf: one campaign',
      `${seconds(oneCampaign.wallMs)}, ${oneCampaign.printed} printed (${oneCampaign.campaign}), ${decimal(1).format(oneCampaign.shareOfFull * 100)} % of the full print`,
    ],
    [
      'pdf: sizes',
      `${decimal(1).format(sizes.totalMb)} MB in all; unit notice mean ${integer.format(sizes.unitNotice.meanKb)} KB, max ${integer.format(sizes.unitNotice.maxKb)} KB (${sizes.unitNotice.count}); report mean ${integer.format(sizes.report.meanKb)} KB, max ${integer.format(sizes.report.maxKb)} KB`,
    ],
  ];
}

// ---- Command line ----

function parseCli(): { scales: string[]; pdfScales: string[]; pdfSample: number; json: string; keep: boolean } {
  const { values } = parseArgs({
    options: {
      scales: { type: 'string', default: 'small,medium,large' },
      // Printing takes minutes per scale: by default only at medium (when measured). 'none' skips it.
      pdf: { type: 'string' },
      'pdf-sample': { type: 'string', default: '120' },
      json: { type: 'string', default: 'bench-results.json' },
      keep: { type: 'boolean', default: false },
    },
  });
  const scales = values.scales
    .split(',')
    .map((scale) => scale.trim())
    .filter(Boolean);
  const unknown = scales.filter((scale) => !(scale in SCALES));
  if (unknown.length > 0) throw new Error(`unknown scale ${unknown.join(', ')}: choose from ${Object.keys(SCALES).join(', ')}`);
  const pdfScales =
    values.pdf === undefined
      ? scales.filter((scale) => scale === 'medium')
      : values.pdf === 'none'
        ? []
        : values.pdf
            .split(',')
            .map((scale) => scale.trim())
            .filter(Boolean);
  const notMeasured = pdfScales.filter((scale) => !scales.includes(scale));
  if (notMeasured.length > 0) throw new Error(`--pdf ${notMeasured.join(', ')}: not among --scales ${scales.join(',')}`);
  const pdfSample = Number(values['pdf-sample']);
  if (!Number.isInteger(pdfSample) || pdfSample < 1) throw new Error(`--pdf-sample must be a whole number of documents, not ${values['pdf-sample']}`);
  return { scales, pdfScales, pdfSample, json: path.resolve(values.json), keep: values.keep };
}

interface OneFileResult {
  findings: number;
  megabytes: number;
  loadMs: number;
  /** The same file only decoded and parsed by papaparse: the floor the check is held to (≤ 3×). */
  bareParseMs: number;
}

/** Loading and validating one findings.csv of 100,000 rows: the figure the loader is held to. */
async function benchOneFile(workDir: string): Promise<OneFileResult> {
  const dataDir = path.join(workDir, 'one-file', 'data');
  const findings = 100_000;
  progress('one file', `generating ${integer.format(findings)} findings in one campaign`);
  await generateData({ out: dataDir, seed: 42, campaigns: 1, units: 60, findings, responses: 10 });
  const [campaign] = await readdir(path.join(dataDir, 'campaigns'));
  if (campaign === undefined) throw new Error(`no campaign generated in ${dataDir}`);
  const { size } = await stat(path.join(dataDir, 'campaigns', campaign, 'findings.csv'));
  progress('one file', 'loading and validating');
  const { loadMs } = await measureLoad(dataDir);
  progress('one file', 'bare decode and papaparse');
  const started = performance.now();
  const text = new TextDecoder('utf-8').decode(await readFile(path.join(dataDir, 'campaigns', campaign, 'findings.csv')));
  Papa.parse(text, { header: true, skipEmptyLines: true });
  return { findings, megabytes: size / 2 ** 20, loadMs, bareParseMs: performance.now() - started };
}

async function main(): Promise<void> {
  const { scales, pdfScales, pdfSample, json, keep } = parseCli();
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'inspection-bench-'));
  const results: ScaleResult[] = [];
  let oneFile: OneFileResult;
  try {
    for (const name of scales) {
      const scale = SCALES[name];
      if (scale === undefined) throw new Error(`unknown scale ${name}`); // never: parseCli checked the names
      const result = await benchScale(name, scale, workDir, pdfScales.includes(name) ? { sample: pdfSample } : null);
      results.push(result);
      console.log(`\n${formatResult(result)}`);
    }
    oneFile = await benchOneFile(workDir);
    console.log(
      `\none file: ${integer.format(oneFile.findings)} findings rows (${decimal(1).format(oneFile.megabytes)} MB) ` +
        `loaded and validated in ${integer.format(oneFile.loadMs)} ms; bare decode + papaparse ${integer.format(oneFile.bareParseMs)} ms ` +
        `(${decimal(2).format(oneFile.loadMs / oneFile.bareParseMs)}×)`,
    );
  } finally {
    if (keep) console.error(`\nKept the generated data and sites in ${workDir}`);
    else await rm(workDir, { recursive: true, force: true });
  }
  const machine = { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 2 ** 30) };
  await writeFile(json, `${JSON.stringify({ date: new Date().toISOString(), machine, results, oneFile }, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), json) || json}`);
  if (results.some((result) => !result.build.ok || result.baseline?.ok === false)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
