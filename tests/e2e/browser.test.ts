import { existsSync, mkdirSync } from 'node:fs';
import axe from 'axe-core';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/build-site.ts';
import { sampleSiteInChromium } from '../helpers/sample-site.ts';
import { readSettings } from '../../src/lib/settings.ts';

const CHROMIUM_PATH = readSettings(process.env).chromiumPath;

/**
 * The built site as a reader sees it, in real headless Chromium with JavaScript switched off.
 * Screenshots land in test-results/ for a human to look at.
 */

const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium && process.env.CI) throw new Error(`CI needs Chromium at ${CHROMIUM_PATH} (apt-get install chromium)`);

const CAMPAIGN = 'campaigns/2025-09-cross-check/';
const SHOTS = path.join(PROJECT_ROOT, 'test-results');

describe.skipIf(!hasChromium)('in headless Chromium', () => {
  const chromium = sampleSiteInChromium(CHROMIUM_PATH);
  beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  /** Opens a page without JavaScript and records every request that did not succeed. */
  async function open(pagePath: string, width = 1200): Promise<{ page: Page; failures: string[] }> {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 } });
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('requestfailed', (request) => failures.push(`${request.url()} ${request.failure()?.errorText}`));
    page.on('response', (response) => {
      if (response.status() >= 400) failures.push(`${response.url()} ${response.status()}`);
    });
    const response = await page.goto(new URL(pagePath, chromium.url).href);
    expect(response?.status()).toBe(200);
    return { page, failures };
  }

  it('shows the campaign report with its figures, charts and problem tables', async () => {
    const { page, failures } = await open(CAMPAIGN);
    await page.screenshot({ path: path.join(SHOTS, 'campaign.png'), fullPage: true });
    expect(failures).toEqual([]);
    await expect(page.title()).resolves.toBe('集团绩效交叉检查活动 · 绩效检查报告');
    const figures = await page.locator('.figures').first().locator('li').allInnerTexts();
    expect(figures.map((text) => text.replace(/\s+/g, ' '))).toEqual(['6 被检单位（个）', '35 发现问题（个）', '5 亮点（个）', '31 有效问卷（份）']);
    const charts = page.locator('figure.chart-figure svg');
    expect(await charts.count()).toBeGreaterThanOrEqual(7);
    for (const box of await charts.evaluateAll((svgs) => svgs.map((svg) => svg.getBoundingClientRect().toJSON()))) {
      expect(box.width).toBeGreaterThan(200);
      expect(box.height).toBeGreaterThan(60);
    }
    expect(await page.locator('table.findings tbody tr').count()).toBe(35);
  });

  it('renders Chinese text with a CJK font from the system, not a fallback box', async () => {
    const { page } = await open(CAMPAIGN);
    const session = await page.context().newCDPSession(page);
    await session.send('DOM.enable');
    await session.send('CSS.enable');
    const { root } = await session.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await session.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
    const { fonts } = await session.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.map((font) => font.familyName).join(', ')).toMatch(/CJK|Source Han|YaHei|PingFang|WenQuanYi/);
  });

  it('shows the news article with its computed figures', async () => {
    const { page, failures } = await open(`${CAMPAIGN}news/`);
    await page.screenshot({ path: path.join(SHOTS, 'news.png'), fullPage: true });
    expect(failures).toEqual([]);
    await expect(page.locator('h1').innerText()).resolves.toBe('搭建交流平台 赋能绩效提升 —— 集团绩效交叉检查活动圆满完成');
    const text = await page.locator('article').innerText();
    for (const figure of ['35个问题', '5个亮点', '71%', '100%', '93.55%', '97%']) expect(text).toContain(figure);
  });

  it('reaches the report and the article from the home page by following links', async () => {
    const { page } = await open('');
    await page.getByRole('link', { name: '集团绩效交叉检查活动', exact: true }).click();
    await expect(page.locator('h1').innerText()).resolves.toBe('集团绩效交叉检查活动');
    await page.getByRole('link', { name: '阅读新闻稿' }).click();
    expect(page.url()).toBe(new URL(`${CAMPAIGN}news/`, chromium.url).href);
  });

  it('fits a phone screen without the page scrolling sideways', async () => {
    const { page } = await open(CAMPAIGN, 390);
    await page.screenshot({ path: path.join(SHOTS, 'campaign-phone.png') });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it.each([CAMPAIGN, `${CAMPAIGN}news/`, `${CAMPAIGN}units/sxjl/`, ''])(
    'has no serious or critical accessibility problems (axe-core): /%s',
    async (pagePath) => {
      const page = await chromium.browser.newPage();
      await page.goto(new URL(pagePath, chromium.url).href);
      await page.addScriptTag({ content: axe.source });
      const violations = await page.evaluate(async () => {
        const results = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
        return results.violations.map(({ id, impact, nodes }) => ({ id, impact, targets: nodes.slice(0, 3).map((node) => node.target.join(' ')) }));
      });
      expect(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')).toEqual([]);
      await page.close();
    },
  );
});
