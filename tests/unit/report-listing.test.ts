import { decodeHTML } from 'entities';
import { describe, expect, it } from 'vitest';
import { unitListingTable } from '../../src/lib/html/unit-listing-table.ts';
import type { Campaign, Finding } from '../../src/lib/model.ts';
import { findingPagePath, REPORT_LISTING_LIMIT, reportListsFindings } from '../../src/lib/report-pages.ts';
import { searchRecords } from '../../src/lib/search/search-records.ts';
import { campaignFigures, unitsWithFindings } from '../../src/lib/summary/campaign-figures.ts';
import { aCampaign, aFinding } from '../helpers/model-rows.ts';

/**
 * A campaign with more problems than a report can list within its page budget lists its units
 * instead, each linking to its notice; search then sends a problem to its notice's row.
 */

const finding = (n: number, overrides: Partial<Finding> = {}): Finding =>
  aFinding({ id: `F${n}`, line: n + 1, unit: n % 3 === 0 ? 'u1' : 'u2', description: `问题${n}`, ...overrides });

const campaign = (findings: Finding[]): Campaign => aCampaign({ findings, categories: ['执行不规范'], inspectedUnits: ['u1', 'u2'] });

const many = (count: number) => Array.from({ length: count }, (_, i) => finding(i + 1));

describe('how a report lists its problems', () => {
  it('lists them row by row up to the limit and by unit above it', () => {
    expect(reportListsFindings(campaign(many(REPORT_LISTING_LIMIT)))).toBe(true);
    expect(reportListsFindings(campaign(many(REPORT_LISTING_LIMIT + 1)))).toBe(false);
  });

  it('sends search to the row on the report, or on the unit’s notice above the limit', () => {
    const small = campaign(many(3));
    const large = campaign(many(REPORT_LISTING_LIMIT + 1));
    expect(findingPagePath(small, finding(3))).toBe('campaigns/c1/');
    expect(findingPagePath(large, finding(3))).toBe('campaigns/c1/units/u1/');
    const pages = searchRecords({ units: [], campaigns: [large] })
      .filter((record) => record.kind === 'finding')
      .map((record) => `${record.page}#${record.anchor}`);
    expect(pages).toContain('campaigns/c1/units/u1/#finding-F3');
    expect(pages).toContain('campaigns/c1/units/u2/#finding-F4');
  });
});

describe('the units table of a large report', () => {
  const rows = [
    finding(1, { unit: 'u1', status: 'closed' }),
    finding(2, { unit: 'u1', due: '2025-10-01' }),
    finding(3, { unit: 'u1', due: '2025-12-01', status: 'in_progress' }),
    finding(4, { unit: 'u2', due: '2026-06-01' }),
  ];
  const figures = campaignFigures(campaign(rows), '2026-01-01');
  const table = unitListingTable({
    units: unitsWithFindings(figures),
    unitName: (id) => (id === 'u1' ? '竹溪<瑞城>' : '乙公司'),
    noticeHref: (id) => `/campaigns/c1/units/${id}/`,
  });
  const cells = [...table.slice(table.indexOf('<tbody>')).matchAll(/<tr[^>]*>(.*?)<\/tr>/g)].map(([, row]) =>
    [...(row ?? '').matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map(([, cell]) => decodeHTML((cell ?? '').replace(/<[^>]+>/g, ''))),
  );

  it('counts each unit’s problems by status, its overdue ones and the longest overdue', () => {
    // u1 on 2026-01-01: F2 is 92 days past 2025-10-01 and F3 31 days past 2025-12-01; u2's F4 is not yet due.
    expect(cells).toEqual([
      ['竹溪<瑞城>', '3', '1', '1', '1', '2', '92 天'],
      ['乙公司', '1', '1', '0', '0', '0', '—'],
    ]);
  });

  it('links each unit to its notice and escapes its name', () => {
    expect(table).toContain('<a href="/campaigns/c1/units/u1/">竹溪&#60;瑞城&#62;</a>');
    expect(table).not.toContain('<瑞城>');
  });

  it('heads the status columns with the words the data uses', () => {
    expect(table).toMatch(/<th scope="col"[^>]*>未整改<\/th><th scope="col"[^>]*>整改中<\/th><th scope="col"[^>]*>已整改<\/th>/);
  });
});
