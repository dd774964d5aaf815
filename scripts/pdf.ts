/**
 * `npm run pdf`: builds the site with "打印 / 下载 PDF" links and prints every campaign report,
 * news article and unit report to dist/pdf/<campaign-id>/ through headless Chromium
 * (CHROMIUM_PATH points at another Chromium or Chrome). Published like `npm run build`: all or
 * nothing.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { reportPages } from '../src/lib/report-pages.ts';
import { displayPath } from '../src/lib/settings.ts';
import { atomicBuild } from './lib/atomic-build.ts';
import { launchChromium } from './lib/chromium.ts';
import { serveSite } from './lib/serve-site.ts';
import { commandSettings } from './lib/settings.ts';

const settings = commandSettings();

const ok = await atomicBuild({
  settings,
  pdfLinks: true,
  async afterBuild(staging, { data }) {
    const jobs = data.campaigns.flatMap((campaign) => reportPages(campaign));
    const browser = await launchChromium(settings.chromiumPath);
    const site = await serveSite(staging, settings.basePath);
    try {
      const page = await browser.newPage();
      await page.emulateMedia({ media: 'print' });
      for (const [index, job] of jobs.entries()) {
        const started = performance.now();
        const file = path.join(staging, job.pdf);
        await mkdir(path.dirname(file), { recursive: true });
        const response = await page.goto(new URL(job.path, site.url).href, { waitUntil: 'load' });
        if (response?.status() !== 200) throw new Error(`${job.path} answered ${response?.status()}`);
        await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
        const { size } = await stat(file);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(`[${index + 1}/${jobs.length}] ${job.pdf}（${Math.round(size / 1024)} KB，${seconds} 秒）`);
      }
    } finally {
      await browser.close();
      await site.close();
    }
  },
});
if (ok) console.log(`✔ 网站与 PDF 已生成：${displayPath(settings, settings.outDir)}/pdf/`);
else process.exitCode = 1;
