import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PROJECT_ROOT, userEnvironment } from '../helpers/build-site.ts';
import { run } from '../helpers/processes.ts';

/**
 * `npm run screenshot` (issue 22) on the shared sample build, served under its base path as the
 * script serves it: the window's width (a phone's 375), --help, and one line of Chinese with
 * its own exit code for a bad argument (2), Chromium missing (3) and a page that does not
 * exist (4), never a stack trace.
 */

const siteDir = inject('siteDir');
const STACK = /at .+\(.+:\d+:\d+\)|^\s+at /m;
const USAGE = /^✘ .+。用法：npm run screenshot -- \[--width 像素\] \[--height 像素\] \[网站目录，默认 dist\] \[页面路径…\]（--help 显示说明）$/;

/** Each run in a directory of its own: the script writes screenshots/ in its working directory. */
const workDirs: string[] = [];
afterAll(() => workDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

interface Shot {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The run's working directory, where screenshots/ is. */
  cwd: string;
}

/** Runs the script as `npm run screenshot` does, asynchronously, stopped with its Chromium if its test ends first. */
async function screenshot(args: string[], env: Record<string, string> = {}): Promise<Shot> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'screenshot-'));
  workDirs.push(cwd);
  const { status, stdout, stderr } = await run(process.execPath, [path.join(PROJECT_ROOT, 'scripts/run.mjs'), 'screenshot', ...args], {
    cwd,
    env: { ...userEnvironment(), BASE_PATH: inject('siteBase'), DEBUG: '', ...env },
  });
  return { status, stdout, stderr, cwd };
}

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** stderr's lines, without esbuild's warnings about files others may be editing meanwhile. */
const errorLines = (run: Shot) => run.stderr.split('\n').filter((line) => line.startsWith('✘'));

describe('npm run screenshot', () => {
  it("takes a page at a phone's width: the full page and its slices 375 px wide, slices as high as the window", async () => {
    const run = await screenshot(['--width', '375', '--height', '700', siteDir, '']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^screenshots\/index-375x700\.png {2}← http:\/\/127\.0\.0\.1:\d+\/reports\/\n$/);
    const dir = path.join(run.cwd, 'screenshots');
    const full = pngSize(path.join(dir, 'index-375x700.png'));
    expect(full.width).toBe(375);
    // The sample's home page is taller than one phone screen.
    expect(full.height).toBeGreaterThan(700);
    const slices = readdirSync(dir)
      .filter((file) => /^index-375x700-\d\d\.png$/.test(file))
      .sort();
    expect(slices).toHaveLength(Math.ceil(full.height / 700));
    const sizes = slices.map((file) => pngSize(path.join(dir, file)));
    expect(sizes.every(({ width }) => width === 375)).toBe(true);
    expect(sizes.slice(0, -1).every(({ height }) => height === 700)).toBe(true);
    expect(sizes.reduce((sum, { height }) => sum + height, 0)).toBe(full.height);
  });

  it('takes the pages that exist and names each one that does not, exit 4', async () => {
    // `/reports/status/` is the same page as `status/`: the base path may be written or not.
    const run = await screenshot([siteDir, '/reports/status/', 'no-such-page/']);
    expect(run.status).toBe(4);
    expect(run.stdout).toMatch(/^screenshots\/status_\.png {2}← http:\/\/127\.0\.0\.1:\d+\/reports\/status\/\n$/);
    expect(pngSize(path.join(run.cwd, 'screenshots/status_.png')).width).toBe(1200);
    expect(errorLines(run)).toEqual([
      expect.stringMatching(/^✘ 页面不存在：no-such-page\/（http:\/\/127\.0\.0\.1:\d+\/reports\/no-such-page\/ 返回 404），未截图；页面路径相对于网站根目录/),
      '✘ 1 个页面不存在，其余 1 个已截图',
    ]);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK);
  });

  it('says in one line that a page does not exist, without starting Chromium, exit 4', async () => {
    const run = await screenshot([siteDir, 'no-such-page'], { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(run.status).toBe(4);
    expect(errorLines(run)).toEqual([expect.stringMatching(/^✘ 页面不存在：no-such-page（.+ 返回 404），未截图；/)]);
    expect(existsSync(path.join(run.cwd, 'screenshots'))).toBe(false);
  });

  it('says in one line that the site is not built, exit 4', async () => {
    const run = await screenshot([path.join(siteDir, 'no-such-dir')]);
    expect(run.status).toBe(4);
    expect(errorLines(run)).toEqual([expect.stringMatching(/^✘ 找不到生成的网站：.+no-such-dir 不存在或其中没有 index\.html（先运行 npm run build；/)]);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK);
  });

  it('says in one line that Chromium is missing, exit 3', async () => {
    const run = await screenshot([siteDir], { CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(run.status).toBe(3);
    expect(errorLines(run)).toEqual([expect.stringMatching(/^✘ 找不到 Chromium：\/nonexistent\/chromium 不存在。请安装 chromium.*CHROMIUM_PATH/)]);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK);
  });

  it.each([
    [['--width', 'abc'], /--width 应为 200 到 4000 之间的整数（像素），现在是“abc”/],
    [['--width=10'], /--width 应为 200 到 4000 之间的整数（像素），现在是“10”/],
    [['--height', '1.5'], /--height 应为 200 到 4000 之间的整数/],
    [['--width'], /--width 后面缺少像素数/],
    [['--width', '--height', '800'], /--width 后面缺少像素数/],
    [['--bogus'], /未知的选项 --bogus/],
    [['dist', 'http://example.com/'], /页面“http:\/\/example\.com\/”应为网站内的路径/],
  ])('%j: one line of usage in Chinese, exit 2, no stack trace', async (args, reason) => {
    const run = await screenshot(args);
    expect(run.status).toBe(2);
    const lines = errorLines(run);
    expect(lines).toEqual([expect.stringMatching(USAGE)]);
    expect(lines[0]).toMatch(reason);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(STACK);
  });

  it('--help prints the usage in Chinese, exit 0, and takes nothing', async () => {
    const run = await screenshot(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^用法：npm run screenshot -- \[--width 像素\]/);
    expect(run.stdout).toContain('--width 像素');
    expect(run.stdout).toContain('--height 像素');
    expect(run.stdout).toMatch(/退出码：0 成功；2 .+；3 .+Chromium；4 有页面不存在/);
    expect(existsSync(path.join(run.cwd, 'screenshots'))).toBe(false);
  });
});
