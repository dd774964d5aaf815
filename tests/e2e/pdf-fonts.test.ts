import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/build-site.ts';
import { quickOutput } from '../helpers/processes.ts';
import { sampleSiteInChromium } from '../helpers/sample-site.ts';
import { readSettings } from '../../src/lib/settings.ts';

const CHROMIUM_PATH = readSettings(process.env).chromiumPath;

/**
 * The fonts of a printed PDF (issue 13, "Small and searchable"). Skia draws CFF-outline CJK fonts
 * (Noto Sans CJK) and synthesised bold as Type 3 glyphs: large, and poor to search and copy.
 * print.css therefore prints everything in a TrueType CJK font (WenQuanYi Micro Hei, Debian's
 * fonts-wqy-microhei) with font-synthesis: none, which Chromium embeds as CID TrueType subsets.
 */

const hasTools = existsSync(CHROMIUM_PATH) && spawnSync('pdffonts', ['-v']).status === 0 && spawnSync('pdftotext', ['-v']).status === 0;
if (!hasTools && process.env.CI) throw new Error('CI needs chromium and poppler-utils (apt-get install chromium poppler-utils)');

const CAMPAIGN = '2025-09-cross-check';
const UNIT = { id: 'sxjl', name: '陕西金龙' };
/**
 * A 3-page unit notice, tagged and with an outline as npm run pdf prints it: about 116 KB in
 * WenQuanYi Micro Hei at one weight; 516 KB in Noto Sans CJK with synthesised bold (Type 3).
 * Set as a 整改通知书 (a narrower type area, 11 pt, the title in AR PL UMing) it takes 5 pages and
 * 131 KB.
 */
const NOTICE_LIMIT = 150 * 1024;
const FONT_HINT = 'print in TrueType CJK fonts: apt-get install fonts-wqy-microhei fonts-arphic-uming';

const compact = (text: string) => text.replace(/\s+/g, '');

interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
}

/** pdffonts' table, read by the columns its header lays out. */
function pdfFonts(file: string): PdfFont[] {
  const lines = quickOutput('pdffonts', [file]).split('\n');
  const header = lines[0] ?? '';
  const typeAt = header.indexOf('type');
  const encodingAt = header.indexOf('encoding');
  const embAt = header.indexOf('emb');
  expect(Math.min(typeAt, encodingAt, embAt), `pdffonts header: ${header}`).toBeGreaterThan(0);
  return lines
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => ({
      name: line.slice(0, typeAt).trim(),
      type: line.slice(typeAt, encodingAt).trim(),
      embedded: line.slice(embAt, embAt + 3).trim() === 'yes',
    }));
}

/** The problem descriptions of one unit in a campaign's findings.csv (quoted cells included). */
function problemDescriptions(unitName: string): string[] {
  const csv = readFileSync(path.join(PROJECT_ROOT, 'data/campaigns', CAMPAIGN, 'findings.csv'), 'utf8').replace(/^\uFEFF/, '');
  const rows = csv
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map(parseCsvLine);
  const header = rows[0] ?? [];
  const unitAt = header.indexOf('被检单位');
  const descriptionAt = header.indexOf('问题描述');
  expect(unitAt).toBeGreaterThanOrEqual(0);
  expect(descriptionAt).toBeGreaterThanOrEqual(0);
  return rows
    .slice(1)
    .filter((row) => row[unitAt] === unitName)
    .map((row) => row[descriptionAt] ?? '');
}

function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quoted) {
      if (char === '"' && line[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

describe.skipIf(!hasTools)('printed PDFs: fonts embedded as TrueType subsets, small and searchable', () => {
  const chromium = sampleSiteInChromium(CHROMIUM_PATH);
  let work: string;
  const printed = new Map<string, string>();

  /** Prints a page of the shared sample build as scripts/lib/pdf/print-pdfs.ts does. */
  async function print(pagePath: string, name: string): Promise<string> {
    const file = path.join(work, name);
    const page = await chromium.browser.newPage();
    try {
      await page.emulateMedia({ media: 'print' });
      const response = await page.goto(new URL(pagePath, chromium.url).href, { waitUntil: 'load' });
      expect(response?.status(), pagePath).toBe(200);
      await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
    } finally {
      await page.close();
    }
    return file;
  }

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'inspection-pdf-fonts-'));
    printed.set('notice', await print(`campaigns/${CAMPAIGN}/units/${UNIT.id}/`, 'notice.pdf'));
    printed.set('report', await print(`campaigns/${CAMPAIGN}/`, 'report.pdf'));
    for (const [name, file] of printed) console.info(`pdf-fonts: ${name} ${(statSync(file).size / 1024).toFixed(1)} KB`);
  });
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it.each(['notice', 'report'])('the %s embeds every font, none of them Type 3', (name) => {
    const fonts = pdfFonts(printed.get(name) ?? '');
    expect(fonts.length).toBeGreaterThan(0);
    const summary = fonts.map((font) => `${font.name} (${font.type}${font.embedded ? '' : ', not embedded'})`).join('; ');
    const type3 = fonts.filter((font) => font.type.includes('Type 3'));
    expect(type3.length, `${type3.length} of ${fonts.length} fonts are Type 3 (${FONT_HINT}): ${summary}`).toBe(0);
    expect(
      fonts.filter((font) => !font.embedded).map((font) => font.name),
      summary,
    ).toEqual([]);
  });

  it('a 3-page unit notice stays within 150 KB', () => {
    const file = printed.get('notice') ?? '';
    const pages = Number(/Pages:\s+(\d+)/.exec(quickOutput('pdfinfo', [file]))?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(statSync(file).size, FONT_HINT).toBeLessThanOrEqual(NOTICE_LIMIT);
  });

  it('the report draws its charts in vector shapes: no raster image, under 600 KB', () => {
    // Chromium prints an SVG <pattern> fill as an image per shape: the hatched charts once made
    // this report 1.5 MB, 1.15 MB of it pictures of hatching (series-style.ts texturedRect).
    const file = printed.get('report') ?? '';
    const images =
      readFileSync(file)
        .toString('latin1')
        .match(/\/Subtype\s*\/Image\b/g) ?? [];
    expect(images.length, 'image objects in the report PDF').toBe(0);
    expect(statSync(file).size).toBeLessThanOrEqual(600 * 1024);
  });

  it('the notice text can be extracted: unit name, every problem description, the footer', () => {
    const text = compact(quickOutput('pdftotext', ['-raw', printed.get('notice') ?? '', '-']));
    expect(text).toContain(UNIT.name);
    const descriptions = problemDescriptions(UNIT.name);
    expect(descriptions.length).toBeGreaterThanOrEqual(5);
    for (const description of descriptions) expect(text, description).toContain(compact(description));
    const firstPage = compact(quickOutput('pdftotext', ['-f', '1', '-l', '1', '-raw', printed.get('notice') ?? '', '-']));
    expect(firstPage).toContain(compact('— 1 —'));
  });

  it('the report text can be extracted: its title and the footer', () => {
    const text = compact(quickOutput('pdftotext', ['-raw', printed.get('report') ?? '', '-']));
    expect(text).toContain('集团绩效交叉检查活动');
    expect(text).toContain(UNIT.name);
    expect(text).toContain(compact('第 1 页 共'));
  });
});
