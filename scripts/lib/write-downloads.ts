import { mkdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { bundleForNode } from './node-bundle.mjs';
import type { Download, DownloadSite } from '../../src/lib/export/downloads.ts';

/**
 * Writes the site's downloads (src/lib/export/downloads.ts) into a built site's directory, beside
 * Astro's pages. A few are produced at once, so that one's file is written while the next is
 * produced; the list is worked through in order, so at most `inFlight` bodies are held in memory.
 */
export async function writeDownloads(
  downloads: readonly Download[],
  outDir: string,
  inFlight = Math.max(2, 2 * os.availableParallelism()),
): Promise<{ files: number; bytes: number }> {
  let next = 0;
  let bytes = 0;
  const worker = async () => {
    for (let index = next++; index < downloads.length; index = next++) {
      const download = downloads[index];
      if (download === undefined) continue; // never: index < length
      const file = path.join(outDir, ...download.path.split('/'));
      const body = await download.produce();
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, body);
      bytes += typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, downloads.length) }, worker));
  return { files: downloads.length, bytes };
}

/** Moves written downloads into the built site, each to its path there (renames on one file system). */
export async function moveDownloads(downloads: readonly Download[], from: string, to: string): Promise<void> {
  for (const download of downloads) {
    const parts = download.path.split('/');
    const target = path.join(to, ...parts);
    await mkdir(path.dirname(target), { recursive: true });
    await rename(path.join(from, ...parts), target);
  }
}

/**
 * Writes the downloads from worker threads, one per core the build's main thread (Astro,
 * rendering pages) leaves free, at least one: producing the workbooks is CPU work that would
 * otherwise wait on, and hold up, the page rendering. The worker's program is bundled by
 * esbuild into `work` first, as scripts/run.mjs bundles the command itself.
 */
export async function writeDownloadsInWorkers(root: string, site: DownloadSite, outDir: string, work: string): Promise<{ files: number; bytes: number }> {
  const workerFile = path.join(work, 'downloads-worker.mjs');
  await bundleForNode(path.join(root, 'scripts', 'lib', 'downloads-worker.ts'), workerFile);
  const workers = Math.max(1, os.availableParallelism() - 1);
  const results = await Promise.all(
    Array.from(
      { length: workers },
      (_, index) =>
        new Promise<{ files: number; bytes: number }>((resolve, reject) => {
          const worker = new Worker(workerFile, { workerData: { site, outDir, index, workers } });
          worker.once('message', resolve);
          worker.once('error', reject);
          worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`下载文件的工作线程异常退出（${code}）`))));
        }),
    ),
  );
  return results.reduce((sum, result) => ({ files: sum.files + result.files, bytes: sum.bytes + result.bytes }), { files: 0, bytes: 0 });
}
