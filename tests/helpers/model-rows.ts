import type { Campaign, Finding } from '../../src/lib/model.ts';

/**
 * Validated rows as the loader hands them on, for tests of the pure core: the fields a row must
 * have, overridden where the test is about something. Pure (no files), so the unit tier may use
 * them.
 */
export function aFinding(overrides: Partial<Finding> = {}): Finding {
  return { id: 'F1', line: 2, unit: 'u1', category: '执行不规范', description: '描述', status: 'open', ...overrides };
}

/** A campaign with no teams, highlights or survey, inspecting the units of its problems (or u1). */
export function aCampaign(overrides: Partial<Campaign> = {}): Campaign {
  const findings = overrides.findings ?? [];
  return {
    id: 'c1',
    title: '测试检查',
    date: '2025-09-17',
    kind: '检查',
    scope: { materials: [] },
    markdownColumns: [],
    categories: [],
    teams: [],
    inspectedUnits: findings.length > 0 ? [...new Set(findings.map((finding) => finding.unit))] : ['u1'],
    findings,
    highlights: [],
    survey: null,
    news: { file: '', source: '' },
    sources: [],
    rows: { findings: findings.length, highlights: overrides.highlights?.length ?? 0, responses: 0 },
    ...overrides,
  };
}
