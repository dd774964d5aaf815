import axe from 'axe-core';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/lib/settings.ts';
import { buildSite, PROJECT_ROOT } from '../helpers/build-site.ts';
import { closeBrowser, launchBrowser, watchForProblems } from '../helpers/chromium.ts';
import { createFixture, type Fixture } from '../helpers/data-fixture.ts';
import { httpGet } from '../helpers/http.ts';
import { hasNginx, startNginx, type Nginx } from '../helpers/nginx.ts';

/**
 * The filters and sorting of the tables of problems as a reader uses them, on a small site
 * built for it (BASE_PATH=/reports/) and served by nginx with the shipped configuration, so with
 * its Content-Security-Policy: a filtered address on the report, a unit's notice and a unit's
 * page shows only the matching rows and says how many; sorting; an owner's name with spaces;
 * an unknown value; without JavaScript every row as before; printing says which filter.
 */

if (!hasNginx && process.env.CI) throw new Error('CI needs nginx at /usr/sbin/nginx (apt-get install nginx)');
const CHROMIUM = readSettings(process.env).chromiumPath;
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env.CI) throw new Error(`CI needs Chromium at ${CHROMIUM} (apt-get install chromium)`);

const BASE = '/reports/';
const REPORT_DATE = '2026-11-24';
const SHOTS = path.join(PROJECT_ROOT, 'test-results', 'filters');
/** An owner whose name has spaces, written as people do (full-width brackets). */
const SPACED_OWNER = '欧阳 明（绩效 专员）';

interface Row {
  id: string;
  unit: string;
  category: string;
  severity: 'low' | 'medium' | 'high';
  owner: string;
  due: string;
  status: 'open' | 'in_progress' | 'closed';
  closed_on: string;
}
const row = (id: string, unit: string, category: string, severity: Row['severity'], owner: string, due: string, status: Row['status'], closedOn = ''): Row => ({
  id,
  unit,
  category,
  severity,
  owner,
  due,
  status,
  closed_on: closedOn,
});
/** The campaign the pages show; the earlier one makes some of its problems repeated ones. */
const FINDINGS: Row[] = [
  row('F1', 'u2', '执行不规范', 'low', SPACED_OWNER, '2025-10-31', 'open'),
  row('F2', 'u2', '执行不规范', 'high', '李娟', '2027-01-31', 'in_progress'),
  row('F3', 'u2', '标准化建设不完善', 'medium', SPACED_OWNER, '2025-12-31', 'in_progress'),
  row('F4', 'u2', '标准化建设不完善', 'low', '李娟', '2025-11-30', 'closed', '2025-11-01'),
  row('F5', 'u3', '执行不规范', 'medium', '王五', '2025-10-15', 'open'),
  row('F6', 'u3', '标准化建设不完善', 'high', '', '2027-03-01', 'open'),
  row('F7', 'u3', '执行不规范', 'low', '王五', '', 'closed', '2025-10-01'),
  row('F8', 'u2', '执行不规范', 'medium', '李娟', '2026-01-15', 'open'),
];
const EARLIER: Row[] = [row('F1', 'u2', '执行不规范', 'low', '李娟', '2024-12-31', 'closed', '2024-12-01')];
const overdue = (finding: Row) => finding.status !== 'closed' && finding.due !== '' && finding.due < REPORT_DATE;
/** The report's overdue list: the overdue ones, most overdue first. */
const overdueList = (rows: Row[]) => rows.filter(overdue).sort((a, b) => a.due.localeCompare(b.due));
const csv = (rows: Row[]) => Papa.unparse(rows.map((finding) => ({ ...finding, team: 't1', description: `${finding.id}的问题描述` })));
const campaignYml = (title: string, date: string) =>
  `title: ${title}\ndate: ${date}\nteams:\n  - id: t1\n    name: 第一组\n    leader: 张三\n    leaderUnit: u1\n    inspects: [u2, u3]\n`;

const REPORT = 'campaigns/c1/';
const NOTICE = 'campaigns/c1/units/u2/';
const UNIT_PAGE = 'units/u2/';

describe.skipIf(!hasNginx || !hasChromium)('tables of problems that filter and sort, behind nginx with the CSP', () => {
  let fixture: Fixture;
  let tmp: string;
  let nginx: Nginx;
  let browser: Browser;
  let context: BrowserContext;
  /** Everything Chromium reported: CSP violations, script errors, failed requests. */
  const problems: string[] = [];

  beforeAll(async () => {
    fixture = createFixture({
      'data/campaigns/c1/campaign.yml': campaignYml('测试检查', '2025-09-17'),
      'data/campaigns/c1/findings.csv': csv(FINDINGS),
      'data/campaigns/c1/survey.csv': null,
      'data/campaigns/c0/campaign.yml': campaignYml('上次检查', '2024-09-10'),
      'data/campaigns/c0/findings.csv': csv(EARLIER),
      'data/campaigns/c0/highlights.csv': 'id,unit,description\nH1,u2,台账规范\n',
    });
    tmp = mkdtempSync(path.join(tmpdir(), 'filters-e2e-'));
    chmodSync(tmp, 0o755); // nginx's workers run as another user
    const siteDir = path.join(tmp, 'web', 'current');
    const built = await buildSite({ OUT_DIR: siteDir, BASE_PATH: BASE, DATA_DIR: path.join(fixture.root, 'data'), REPORT_DATE });
    expect(built.status, built.output).toBe(0);
    // The web root as the publisher lays it out: `current` is the live release, status/ beside it.
    symlinkSync(path.join(siteDir, 'status'), path.join(tmp, 'web', 'status'));
    nginx = await startNginx({ dir: path.join(tmp, 'nginx'), webRoot: path.join(tmp, 'web'), base: BASE });
    browser = await launchBrowser(CHROMIUM);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await watchForProblems(context, problems);
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    try {
      await closeBrowser(browser);
      await nginx?.stop();
    } finally {
      if (tmp) rmSync(tmp, { recursive: true, force: true });
      fixture?.cleanup();
    }
  });

  const site = (sitePath: string) => `${nginx.url}${BASE}${sitePath}`;

  /** Opens a page once its script has put the filters on it. */
  async function open(sitePath: string, page?: Page): Promise<Page> {
    const tab = page ?? (await context.newPage());
    await tab.goto(site(sitePath));
    await tab.locator('.filter-count').waitFor();
    return tab;
  }

  /** The ids of the rows shown in each table of problems, by its caption. */
  async function shown(page: Page): Promise<Record<string, string[]>> {
    return page.evaluate(() => {
      const tables: Record<string, string[]> = {};
      for (const table of document.querySelectorAll('table[data-problems]')) {
        const column = [...table.querySelectorAll('thead th')].findIndex((th) => th.textContent?.startsWith('编号'));
        const ids = [...table.querySelectorAll('tbody tr')]
          .filter((tr) => (tr as HTMLElement).offsetParent !== null)
          .map((tr) => (tr as HTMLTableRowElement).cells[column]?.textContent?.trim() ?? '');
        tables[table.querySelector('caption')?.textContent ?? ''] = ids;
      }
      return tables;
    });
  }
  const allShown = async (page: Page) => Object.values(await shown(page)).flat();
  const count = (page: Page) => page.locator('.filter-count').innerText();
  const ids = (rows: Row[]) => rows.map((finding) => finding.id);

  it('sends the script from the site with the CSP, and loads it only on pages with tables of problems', async () => {
    const response = await httpGet(site('filters/filters.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    const report = await httpGet(site(REPORT));
    expect(report.headers.get('content-security-policy')).toContain("script-src 'self' 'wasm-unsafe-eval'");
    const html = await report.text();
    expect(html).toContain(`<script type="module" src="${BASE}filters/filters.js"></script>`);
    // No inline code: the one other script element is data.
    expect(html.match(/<script\b[^>]*>/g)).toEqual([
      '<script type="application/json" id="finding-filters">',
      `<script type="module" src="${BASE}filters/filters.js">`,
    ]);
    expect(await (await httpGet(site(''))).text()).not.toContain('filters.js');
  });

  it('shows only the matching rows of every table on the report, the overdue list too, and one count of all its problems', async () => {
    const page = await open(`${REPORT}?status=open`);
    const openRows = FINDINGS.filter((finding) => finding.status === 'open');
    const tables = await shown(page);
    expect(tables['逾期未整改的问题']).toEqual(ids(overdueList(openRows)));
    expect(tables['乙公司的问题']).toEqual(ids(openRows.filter((finding) => finding.unit === 'u2')));
    expect(tables['丙电站的问题']).toEqual(ids(openRows.filter((finding) => finding.unit === 'u3')));
    expect(await count(page)).toBe(`显示 ${openRows.length} / 共 ${FINDINGS.length} 条。`);
    await expect(page.locator('#filter-status').inputValue()).resolves.toBe('open');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters the notice and the unit page, where a problem listed twice counts once', async () => {
    const notice = await open(`${NOTICE}?severity=high`);
    const unitRows = FINDINGS.filter((finding) => finding.unit === 'u2');
    expect(await allShown(notice)).toEqual(ids(unitRows.filter((finding) => finding.severity === 'high')));
    expect(await count(notice)).toBe(`显示 1 / 共 ${unitRows.length} 条。`);
    await notice.close();

    const unitPage = await open(`${UNIT_PAGE}?overdue=1`);
    const openRows = unitRows.filter((finding) => finding.status !== 'closed');
    // Repeated: the categories the earlier campaign found in the unit.
    const repeated = unitRows.filter((finding) => EARLIER.some((earlier) => earlier.unit === finding.unit && earlier.category === finding.category));
    const tables = await shown(unitPage);
    expect(tables['未完成整改的问题']).toEqual(ids(openRows.filter(overdue)));
    expect(tables['重复问题']).toEqual(ids(repeated.filter(overdue)));
    const listed = new Set([...openRows, ...repeated]);
    const matching = new Set([...openRows, ...repeated].filter(overdue));
    expect(await count(unitPage)).toBe(`显示 ${matching.size} / 共 ${listed.size} 条。`);
    expect(problems).toEqual([]);
    await unitPage.close();
  });

  it('combines filters, and takes an owner whose name has Chinese characters and spaces, however the address encodes them', async () => {
    const page = await open(`${REPORT}?unit=u2&status=in_progress`);
    const both = FINDINGS.filter((finding) => finding.unit === 'u2' && finding.status === 'in_progress');
    expect(both.length).toBeGreaterThan(1);
    expect(await shown(page)).toEqual({ 逾期未整改的问题: ids(overdueList(both)), 乙公司的问题: ids(both), 丙电站的问题: [] });
    expect(await count(page)).toBe(`显示 ${both.length} / 共 ${FINDINGS.length} 条。`);

    const owned = FINDINGS.filter((finding) => finding.owner === SPACED_OWNER);
    const overdueOwned = owned.filter(overdue);
    for (const query of [`owner=${encodeURIComponent(SPACED_OWNER)}`, new URLSearchParams({ owner: SPACED_OWNER }).toString()]) {
      await open(`${REPORT}?${query}`, page);
      expect(await shown(page), query).toEqual({ 逾期未整改的问题: ids(overdueList(owned)), 乙公司的问题: ids(owned), 丙电站的问题: [] });
    }
    // Chosen from the control, the address says it so that it can be sent.
    await open(REPORT, page);
    await page.locator('#filter-owner').selectOption(SPACED_OWNER);
    await page.locator('#filter-overdue').selectOption('1');
    expect(await shown(page)).toEqual({ 逾期未整改的问题: ids(overdueList(owned)), 乙公司的问题: ids(overdueOwned), 丙电站的问题: [] });
    const address = new URL(page.url());
    expect(address.searchParams.get('owner')).toBe(SPACED_OWNER);
    expect(address.searchParams.get('overdue')).toBe('1');
    await open(`${REPORT}${address.search}`, page);
    expect(await count(page)).toBe(`显示 ${overdueOwned.length} / 共 ${FINDINGS.length} 条。`);
    // The table that has none left goes, and says nothing it does not have.
    await expect(page.getByRole('heading', { name: /丙电站/ }).isVisible()).resolves.toBe(false);
    // The filters and the tables under them, as a reader sees them on a wide screen and on a phone.
    await page.locator('.finding-filters').evaluate((panel) => panel.scrollIntoView());
    await page.screenshot({ path: path.join(SHOTS, 'report-filtered-1280.png') });
    await page.setViewportSize({ width: 375, height: 1400 });
    await page.locator('.finding-filters').evaluate((panel) => panel.scrollIntoView());
    await page.screenshot({ path: path.join(SHOTS, 'report-filtered-375.png') });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sorts by a column from the address and from its header, saying the order to screen readers', async () => {
    const page = await open(`${REPORT}?sort=due&order=desc`);
    const byDueDescending = (rows: Row[]) =>
      ids(
        [...rows].sort(
          (a, b) => (a.due === '' ? 1 : 0) - (b.due === '' ? 1 : 0) || b.due.localeCompare(a.due) || ids(FINDINGS).indexOf(a.id) - ids(FINDINGS).indexOf(b.id),
        ),
      );
    const tables = await shown(page);
    expect(tables['乙公司的问题']).toEqual(byDueDescending(FINDINGS.filter((finding) => finding.unit === 'u2')));
    // A problem without a due date last, whichever the order.
    expect(tables['丙电站的问题']).toEqual(byDueDescending(FINDINGS.filter((finding) => finding.unit === 'u3')));
    expect(tables['丙电站的问题']?.at(-1)).toBe('F7');
    await expect(page.locator('table[data-problems] th[aria-sort="descending"]').first().innerText()).resolves.toMatch(/^整改期限/);
    expect(await count(page)).toBe(`显示 ${FINDINGS.length} / 共 ${FINDINGS.length} 条，按“整改期限”降序排列。`);

    // The header's button, by keyboard: ascending by id, then descending.
    const idHeader = page.locator('table[data-problems]').nth(1).locator('th', { hasText: '编号' });
    await idHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(idHeader.getAttribute('aria-sort')).resolves.toBe('ascending');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('id');
    expect(new URL(page.url()).searchParams.get('order')).toBeNull();
    await page.keyboard.press('Enter');
    await expect(idHeader.getAttribute('aria-sort')).resolves.toBe('descending');
    expect((await shown(page))['乙公司的问题']).toEqual(
      ids(FINDINGS.filter((finding) => finding.unit === 'u2'))
        .sort((a, b) => a.localeCompare(b, 'zh-CN', { numeric: true }))
        .reverse(),
    );
    expect(new URL(page.url()).searchParams.get('order')).toBe('desc');
    await page.close();
  });

  it('shows no rows for a value the page does not have, and says so', async () => {
    const page = await open(`${REPORT}?status=bogus&owner=${encodeURIComponent('无此人')}`);
    expect(await allShown(page)).toEqual([]);
    const said = await count(page);
    expect(said).toMatch(new RegExp(`^显示 0 / 共 ${FINDINGS.length} 条。没有符合筛选条件的问题。`));
    expect(said).toContain('“状态：bogus”');
    expect(said).toContain('“责任人：无此人”');
    await expect(page.locator('#filter-status').inputValue()).resolves.toBe('bogus');
    // Clearing brings every row back and the address with it.
    await page.getByRole('button', { name: '清除筛选和排序' }).click();
    expect((await allShown(page)).length).toBe(FINDINGS.length + FINDINGS.filter(overdue).length);
    expect(new URL(page.url()).search).toBe('');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('without JavaScript shows every row and no controls, whatever the address says', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const page = await plain.newPage();
    for (const [sitePath, rows] of [
      [REPORT, FINDINGS.length + FINDINGS.filter(overdue).length],
      [NOTICE, FINDINGS.filter((finding) => finding.unit === 'u2').length],
    ] as const) {
      await page.goto(site(`${sitePath}?status=open&owner=${encodeURIComponent(SPACED_OWNER)}`));
      expect(await allShown(page), sitePath).toHaveLength(rows);
      await expect(page.locator('.finding-filters, .filter-count, .sort-button').count()).resolves.toBe(0);
    }
    await plain.close();
  });

  it('prints what is shown and says which filter', async () => {
    const page = await open(`${NOTICE}?status=in_progress&sort=due`);
    await page.emulateMedia({ media: 'print' });
    const printed = page.locator('.filter-print');
    await expect(printed.isVisible()).resolves.toBe(true);
    const rows = FINDINGS.filter((finding) => finding.unit === 'u2' && finding.status === 'in_progress');
    await expect(printed.innerText()).resolves.toBe(
      `筛选：状态：整改中。按“整改期限”升序排列。显示 ${rows.length} / 共 ${FINDINGS.filter((finding) => finding.unit === 'u2').length} 条。`,
    );
    await expect(page.locator('.filter-controls').isVisible()).resolves.toBe(false);
    expect((await allShown(page)).sort()).toEqual(ids(rows).sort());
    await page.close();
  });

  it.each([`${REPORT}?status=open&sort=due`, `${NOTICE}?overdue=1`, `${UNIT_PAGE}?severity=medium`])(
    'has no serious or critical accessibility problems with its filters (axe-core): /%s',
    async (sitePath) => {
      const page = await open(sitePath);
      // Injected through the DevTools protocol: the CSP would refuse an inline script of the page's own.
      const session = await page.context().newCDPSession(page);
      await session.send('Runtime.evaluate', { expression: axe.source });
      const violations = await page.evaluate(async () => {
        const results = await (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] });
        return results.violations.map(({ id, impact, nodes }) => ({ id, impact, targets: nodes.slice(0, 3).map((node) => node.target.join(' ')) }));
      });
      expect(violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')).toEqual([]);
      await page.close();
    },
  );
});
