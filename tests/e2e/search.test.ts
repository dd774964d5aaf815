import axe from 'axe-core';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Papa from 'papaparse';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadSiteData } from '../../src/lib/load/load-site-data.ts';
import type { Campaign } from '../../src/lib/model.ts';
import { searchRecords, type SearchRecord } from '../../src/lib/search/search-records.ts';
import { linkedRecords, PARTS_FILE, splitIntoParts, writeSearchIndex } from '../../scripts/lib/search/search-index.ts';
import { readSettings } from '../../src/lib/settings.ts';
import { listFiles, PROJECT_ROOT } from '../helpers/build-site.ts';
import { closeBrowser, launchBrowser, watchForProblems } from '../helpers/chromium.ts';
import { httpGet } from '../helpers/http.ts';
import { hasNginx, startNginx, type Nginx } from '../helpers/nginx.ts';

/**
 * The site search as a reader uses it, on the shared sample build (BASE_PATH=/reports/) served
 * by Debian's nginx with deploy/nginx/inspection-report.conf, so with its Content-Security-Policy:
 * the box in a report's header, the results page, the link to the problem's row; recall on
 * phrases cut at odd places and on people's names; nothing from a survey found.
 */

if (!hasNginx && process.env.CI) throw new Error('CI needs nginx at /usr/sbin/nginx (apt-get install nginx)');

const CHROMIUM = readSettings(process.env).chromiumPath;
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`CI needs Chromium at ${CHROMIUM} (apt-get install chromium)`);

const BASE = inject('siteBase');
const siteDir = inject('siteDir');
const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'search');
const CAMPAIGN = '2025-09-cross-check';
const REPORT = `campaigns/${CAMPAIGN}/`;
const SURVEY = path.join(PROJECT_ROOT, 'data/campaigns', CAMPAIGN, 'survey.csv');

/** Cut inside words on both sides (中控|操作员|个人): from 2025-09 F001's description. */
const ODD_PHRASE = '控操作员个';
const ODD_PHRASE_FINDING = 'F001';
/** The owner of several problems over the three sample campaigns. */
const OWNER = '张立新';

describe.skipIf(!hasNginx || !hasChromium)('site search behind nginx, under BASE_PATH, with the CSP', () => {
  let tmp: string;
  let nginx: Nginx;
  let browser: Browser;
  let records: SearchRecord[];
  let campaigns: Campaign[];
  /** Each record's link as the index holds it, relative to the base. */
  const urlOf = new Map<SearchRecord, string>();
  let context: BrowserContext;
  /** Everything Chromium reported: CSP violations, script errors, failed or refused requests. */
  const problems: string[] = [];
  const requested: string[] = [];

  beforeAll(async () => {
    expect(BASE).toBe('/reports/');
    const { data } = await loadSiteData(readSettings({ REPORT_DATE: '2026-11-24' }, { root: PROJECT_ROOT }));
    campaigns = data.campaigns;
    // What the build indexed: the records whose page the site has, linked as the build links them.
    const linked = await linkedRecords(siteDir, searchRecords(data));
    records = linked.map(({ record }) => record);
    for (const { record, url } of linked) urlOf.set(record, url);
    // The web root as the publisher lays it out: `current` is the live release, status/ beside it.
    tmp = mkdtempSync(path.join(tmpdir(), 'search-e2e-'));
    chmodSync(tmp, 0o755); // nginx's workers run as another user
    const webRoot = path.join(tmp, 'web');
    mkdirSync(webRoot);
    symlinkSync(siteDir, path.join(webRoot, 'current'));
    symlinkSync(path.join(siteDir, 'status'), path.join(webRoot, 'status'));
    nginx = await startNginx({ dir: path.join(tmp, 'nginx'), webRoot, base: BASE });
    browser = await launchBrowser(CHROMIUM);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await watchForProblems(context, problems);
    context.on('request', (request) => requested.push(request.url()));
    context.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
    });
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    try {
      await closeBrowser(browser);
      await nginx?.stop();
    } finally {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  });

  const site = (sitePath = '') => `${nginx.url}${BASE}${sitePath}`;
  const expectedUrl = (kind: SearchRecord['kind'], campaign: string, id: string) => {
    const record = records.find((r) => r.kind === kind && r.page === `campaigns/${campaign}/` && r.meta.title === id);
    if (!record) throw new Error(`no ${kind} ${id} in ${campaign}`);
    return `${BASE}${urlOf.get(record)}`;
  };

  /** The results page for a query, once its script has searched: its status line and every result's link. */
  async function results(page: Page): Promise<{ status: string; links: string[] }> {
    await page.waitForFunction(() => {
      const status = document.querySelector('.search-status')?.textContent ?? '';
      return status.startsWith('找到') || status.startsWith('没有找到') || status.startsWith('搜索索引');
    });
    // Every result listed: "more" until it is gone (it is disabled while a batch loads).
    const settled = () => page.waitForFunction(() => !document.querySelector('button.search-more:disabled'));
    for (await settled(); await page.locator('button.search-more').count(); await settled()) await page.locator('button.search-more').click();
    return {
      status: await page.locator('.search-status').innerText(),
      links: await page.locator('a.search-result-link').evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? '')),
    };
  }

  async function search(page: Page, query: string) {
    await page.goto(site(`search/?q=${encodeURIComponent(query)}`));
    return results(page);
  }

  it('sends the search page and the index with the CSP, and the script only on the search page', async () => {
    const response = await httpGet(site('search/'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
    for (const file of ['search/search.js', 'pagefind/pagefind.js', 'pagefind/pagefind-entry.json']) {
      expect((await httpGet(site(file))).status, file).toBe(200);
    }
    const report = await (await httpGet(site(REPORT))).text();
    // Its tables' filters load their own script (tests/e2e/filters.test.ts), not the search's.
    expect(report).not.toContain('search/search.js');
    expect(report).toContain(`<form class="site-search" role="search" action="${BASE}search/" method="get">`);
  });

  it('finds a problem from the box on a report by a phrase of its description cut at odd places, and links to its row', async () => {
    const page = await context.newPage();
    await page.goto(site(REPORT));
    await page.locator('#site-search').fill(ODD_PHRASE);
    await page.locator('#site-search').press('Enter');
    await page.waitForURL(`**${BASE}search/?q=*`);
    expect(new URL(page.url()).searchParams.get('q')).toBe(ODD_PHRASE);
    const { status, links } = await results(page);
    expect(status).toMatch(/^找到 \d+ 条与“控操作员个”有关的结果。$/);
    const target = expectedUrl('finding', CAMPAIGN, ODD_PHRASE_FINDING);
    expect(target).toBe(`${BASE}${REPORT}#finding-${ODD_PHRASE_FINDING}`);
    expect(links[0]).toBe(target);
    // The result says what and where: kind, id, unit, campaign.
    const first = page.locator('li.search-result').first();
    await expect(first.locator('.search-kind').innerText()).resolves.toBe('问题');
    await expect(first.locator('.search-where').innerText()).resolves.toMatch(/竹溪瑞城.*2025-09 集团绩效交叉检查活动/);
    await expect(first.locator('.search-excerpt mark').count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#site-search').inputValue()).resolves.toBe(ODD_PHRASE);
    await page.screenshot({ path: path.join(SHOTS, 'results-1280.png'), fullPage: true });

    await first.locator('a.search-result-link').click();
    await page.waitForURL(`**${target}`);
    const row = await page.evaluate(() => {
      const element = document.querySelector(':target');
      const box = element?.getBoundingClientRect();
      return { tag: element?.tagName, id: element?.id, inView: !!box && box.top >= 0 && box.top < window.innerHeight, text: element?.textContent ?? '' };
    });
    expect(row).toMatchObject({ tag: 'TR', id: `finding-${ODD_PHRASE_FINDING}`, inView: true });
    expect(row.text).toContain(ODD_PHRASE);
    await page.screenshot({ path: path.join(SHOTS, 'row-1280.png') });
    await page.close();
  });

  it('finds every problem of an owner by the name', async () => {
    const page = await context.newPage();
    const { links } = await search(page, OWNER);
    const owned = records.filter((record) => record.kind === 'finding' && record.content.includes(OWNER)).map((record) => `${BASE}${urlOf.get(record)}`);
    expect(owned.length).toBeGreaterThan(3);
    expect(links).toEqual(expect.arrayContaining(owned));
    await page.close();
  });

  it('finds a unit, a campaign by its team leader, and a highlight, each linked to its page', async () => {
    const page = await context.newPage();
    expect((await search(page, '千山湖水电站')).links[0]).toBe(`${BASE}units/qshsdz/`);
    expect((await search(page, '王小菊')).links).toContain(`${BASE}${REPORT}`);
    const highlight = records.find((record) => record.kind === 'highlight' && record.page === REPORT);
    if (!highlight) throw new Error('the sample campaign has highlights');
    const phrase = [...highlight.content.split('\n').at(-1)!].slice(3, 8).join('');
    const { links } = await search(page, phrase);
    const url = `${BASE}${urlOf.get(highlight)}`;
    expect(links).toContain(url);
    // Its row where the report gives highlights an id, else its first words (a text fragment).
    expect(url).toMatch(new RegExp(`^${BASE}${REPORT}#(highlight-|:~:text=)`));
    await page.close();
  });

  it('finds nothing that appears only in a survey, whose answers and respondents are in no file of the index', async () => {
    const rows = Papa.parse<Record<string, string>>(new TextDecoder('gb18030').decode(readFileSync(SURVEY)), { header: true, skipEmptyLines: true }).data;
    const column = (name: string) => rows.map((row) => Object.entries(row).find(([header]) => header.includes(name))?.[1] ?? '');
    const indexed = records.map((record) => record.content).join('\n');
    // Free-text answers and names, except any that the data has elsewhere too (a name shared with an owner).
    const secrets = [...column('意见和建议'), ...column('姓名'), ...column('来自IP').map((ip) => ip.split('(')[0] ?? '')].filter(
      (text) => text.length >= 2 && !/^\(.*\)$/.test(text) && !indexed.includes(text),
    );
    expect(secrets.length).toBeGreaterThan(40);
    // Pagefind's files are gzip; the text in its fragments has a zero-width space between words.
    const indexText = listFiles(path.join(siteDir, 'pagefind'))
      .map((file) => readFileSync(path.join(siteDir, 'pagefind', file)))
      .map((bytes) => (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8').replaceAll('\u200b', ''))
      .join('\n');
    expect(indexText).toContain('控操作员个');
    for (const secret of secrets) expect(indexText.includes(secret), secret).toBe(false);

    const page = await context.newPage();
    for (const phrase of ['希望讲解销售岗位指标怎么设置', '销售岗位指标怎么', secrets.find((text) => /^\p{Script=Han}{2,3}$/u.test(text)) ?? '']) {
      expect(secrets.some((secret) => secret.includes(phrase)) && !indexed.includes(phrase), phrase).toBe(true);
      const { status } = await search(page, phrase);
      const texts = await page.locator('li.search-result').allInnerTexts();
      expect(
        texts.filter((text) => text.replaceAll(/\s/g, '').includes(phrase)),
        phrase,
      ).toEqual([]);
      if (texts.length === 0) expect(status).toMatch(/^没有找到/);
    }
    await page.close();
  });

  it('recalls every record by phrases cut at odd places and by names', async () => {
    const queries = recallQueries(campaigns);
    const page = await context.newPage();
    await page.goto(site('search/'));
    // A string, not a function: Vitest would rewrite a function's import() for Node.
    const found: Record<string, string[]> = await page.evaluate(`(async () => {
      const pagefind = await import(${JSON.stringify(`${BASE}pagefind/pagefind.js`)});
      const found = {};
      for (const query of ${JSON.stringify(queries.map((query) => query.text))}) {
        const { results } = await pagefind.search(query);
        found[query] = await Promise.all(results.map(async (result) => (await result.data()).url));
      }
      return found;
    })()`);
    const misses: string[] = [];
    const byKind: Record<string, { expected: number; found: number }> = {};
    for (const { text, kind } of queries) {
      const expected = records.filter((record) => record.content.includes(text)).map((record) => `${BASE}${urlOf.get(record)}`);
      const got = new Set(found[text]);
      const hit = expected.filter((url) => got.has(url)).length;
      const tally = (byKind[kind] ??= { expected: 0, found: 0 });
      tally.expected += expected.length;
      tally.found += hit;
      if (hit < expected.length) misses.push(`${kind} ${text}: ${hit}/${expected.length}`);
    }
    console.log(
      `search recall over ${queries.length} queries: ${Object.entries(byKind)
        .map(([kind, { expected, found }]) => `${kind} ${found}/${expected}`)
        .join(', ')}`,
    );
    expect(misses).toEqual([]);
    await page.close();
  });

  it('has no serious or critical accessibility problems (axe-core) on the results page', async () => {
    const page = await context.newPage();
    await search(page, OWNER);
    // Evaluated through the DevTools protocol: an added <script> would be inline, which the CSP refuses.
    await page.evaluate(axe.source);
    const violations = await page.evaluate(async () => {
      const results = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
      return results.violations.map(({ id, impact, nodes }) => ({ id, impact, targets: nodes.slice(0, 3).map((node) => node.target.join(' ')) }));
    });
    expect(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')).toEqual([]);
    await page.close();
  });

  it('fits a phone: the box under the site name, results without sideways scrolling', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await phone.newPage();
    await page.goto(site(`search/?q=${encodeURIComponent(OWNER)}`));
    await results(page);
    const layout = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      box: document.querySelector('.site-search')?.getBoundingClientRect().toJSON(),
      name: document.querySelector('.site-name')?.getBoundingClientRect().toJSON(),
    }));
    expect(layout.scrollWidth).toBeLessThanOrEqual(375);
    expect(layout.box.top).toBeGreaterThanOrEqual(layout.name.bottom);
    expect(layout.box.right).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(SHOTS, 'results-375.png'), fullPage: true });
    await page.goto(site(REPORT));
    await page.screenshot({ path: path.join(SHOTS, 'report-header-375.png') });
    await phone.close();
  });

  it('without JavaScript, the box still leads to a page that says how else to find things', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await noScript.newPage();
    await page.goto(site(REPORT));
    await page.locator('#site-search').fill(OWNER);
    await page.locator('#site-search').press('Enter');
    await page.waitForURL(`**${BASE}search/?q=*`);
    await expect(page.locator('main').innerText()).resolves.toContain('搜索需要浏览器允许运行 JavaScript');
    await expect(page.getByRole('link', { name: '全部检查活动' }).last().getAttribute('href')).resolves.toBe(`${BASE}archive/`);
    await page.screenshot({ path: path.join(SHOTS, 'no-javascript-1280.png') });
    await noScript.close();
  });

  it('ran with no CSP violation, script error or failed request, and asked only its own origin', () => {
    expect(problems).toEqual([]);
    expect(requested.length).toBeGreaterThan(0);
    for (const url of requested) expect(url.startsWith(`${nginx.url}${BASE}`), url).toBe(true);
  });
});

describe.skipIf(!hasNginx || !hasChromium)('an index in parts (as a large site writes it), searched as one', () => {
  let tmp: string;
  let nginx: Nginx;
  let browser: Browser;
  let context: BrowserContext;
  let linked: Array<{ record: SearchRecord; url: string }>;
  let parts: Array<typeof linked>;
  const problems: string[] = [];

  beforeAll(async () => {
    const { data } = await loadSiteData(readSettings({ REPORT_DATE: '2026-11-24' }, { root: PROJECT_ROOT }));
    linked = await linkedRecords(siteDir, searchRecords(data));
    // The sample site's pages with its index written again in three parts (the build's parts are 8,000 records).
    const size = Math.ceil(linked.length / 3);
    parts = splitIntoParts(linked, size);
    tmp = mkdtempSync(path.join(tmpdir(), 'search-parts-e2e-'));
    chmodSync(tmp, 0o755);
    const webRoot = path.join(tmp, 'web');
    const release = path.join(webRoot, 'current');
    mkdirSync(release, { recursive: true });
    for (const entry of readdirSync(siteDir)) if (entry !== 'pagefind') symlinkSync(path.join(siteDir, entry), path.join(release, entry));
    symlinkSync(path.join(siteDir, 'status'), path.join(webRoot, 'status'));
    await writeSearchIndex(path.join(release, 'pagefind'), linked, size);
    expect(JSON.parse(readFileSync(path.join(release, 'pagefind', PARTS_FILE), 'utf8'))).toEqual(['part-1/', 'part-2/']);
    nginx = await startNginx({ dir: path.join(tmp, 'nginx'), webRoot, base: BASE });
    browser = await launchBrowser(CHROMIUM);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.on('console', (message) => {
      if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(`console: ${message.text()}`);
    });
    context.on('weberror', (error) => problems.push(`script error: ${error.error().message}`));
    context.on('requestfailed', (request) => problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
    context.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
    });
  });

  afterAll(async () => {
    try {
      await closeBrowser(browser);
      await nginx?.stop();
    } finally {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
    }
  });

  async function search(query: string): Promise<string[]> {
    const page = await context.newPage();
    await page.goto(`${nginx.url}${BASE}search/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => /^(找到|没有找到|搜索索引)/.test(document.querySelector('.search-status')?.textContent ?? ''));
    const settled = () => page.waitForFunction(() => !document.querySelector('button.search-more:disabled'));
    for (await settled(); await page.locator('button.search-more').count(); await settled()) await page.locator('button.search-more').click();
    const links = await page.locator('a.search-result-link').evaluateAll((all) => all.map((link) => link.getAttribute('href') ?? ''));
    await page.close();
    return links;
  }

  it('finds a record of the last part, linked to its row, and every problem of an owner across the parts', async () => {
    const last = parts.at(-1)?.find(({ record }) => record.kind === 'finding') ?? parts.at(-1)?.[0];
    if (!last) throw new Error('the last part has records');
    const phrase = /\p{Script=Han}{4,}/u.exec(last.record.content)?.[0].slice(0, 6) ?? '';
    expect(phrase.length).toBeGreaterThanOrEqual(4);
    expect(await search(phrase)).toContain(`${BASE}${last.url}`);

    const owned = linked.filter(({ record }) => record.kind === 'finding' && record.content.includes(OWNER));
    expect(new Set(owned.map((entry) => parts.findIndex((part) => part.includes(entry)))).size).toBeGreaterThan(1);
    const links = await search(OWNER);
    expect(links).toEqual(expect.arrayContaining(owned.map(({ url }) => `${BASE}${url}`)));
    // Each result once, though every part is searched.
    expect(new Set(links).size).toBe(links.length);
    expect(problems).toEqual([]);
  });
});

/**
 * Queries a reader might type, from the sample data: for each problem, three phrases of two to
 * five characters from its description at offsets that fall anywhere in a word (so most cut
 * words in two, as 段简 does), one from its suggestion, its owner's and verifier's names; a
 * phrase of each highlight; each team's leader and members. Deterministic (a fixed-seed
 * generator); Chinese characters only, as search ignores punctuation.
 */
function recallQueries(campaigns: readonly Campaign[]): Array<{ text: string; kind: string }> {
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const queries = new Map<string, string>();
  const phrase = (text: string | undefined, kind: string, length = 2 + Math.floor(random() * 4)) => {
    const runs = text?.match(/\p{Script=Han}{4,}/gu) ?? [];
    const run = runs[Math.floor(random() * runs.length)];
    if (run === undefined) return;
    const size = Math.min(run.length, length);
    const start = Math.floor(random() * (run.length - size + 1));
    queries.set(run.slice(start, start + size), kind);
  };
  const name = (person: string | undefined) => {
    const match = person && /^\p{Script=Han}{2,4}/u.exec(person);
    if (match) queries.set(match[0], 'name');
  };
  for (const campaign of campaigns) {
    for (const finding of campaign.findings) {
      for (let i = 0; i < 3; i++) phrase(finding.description, 'description');
      phrase(finding.suggestion, 'suggestion', 4);
      name(finding.owner);
      name(finding.verifier);
    }
    for (const highlight of campaign.highlights) phrase(highlight.description, 'highlight');
    for (const team of campaign.teams) [team.leader, ...team.members].forEach(name);
  }
  return [...queries].map(([text, kind]) => ({ text, kind }));
}
