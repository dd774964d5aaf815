import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseSvg, selectAll } from '../../src/lib/charts/pretty-svg.ts';
import { readSettings } from '../../src/lib/settings.ts';
import { buildSite, PROJECT_ROOT } from '../helpers/build-site.ts';
import { closeBrowser, launchBrowser, serve, type ServedSite } from '../helpers/chromium.ts';
import {
  FEW_CAMPAIGN,
  FINDINGS_PER_UNIT,
  LAYOUT_CAMPAIGN,
  LAYOUT_REPORT_DATE,
  LONG_UNITS,
  RESPONDENTS,
  TOPICS,
  topicsOf,
  writeLayoutFixture,
} from '../helpers/layout-fixture.ts';
import { classed, drawnBars, valueAxis } from '../unit/chart-reading.ts';

/**
 * What is drawn and printed, on a campaign shaped unlike the samples (tests/helpers/layout-fixture.ts):
 * the numbers the charts draw equal the data, and no page runs off the screen or the paper.
 */

const CHROMIUM_PATH = readSettings(process.env).chromiumPath;
if (!existsSync(CHROMIUM_PATH) && process.env.CI) throw new Error(`CI needs Chromium at ${CHROMIUM_PATH}`);

const BASE = '/reports/';
const CAMPAIGN = `campaigns/${LAYOUT_CAMPAIGN}/`;
/** The second campaign of the fixture: 2 units with 30-character names, 12 categories, 1 problem. */
const FEW = `campaigns/${FEW_CAMPAIGN}/`;
const PAGES = [
  '',
  CAMPAIGN,
  `${CAMPAIGN}news/`,
  `${CAMPAIGN}units/u3/`,
  `${CAMPAIGN}units/u2/`,
  'units/u3/',
  FEW,
  `${FEW}news/`,
  `${FEW}units/w1/`,
  'units/w1/',
];
/** Issue 24: no table cell on a phone squeezed narrower than four characters, its text broken over lines. */
const MIN_CELL_CHARACTERS = 4;
/** Screenshots and PDFs for a person to look at: test-results/layout/. */
const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'layout');
/** The A4 page box at 96 dpi, less print.css's 16 mm side margins: 178 mm. */
const A4_CONTENT_WIDTH = Math.floor((178 / 25.4) * 96);

let work: string;
let outDir: string;

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'inspection-layout-'));
  outDir = path.join(work, 'dist');
  const run = await buildSite({ OUT_DIR: outDir, DATA_DIR: writeLayoutFixture(work), REPORT_DATE: LAYOUT_REPORT_DATE, BASE_PATH: BASE });
  if (run.status !== 0) throw new Error(`building the layout fixture failed:\n${run.output}`);
});
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The charts of a built page: each svg with the figure's data table as rows of cell texts. */
function chartsOf(page: string) {
  const html = readFileSync(path.join(outDir, page, 'index.html'), 'utf8');
  return [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map(([svg]) => parseSvg(svg));
}

describe('numbers drawn equal the data', () => {
  it("every bar of every bar chart on the report is as long as its value on the chart's own axis", () => {
    const barCharts = chartsOf(CAMPAIGN).filter(
      (svg) => (svg.attributes.class ?? '').includes('bar-chart') && !(svg.attributes.class ?? '').includes('stacked'),
    );
    expect(barCharts.length).toBeGreaterThanOrEqual(3);
    for (const svg of barCharts) {
      const axis = valueAxis(svg);
      for (const bar of drawnBars(svg)) {
        const printed = bar.printed.endsWith('%') ? Number(bar.printed.slice(0, -1)) / 100 : Number(bar.printed);
        expect(bar.width / axis.pxPerUnit, bar.title).toBeCloseTo(printed, 1);
      }
    }
  });

  it('draws the problems of each unit as counted by hand, 110 for the largest', () => {
    const byUnit = chartsOf(CAMPAIGN).find((svg) =>
      classed(svg, 'g', 'bar').some((bar) => JSON.stringify(bar).includes('千山湖梯级水电开发有限公司白河水电站')),
    );
    if (!byUnit) throw new Error('no chart of problems by unit');
    const drawn = Object.fromEntries(drawnBars(byUnit).map((bar) => [bar.title.split('：')[0], Number(bar.printed)]));
    for (const [id, count] of Object.entries(FINDINGS_PER_UNIT)) {
      const name = LONG_UNITS.find(([unit]) => unit === id)?.[1] ?? id;
      expect(drawn[name], name).toBe(count);
    }
  });

  it('every segment of every stacked bar is as long as its count, or its share of the row, on the axis', () => {
    const stacked = chartsOf(CAMPAIGN).filter((svg) => (svg.attributes.class ?? '').includes('stacked-bar-chart'));
    expect(stacked.length).toBeGreaterThanOrEqual(2);
    for (const svg of stacked) {
      const axis = valueAxis(svg);
      const shares = axis.ticks.some((tick) => tick.value === 1 && tick.x === Math.max(...axis.ticks.map((t) => t.x)));
      const segments = classed(svg, 'g', 'segment').map((segment) => {
        const [rect] = selectAll(segment, 'rect');
        const [title] = selectAll(segment, 'title');
        const text = title ? title.children.join('') : '';
        return { y: rect?.attributes.y, width: Number(rect?.attributes.width), count: Number(/：(\d+)/.exec(text)?.[1]), title: text };
      });
      const rowTotal = new Map<string | undefined, number>();
      for (const { y, count } of segments) rowTotal.set(y, (rowTotal.get(y) ?? 0) + count);
      for (const { y, width, count, title } of segments) {
        const drawn = width / axis.pxPerUnit;
        expect(drawn, title).toBeCloseTo(shares ? count / (rowTotal.get(y) ?? 1) : count, shares ? 2 : 1);
      }
    }
  });

  it('draws the rectification of the unit with 110 problems as counted by hand', () => {
    // Problems 9–118 (n = 8…117) are u3's; n % 3 gives closed, in progress, open: 37, 36, 37.
    const html = readFileSync(path.join(outDir, CAMPAIGN, 'index.html'), 'utf8');
    const name = LONG_UNITS.find(([id]) => id === 'u3')?.[1] ?? '';
    for (const [status, count] of [
      ['已整改', 37],
      ['整改中', 36],
      ['未整改', 37],
    ] as const) {
      expect(html).toContain(`<title>${name} · ${status}：${count}（`);
    }
  });

  it('draws a multiple-choice question as the share of respondents who chose each option', () => {
    const chart = chartsOf(CAMPAIGN).find((svg) => JSON.stringify(svg).includes('可多选'));
    if (!chart) throw new Error('no multiple-choice chart');
    const axis = valueAxis(chart);
    const bars = drawnBars(chart);
    expect(bars).toHaveLength(TOPICS.length);
    TOPICS.forEach((topic, t) => {
      const chosen = Array.from({ length: RESPONDENTS }, (_, r) => topicsOf(r)).filter((topics) => topics.includes(topic)).length;
      const bar = bars[t];
      expect(bar?.title, topic).toContain(topic);
      expect((bar?.width ?? 0) / axis.pxPerUnit, topic).toBeCloseTo(chosen / RESPONDENTS, 2);
    });
  });
});

describe.skipIf(!existsSync(CHROMIUM_PATH))('nothing runs off the screen or the paper', () => {
  let browser: Browser;
  let site: ServedSite | undefined;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchBrowser(CHROMIUM_PATH);
    site = await serve(outDir, BASE);
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await site?.close();
  });
  const siteUrl = () => {
    if (!site) throw new Error('the site is served in beforeAll');
    return site.url;
  };

  /** Elements wider than the page (outside a box that scrolls on its own), and chart text smaller than 9 px. */
  async function measure(page: Page) {
    return page.evaluate((minCharacters) => {
      const width = document.documentElement.clientWidth;
      const inScrollBox = (element: Element) =>
        element.closest('.table-scroll') !== null && getComputedStyle(element.closest('.table-scroll') as Element).overflowX === 'auto';
      // A table laid out as cards keeps its header row for screen readers only, clipped to nothing (clip-path).
      const inCardsHeader = (element: Element) => {
        const thead = element.closest('table.cards thead');
        return thead !== null && getComputedStyle(thead).clipPath !== 'none';
      };
      const overflowing = [...document.querySelectorAll('main *')]
        .filter((element) => element.getBoundingClientRect().right > width + 1 && !inScrollBox(element) && !inCardsHeader(element))
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`)
        .slice(0, 5);
      const tiny = [...document.querySelectorAll('svg text')]
        .map((text) => {
          const matrix = (text as SVGTextElement).getScreenCTM();
          return { text: text.textContent ?? '', size: parseFloat(getComputedStyle(text).fontSize) * (matrix?.a ?? 1) };
        })
        .filter(({ text, size }) => text.trim() !== '' && size < 9)
        .slice(0, 5);
      // A cell shown (not a card's hidden header row, not a closed <details>) narrower than four characters of its font.
      const narrowCells = [...document.querySelectorAll('main td, main th')]
        .map((cell) => {
          const box = cell.getBoundingClientRect();
          // A table laid out as cards keeps its header row for screen readers only, clipped to nothing.
          const hidden = box.width <= 1 || box.height <= 1 || inCardsHeader(cell);
          // Squeezed: its text broken over lines. A cell as wide as its own short text (F1, 合计) is not.
          const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
          let wraps = false;
          for (let node = walker.nextNode(); node && !wraps; node = walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(node);
            wraps = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1;
          }
          return { cell, width: box.width, font: parseFloat(getComputedStyle(cell).fontSize), hidden, wraps };
        })
        .filter(({ width, font, hidden, wraps }) => !hidden && wraps && width < minCharacters * font - 0.5)
        .map(
          ({ cell, width, font }) => `${cell.tagName.toLowerCase()} ${(cell.textContent ?? '').trim().slice(0, 12)}: ${(width / font).toFixed(1)} characters`,
        )
        .slice(0, 5);
      return { scrollWidth: document.documentElement.scrollWidth, width, overflowing, tiny, narrowCells };
    }, MIN_CELL_CHARACTERS);
  }

  for (const width of [1280, 375]) {
    it.each(PAGES)(
      `at ${width} px, %s has no sideways scroll, nothing past the edge, chart text of 9 px or more and no cell under four characters`,
      async (pagePath) => {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        try {
          await page.goto(new URL(pagePath, siteUrl()).href);
          await page.screenshot({ path: path.join(SHOTS, `${width}-${pagePath.replace(/\W+/g, '_') || 'index'}.png`), fullPage: true });
          const { scrollWidth, overflowing, tiny, narrowCells } = await measure(page);
          expect(scrollWidth, 'page width').toBeLessThanOrEqual(width);
          if (width === 375) expect(narrowCells, `cells under ${MIN_CELL_CHARACTERS} characters wide`).toEqual([]);
          expect(overflowing, 'elements past the right edge').toEqual([]);
          expect(tiny, 'chart text below 9 px').toEqual([]);
        } finally {
          await page.close();
        }
      },
    );
  }

  it('on a phone the report lays out its problems, highlights and teams as cards, and at 1280 px as tables (screenshots in test-results/layout/)', async () => {
    const shots: Array<[string, string, string]> = [
      ['phone-findings-cards', FEW, 'table.findings'],
      ['phone-highlights-cards', FEW, 'table:has(tr[id^="highlight-"])'],
      ['phone-teams-cards', FEW, 'table:has-text("检查组与检查对象")'],
      ['phone-survey-groups-cards', CAMPAIGN, 'table.survey-groups'],
      ['phone-chart', FEW, 'figure.chart-figure >> nth=0'],
      ['phone-textured-bar', CAMPAIGN, 'figure.chart-figure:has(svg.stacked-bar-chart) >> nth=0'],
    ];
    for (const width of [375, 1280]) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, deviceScaleFactor: 2 });
      try {
        for (const [name, pagePath, selector] of shots) {
          await page.goto(new URL(pagePath, siteUrl()).href);
          const element = page.locator(selector).first();
          if (width === 375) await element.screenshot({ path: path.join(SHOTS, `${name}.png`) });
          if (!name.endsWith('cards')) continue;
          const display = await element.evaluate((table) => [
            getComputedStyle(table).display,
            getComputedStyle(table.querySelector('tbody tr') as Element).display,
          ]);
          expect(display, `${name} at ${width} px`).toEqual(width === 375 ? ['block', 'flex'] : ['table', 'table-row']);
        }
      } finally {
        await page.close();
      }
    }
  });

  it.each(PAGES)('printed on A4, %s fits the width of the page', async (pagePath) => {
    const page = await browser.newPage({ viewport: { width: A4_CONTENT_WIDTH, height: 1100 } });
    try {
      await page.emulateMedia({ media: 'print' });
      await page.goto(new URL(pagePath, siteUrl()).href);
      const { scrollWidth, overflowing } = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const overflowing = [...document.querySelectorAll('main *')]
          .filter((element) => element.getBoundingClientRect().right > width + 1)
          .map((element) => `${element.tagName.toLowerCase()}.${element.className}: ${(element.textContent ?? '').slice(0, 20)}`)
          .slice(0, 5);
        return { scrollWidth: document.documentElement.scrollWidth, overflowing };
      });
      await page.pdf({
        path: path.join(SHOTS, `a4-${pagePath.replace(/\W+/g, '_') || 'index'}.pdf`),
        format: 'A4',
        preferCSSPageSize: true,
        printBackground: true,
      });
      expect(overflowing, 'printed elements past the page edge').toEqual([]);
      expect(scrollWidth).toBeLessThanOrEqual(A4_CONTENT_WIDTH);
    } finally {
      await page.close();
    }
  });
});

/**
 * Issue 24: chart labels as a person on a 375 px phone reads them, on every chart of the report,
 * the article, a notice and a unit page, of the stress campaign and of the sample site. A label's
 * size is its computed font size × the SVG's scale (getScreenCTM); its contrast is the lowest
 * between its fill and any colour painted under its box (bar, texture marks, knock-out box, or the
 * white page where nothing opaque covers it whole), so a label passes only if every colour behind it does.
 */
const MIN_LABEL_PX = 11;
const MIN_LABEL_CONTRAST = 3;
const CHART_SHOTS = path.join(PROJECT_ROOT, 'test-results', 'charts');
const SAMPLE = 'campaigns/2025-09-cross-check/';
const CHART_PAGES = {
  stress: [CAMPAIGN, `${CAMPAIGN}news/`, `${CAMPAIGN}units/u3/`, 'units/u3/'],
  second: [FEW, `${FEW}news/`, `${FEW}units/w1/`, 'units/w1/'],
  sample: [SAMPLE, `${SAMPLE}news/`, `${SAMPLE}units/sxjl/`, 'units/sxjl/'],
};

interface LabelReading {
  text: string;
  size: number;
  contrast: number;
}

/** Every chart label of the page, with its rendered size and its lowest contrast. */
function readLabels(page: Page): Promise<LabelReading[]> {
  return page.evaluate(() => {
    const rgb = (colour: string): [number, number, number] | null => {
      const match = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(colour);
      if (!match || (match[4] !== undefined && Number(match[4]) === 0)) return null;
      return [Number(match[1]), Number(match[2]), Number(match[3])];
    };
    const luminance = ([r, g, b]: [number, number, number]) => {
      const [lr, lg, lb] = [r, g, b].map((c) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)) as [number, number, number];
      return 0.2126 * lr + 0.7152 * lg + 0.0722 * lb;
    };
    const contrast = (a: [number, number, number], b: [number, number, number]) => {
      const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const readings: Array<{ text: string; size: number; contrast: number }> = [];
    for (const svg of document.querySelectorAll('figure.chart-figure svg, svg.chart')) {
      const painted = [...svg.querySelectorAll('rect, line, circle, path, polyline, text')];
      painted.forEach((element, index) => {
        if (element.tagName !== 'text' || (element.textContent ?? '').trim() === '') return;
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) return;
        const ink = rgb(getComputedStyle(element).fill);
        const matrix = (element as SVGTextElement).getScreenCTM();
        const size = parseFloat(getComputedStyle(element).fontSize) * (matrix?.a ?? 1);
        let behind: Array<[number, number, number]> = [[255, 255, 255]];
        for (const under of painted.slice(0, index)) {
          if (under.tagName === 'text') continue;
          const r = under.getBoundingClientRect();
          const overlaps = r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top;
          if (!overlaps) continue;
          const style = getComputedStyle(under);
          const fill = under.tagName === 'line' || under.tagName === 'polyline' ? null : rgb(style.fill);
          const stroke = style.stroke === 'none' ? null : rgb(style.stroke);
          // An opaque box under at least 80 % of the label's area hides what lies below it (the rule).
          const covered =
            (Math.max(0, Math.min(r.right, box.right) - Math.max(r.left, box.left)) * Math.max(0, Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top))) /
            (box.width * box.height);
          const covers = covered >= 0.8;
          if (fill && covers && under.tagName === 'rect') behind = [fill];
          else if (fill) behind.push(fill);
          if (stroke) behind.push(stroke);
        }
        readings.push({
          text: (element.textContent ?? '').trim().slice(0, 24),
          size,
          contrast: ink ? Math.min(...behind.map((colour) => contrast(ink, colour))) : 21,
        });
      });
    }
    return readings;
  });
}

describe.skipIf(!existsSync(CHROMIUM_PATH))('chart labels on a 375 px phone', () => {
  let browser: Browser;
  let stress: ServedSite | undefined;
  let sample: ServedSite | undefined;
  beforeAll(async () => {
    mkdirSync(CHART_SHOTS, { recursive: true });
    browser = await launchBrowser(CHROMIUM_PATH);
    stress = await serve(outDir, BASE);
    sample = await serve(inject('siteDir'), inject('siteBase'));
  });
  afterAll(async () => {
    await closeBrowser(browser);
    await stress?.close();
    await sample?.close();
  });
  const smallest: LabelReading[] = [];
  const faintest: LabelReading[] = [];
  afterAll(() => {
    const least = (readings: LabelReading[], key: 'size' | 'contrast') =>
      readings.reduce<LabelReading | undefined>((low, reading) => (!low || reading[key] < low[key] ? reading : low), undefined);
    // The figures the issue asks for, in the test log.
    console.log(
      `chart labels at 375 px: smallest ${least(smallest, 'size')?.size.toFixed(2)} px (${least(smallest, 'size')?.text}), ` +
        `lowest contrast ${least(faintest, 'contrast')?.contrast.toFixed(2)}:1 (${least(faintest, 'contrast')?.text})`,
    );
  });

  for (const [site, pages] of Object.entries(CHART_PAGES)) {
    it.each(pages)(`${site}: every chart label of %s renders at ${MIN_LABEL_PX} px or more, at ${MIN_LABEL_CONTRAST}:1 or more`, async (pagePath) => {
      const served = site === 'sample' ? sample : stress;
      if (!served) throw new Error('the sites are served in beforeAll');
      const name = `${site}-${pagePath.replace(/\W+/g, '_')}`;
      for (const width of [1280, 375]) {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        try {
          await page.goto(new URL(pagePath, served.url).href);
          await page.screenshot({ path: path.join(CHART_SHOTS, `${width}-${name}.png`), fullPage: true });
          if (width !== 375) continue;
          const labels = await readLabels(page);
          expect(labels.length, 'chart labels on the page').toBeGreaterThan(0);
          smallest.push(...labels);
          faintest.push(...labels);
          expect(labels.filter((label) => label.size < MIN_LABEL_PX).slice(0, 5), `labels under ${MIN_LABEL_PX} px`).toEqual([]);
          expect(labels.filter((label) => label.contrast < MIN_LABEL_CONTRAST).slice(0, 5), `labels under ${MIN_LABEL_CONTRAST}:1`).toEqual([]);
        } finally {
          await page.close();
        }
      }
    });
  }
});
