/**
 * Screenshots of built pages, for looking at the site as a reader does:
 *   npm run screenshot -- [--width 375] [--height 900] [outDir=dist] [page ...]
 * Serves the built site on loopback under BASE_PATH, as the intranet does, and writes a
 * full-page PNG of each page into screenshots/ (not committed), and the page cut into
 * screen-high slices (`-01.png`, `-02.png`…) that stay legible when viewed one at a time.
 * `--width` is the window's width in CSS pixels (1200 by default; 375 is a phone), `--height`
 * its height and that of a slice (900). Another size than 1200 × 900 is in the file names
 * (`index-375x900.png`), so that a phone's pictures do not overwrite a desktop's.
 *
 * Every failure is one line in Chinese, never a stack trace (DEBUG=1 adds it), with its own
 * exit code: 2 a bad argument or setting, 3 Chromium missing or not starting, 4 a page that
 * does not exist (the others are still taken), 1 anything unexpected.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { BrowserNotFoundError, launchChromium } from './lib/chromium.ts';
import { serveSite } from './lib/serve-site.ts';
import { commandSettings } from './lib/settings.ts';

const USAGE = '用法：npm run screenshot -- [--width 像素] [--height 像素] [网站目录，默认 dist] [页面路径…]';
const HELP = [
  USAGE,
  '',
  '用无头 Chromium 给生成的网站页面截图（先运行 npm run build），保存在 screenshots/：每个页面一张整页截图，',
  '另外按窗口高度切成几张（-01.png、-02.png…），便于逐张查看。',
  '',
  '  --width 像素    窗口宽度，默认 1200；例如 375 看手机上的样子',
  '  --height 像素   窗口高度，也是每张切片的高度，默认 900',
  '                  不是 1200×900 时，文件名中带上尺寸，如 index-375x900.png',
  '  --help          显示这段说明',
  '',
  '页面路径相对于网站根目录，例如 campaigns/2025-09-cross-check/；不写则截首页。',
  '例如：npm run screenshot -- --width 375 dist campaigns/2025-09-cross-check/',
  '',
  '退出码：0 成功；2 参数或环境变量有误；3 找不到或无法启动 Chromium；4 有页面不存在（其余页面照常截图）；1 其他意外错误。',
].join('\n');

const DEFAULT_WIDTH = 1200;
const DEFAULT_HEIGHT = 900;
/** A window narrower than the narrowest phone, or larger than a 4K screen, is a typo. */
const LIMITS = { width: [200, 4000], height: [200, 4000] } as const;

/** A failure with its exit code, told in one line of Chinese. */
class Failure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
const usage = (reason: string) => new Failure(`${reason}。${USAGE}（--help 显示说明）`, 2);

interface Options {
  help: boolean;
  width: number;
  height: number;
  outDir: string | undefined;
  pages: string[];
}

/** The command line, read strictly: anything else is a usage Failure naming it. */
function readOptions(args: string[]): Options {
  const { tokens } = parseArgs({
    args,
    options: { width: { type: 'string' }, height: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const options: Options = { help: false, width: DEFAULT_WIDTH, height: DEFAULT_HEIGHT, outDir: undefined, pages: [] };
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    if (token.name === 'help') {
      options.help = true;
    } else if (token.name === 'width' || token.name === 'height') {
      const name = token.name;
      // `--width --height 800` would take "--height" as the width: a forgotten value.
      if (token.value === undefined || (token.inlineValue === false && token.value.startsWith('-'))) throw usage(`${token.rawName} 后面缺少像素数`);
      const [min, max] = LIMITS[name];
      const value = Number(token.value);
      if (!/^\d+$/.test(token.value) || value < min || value > max) {
        throw usage(`${token.rawName} 应为 ${min} 到 ${max} 之间的整数（像素），现在是“${token.value}”`);
      }
      options[name] = value;
    } else {
      throw usage(`未知的选项 ${token.rawName}`);
    }
  }
  [options.outDir, ...options.pages] = positionals;
  return options;
}

/**
 * A page as a path inside the site: `campaigns/x/`, `/campaigns/x/` and, with BASE_PATH
 * /reports/, `/reports/campaigns/x/` are the same page. A full URL would leave the site.
 */
function pagePathOf(page: string, basePath: string): string {
  if (/^[a-z][a-z\d+.-]*:/i.test(page) || page.startsWith('//'))
    throw usage(`页面“${page}”应为网站内的路径（如 campaigns/2025-09-cross-check/），不能是完整网址`);
  const inside = basePath !== '/' && page.startsWith(basePath) ? page.slice(basePath.length) : page;
  return inside.replace(/^\/+/, '');
}

async function main(): Promise<number> {
  const options = readOptions(process.argv.slice(2));
  if (options.help) {
    console.log(HELP);
    return 0;
  }
  const settings = commandSettings();
  // Arguments first: a full URL is refused before anything is looked up.
  const pages = options.pages.length > 0 ? options.pages.map((page) => pagePathOf(page, settings.basePath)) : [''];
  const outDir = path.resolve(settings.root, options.outDir ?? settings.outDir);
  if (!existsSync(outDir) || !statSync(outDir).isDirectory() || !existsSync(path.join(outDir, 'index.html'))) {
    const shown = options.outDir ?? path.relative(settings.root, outDir);
    throw new Failure(`找不到生成的网站：${shown} 不存在或其中没有 index.html（先运行 npm run build；第一个参数是网站目录，页面路径写在它后面）`, 4);
  }
  const { width, height } = options;
  const suffix = width === DEFAULT_WIDTH && height === DEFAULT_HEIGHT ? '' : `-${width}x${height}`;

  const site = await serveSite(outDir, settings.basePath);
  let browser: Browser | undefined;
  try {
    // Asked of the server first: Chromium shows a 404 with an empty body as a network error.
    const missing: string[] = [];
    const found: string[] = [];
    for (const pagePath of pages) {
      const url = new URL(pagePath, site.url).href;
      const { status } = await fetch(url, { method: 'HEAD' });
      if (status < 400) {
        found.push(pagePath);
        continue;
      }
      console.error(`✘ 页面不存在：${pagePath || '首页'}（${url} 返回 ${status}），未截图；页面路径相对于网站根目录，例如 campaigns/2025-09-cross-check/`);
      missing.push(pagePath);
    }
    if (found.length > 0) {
      try {
        browser = await launchChromium(settings.chromiumPath);
      } catch (error) {
        if (error instanceof BrowserNotFoundError) {
          throw new Failure(
            `找不到 Chromium：${settings.chromiumPath} 不存在。请安装 chromium（sudo apt-get install chromium），或设置 CHROMIUM_PATH 指向 Chromium/Chrome`,
            3,
          );
        }
        throw new Failure(`无法启动 Chromium（${settings.chromiumPath}）：${firstLine(error)}`, 3);
      }
      await mkdir('screenshots', { recursive: true });
      const page = await browser.newPage({ viewport: { width, height } });
      for (const pagePath of found) {
        await page.goto(new URL(pagePath, site.url).href);
        const file = path.join('screenshots', `${pagePath.replace(/\/+/g, '_') || 'index'}${suffix}.png`);
        await page.screenshot({ path: file, fullPage: true });
        const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
        for (let top = 0, n = 1; top < pageHeight; top += height, n++) {
          const slice = file.replace(/\.png$/, `-${String(n).padStart(2, '0')}.png`);
          await page.screenshot({ path: slice, fullPage: true, clip: { x: 0, y: top, width, height: Math.min(height, pageHeight - top) } });
        }
        console.log(`${file}  ← ${page.url()}`);
      }
    }
    if (missing.length > 0 && found.length > 0) console.error(`✘ ${missing.length} 个页面不存在，其余 ${found.length} 个已截图`);
    return missing.length > 0 ? 4 : 0;
    return 0;
  } finally {
    await browser?.close();
    await site.close();
  }
}

const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error))
    .split('\n')
    .find((line) => line.trim() !== '')
    ?.trim() ?? '未知错误';

try {
  process.exitCode = await main();
} catch (error) {
  if (process.env.DEBUG && error instanceof Error && error.stack) console.error(error.stack);
  if (error instanceof Failure) {
    console.error(`✘ ${error.message}`);
    process.exitCode = error.exitCode;
  } else {
    console.error(`✘ 截图意外中止：${firstLine(error)}${process.env.DEBUG ? '' : '（设置 DEBUG=1 可显示详细的出错位置）'}`);
    process.exitCode = 1;
  }
}
