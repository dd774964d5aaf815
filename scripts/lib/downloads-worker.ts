import { parentPort, workerData } from 'node:worker_threads';
import { siteDownloads, type DownloadSite } from '../../src/lib/export/downloads.ts';
import { writeDownloads } from './write-downloads.ts';

/**
 * A worker thread's share of the downloads (write-downloads.ts, writeDownloadsInWorkers): every
 * `workers`-th download from `index`, from the site data it was handed, into `outDir`.
 */
const { site, outDir, index, workers } = workerData as { site: DownloadSite; outDir: string; index: number; workers: number };
const mine = siteDownloads(site).filter((_, position) => position % workers === index);
parentPort?.postMessage(await writeDownloads(mine, outDir));
