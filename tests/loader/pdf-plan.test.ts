import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { stylesheets } from '../../scripts/lib/pdf/document-hash.ts';
import { MANIFEST_FORMAT, MANIFEST_PATH, readManifest, type Manifest } from '../../scripts/lib/pdf/manifest.ts';
import { mergeNotices } from '../../scripts/lib/pdf/merge-notices.ts';
import { planPdfs, type HashedDocument } from '../../scripts/lib/pdf/plan.ts';
import { printerIdentity } from '../../scripts/lib/pdf/printer.ts';
import type { Provenance } from '../../src/lib/history/provenance.ts';
import type { Campaign } from '../../src/lib/model.ts';
import { printDay } from '../../src/lib/print/print-day.ts';
import { quickOutput } from '../helpers/processes.ts';

const work = mkdtempSync(path.join(tmpdir(), 'pdf-plan-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const hash = (letter: string) => letter.repeat(64);
const doc = (pdf: string, campaignId: string, letter: string): HashedDocument => ({ pdf, campaignId, hash: hash(letter), asOf: '2026-11-24' });
const PRINTER = 'Chromium 150.0.7871.0 built on Debian; /usr/share/fonts/truetype/wqy/wqy-microhei.ttc (5177387 bytes)';
const manifestOf = (documents: HashedDocument[], printer = PRINTER): Manifest => ({
  format: MANIFEST_FORMAT,
  documents: Object.fromEntries(documents.map((d) => [d.pdf, { hash: d.hash, asOf: d.asOf, bytes: 100, printedAt: '2026-11-01T00:00:00Z', printer }])),
});

describe('planPdfs', () => {
  const a = doc('pdf/a/report.pdf', 'a', 'a');
  const b = doc('pdf/b/report.pdf', 'b', 'b');
  const pdfsOf = (list: HashedDocument[]) => list.map((d) => d.pdf);

  it('reuses what is unchanged and prints what changed', () => {
    const plan = planPdfs({
      documents: [a, { ...b, hash: hash('c') }],
      previous: manifestOf([a, b]),
      reusable: () => true,
      printable: () => true,
      force: false,
      printer: PRINTER,
    });
    expect(pdfsOf(plan.reuse)).toEqual([a.pdf]);
    expect(pdfsOf(plan.print)).toEqual([b.pdf]);
    expect(plan.missing).toEqual([]);
  });

  it('prints again a published copy that is not sound (missing or of another size)', () => {
    const plan = planPdfs({
      documents: [a, b],
      previous: manifestOf([a, b]),
      reusable: (pdf) => pdf !== b.pdf,
      printable: () => true,
      force: false,
      printer: PRINTER,
    });
    expect(pdfsOf(plan.print)).toEqual([b.pdf]);
  });

  it('leaves out a changed document of a campaign this run does not print (npm run build, --campaign)', () => {
    const plan = planPdfs({
      documents: [a, { ...b, hash: hash('c') }],
      previous: manifestOf([a, b]),
      reusable: () => true,
      printable: (id) => id === 'a',
      force: false,
      printer: PRINTER,
    });
    expect(pdfsOf(plan.reuse)).toEqual([a.pdf]);
    expect(pdfsOf(plan.missing)).toEqual([b.pdf]);
  });

  it('prints everything printable with force, and still reuses what it may not print', () => {
    const plan = planPdfs({
      documents: [a, b],
      previous: manifestOf([a, b]),
      reusable: () => true,
      printable: (id) => id === 'a',
      force: true,
      printer: PRINTER,
    });
    expect(pdfsOf(plan.print)).toEqual([a.pdf]);
    expect(pdfsOf(plan.reuse)).toEqual([b.pdf]);
  });

  it('prints everything when there is no published manifest', () => {
    const plan = planPdfs({ documents: [a, b], previous: undefined, reusable: () => true, printable: () => true, force: false, printer: PRINTER });
    expect(pdfsOf(plan.print)).toEqual([a.pdf, b.pdf]);
  });
});

describe('planPdfs after Chromium or the print font changed', () => {
  const a = doc('pdf/a/report.pdf', 'a', 'a');
  const b = doc('pdf/b/report.pdf', 'b', 'b');
  const older = manifestOf([a, b], 'Chromium 149.0.7800.0 built on Debian; /usr/share/fonts/truetype/wqy/wqy-microhei.ttc (5177387 bytes)');

  it('prints again, with npm run pdf, what the old printer printed, though the pages are unchanged', () => {
    const plan = planPdfs({ documents: [a, b], previous: older, reusable: () => true, printable: () => true, force: false, printer: PRINTER });
    expect(plan.print.map((d) => d.pdf)).toEqual([a.pdf, b.pdf]);
  });

  it('keeps them with npm run build, and for campaigns a --campaign run does not print: their text is the same', () => {
    const build = planPdfs({ documents: [a, b], previous: older, reusable: () => true, printable: () => false, force: false, printer: '' });
    expect(build.reuse.map((d) => d.pdf)).toEqual([a.pdf, b.pdf]);
    const onlyA = planPdfs({ documents: [a, b], previous: older, reusable: () => true, printable: (id) => id === 'a', force: false, printer: PRINTER });
    expect([onlyA.print.map((d) => d.pdf), onlyA.reuse.map((d) => d.pdf)]).toEqual([[a.pdf], [b.pdf]]);
  });
});

describe('printerIdentity', () => {
  it('names the Chromium version and the print font file, so that an upgrade of either shows', async () => {
    const fake = path.join(work, 'fake-chromium');
    writeFileSync(fake, '#!/bin/sh\necho "Chromium 999.0.1.2 built on Debian"\n', { mode: 0o755 });
    const identity = await printerIdentity(fake);
    expect(identity).toMatch(/^Chromium 999\.0\.1\.2 built on Debian; /);
    writeFileSync(fake, '#!/bin/sh\necho "Chromium 999.0.1.3 built on Debian"\n', { mode: 0o755 });
    expect(await printerIdentity(fake)).not.toBe(identity);
    expect(await printerIdentity(path.join(work, 'no-such-chromium'))).toContain('version unknown');
  });
});

describe('readManifest', () => {
  it('reads a sound manifest, and refuses a corrupt one with the reason instead of trusting it', async () => {
    const site = path.join(work, 'site');
    await mkdir(path.join(site, 'pdf'), { recursive: true });
    expect(await readManifest(site)).toEqual({ manifest: undefined });
    const manifest = manifestOf([doc('pdf/a/report.pdf', 'a', 'a')]);
    writeFileSync(path.join(site, MANIFEST_PATH), JSON.stringify(manifest));
    expect((await readManifest(site)).manifest).toEqual(manifest);
    writeFileSync(path.join(site, MANIFEST_PATH), '{"format": 1, "documents": {"pdf/a.pdf": {"hash": "not a hash"}}}');
    expect(await readManifest(site)).toMatchObject({ manifest: undefined, problem: expect.stringContaining('格式不符') });
    writeFileSync(path.join(site, MANIFEST_PATH), '{"format": 1,');
    expect(await readManifest(site)).toMatchObject({ manifest: undefined, problem: expect.stringContaining('不是有效的 JSON') });
  });
});

describe('stylesheets', () => {
  it('finds the stylesheets a page loads, whatever the quoting, and nothing else', () => {
    const html = `<link rel="stylesheet" href="/r/_astro/a.css"><link rel=icon href="/f.svg"><link href='/r/b.css' rel='stylesheet'><link rel=stylesheet href=/r/c.css>`;
    expect(stylesheets(html)).toEqual(['/r/_astro/a.css', '/r/b.css', '/r/c.css']);
  });
});

describe('printDay', () => {
  const campaign = { id: 'c1', sources: ['data/campaigns/c1/findings.csv'], news: { file: 'templates/news.md' } } as unknown as Campaign;
  const commit = { hash: 'h', shortHash: 'h', date: '2025-10-31T20:30:00+00:00', author: 'a', subject: 's' };
  const provenance = (uncommitted: string[]): Provenance => ({ unknown: null, commits: { c1: commit }, histories: {}, dataCommit: commit, uncommitted });
  const settings = { reportDate: '2026-11-24', reportDateFixed: false, timeZone: 'Asia/Shanghai' };

  it('is the day of the campaign’s last data commit in the organisation’s time zone', () => {
    // 20:30 UTC on 31 October is already 1 November in Shanghai.
    expect(printDay(campaign, provenance([]), settings)).toEqual({ day: '2025-11-01', basis: 'commit' });
  });

  it('is the report day for uncommitted data, data outside git, or a fixed REPORT_DATE', () => {
    expect(printDay(campaign, provenance(['data/campaigns/c1/findings.csv']), settings)).toEqual({ day: '2026-11-24', basis: 'report-date' });
    const outside: Provenance = { unknown: 'outside-git', commits: null, histories: null, dataCommit: null, uncommitted: null };
    expect(printDay(campaign, outside, settings).day).toBe('2026-11-24');
    expect(printDay(campaign, provenance([]), { ...settings, reportDate: '2026-01-05', reportDateFixed: true }).day).toBe('2026-01-05');
  });
});

describe('mergeNotices', () => {
  async function notice(file: string, pages: number, label: string): Promise<string> {
    const document = await PDFDocument.create();
    const font = await document.embedFont(StandardFonts.Helvetica);
    for (let page = 1; page <= pages; page++) document.addPage([595, 842]).drawText(`${label} page ${page}`, { x: 50, y: 780, font, size: 12 });
    const out = path.join(work, file);
    writeFileSync(out, await document.save());
    return out;
  }

  it('starts every unit on an odd page, with one bookmark per unit at its first page', async () => {
    const parts = [
      { title: '竹溪瑞城', file: await notice('one.pdf', 1, 'alpha') },
      { title: '千山湖水电站', file: await notice('two.pdf', 2, 'beta') },
      { title: '陕西金龙', file: await notice('three.pdf', 3, 'gamma') },
    ];
    const out = path.join(work, 'notices.pdf');
    const merged = await mergeNotices(parts, out, '整改通知（全部单位）');
    expect(merged).toEqual({ pages: 7, starts: [1, 3, 5] });
    const text = (page: number) => quickOutput('pdftotext', ['-f', String(page), '-l', String(page), out, '-']).trim();
    expect([1, 2, 3, 4, 5, 6, 7].map(text)).toEqual(['alpha page 1', '', 'beta page 1', 'beta page 2', 'gamma page 1', 'gamma page 2', 'gamma page 3']);
    const outline = quickOutput('pdftohtml', ['-xml', '-stdout', '-i', out]);
    expect([...outline.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map(([, page, title]) => `${page} ${title}`)).toEqual([
      '1 竹溪瑞城',
      '3 千山湖水电站',
      '5 陕西金龙',
    ]);
    // The same notices merge to the same bytes: a re-merge of unchanged parts changes nothing.
    const again = path.join(work, 'again.pdf');
    await mergeNotices(parts, again, '整改通知（全部单位）');
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
  });
});
