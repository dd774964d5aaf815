import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/lib/settings.ts';
import { listFiles, PROJECT_ROOT, userEnvironment } from '../helpers/build-site.ts';
import { quickOutput, run } from '../helpers/processes.ts';

/**
 * `npm run pdf` run after run, as an office runs it after each data commit: the data in a git
 * repository of its own (as the publishing hooks check it out), each PDF as of its campaign's
 * last data commit, and only what a commit changed printed again.
 */

const hasTools = existsSync(readSettings(process.env).chromiumPath) && spawnSync('pdftotext', ['-v']).status === 0;
if (!hasTools && process.env.CI) throw new Error('CI needs chromium and poppler-utils (apt-get install chromium poppler-utils)');

const BASE = '/reports/';
const OLDER = '2024-10-cross-check';
/** Compares itself with OLDER in its article (news.md's comparison paragraph and trend chart). */
const NEWER = '2025-09-cross-check';
const MONTHLY = '2026-03-monthly-check';

let work: string;
let dataRepo: string;
let site: string;

function git(args: string[], env: NodeJS.ProcessEnv = {}): string {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')));
  return quickOutput('git', args, { cwd: dataRepo, env: { ...clean, ...env } }).trim();
}

/** Commits the data repository's changes on `day` (Beijing time). */
function commit(subject: string, day: string): void {
  const date = `${day}T10:00:00+08:00`;
  git(['add', '--all']);
  git(['-c', 'user.name=检查组', '-c', 'user.email=team@example.com', '-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', subject], {
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  });
}

/**
 * A command of the project, run as a user runs it: no REPORT_DATE, so PDFs take their commit
 * day. Asynchronous, so that Vitest's worker stays responsive during the minute-long runs, and
 * stopped (tests/helpers/processes.ts) if its test times out.
 */
async function runOk(command: 'pdf' | 'build', args: string[] = [], extra: NodeJS.ProcessEnv = {}): Promise<string> {
  const env: NodeJS.ProcessEnv = {
    ...userEnvironment(),
    OUT_DIR: site,
    DATA_DIR: path.join(dataRepo, 'data'),
    BASE_PATH: BASE,
    ASTRO_TELEMETRY_DISABLED: '1',
    ...extra,
  };
  delete env.REPORT_DATE;
  const { status, signal, stdout, stderr } = await run(process.execPath, ['scripts/run.mjs', command, ...args], { cwd: PROJECT_ROOT, env });
  if (status !== 0) throw new Error(`npm run ${command} ${args.join(' ')} failed (${status ?? signal}):\n${stdout}\n${stderr}`);
  return `${stdout}\n${stderr}`;
}

/** Every PDF of the published site with its bytes. */
function pdfs(): Map<string, Buffer> {
  const dir = path.join(site, 'pdf');
  if (!existsSync(dir)) return new Map();
  return new Map(
    listFiles(dir)
      .filter((file) => file.endsWith('.pdf'))
      .map((file) => [`pdf/${file}`, readFileSync(path.join(dir, file))]),
  );
}

interface Manifest {
  documents: Record<string, { hash: string; asOf: string; bytes: number; printedAt: string; printer: string }>;
}
const manifest = (): Manifest => JSON.parse(readFileSync(path.join(site, 'pdf/manifest.json'), 'utf8')) as Manifest;

/** The PDFs whose bytes differ between two runs, or that only one of them has. */
function changed(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => !before.get(name)?.equals(after.get(name) ?? Buffer.alloc(0))).sort();
}

const ofCampaign = (files: Iterable<string>, id: string) => [...files].filter((file) => file.startsWith(`pdf/${id}/`)).sort();
const pdfText = (file: string) => quickOutput('pdftotext', ['-layout', path.join(site, file), '-']);
const page = (pagePath: string) => readFileSync(path.join(site, pagePath, 'index.html'), 'utf8');
const linksTo = (html: string, pdf: string) => html.includes(`href="${BASE}${pdf}"`);

/** Sets one finding's status in a campaign's findings.csv (a clerk's one-cell update). */
function setStatus(campaignId: string, findingId: string, status: string): void {
  const file = path.join(dataRepo, 'data/campaigns', campaignId, 'findings.csv');
  const text = readFileSync(file, 'utf8');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').split(',');
  const statusColumn = header.indexOf('整改状态');
  // An unfinished finding has no completion or verification yet.
  const emptied = ['完成日期', '验证人', '验证日期'].map((name) => header.indexOf(name)).filter((column) => column >= 0);
  const index = lines.findIndex((line) => line.startsWith(`${findingId},`));
  if (statusColumn < 0 || index < 0) throw new Error(`no ${findingId} or no 整改状态 column in ${file}`);
  // The sample rows have no quoted commas before these columns (checked: the count must match).
  const cells = (lines[index] ?? '').split(',');
  if (cells.length !== header.length) throw new Error(`row ${findingId} of ${file} has quoted commas`);
  cells[statusColumn] = status;
  if (status !== '已整改') for (const column of emptied) cells[column] = '';
  lines[index] = cells.join(',');
  writeFileSync(file, lines.join(eol));
}

describe.skipIf(!hasTools)('npm run pdf, run after run', () => {
  let first: Map<string, Buffer>;
  let firstOutput: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'inspection-pdf-incremental-'));
    dataRepo = path.join(work, 'data-repo');
    site = path.join(work, 'site');
    cpSync(path.join(PROJECT_ROOT, 'data'), path.join(dataRepo, 'data'), { recursive: true });
    git(['init', '--quiet']);
    commit('录入三次检查的数据', '2026-10-09');
    firstOutput = await runOk('pdf');
    first = pdfs();
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('prints every document and each campaign’s merged notices the first time, as of the data commit', () => {
    expect(first.size).toBeGreaterThanOrEqual(20);
    for (const id of [OLDER, NEWER, MONTHLY]) {
      expect(first.has(`pdf/${id}/report.pdf`), id).toBe(true);
      expect(first.has(`pdf/${id}/notices.pdf`), id).toBe(true);
    }
    const documents = manifest().documents;
    expect(Object.keys(documents).sort()).toEqual([...first.keys()].sort());
    expect(new Set(Object.values(documents).map((entry) => entry.asOf))).toEqual(new Set(['2026-10-09']));
    // The PDF says what day its figures are as of, and why that day: not the day it was printed.
    expect(pdfText(`pdf/${NEWER}/report.pdf`).replace(/\s+/g, '')).toContain('整改情况截至：2026年10月9日（本检查活动数据最后一次提交之日）');
    expect(firstOutput).toMatch(/^打印 \d+ 份 PDF，同时 \d+ 份；沿用 0 份内容未变的 PDF/m);
  });

  it('reuses every PDF byte for byte when no data changed, printing nothing', async () => {
    const printedAt = manifest().documents;
    const output = await runOk('pdf');
    expect(changed(first, pdfs())).toEqual([]);
    expect(manifest().documents).toEqual(printedAt);
    expect(output).toContain(`沿用 ${first.size - 3} 份内容未变的 PDF，无需重新打印。`);
    expect(output).not.toMatch(/^打印 \d+ 份/m);
  });

  it('after a commit to one campaign, prints that campaign again and the article that cites it, nothing else', async () => {
    const before = pdfs();
    setStatus(OLDER, 'F001', '整改中');
    commit('竹溪瑞城 F001 整改状态改为整改中', '2026-11-02');
    const output = await runOk('pdf');
    const after = pdfs();
    const differ = changed(before, after);

    // Every document of the changed campaign is as of the new commit, and so printed again.
    expect(ofCampaign(differ, OLDER)).toEqual(ofCampaign(before.keys(), OLDER));
    // The newer campaign's article compares itself with the older one; its report and notices do not.
    expect(ofCampaign(differ, NEWER)).toEqual([`pdf/${NEWER}/news.pdf`]);
    expect(ofCampaign(differ, MONTHLY)).toEqual([]);
    const documents = manifest().documents;
    for (const file of ofCampaign(after.keys(), OLDER)) expect(documents[file]?.asOf, file).toBe('2026-11-02');
    expect(documents[`pdf/${NEWER}/news.pdf`]?.asOf).toBe('2026-10-09');

    const printed = differ.filter((file) => !file.endsWith('/notices.pdf'));
    expect(output).toContain(`打印 ${printed.length} 份 PDF`);
    expect(output).toContain(`沿用 ${after.size - 3 - printed.length} 份内容未变的 PDF`);
    expect(output).toContain(`合并 pdf/${OLDER}/notices.pdf`);
    expect(output).not.toContain(`合并 pdf/${NEWER}/notices.pdf`);
    expect(pdfText(`pdf/${OLDER}/report.pdf`).replace(/\s+/g, '')).toContain('整改情况截至：2026年11月2日');
  });

  it('keeps every current PDF and its links through npm run build', async () => {
    const before = pdfs();
    await runOk('build');
    expect(changed(before, pdfs())).toEqual([]);
    for (const id of [OLDER, NEWER, MONTHLY]) {
      const report = page(`campaigns/${id}`);
      expect(linksTo(report, `pdf/${id}/report.pdf`), id).toBe(true);
      expect(linksTo(report, `pdf/${id}/notices.pdf`), id).toBe(true);
    }
  });

  it('drops with npm run build the PDFs that are out of date or whose campaign is gone, and their links', async () => {
    setStatus(NEWER, 'F001', '整改中');
    rmSync(path.join(dataRepo, 'data/campaigns', MONTHLY), { recursive: true });
    commit('更新 2025 年整改状态，删除月度检查', '2026-11-10');
    const before = pdfs();
    const output = await runOk('build');
    const after = pdfs();
    expect(ofCampaign(after.keys(), MONTHLY)).toEqual([]);
    expect(ofCampaign(after.keys(), NEWER)).toEqual([]);
    expect(ofCampaign(after.keys(), OLDER)).toEqual(ofCampaign(before.keys(), OLDER));
    expect(changed(before, after).filter((file) => file.startsWith(`pdf/${OLDER}/`))).toEqual([]);
    expect(Object.keys(manifest().documents).sort()).toEqual([...after.keys()].sort());
    expect(output).toContain('已过期或尚未打印');

    const newer = page(`campaigns/${NEWER}`);
    expect(newer).not.toContain('class="pdf-link');
    expect(linksTo(page(`campaigns/${OLDER}`), `pdf/${OLDER}/report.pdf`)).toBe(true);
  });

  it('prints with --campaign only the campaigns named, keeping the others’ current PDFs', async () => {
    const before = pdfs();
    const output = await runOk('pdf', ['--campaign', NEWER]);
    const after = pdfs();
    expect(ofCampaign(after.keys(), NEWER)).toContain(`pdf/${NEWER}/notices.pdf`);
    expect(ofCampaign(after.keys(), NEWER).length).toBeGreaterThanOrEqual(5);
    expect(changed(before, after).filter((file) => !file.startsWith(`pdf/${NEWER}/`))).toEqual([]);
    expect(output).toContain(`打印 ${ofCampaign(after.keys(), NEWER).length - 1} 份 PDF`);
    expect(linksTo(page(`campaigns/${NEWER}`), `pdf/${NEWER}/notices.pdf`)).toBe(true);
  });

  it('prints everything again with --force, to the same text', async () => {
    const before = manifest().documents;
    const beforeText = pdfText(`pdf/${OLDER}/unit-zxrc.pdf`);
    const output = await runOk('pdf', ['--force']);
    const after = manifest().documents;
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [file, entry] of Object.entries(after)) {
      expect(entry.printedAt > (before[file]?.printedAt ?? ''), file).toBe(true);
      expect(entry.hash, file).toBe(before[file]?.hash);
    }
    expect(output).toContain(`打印 ${Object.keys(after).length - 2} 份 PDF，同时`);
    expect(pdfText(`pdf/${OLDER}/unit-zxrc.pdf`)).toBe(beforeText);
  });

  it('prints everything again after a Chromium upgrade, which npm run build does not undo', async () => {
    // The same Chromium, reporting a newer version, as after `apt-get upgrade chromium`.
    const upgraded = path.join(work, 'chromium-upgraded');
    writeFileSync(
      upgraded,
      `#!/bin/sh\n[ "$1" = --version ] && { echo "Chromium 999.0.0.1 built on Debian"; exit 0; }\nexec ${readSettings(process.env).chromiumPath} "$@"\n`,
      { mode: 0o755 },
    );
    const before = manifest().documents;
    const output = await runOk('pdf', [], { CHROMIUM_PATH: upgraded });
    const after = manifest().documents;
    expect(output).toContain(`打印 ${Object.keys(after).length - 2} 份 PDF，同时`);
    for (const [file, entry] of Object.entries(after)) {
      expect(entry.printer, file).toMatch(/^Chromium 999\.0\.0\.1 built on Debian; /);
      expect(entry.hash, file).toBe(before[file]?.hash);
    }
    const pdfsBefore = pdfs();
    await runOk('build');
    expect(changed(pdfsBefore, pdfs())).toEqual([]);
    expect(manifest().documents).toEqual(after);
  });
});
