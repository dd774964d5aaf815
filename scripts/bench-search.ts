/**
 * What the site search's index costs, without a build around it:
 * `node scripts/run.mjs bench-search --data <dir>`.
 *
 * Loads the data, makes the search records with the links the pages are made to hold
 * (scripts/lib/search/search-index.ts expectedLinks) and writes the index as the build does, in
 * parts of at most `--part-size` records (the build's PART_SIZE unless given; a size past the
 * record count gives one index, as before the parts), timing it, with the largest peak memory
 * and the CPU time of the Pagefind processes (one a part, sampled from /proc). `npm run bench`
 * measures the build as a whole; this says what the index's part costs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSiteData } from '../src/lib/load/load-site-data.ts';
import { searchRecords } from '../src/lib/search/search-records.ts';
import { readSettings } from '../src/lib/settings.ts';
import { expectedLinks, PART_SIZE, splitIntoParts, writeSearchIndex } from './lib/search/search-index.ts';

const ROOT = path.resolve(path.dirname(process.argv[1] ?? ''), '..');
const { values } = parseArgs({ options: { data: { type: 'string' }, 'part-size': { type: 'string', default: String(PART_SIZE) } } });
if (!values.data) throw new Error(`usage: node scripts/run.mjs bench-search --data <data directory> [--part-size ${PART_SIZE}]`);
const partSize = Number(values['part-size']);
const { data } = await loadSiteData(readSettings({ DATA_DIR: path.resolve(values.data), REPORT_DATE: '2026-11-24' }, { root: ROOT }));
const linked = expectedLinks(data, searchRecords(data));
const out = await mkdtemp(path.join(os.tmpdir(), 'bench-search-'));
// Every Pagefind process (one a part), sampled from /proc while the index is written.
const seen = new Map<string, { peakMb: number; cpuSeconds: number }>();
const sample = () => {
  for (const pid of childrenNamed('pagefind')) {
    try {
      const figures = processFigures(pid);
      seen.set(pid, { peakMb: figures.peakMb, cpuSeconds: Number(figures.cpuSeconds) });
    } catch {
      // The process ended while being read.
    }
  }
};
const sampler = setInterval(sample, 100);
try {
  const started = performance.now();
  const counts = await writeSearchIndex(path.join(out, 'pagefind'), linked, partSize);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const processes = [...seen.values()];
  console.log(
    `${Object.values(counts).reduce((sum, n) => sum + n, 0)} records in ${splitIntoParts(linked, partSize).length} part(s) of at most ${partSize}: ` +
      `written in ${seconds.toFixed(1)} s by ${processes.length} Pagefind process(es); their largest peak ${Math.max(0, ...processes.map((p) => p.peakMb))} MB, ` +
      `CPU ${processes.reduce((sum, p) => sum + p.cpuSeconds, 0).toFixed(1)} s in all (sampled); load ${os.loadavg()[0]?.toFixed(1)}`,
  );
} finally {
  clearInterval(sampler);
  await rm(out, { recursive: true, force: true });
}

/** The pids of this process's children whose command is `name`. */
function childrenNamed(name: string): string[] {
  const pids: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid && stat.includes(`(${name}`)) pids.push(entry);
    } catch {
      // The process ended while being read.
    }
  }
  return pids;
}

function processFigures(pid: string): { rssMb: number; peakMb: number; cpuSeconds: string } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024), cpuSeconds: (ticks / 100).toFixed(1) };
}
