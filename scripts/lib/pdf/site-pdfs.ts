import { createHash } from 'node:crypto';
import { constants, copyFile, link, lstat, mkdir, realpath, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { STATUS_CSS } from '../../../src/lib/export/downloads.ts';
import type { LoadResult } from '../../../src/lib/load/load-site-data.ts';
import type { Campaign, SiteData } from '../../../src/lib/model.ts';
import { noticesPdf, reportPages, type ReportPage } from '../../../src/lib/report-pages.ts';
import type { Provenance } from '../../../src/lib/history/provenance.ts';
import { printDays } from '../../../src/lib/print/print-day.ts';
import { displayPath, type Settings } from '../../../src/lib/settings.ts';
import { buildEdition } from '../atomic-build.ts';
import { launchChromium } from '../chromium.ts';
import { serveSite } from '../serve-site.ts';
import { documentHasher } from './document-hash.ts';
import { readManifest, writeManifest, type Manifest, type ManifestEntry } from './manifest.ts';
import { mergeNotices } from './merge-notices.ts';
import { planPdfs, type HashedDocument, type Plan } from './plan.ts';
import { printPdfs } from './print-pdfs.ts';
import { printerIdentity } from './printer.ts';

/**
 * The PDFs of a site, incrementally. Before the site is built, the print edition of every
 * printable page is built and hashed (document-hash.ts); each PDF of the published site whose
 * hash is unchanged is reused byte for byte, the others are printed when this run may print
 * their campaign (`npm run pdf`), and otherwise left out, their pages then not linking to a PDF
 * (`npm run build` prints nothing: it only keeps what is still current). The manifest written
 * with the site records the hashes for the next run.
 */

export interface PdfRunOptions {
  settings: Settings;
  /** The site whose PDFs may be reused: the published one (OUT_DIR), or a release (--reuse-from). */
  reuseFrom: string;
  /** Whether this run prints a campaign's documents. */
  printable: (campaignId: string) => boolean;
  /** Print every printable document, current or not. */
  force: boolean;
  /** Documents printed at once. */
  concurrency: number;
  log?: (line: string) => void;
}

/** A merged notices PDF (merge-notices.ts) and the unit notices it is made of. */
interface NoticesDocument extends HashedDocument {
  title: string;
  parts: Array<{ pdf: string; title: string }>;
}

interface Prepared {
  printSite: string;
  printer: string;
  previous: Manifest | undefined;
  plan: Plan;
  notices: { reuse: NoticesDocument[]; merge: NoticesDocument[] };
  pages: Map<string, ReportPage>;
}

export interface PdfStage {
  beforeBuild: (loaded: LoadResult, work: string, provenance: Provenance) => Promise<{ pdfLinks: readonly string[] }>;
  afterBuild: (staging: string, loaded: LoadResult) => Promise<void>;
}

export function pdfStage(options: PdfRunOptions): PdfStage {
  const { settings, reuseFrom, printable, force, concurrency, log = console.log } = options;
  let prepared: Prepared | undefined;

  return {
    async beforeBuild({ data }, work, provenance) {
      const read = await readManifest(reuseFrom);
      const shown = displayPath(settings, reuseFrom);
      if (read.problem) log(`⚠ ${shown}/pdf/manifest.json 无法使用（${read.problem}）：不沿用其中的 PDF。`);
      const previous = read.manifest;
      const anyPrintable = data.campaigns.some((campaign) => printable(campaign.id));
      if (!anyPrintable && (!previous || Object.keys(previous.documents).length === 0)) return { pdfLinks: [] };

      const printSite = path.join(work, 'print');
      log('生成打印版页面，以确定哪些 PDF 需要重新打印……');
      await buildEdition({ settings, loaded: { data, warnings: [] }, provenance, edition: 'print', pdfLinks: [], outDir: printSite, work });
      // Every page links the status stylesheet, a download now written beside Astro's pages (downloads.ts):
      // the print edition needs it too, to be hashed with the page and served to Chromium.
      await mkdir(path.join(printSite, 'status'), { recursive: true });
      await writeFile(path.join(printSite, 'status', 'status.css'), STATUS_CSS);
      const pages = new Map(data.campaigns.flatMap((campaign) => reportPages(campaign).map((page) => [page.pdf, page] as const)));
      const days = printDays(data.campaigns, provenance, settings);
      const documents = await hashDocuments(data, printSite, settings.basePath, (campaign) => days[campaign.id]?.day ?? settings.reportDate);
      const sizes = await publishedSizes(reuseFrom, previous);
      const reusable = (pdf: string) => sizes.get(pdf) === previous?.documents[pdf]?.bytes;
      // Only a run that prints needs to know the printer (npm run build keeps PDFs as they are).
      const printer = anyPrintable ? await printerIdentity(settings.chromiumPath) : '';
      const plan = planPdfs({ documents, previous, reusable, printable, force, printer });
      const available = new Set([...plan.reuse, ...plan.print].map((document) => document.pdf));
      const printed = new Set(plan.print.map((document) => document.pdf));
      const notices = planNotices(data, documents, previous, reusable, available, printed, force);
      prepared = { printSite, printer, previous, plan, notices, pages };
      return { pdfLinks: [...available, ...[...notices.reuse, ...notices.merge].map((document) => document.pdf)] };
    },

    async afterBuild(staging) {
      if (!prepared) return;
      const { printSite, printer, previous, plan, notices, pages } = prepared;
      const entries: Record<string, ManifestEntry> = {};
      const keep = async (document: HashedDocument) => {
        const entry = previous?.documents[document.pdf];
        if (!entry) throw new Error(`no manifest entry for ${document.pdf}`);
        await linkOrCopy(path.join(reuseFrom, document.pdf), path.join(staging, document.pdf));
        entries[document.pdf] = entry;
      };
      for (const document of [...plan.reuse, ...notices.reuse]) await keep(document);

      if (plan.print.length > 0) {
        const jobs = plan.print.flatMap((document) => pages.get(document.pdf) ?? []);
        const tabs = Math.min(concurrency, jobs.length);
        log(`打印 ${jobs.length} 份 PDF，同时 ${tabs} 份；沿用 ${plan.reuse.length} 份内容未变的 PDF……`);
        const browser = await launchChromium(settings.chromiumPath);
        const site = await serveSite(printSite, settings.basePath);
        try {
          const { count, seconds } = await printPdfs({ browser, siteUrl: site.url, outDir: staging, jobs, concurrency, log });
          log(`打印 ${count} 份，用时 ${seconds.toFixed(1)} 秒（${seconds > 0 ? (count / seconds).toFixed(1) : '—'} 份/秒）。`);
        } finally {
          await browser.close();
          await site.close();
        }
        const printedAt = new Date().toISOString();
        for (const document of plan.print) entries[document.pdf] = await newEntry(staging, document, printedAt, printer);
      } else if (plan.reuse.length > 0) {
        log(`沿用 ${plan.reuse.length} 份内容未变的 PDF，无需重新打印。`);
      }

      for (const document of notices.merge) {
        const out = path.join(staging, document.pdf);
        await mkdir(path.dirname(out), { recursive: true });
        const parts = document.parts.map((part) => ({ title: part.title, file: path.join(staging, part.pdf) }));
        const merged = await mergeNotices(parts, out, document.title);
        entries[document.pdf] = await newEntry(staging, document, new Date().toISOString(), printer);
        log(`合并 ${document.pdf}：${parts.length} 个单位，${merged.pages} 页（每个单位从奇数页开始）。`);
      }

      if (Object.keys(entries).length > 0) await writeManifest(staging, entries);
      if (plan.missing.length > 0) {
        const campaigns = [...new Set(plan.missing.map((document) => document.campaignId))];
        log(`${plan.missing.length} 份 PDF 已过期或尚未打印，其页面暂不显示 PDF 链接（${campaigns.join('、')}）；运行 npm run pdf 打印。`);
      }
    },
  };
}

/** Every printable page of every campaign, hashed from the print edition. */
async function hashDocuments(data: SiteData, printSite: string, basePath: string, asOf: (campaign: Campaign) => string): Promise<HashedDocument[]> {
  const documentHash = documentHasher(printSite, basePath);
  return Promise.all(
    data.campaigns.flatMap((campaign) =>
      reportPages(campaign).map(async (page) => ({
        pdf: page.pdf,
        campaignId: campaign.id,
        hash: await documentHash(page.path),
        asOf: asOf(campaign),
      })),
    ),
  );
}

/**
 * The sizes of the published PDFs the manifest lists (absent: not there). Only a regular file
 * really inside the site counts: the site being reused is a live release in a web root, which
 * this run does not trust; a link planted there would otherwise be hard-linked into the new
 * release, and nginx would serve whatever it points to.
 */
async function publishedSizes(site: string, manifest: Manifest | undefined): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (!manifest) return sizes;
  const root = await realpath(site).catch(() => undefined);
  if (root === undefined) return sizes;
  await Promise.all(
    Object.keys(manifest.documents).map(async (pdf) => {
      const size = await regularFileSize(root, pdf);
      if (size !== undefined) sizes.set(pdf, size);
    }),
  );
  return sizes;
}

/** The size of `relative` under `root` when it is a regular file reached through real folders inside `root`. */
export async function regularFileSize(root: string, relative: string): Promise<number | undefined> {
  if (!/^pdf\/[\w.-]+(\/[\w.-]+)*\.pdf$/.test(relative) || relative.split('/').includes('..')) return undefined;
  const file = path.join(root, relative);
  const [stats, real] = await Promise.all([lstat(file).catch(() => undefined), realpath(file).catch(() => undefined)]);
  return stats?.isFile() && real === file ? stats.size : undefined;
}

/**
 * Each campaign's merged notices: reused when its parts are unchanged, none printed by this run,
 * and the published copy is sound; merged again when any part changed or was printed again and
 * every part will be there; otherwise left out.
 */
function planNotices(
  data: SiteData,
  documents: readonly HashedDocument[],
  previous: Manifest | undefined,
  reusable: (pdf: string) => boolean,
  available: ReadonlySet<string>,
  printed: ReadonlySet<string>,
  force: boolean,
): { reuse: NoticesDocument[]; merge: NoticesDocument[] } {
  const hashes = new Map(documents.map((document) => [document.pdf, document.hash]));
  const result: { reuse: NoticesDocument[]; merge: NoticesDocument[] } = { reuse: [], merge: [] };
  for (const campaign of data.campaigns) {
    const parts = reportPages(campaign)
      .filter((page) => page.kind === 'unit')
      .map((page) => ({ pdf: page.pdf, title: unitTitle(data, page.unitId) }));
    if (parts.length === 0) continue;
    const hash = createHash('sha256');
    for (const part of parts) hash.update(`${part.pdf}\0${part.title}\0${hashes.get(part.pdf) ?? ''}\n`);
    const document: NoticesDocument = {
      pdf: noticesPdf(campaign),
      campaignId: campaign.id,
      hash: hash.digest('hex'),
      asOf: documents.find((part) => part.campaignId === campaign.id)?.asOf ?? '',
      title: noticesTitle(campaign),
      parts,
    };
    const allThere = parts.every((part) => available.has(part.pdf));
    if (!allThere) continue;
    const current = previous?.documents[document.pdf]?.hash === document.hash && reusable(document.pdf) && !parts.some((part) => printed.has(part.pdf));
    if (current && !force) result.reuse.push(document);
    else result.merge.push(document);
  }
  return result;
}

function unitTitle(data: SiteData, unitId: string | undefined): string {
  return data.units.find((unit) => unit.id === unitId)?.name ?? unitId ?? '';
}

function noticesTitle(campaign: Campaign): string {
  return `${campaign.title} 整改通知（全部单位）`;
}

async function newEntry(staging: string, document: HashedDocument, printedAt: string, printer: string): Promise<ManifestEntry> {
  const { size } = await stat(path.join(staging, document.pdf));
  return { hash: document.hash, asOf: document.asOf, bytes: size, printedAt, printer };
}

/**
 * A hard link where the file system allows (releases then share unchanged PDFs), else a copy;
 * only of a regular file (checked again here, just before: a link is never linked or followed).
 */
async function linkOrCopy(from: string, to: string): Promise<void> {
  if (!(await lstat(from)).isFile()) throw new Error(`${from} 不是普通文件，不沿用`);
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to, constants.COPYFILE_EXCL);
  }
}
