/**
 * Screenshots of built pages, for looking at the site as a reader does:
 *   npm run screenshot -- [outDir=dist] [page ...]
 * Writes full-page PNGs into screenshots/ (not committed), and the page cut into screen-high
 * slices (`-01.png`, `-02.png`…) that stay legible when viewed one at a time.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { launchChromium } from './lib/chromium.ts';
import { serveSite } from './lib/serve-site.ts';
import { commandSettings } from './lib/settings.ts';

const settings = commandSettings();
const [outDir = settings.outDir, ...pages] = process.argv.slice(2);
const site = await serveSite(path.resolve(settings.root, outDir), settings.basePath);
const browser = await launchChromium(settings.chromiumPath);
try {
  await mkdir('screenshots', { recursive: true });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  for (const pagePath of pages.length > 0 ? pages : ['']) {
    await page.goto(new URL(pagePath, site.url).href);
    const file = path.join('screenshots', `${pagePath.replace(/[\/]+/g, '_') || 'index'}.png`);
    await page.screenshot({ path: file, fullPage: true });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    for (let top = 0, n = 1; top < height; top += 900, n++) {
      const slice = file.replace(/\.png$/, `-${String(n).padStart(2, '0')}.png`);
      await page.screenshot({ path: slice, fullPage: true, clip: { x: 0, y: top, width: 1200, height: Math.min(900, height - top) } });
    }
    console.log(`${file}  ← ${page.url()}`);
  }
} finally {
  await browser.close();
  await site.close();
}
