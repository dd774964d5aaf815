/**
 * What the site search's index costs, without a build around it:
 * `node scripts/run.mjs bench-search --data <dir>`.
 *
 * Loads the data, makes the search records with the links the pages are made to hold
 * (scripts/lib/search/search-index.ts expectedLinks) and gives them to Pagefind as the build
 * does, timing every 10,000 records added, then writing the index, with Pagefind's own peak
 * memory and CPU time (from /proc). `npm run bench` measures the build as a whole; this says
 * how the index's part grows with the records.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { close, createIndex } from 'pagefind';
import { loadSiteData } from '../src/lib/load/load-site-data.ts';
import { searchRecords } from '../src/lib/search/search-records.ts';
import { readSettings } from '../src/lib/settings.ts';
import { expectedLinks } from './lib/search/search-index.ts';

const ROOT = path.resolve(path.dirname(process.argv[1] ?? ''), '..');
const { values } = parseArgs({ options: { data: { type: 'string' }, step: { type: 'string', default: '10000' } } });
if (!values.data) throw new Error('usage: node scripts/run.mjs bench-search --data <data directory> [--step 10000]');
const step = Number(values.step);
const { data } = await loadSiteData(readSettings({ DATA_DIR: path.resolve(values.data), REPORT_DATE: '2026-11-24' }, { root: ROOT }));
const linked = expectedLinks(data, searchRecords(data));
const out = await mkdtemp(path.join(os.tmpdir(), 'bench-search-'));
try {
  const { index } = await createIndex({ forceLanguage: 'zh', maxFragments: 1000, writePlayground: false });
  if (!index) throw new Error('Pagefind did not start');
  const pagefind = childNamed('pagefind');
  const started = performance.now();
  let next = 0;
  let mark = started;
  const add = async () => {
    while (next < linked.length) {
      const n = next++;
      const entry = linked[n];
      if (entry === undefined) break;
      await index.addCustomRecord({ url: entry.url, content: entry.record.content, language: 'zh', meta: { ...entry.record.meta } });
      if ((n + 1) % step === 0) {
        const now = performance.now();
        console.log(`  records ${n + 1 - step + 1}–${n + 1}: ${((now - mark) / 1000).toFixed(1)} s (${(((now - mark) / step) * 1000).toFixed(0)} µs each)`);
        mark = now;
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, add));
  const added = performance.now();
  const afterAdding = processFigures(pagefind);
  await index.writeFiles({ outputPath: out });
  const written = performance.now();
  const atEnd = processFigures(pagefind);
  await close();
  console.log(
    `${linked.length} records: added in ${((added - started) / 1000).toFixed(1)} s (Pagefind ${afterAdding.rssMb} MB, CPU ${afterAdding.cpuSeconds} s), ` +
      `written in ${((written - added) / 1000).toFixed(1)} s; Pagefind's peak ${atEnd.peakMb} MB, CPU ${atEnd.cpuSeconds} s in all; load ${os.loadavg()[0]?.toFixed(1)}`,
  );
} finally {
  await rm(out, { recursive: true, force: true });
}

/** The pid of this process's child whose command is `name`. */
function childNamed(name: string): string {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid && stat.includes(`(${name}`)) return entry;
    } catch {
      // The process ended while being read.
    }
  }
  throw new Error(`no child process ${name}`);
}

function processFigures(pid: string): { rssMb: number; peakMb: number; cpuSeconds: string } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssMb: Math.round(kb('VmRSS') / 1024), peakMb: Math.round(kb('VmHWM') / 1024), cpuSeconds: (ticks / 100).toFixed(1) };
}
