import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateData } from '../../scripts/lib/generate-data.ts';
import { REPORT_LISTING_LIMIT } from '../../src/lib/report-pages.ts';
import { buildSite } from '../helpers/build-site.ts';

/**
 * A campaign with more problems than a report lists row by row: its report lists the units with
 * their counts and links to their notices, every problem is still on exactly one page (its unit's
 * notice), and the report stays within the 300 KB a page may weigh. A smaller campaign beside it
 * keeps its full list.
 */
const root = mkdtempSync(path.join(tmpdir(), 'report-listing-'));
const out = path.join(root, 'site');
const dataDir = path.join(root, 'data');
const PAGE_BUDGET = 300 * 1024;

interface CampaignRows {
  id: string;
  findings: Array<{ id: string; unit: string }>;
}
let campaigns: CampaignRows[] = [];
const page = (file: string) => readFileSync(path.join(out, file), 'utf8');
const rowIds = (html: string) => [...html.matchAll(/<tr id="finding-([^"]+)"/g)].map((match) => match[1]);

beforeAll(async () => {
  // Two campaigns sharing 560 problems: the generator gives them unequal shares.
  await generateData({ out: dataDir, campaigns: 2, units: 14, findings: 560, responses: 0, seed: 11 });
  const csv = (file: string) =>
    Papa.parse<string[]>(
      readFileSync(file, 'utf8')
        .replace(/^\uFEFF/, '')
        .trim(),
    ).data;
  // The generator writes a unit by its code or by its name, as staff do.
  const unitIds = new Map(csv(path.join(dataDir, 'units.csv')).flatMap(([id = '', name = '']) => [[name, id] as const, [id, id] as const]));
  campaigns = readdirSync(path.join(dataDir, 'campaigns')).map((id) => {
    const [header = [], ...rows] = csv(path.join(dataDir, 'campaigns', id, 'findings.csv'));
    const [idAt, unitAt] = [header.indexOf('编号'), header.indexOf('被检单位')];
    return { id, findings: rows.map((row) => ({ id: row[idAt] ?? '', unit: unitIds.get(row[unitAt] ?? '') ?? '' })) };
  });
  expect(campaigns.flatMap((campaign) => campaign.findings).every((finding) => finding.id && finding.unit)).toBe(true);
  expect(campaigns.some((campaign) => campaign.findings.length > REPORT_LISTING_LIMIT)).toBe(true);
  const build = await buildSite({ OUT_DIR: out, DATA_DIR: dataDir, REPORT_DATE: '2026-11-24' });
  expect(build.status, build.output).toBe(0);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a report with more problems than it lists', () => {
  it('lists each unit with a link to its notice instead of every row, within the page budget', () => {
    for (const campaign of campaigns) {
      const report = page(`campaigns/${campaign.id}/index.html`);
      const size = statSync(path.join(out, 'campaigns', campaign.id, 'index.html')).size;
      expect(size, campaign.id).toBeLessThanOrEqual(PAGE_BUDGET);
      const units = [...new Set(campaign.findings.map((finding) => finding.unit))];
      if (campaign.findings.length > REPORT_LISTING_LIMIT) {
        expect(rowIds(report), campaign.id).toEqual([]);
        expect(report).toContain('各单位的问题及整改情况');
        expect(report).toContain(`共 ${campaign.findings.length} 个问题`);
        for (const unit of units) expect(report, unit).toContain(`href="/campaigns/${campaign.id}/units/${unit}/"`);
      } else {
        expect(rowIds(report).sort()).toEqual(campaign.findings.map((finding) => finding.id).sort());
      }
    }
  });

  it('still shows every problem in full on exactly one notice: its unit’s', () => {
    for (const campaign of campaigns) {
      const seen = new Map<string, string[]>();
      for (const unit of readdirSync(path.join(out, 'campaigns', campaign.id, 'units'))) {
        for (const id of rowIds(page(`campaigns/${campaign.id}/units/${unit}/index.html`))) seen.set(id ?? '', [...(seen.get(id ?? '') ?? []), unit]);
      }
      for (const finding of campaign.findings) expect(seen.get(finding.id), finding.id).toEqual([finding.unit]);
    }
  });
});
