import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/lib/settings.ts';
import { PROJECT_ROOT } from '../helpers/build-site.ts';
import { sampleSiteInChromium } from '../helpers/sample-site.ts';

/** The sample article's charts as a reader sees them, on a wide screen and on a phone. Screenshots: test-results/issue15/. */

const CHROMIUM_PATH = readSettings(process.env).chromiumPath;
const hasChromium = existsSync(CHROMIUM_PATH);
const ARTICLE = 'campaigns/2025-09-cross-check/news/';
const SHOTS = path.join(PROJECT_ROOT, 'test-results/issue15');

describe.skipIf(!hasChromium)('charts in the article, in Chromium', () => {
  const chromium = sampleSiteInChromium(CHROMIUM_PATH);
  beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

  it.each([1280, 375])('fit the article column at %i px, their labels legible', async (width) => {
    const page = await chromium.browser.newPage({ viewport: { width, height: 900 }, javaScriptEnabled: false });
    await page.goto(new URL(ARTICLE, chromium.url).href);
    await page.screenshot({ path: path.join(SHOTS, `article-${width}.png`), fullPage: true });
    const layout = await page.evaluate(() => {
      const article = document.querySelector('article.news')?.getBoundingClientRect();
      const charts = [...document.querySelectorAll('article.news figure.chart-figure svg')].map((svg) => {
        const box = svg.getBoundingClientRect();
        // Rendered text size: the SVG's font size scaled from its viewBox to its width on screen.
        const scale = box.width / (svg as SVGSVGElement).viewBox.baseVal.width;
        return { left: box.left, right: box.right, width: box.width, textPx: 13 * scale, title: svg.querySelector('title')?.textContent };
      });
      return { article: article && { left: article.left, right: article.right }, charts, overflow: document.documentElement.scrollWidth - window.innerWidth };
    });
    expect(layout.overflow).toBeLessThanOrEqual(0);
    expect(layout.charts.map((chart) => chart.title)).toEqual(['各类别问题数', '各题好评率']);
    for (const chart of layout.charts) {
      expect(chart.left).toBeGreaterThanOrEqual((layout.article?.left ?? 0) - 0.5);
      expect(chart.right).toBeLessThanOrEqual((layout.article?.right ?? 0) + 0.5);
      expect(chart.width).toBeGreaterThan(300);
      expect(chart.textPx).toBeGreaterThanOrEqual(9);
    }
    await page.close();
  });
});
