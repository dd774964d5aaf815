/**
 * `npm run pdf`: builds the site with "打印 / 下载 PDF" links and the PDFs of every campaign
 * report, news article and unit notice (plus each campaign's notices merged) in
 * dist/pdf/<campaign-id>/, through headless Chromium (CHROMIUM_PATH points at another Chromium
 * or Chrome). Only documents whose content changed are printed again (pdf/site-pdfs.ts); the
 * others are reused from the published site. Published like `npm run build`: all or nothing.
 *
 *   npm run pdf -- --campaign <id> [--campaign <id>…]   print only those campaigns' documents
 *                                                       (the others' current PDFs are kept)
 *   npm run pdf -- --jobs <N>                           N documents at once (PDF_CONCURRENCY;
 *                                                       by default one per core, at most 4)
 *   npm run pdf -- --force                              print again even what is current
 *   npm run pdf -- --reuse-from <dir>                   reuse the PDFs of that site (a release)
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { displayPath, MAX_PDF_CONCURRENCY, parseConcurrency } from '../src/lib/settings.ts';
import { atomicBuild } from './lib/atomic-build.ts';
import { identity, targetOutcome } from './lib/directory-swap.ts';
import { defaultConcurrency } from './lib/pdf/print-pdfs.ts';
import { pdfStage } from './lib/pdf/site-pdfs.ts';
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

const ok = await atomicBuild({
  settings,
  ...pdfStage({
    settings,
    reuseFrom: options.reuseFrom ?? settings.outDir,
    printable: (id) => !options.campaigns || options.campaigns.includes(id),
    force: options.force,
    concurrency,
  }),
});
if (ok) console.log(`✔ 网站与 PDF 已生成：${displayPath(settings, settings.outDir)}/pdf/`);
else process.exitCode = 1;

interface CommandOptions {
  /** --campaign, as given (repeatable); undefined: every campaign. */
  campaigns?: string[];
  /** --jobs: how many documents print at once. */
  jobs?: number;
  /** --force: print again even the PDFs that are current. */
  force: boolean;
  /** --reuse-from: the site whose current PDFs are reused (OUT_DIR by default). */
  reuseFrom?: string;
}

/** The command's arguments; a wrong one ends the command with the reason, in Chinese. */
function commandOptions(): CommandOptions {
  const usage = '用法：npm run pdf -- [--campaign <活动编号>]… [--jobs <同时打印的份数>] [--force] [--reuse-from <已发布的网站目录>]';
  let values: { campaign?: string[]; jobs?: string; force?: boolean; 'reuse-from'?: string };
  try {
    ({ values } = parseArgs({
      options: { campaign: { type: 'string', multiple: true }, jobs: { type: 'string' }, force: { type: 'boolean' }, 'reuse-from': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`参数有误：${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exit(2);
  }
  const result: CommandOptions = { force: values.force ?? false };
  if (values['reuse-from'] !== undefined) result.reuseFrom = path.resolve(values['reuse-from']);
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
  return entries
    .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
    .map((entry) => entry.name)
    .sort();
}

function unknownCampaigns(unknown: string[], known: string[]): string {
  const list = known.length > 0 ? known.join('、') : '（数据目录中没有任何检查活动）';
  return `没有这个检查活动：${unknown.join('、')}。\n  已有的检查活动：${list}`;
}
