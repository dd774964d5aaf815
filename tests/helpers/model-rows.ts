import type { Finding } from '../../src/lib/model.ts';

/**
 * A validated problem as the loader hands it on, for tests of the pure core: the fields a row
 * must have, overridden where the test is about something. Pure (no files), so the unit tier may
 * use it.
 */
export function aFinding(overrides: Partial<Finding> = {}): Finding {
  return { id: 'F1', line: 2, unit: 'u1', category: '执行不规范', description: '描述', status: 'open', ...overrides };
}
