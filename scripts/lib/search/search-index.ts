import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { close, createIndex, type PagefindIndex } from 'pagefind';
import { reportedUnits } from '../../../src/lib/report-pages.ts';
import { idsOf, recordUrl, searchRecords, type SearchData, type SearchKind, type SearchRecord } from '../../../src/lib/search/search-records.ts';

/**
 * Writes the site search's index into a built site (`<site>/pagefind/`) with Pagefind's Node
 * API: one custom record per problem, highlight, unit and campaign (src/lib/search/), each
 * linked to its row where the built page has the row's id, indexed while the pages are built. The search page
 * (src/pages/search/, public/search/search.js) loads it from the site's own origin.
 *
 * Pagefind runs as a child process (its platform binary, an optional dependency of the
 * `pagefind` package), closed when the index is written or the step fails.
 */

/** Where the index goes in the site, and what the search page imports from. */
export const INDEX_DIR = 'pagefind';

/**
 * Records are bundled into shared fragment files past this many: at group scale (50,000
 * problems) one file per record made 50,000 files of about 500 bytes; 1,000 keeps a fragment file
 * near 30 kB and the release's file count low, and a small site keeps one file per record.
 */
const MAX_FRAGMENTS = 1000;

/** Pagefind's own interfaces, written beside the index; the search page uses its own script. */
const UNUSED_FILES = [
  'pagefind-ui.js',
  'pagefind-ui.css',
  'pagefind-modular-ui.js',
  'pagefind-modular-ui.css',
  'pagefind-component-ui.js',
  'pagefind-component-ui.css',
  'pagefind-highlight.js',
];

/**
 * Records in one part of the index, each part indexed by its own Pagefind process and written
 * to its own folder (pagefind/ for the first, pagefind/part-1/ … after it), one part after
 * another: Pagefind holds a whole index in memory and its peak while writing grew with the
 * records faster than linearly (3.1 GB for 50,949 records at group scale, about 60 KB a record
 * after adding), and its adding checks each record's link against every one before it. 8,000
 * records keep one part's process a few hundred MB, and the sample site (about 125 records) one part.
 */
export const PART_SIZE = 8000;

/** The list of the parts after the first, in the first part's folder, read by the search page. */
export const PARTS_FILE = 'parts.json';

/** Records added to the index at once: the binary indexes one at a time; this only keeps its input full. */
const IN_FLIGHT = 32;

export interface SearchIndexSummary {
  records: Record<SearchKind, number>;
  files: number;
  bytes: number;
  seconds: number;
  /** Whether the records were indexed while the pages were built (their links as expected), or again after. */
  concurrent: boolean;
}

type Linked = ReadonlyArray<{ record: SearchRecord; url: string }>;

/** The site search's index, begun before the pages exist (startSearchIndex) and written into the finished site. */
export interface SearchIndexRun {
  /** Writes the index into the built site; the records are indexed again if a page does not hold a link as expected. */
  finish(siteDir: string): Promise<SearchIndexSummary>;
  /** Stops Pagefind when the build failed before finish. */
  abort(): Promise<void>;
}

/**
 * Starts indexing the site's records while Astro builds the pages: the records come from the
 * data, and so do their links, as the pages are made (expectedLinks). Pagefind indexes a record
 * when it is added, in its own process, on the core Astro's main thread leaves; at group scale
 * that is most of its time, so the build no longer waits for it after the pages.
 *
 * `finish` reads the built pages (linkedRecords, as before) and writes the index only when every
 * link is the one expected; otherwise it indexes the records again with the pages' links, so the
 * index never links to a row a page does not have.
 */
export function startSearchIndex(data: SearchData): SearchIndexRun {
  const started = performance.now();
  const records = searchRecords(data);
  const expected = expectedLinks(data, records);
  // Written while the pages are built, into a folder of its own (the site's folder is not yet made), moved in after.
  const writing = mkdtemp(path.join(os.tmpdir(), 'search-index-')).then(async (work) => ({
    work,
    counts: await writeSearchIndex(path.join(work, INDEX_DIR), expected).catch(async (error: unknown) => {
      await rm(work, { recursive: true, force: true });
      throw error;
    }),
  }));
  // Awaited in finish or abort; until then a failure must not be an unhandled rejection.
  writing.catch(() => undefined);
  return {
    async finish(siteDir) {
      const outputPath = path.join(siteDir, INDEX_DIR);
      const { work, counts: early } = await writing;
      try {
        const linked = await linkedRecords(siteDir, records);
        const same = sameLinks(linked, expected);
        await rm(outputPath, { recursive: true, force: true });
        const counts = same ? early : await writeSearchIndex(outputPath, linked);
        if (same) await cp(path.join(work, INDEX_DIR), outputPath, { recursive: true });
        const { files, bytes } = await treeSize(outputPath);
        return { records: counts, files, bytes, seconds: (performance.now() - started) / 1000, concurrent: same };
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    },
    async abort() {
      const run = await writing.catch(() => undefined);
      if (run) await rm(run.work, { recursive: true, force: true });
      await close();
    },
  };
}

/** The records in parts of at most `size`, in their order. */
export function splitIntoParts<T>(items: readonly T[], size = PART_SIZE): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`part size must be a positive integer, not ${size}`);
  const parts: T[][] = [];
  for (let start = 0; start < items.length || parts.length === 0; start += size) parts.push(items.slice(start, start + size));
  return parts;
}

/** A part's folder inside the first part's (`''` for the first part itself). */
export function partFolder(part: number): string {
  return part === 0 ? '' : `part-${part}/`;
}

/**
 * Writes the index of the linked records into `outputPath` in parts of at most `partSize`
 * records (PART_SIZE; only tests ask for smaller), each by its own Pagefind process, stopped
 * before the next starts, and the list of the parts after the first (PARTS_FILE).
 */
export async function writeSearchIndex(outputPath: string, linked: Linked, partSize = PART_SIZE): Promise<Record<SearchKind, number>> {
  const counts: Record<SearchKind, number> = { finding: 0, highlight: 0, unit: 0, campaign: 0 };
  const parts = splitIntoParts(linked, partSize);
  for (const [n, part] of parts.entries()) {
    const partPath = path.join(outputPath, partFolder(n));
    try {
      const index = await openIndex(Math.ceil(MAX_FRAGMENTS / parts.length));
      for (const [kind, count] of Object.entries(await addRecords(index, part))) counts[kind as SearchKind] += count;
      const written = await index.writeFiles({ outputPath: partPath });
      if (written.errors.length > 0) throw new Error(`未能写出搜索索引：${written.errors.join('; ')}`);
    } finally {
      // Stops Pagefind's process, and with it the part's memory; the next part starts a new one.
      await close();
    }
    await Promise.all(UNUSED_FILES.map((file) => rm(path.join(partPath, file), { force: true })));
  }
  await writeFile(path.join(outputPath, PARTS_FILE), `${JSON.stringify(parts.slice(1).map((_, n) => partFolder(n + 1)))}\n`);
  return counts;
}

/** A new index, its records bundled past `maxFragments` (MAX_FRAGMENTS shared among the parts, so the release's file count stays). */
async function openIndex(maxFragments: number): Promise<PagefindIndex> {
  // Every record is Chinese: one index, segmented by Pagefind's Chinese word segmenter.
  const { index, errors } = await createIndex({ forceLanguage: 'zh', maxFragments, writePlayground: false }).catch((error: unknown) => {
    throw new Error(
      `未能生成搜索索引：无法启动 Pagefind（${error instanceof Error ? error.message.split('\n')[0] : String(error)}）。` +
        '它的程序随 npm 包 @pagefind/<平台> 安装，请运行 npm ci（不要加 --omit=optional）。',
      { cause: error },
    );
  });
  if (!index) throw new Error(`未能生成搜索索引：Pagefind 报告 ${errors.join('; ')}`);
  return index;
}

/** Adds the records in their order (the index's order of pages), a few in flight to keep Pagefind's input full. */
async function addRecords(index: PagefindIndex, linked: Linked): Promise<Record<SearchKind, number>> {
  const counts: Record<SearchKind, number> = { finding: 0, highlight: 0, unit: 0, campaign: 0 };
  let next = 0;
  const add = async () => {
    while (next < linked.length) {
      const entry = linked[next++];
      if (entry === undefined) break;
      const { record, url } = entry;
      const added = await index.addCustomRecord({ url, content: record.content, language: 'zh', meta: { ...record.meta } });
      if (added.errors.length > 0) throw new Error(`未能生成搜索索引：Pagefind 不接受 ${url} 的记录（${added.errors.join('; ')}）`);
      counts[record.kind]++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, add));
  return counts;
}

/**
 * The links the pages are made to hold, from the data alone: a problem's row is on the page
 * findingPagePath names (the report, or its unit's notice), a highlight's on its report, and a
 * unit has a page when some campaign reports on it (report-pages.ts reportedUnits).
 */
export function expectedLinks(data: SearchData, records: readonly SearchRecord[]): Linked {
  const unitPages = new Set(data.campaigns.flatMap((campaign) => reportedUnits(campaign).map((unit) => `units/${unit}/`)));
  return records.flatMap((record) => {
    if (record.kind === 'unit' && !unitPages.has(record.page)) return [];
    return [{ record, url: recordUrl(record, new Set(record.anchor === undefined ? [] : [record.anchor])) }];
  });
}

function sameLinks(a: Linked, b: Linked): boolean {
  return a.length === b.length && a.every((entry, n) => entry.record === b[n]?.record && entry.url === b[n]?.url);
}

/**
 * The records whose page the site has, each with its link (recordUrl): its row where the built
 * page has the row's id. A unit that no campaign inspected has no page, and no record.
 */
export async function linkedRecords(siteDir: string, records: readonly SearchRecord[]): Promise<Array<{ record: SearchRecord; url: string }>> {
  const pages = new Map<string, ReadonlySet<string> | undefined>();
  for (const page of new Set(records.map((record) => record.page))) {
    const html = await readFile(path.join(siteDir, page, 'index.html'), 'utf8').catch(() => undefined);
    pages.set(page, html === undefined ? undefined : idsOf(html));
  }
  return records.flatMap((record) => {
    const ids = pages.get(record.page);
    return ids ? [{ record, url: recordUrl(record, ids) }] : [];
  });
}

/** One line for the build's output, in the words of its other lines. */
export function describeSearchIndex({ records, files, bytes, seconds, concurrent }: SearchIndexSummary): string {
  const size = bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return (
    `已生成搜索索引：问题 ${records.finding} 个、亮点 ${records.highlight} 个、单位 ${records.unit} 个、检查活动 ${records.campaign} 次，` +
    `${files} 个文件共 ${size}，${concurrent ? '与页面同时生成，' : ''}用时 ${seconds.toFixed(1)} 秒。`
  );
}

async function treeSize(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}
