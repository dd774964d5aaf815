import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSiteData } from '../../src/lib/load/load-site-data.ts';
import { readSettings } from '../../src/lib/settings.ts';
import { campaignTotals } from '../../src/lib/summary/campaign-figures.ts';
import { previousCampaign } from '../../src/lib/summary/previous-campaign.ts';
import { summaryJson } from '../../src/lib/summary/summary-json.ts';

/**
 * Golden cases: tests/fixtures/<case>/ holds a data folder as a user following the README writes
 * or exports it (its README.md says what it exercises), expected/<campaign>.summary.json, the
 * figures worked out by hand from that data, and expected/warnings.json when the data deserves
 * warnings (none otherwise). A new case is a folder; no test changes.
 *
 * Each case is copied out of this repository before it is loaded, so that git history and
 * provenance are the case's own (none), never this checkout's.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const REPORT_DATE = '2026-11-24';
const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const copies: string[] = [];
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

it('finds the golden cases', () => {
  expect(cases.length).toBeGreaterThanOrEqual(2);
});

describe.each(cases)('golden case %s', (name) => {
  it('loads with the expected warnings and gives the hand-worked summary.json of every campaign', async () => {
    const root = mkdtempSync(path.join(tmpdir(), `golden-${name}-`));
    copies.push(root);
    cpSync(path.join(FIXTURES, name), root, { recursive: true });
    const { data, warnings } = await loadSiteData(readSettings({ REPORT_DATE }, { root }));
    const expectedDir = path.join(FIXTURES, name, 'expected');
    const expectedWarnings = path.join(expectedDir, 'warnings.json');
    expect(warnings).toEqual(existsSync(expectedWarnings) ? JSON.parse(readFileSync(expectedWarnings, 'utf8')) : []);

    const expectedIds = readdirSync(expectedDir)
      .filter((file) => file.endsWith('.summary.json'))
      .map((file) => file.replace(/\.summary\.json$/, ''));
    expect(data.campaigns.map((campaign) => campaign.id).sort()).toEqual(expectedIds.sort());
    for (const campaign of data.campaigns) {
      const previous = previousCampaign(campaign, data.campaigns);
      const actual = summaryJson(campaignTotals(campaign, REPORT_DATE), null, previous && campaignTotals(previous, REPORT_DATE));
      const { sourceCommit, ...figures } = actual;
      expect(sourceCommit).toBeNull();
      expect(figures, campaign.id).toEqual(JSON.parse(readFileSync(path.join(expectedDir, `${campaign.id}.summary.json`), 'utf8')));
    }
  });
});
