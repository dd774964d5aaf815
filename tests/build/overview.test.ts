import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateData } from '../../scripts/lib/generate-data.ts';
import { buildSite } from '../helpers/build-site.ts';

/**
 * The overview of a group with many campaigns (40, over eight years): the home page charts the
 * trend by year instead of one bar a campaign, shows the latest campaigns, and the archive lists
 * every campaign exactly once, by year and kind.
 */
const root = mkdtempSync(path.join(tmpdir(), 'overview-'));
const out = path.join(root, 'site');
const CAMPAIGNS = 40;

let campaignIds: string[] = [];
/** Newest first, as the home page orders them: by date, then id. */
let newestFirst: string[] = [];
let years: string[] = [];
const page = (file: string) => readFileSync(path.join(out, file), 'utf8');
/** The campaign ids a page links to (its report, not the news or unit pages). */
const reportLinks = (html: string) => [...html.matchAll(/href="\/campaigns\/([^/"]+)\/"/g)].map((match) => match[1]);

beforeAll(async () => {
  const dataDir = path.join(root, 'data');
  await generateData({ out: dataDir, campaigns: CAMPAIGNS, units: 12, findings: 800, responses: 400, seed: 7 });
  campaignIds = readdirSync(path.join(dataDir, 'campaigns')).sort();
  const dateOf = new Map(
    campaignIds.map((id) => [
      id,
      /^date: *['"]?(\d{4}-\d{2}-\d{2})/m.exec(readFileSync(path.join(dataDir, 'campaigns', id, 'campaign.yml'), 'utf8'))?.[1] ?? '',
    ]),
  );
  newestFirst = [...campaignIds].sort((a, b) => (dateOf.get(b) ?? '').localeCompare(dateOf.get(a) ?? '') || b.localeCompare(a));
  years = [...new Set([...dateOf.values()].map((date) => date.slice(0, 4)))].sort();
  expect(years.length).toBeGreaterThan(3);
  const build = await buildSite({ OUT_DIR: out, DATA_DIR: dataDir, REPORT_DATE: '2026-11-24' });
  expect(build.status, build.output).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the overview of many campaigns', () => {
  it('charts the trend by year, one bar a year, with the years in its table', () => {
    const home = page('index.html');
    const closure = home.slice(home.indexOf('<caption>整改完成率'));
    const table = closure.slice(0, closure.indexOf('</table>'));
    const rowLabels = [...table.matchAll(/<tr>\s*<t[hd][^>]*>([^<]+)</g)].map((match) => match[1]?.trim()).slice(1);
    expect(rowLabels).toEqual(years.map((year) => `${year}年`));
    expect(home).toContain('整改完成率（按年度）');
  });

  it('shows the six latest campaigns in full and links to the archive of all of them', () => {
    const home = page('index.html');
    const listed = reportLinks(home.slice(home.indexOf('最近的检查活动')));
    expect(listed).toEqual(newestFirst.slice(0, 6));
    expect(home).toContain(`全部 ${CAMPAIGNS} 次检查活动`);
  });

  it('lists every campaign exactly once in the archive, a page a year, with a table of years and kinds', () => {
    const index = page('archive/index.html');
    for (const year of years) expect(index).toContain(`href="/archive/${year}/"`);
    const listed = years.flatMap((year) => reportLinks(page(`archive/${year}/index.html`)));
    expect(listed.sort()).toEqual(campaignIds);
    const totals = [...index.matchAll(/<td class="num">(\d+)<\/td>\s*<\/tr>/g)].map((match) => Number(match[1]));
    expect(totals.at(-1)).toBe(CAMPAIGNS);
  });
});
