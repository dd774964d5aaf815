/**
 * `npm run pdf`: builds the site with "打印 / 下载 PDF" links and prints every campaign report,
 * news article and unit report to dist/pdf/<campaign-id>/ through headless Chromium
 * (CHROMIUM_PATH points at another Chromium or Chrome). Published like `npm run build`: all or
 * nothing.
 *
 *   npm run pdf -- --campaign <id> [--campaign <id>…]   only those campaigns' documents
 *   npm run pdf -- --jobs <N>                           N documents at once (PDF_CONCURRENCY;
 *                                                       by default one per core, at most 4)
 *
 * With --campaign the whole site is still built and published, but only the chosen campaigns'
 * PDFs are in it, and only their pages link to a PDF.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Campaign, SiteData } from '../src/lib/model.ts';
import { reportPages } from '../src/lib/report-pages.ts';
import { displayPath, MAX_PDF_CONCURRENCY, parseConcurrency } from '../src/lib/settings.ts';
import { atomicBuild, identity, targetOutcome } from './lib/atomic-build.ts';
import { launchChromium } from './lib/chromium.ts';
import { defaultConcurrency, printPdfs } from './lib/print-pdfs.ts';
import { serveSite } from './lib/serve-site.ts';
import { commandSettings } from './lib/settings.ts';

const settings = commandSettings();
const options = commandOptions();
const concurrency = options.jobs ?? settings.pdfConcurrency ?? defaultConcurrency();

// An unknown campaign is refused before anything is built: the campaigns are data/campaigns/'s
// folders (the loader checks the same list again below, once the data is validated).
if (options.campaigns) {
  const known = await campaignFolders(settings.dataDir);
  const unknown = options.campaigns.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    const outcome = await targetOutcome(settings.outDir, await identity(settings.outDir), settings.root);
    console.error(`${unknownCampaigns(unknown, known)}\n✘ 未生成网站与 PDF。${outcome}`);
    process.exit(2);
  }
}

/** The campaigns to print: those named with --campaign, else all. */
function chosenCampaigns(data: SiteData): Campaign[] {
  const chosen = options.campaigns;
  if (!chosen) return data.campaigns;
  const known = data.campaigns.map((campaign) => campaign.id);
  const unknown = chosen.filter((id) => !known.includes(id));
  if (unknown.length > 0) throw new Error(unknownCampaigns(unknown, known));
  return data.campaigns.filter((campaign) => chosen.includes(campaign.id));
}

const ok = await atomicBuild({
  settings,
  // Only the pages whose PDF this run prints link to one.
  pdfLinks: ({ data }) => chosenCampaigns(data).flatMap((campaign) => reportPages(campaign).map((page) => page.pdf)),
  async afterBuild(staging, { data }) {
    const chosen = options.campaigns;
    const campaigns = chosenCampaigns(data);
    const jobs = campaigns.flatMap((campaign) => reportPages(campaign));
    const tabs = Math.min(concurrency, Math.max(1, jobs.length));
    console.log(`打印 ${jobs.length} 份 PDF（${campaigns.length} 个检查活动），同时 ${tabs} 份……`);
    const browser = await launchChromium(settings.chromiumPath);
    const site = await serveSite(staging, settings.basePath);
    try {
      const { count, seconds } = await printPdfs({ browser, siteUrl: site.url, outDir: staging, jobs, concurrency });
      console.log(`共 ${count} 份，用时 ${seconds.toFixed(1)} 秒（${seconds > 0 ? (count / seconds).toFixed(1) : '—'} 份/秒）。`);
    } finally {
      await browser.close();
      await site.close();
    }
    if (chosen && campaigns.length < data.campaigns.length) {
      const others = data.campaigns.filter((campaign) => !chosen.includes(campaign.id)).map((campaign) => campaign.id);
      console.log(`只打印了 ${chosen.join('、')} 的 PDF；其他检查活动（${others.join('、')}）的页面本次不显示“打印 / 下载 PDF”链接。`);
    }
  },
});
if (ok) console.log(`✔ 网站与 PDF 已生成：${displayPath(settings, settings.outDir)}/pdf/`);
else process.exitCode = 1;

interface CommandOptions {
  /** --campaign, as given (repeatable); undefined: every campaign. */
  campaigns?: string[];
  /** --jobs: how many documents print at once. */
  jobs?: number;
}

/** The command's arguments; a wrong one ends the command with the reason, in Chinese. */
function commandOptions(): CommandOptions {
  const usage = '用法：npm run pdf -- [--campaign <活动编号>]… [--jobs <同时打印的份数>]';
  let values: { campaign?: string[]; jobs?: string };
  try {
    ({ values } = parseArgs({
      options: { campaign: { type: 'string', multiple: true }, jobs: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`参数有误：${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exit(2);
  }
  const result: CommandOptions = {};
  if (values.campaign) result.campaigns = [...new Set(values.campaign.map((id) => id.trim()))];
  if (values.jobs !== undefined) {
    const jobs = parseConcurrency(values.jobs);
    if (jobs === undefined) {
      console.error(`--jobs 应为 1 到 ${MAX_PDF_CONCURRENCY} 之间的整数（现在是“${values.jobs}”）\n${usage}`);
      process.exit(2);
    }
    result.jobs = jobs;
  }
  return result;
}

/** data/campaigns/'s folders, links to folders included: the campaign ids there can be. */
async function campaignFolders(dataDir: string): Promise<string[]> {
  const entries = await readdir(path.join(dataDir, 'campaigns'), { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory() || entry.isSymbolicLink()).map((entry) => entry.name).sort();
}

function unknownCampaigns(unknown: string[], known: string[]): string {
  const list = known.length > 0 ? known.join('、') : '（数据目录中没有任何检查活动）';
  return `没有这个检查活动：${unknown.join('、')}。\n  已有的检查活动：${list}`;
}
