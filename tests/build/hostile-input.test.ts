import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeHTML } from 'entities';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/lib/settings.ts';
import { buildSite, listFiles } from '../helpers/build-site.ts';
import { closeBrowser, launchBrowser, serve } from '../helpers/chromium.ts';
import { createFixture, type Fixture } from '../helpers/data-fixture.ts';

const CHROMIUM_PATH = readSettings(process.env).chromiumPath;

/**
 * Every text a user can put in a CSV cell or campaign.yml is untrusted: it is shown as text,
 * never run, never turned into markup, and never into a formula in a download.
 */

const SCRIPT = '<script>alert("cell")</script>';
const IMG = '<img src=x onerror=alert(1)>';
const BREAKOUT = '"><svg onload=alert(2)>';
const MARKDOWN = '**粗体** [链接](javascript:alert(3))';
const FORMULA = '=HYPERLINK("http://evil","点我")';
/** Text that would end a CSS string and rule if it were ever written into a stylesheet. */
const CSS_BREAKOUT = `"}} body{display:none} @import url(//evil/x.css); </style>\\`;
const PHONE = '13812345678';
const RESPONDENT = '钱七七';
const IP = '10.99.88.77';

let fixture: Fixture;
let outDir: string;
const read = (file: string) => readFileSync(path.join(outDir, file), 'utf8');

beforeAll(async () => {
  fixture = createFixture({
    'data/units.csv': `id,name,sector\nu1,甲公司,水泥板块\nu2,"乙${IMG}",水泥板块\nu3,丙电站,"${BREAKOUT.replace(/"/g, '""')}"\n`,
    'data/campaigns/c1/campaign.yml': [
      `title: '测试${SCRIPT}${CSS_BREAKOUT}'`,
      'date: 2025-09-17',
      `place: '${IMG}'`,
      'markdownColumns: [suggestion]',
      'teams:',
      '  - id: t1',
      `    name: '第一组${SCRIPT}'`,
      `    leader: '${IMG}'`,
      '    leaderUnit: u1',
      '    inspects: [u2, u3]',
      'survey:',
      `  title: '调查${SCRIPT}'`,
      '  questions:',
      '    - id: useful',
      `      text: '实用吗${IMG}'`,
      `      options: ['很实用${SCRIPT}', 一般]`,
      `      favorable: ['很实用${SCRIPT}']`,
      '',
    ].join('\n'),
    'data/campaigns/c1/findings.csv': Papa.unparse({
      fields: ['id', 'unit', 'team', 'category', 'description', 'suggestion', 'owner', 'material'],
      data: [
        ['F1', 'u2', 't1', `类别${SCRIPT}`, `${SCRIPT}${IMG}`, MARKDOWN, FORMULA, BREAKOUT],
        ['F2', 'u3', 't1', '执行不规范', MARKDOWN, `@SUM(1+1)`, '+1', '-1'],
        ['F3', 'u3', 't1', '执行不规范', '{{ campaign.title }} {% include "/etc/passwd" %}', SCRIPT, IMG, FORMULA],
      ],
    }),
    'data/campaigns/c1/highlights.csv': Papa.unparse({ fields: ['id', 'unit', 'category', 'description'], data: [['H1', 'u2', IMG, SCRIPT]] }),
    'data/campaigns/c1/survey.csv': Papa.unparse({
      fields: ['序号', '来自IP', '姓名', '手机', '1、实用吗' + IMG],
      data: [
        ['1', `${IP}(陕西-西安)`, RESPONDENT, PHONE, `很实用${SCRIPT}`],
        ['2', '10.99.88.78', '孙八', '13900000000', '一般'],
      ],
    }),
    'templates/news.md':
      '# {{ campaign.title }}\n\n{{ campaign.place }}，共{{ findings.total }}个问题。{% for c in findings.categories %}{{ c.name }}{% endfor %}\n',
  });
  outDir = path.join(mkdtempSync(path.join(tmpdir(), 'inspection-hostile-')), 'dist');
  const run = await buildSite({ OUT_DIR: outDir, DATA_DIR: path.join(fixture.root, 'data') });
  if (run.status !== 0) throw new Error(`build failed:\n${run.output}`);
});
afterAll(() => {
  fixture?.cleanup();
  if (outDir) rmSync(path.dirname(outDir), { recursive: true, force: true });
});

describe('hostile text in data files', () => {
  it('never reaches a page as markup: no script, no event handler, no injected element', () => {
    for (const file of listFiles(outDir).filter((f) => f.endsWith('.html'))) {
      // Inside a quoted attribute value `<` is only text; the quotes themselves must hold.
      const html = read(file).replace(/="[^"]*"/g, '=""');
      // The site's own scripts are files loaded by src (search/search.js, filters/filters.js), never
      // inline, and the filters' data a JSON block that no text closes: those aside, no script.
      const data = /<script type="" id="">[^<]*<\/script>/g;
      expect(html.replace(/<script type="" src=""><\/script>/g, '').replace(data, ''), file).not.toMatch(/<script/i);
      expect(html, file).not.toMatch(/<img/i);
      expect(html, file).not.toMatch(/<svg onload/i);
      expect(html, file).not.toMatch(/<[^>]*\son(?:error|load)=/i);
      expect(html, file).not.toMatch(/href="javascript:/i);
    }
  });

  it('is shown as the text the user typed', () => {
    // Escaped (the markup test above) and, once the browser decodes the entities, the very text.
    const shown = decodeHTML(read('campaigns/c1/index.html'));
    for (const text of [SCRIPT, IMG, BREAKOUT, MARKDOWN, '{{ campaign.title }} {% include "/etc/passwd" %}']) expect(shown).toContain(text);
  });

  it('renders Markdown only in columns declared Markdown, and even there drops unsafe links', () => {
    const report = read('campaigns/c1/index.html');
    expect(report).toContain('<strong>粗体</strong> [链接](javascript:alert(3))');
    // F2 carries the same Markdown in 问题描述 (description), a column campaign.yml does not
    // declare: its cell must show the asterisks and brackets as typed, not <strong> or a link.
    const rowStart = report.search(/<tr id="finding-F2"[ >]/);
    expect(rowStart, 'the row of F2').toBeGreaterThan(-1);
    const head = report.slice(report.lastIndexOf('<thead>', rowStart), rowStart);
    const headers = [...head.matchAll(/<th(?:\s[^>]*)?>(.*?)<\/th>/g)].map((match) => match[1]);
    const row = report.slice(rowStart, report.indexOf('</tr>', rowStart));
    const cells = [...row.matchAll(/<td(?:\s[^>]*)?>(.*?)<\/td>/g)].map((match) => match[1] ?? '');
    expect(cells[headers.indexOf('编号')]).toBe('F2');
    const description = cells[headers.indexOf('问题描述')] ?? '';
    expect(description.startsWith('**粗体** [链接](javascript:alert(3))'), description).toBe(true);
    expect(description).not.toMatch(/<strong|<a[\s>]/);
    expect(report.match(/<strong>粗体<\/strong>/g)).toHaveLength(1);
  });

  it('2. puts no data into CSS: the running head of printed pages comes from an attribute', () => {
    for (const file of listFiles(outDir).filter((name) => name.endsWith('.html'))) {
      const page = read(file);
      expect(page, file).not.toMatch(/<style/i);
      expect(page, file).not.toMatch(/\sstyle=/i);
    }
    const report = read('campaigns/c1/index.html');
    const head = /<html[^>]* data-running-head="([^"]*)"/.exec(report)?.[1] ?? '';
    expect(decodeHTML(head)).toBe(`测试${SCRIPT}${CSS_BREAKOUT} · 检查报告`);
  });

  it('neutralises formulas in the CSV download', () => {
    const rows = Papa.parse<string[]>(read('campaigns/c1/findings.csv').replace(/^\uFEFF/, '')).data;
    const cells = rows.flat();
    for (const cell of cells) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(cells).toContain(`'${FORMULA}`);
    expect(cells).toContain(`'@SUM(1+1)`);
  });

  it('keeps the personal data of survey exports out of every output file', () => {
    for (const file of listFiles(outDir)) {
      const text = readFileSync(path.join(outDir, file), 'utf8');
      for (const secret of [PHONE, RESPONDENT, IP, '孙八', '13900000000']) expect(text.includes(secret), `${file} has ${secret}`).toBe(false);
    }
  });

  it.skipIf(!existsSync(CHROMIUM_PATH))('runs nothing in a real browser with JavaScript on', async () => {
    const site = await serve(outDir);
    const browser = await launchBrowser(CHROMIUM_PATH).catch(async (error) => {
      await site.close();
      throw error;
    });
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', async (dialog) => {
        dialogs.push(dialog.message());
        await dialog.dismiss();
      });
      for (const pagePath of ['', 'campaigns/c1/', 'campaigns/c1/news/']) {
        await page.goto(new URL(pagePath, site.url).href, { waitUntil: 'load' });
        await page.waitForTimeout(200);
      }
      expect(dialogs).toEqual([]);
    } finally {
      await closeBrowser(browser);
      await site.close();
    }
  });
});
