/**
 * What the downloads cost, without a build around them:
 * `node scripts/run.mjs bench-downloads -- [--scale medium]`.
 *
 * Generates the bench's data at one scale (scripts/bench.ts's sizes), lists the site's downloads
 * (src/lib/export/downloads.ts) and times producing each kind — CSV, summary.json, findings.xlsx,
 * overdue.xlsx — in this one process, as the build produces them, and their sizes. `npm run
 * bench` measures the build as a whole; this says which of its downloads the time goes to.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { siteDownloads } from '../src/lib/export/downloads.ts';
import { loadSiteData } from '../src/lib/load/load-site-data.ts';
import { readSettings } from '../src/lib/settings.ts';
import { generateData } from './lib/generate-data.ts';

const ROOT = path.resolve(path.dirname(process.argv[1] ?? ''), '..');
const SCALES = {
  small: { campaigns: 10, units: 20, findings: 1_000, responses: 500 },
  medium: { campaigns: 50, units: 40, findings: 10_000, responses: 5_000 },
  large: { campaigns: 200, units: 60, findings: 50_000, responses: 20_000 },
};

const { values } = parseArgs({ options: { scale: { type: 'string', default: 'medium' } } });
const scale = SCALES[values.scale as keyof typeof SCALES];
if (!scale) throw new Error(`unknown scale ${values.scale}: choose from ${Object.keys(SCALES).join(', ')}`);
const work = await mkdtemp(path.join(os.tmpdir(), 'bench-downloads-'));
try {
  const dataDir = path.join(work, 'data');
  await generateData({ out: dataDir, seed: 42, ...scale });
  const settings = readSettings({ DATA_DIR: dataDir, REPORT_DATE: '2026-11-24' }, { root: ROOT });
  const { data } = await loadSiteData(settings);
  const downloads = siteDownloads({
    units: data.units,
    campaigns: data.campaigns,
    reportDate: settings.reportDate,
    siteTitle: settings.siteTitle,
    commits: null,
  });
  const kinds = new Map<string, { files: number; ms: number; bytes: number }>();
  const started = performance.now();
  for (const download of downloads) {
    const kind = download.path.replace(/^.*\//, '').replace(/^(findings\.csv|findings\.xlsx)$/, download.path.includes('/units/') ? 'unit $1' : 'campaign $1');
    const before = performance.now();
    const body = await download.produce();
    const figures = kinds.get(kind) ?? { files: 0, ms: 0, bytes: 0 };
    figures.files += 1;
    figures.ms += performance.now() - before;
    figures.bytes += typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    kinds.set(kind, figures);
  }
  const total = performance.now() - started;
  console.log(`${values.scale}: ${downloads.length} downloads produced in ${(total / 1000).toFixed(2)} s (one thread)`);
  for (const [kind, { files, ms, bytes }] of kinds) {
    console.log(
      `  ${kind.padEnd(22)} ${String(files).padStart(5)} files  ${(ms / 1000).toFixed(2).padStart(6)} s  ${(bytes / 2 ** 20).toFixed(1).padStart(6)} MB`,
    );
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
