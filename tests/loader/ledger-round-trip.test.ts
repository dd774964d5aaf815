import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { siteDownloads, findDownload, type DownloadSite } from '../../src/lib/export/downloads.ts';
import { loadSiteData } from '../../src/lib/load/load-site-data.ts';
import type { SiteData } from '../../src/lib/model.ts';
import { readSettings } from '../../src/lib/settings.ts';
import { PROJECT_ROOT } from '../helpers/build-site.ts';

/**
 * The 整改台账 workbook a unit downloads, edited in Excel and committed back as the campaign's
 * findings, must be read as the CSV it replaces: committed unchanged, it builds the same
 * summary.json. Workbooks are read by the data loader's own reader (src/lib/xlsx/).
 */

const REPORT_DATE = '2026-12-01';
const CAMPAIGN = '2025-09-cross-check';
const work = mkdtempSync(path.join(tmpdir(), 'ledger-round-trip-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const site = (data: SiteData): DownloadSite => ({
  units: data.units,
  campaigns: data.campaigns,
  reportDate: REPORT_DATE,
  siteTitle: '绩效检查报告',
  commits: null,
});

async function download(data: SiteData, file: string): Promise<string | Uint8Array> {
  const found = findDownload(siteDownloads(site(data)), file);
  if (!found) throw new Error(`no download ${file}`);
  return found.produce();
}

describe('findings.xlsx committed back as the campaign’s findings', () => {
  it('builds the same summary.json as the findings.csv it came from', async () => {
    const dataDir = path.join(work, 'data');
    cpSync(path.join(PROJECT_ROOT, 'data'), dataDir, { recursive: true });
    const settings = readSettings({ DATA_DIR: dataDir, REPORT_DATE }, { root: PROJECT_ROOT });
    const before = (await loadSiteData(settings)).data;
    const workbook = await download(before, `campaigns/${CAMPAIGN}/findings.xlsx`);
    rmSync(path.join(dataDir, 'campaigns', CAMPAIGN, 'findings.csv'));
    writeFileSync(path.join(dataDir, 'campaigns', CAMPAIGN, 'findings.xlsx'), workbook);
    const after = (await loadSiteData(settings)).data;
    const summary = `campaigns/${CAMPAIGN}/summary.json`;
    expect(await download(after, summary)).toBe(await download(before, summary));
    // And the rows themselves, cell for cell (their line numbers aside).
    const findings = (data: SiteData) => data.campaigns.find((campaign) => campaign.id === CAMPAIGN)?.findings.map(({ line: _line, ...finding }) => finding);
    expect(findings(after)).toEqual(findings(before));
  });
});
