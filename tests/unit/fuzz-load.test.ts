import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/lib/errors.ts';
import { CAMPAIGN, createFixture, VALID_FILES, type Fixture } from '../helpers/data-fixture.ts';

/**
 * Random damage to valid CSV files, of the kinds Excel users and exports cause. Whatever the
 * damage, loading either succeeds with every data row counted, or fails with located errors:
 * never a crash, never a silently dropped row.
 */

const FINDINGS = `${CAMPAIGN}/findings.csv`;
const HIGHLIGHTS = `${CAMPAIGN}/highlights.csv`;
const SOURCE = Buffer.from(
  [
    'id,unit,team,category,description,due,status,closed_on',
    'F1,u2,t1,执行不规范,纪要缺签字,2025-10-31,closed,2025-10-01',
    'F2,乙公司,第一组,执行不规范,"素材不全,需补充",2025/11/30,整改中,',
    'F3,u3,,标准化建设不完善,"多行',
    '描述",2025年12月31日,,',
    'F4,u2,t1,执行不规范,"含""引号""",,open,',
    '',
  ].join('\r\n'),
);

const SPECIALS = [',', '"', '\n', '\r', '\r\n', ' ', '中', 'x', '\t', '=', ''].map((s) => Buffer.from(s));

type Damage = (bytes: Buffer) => Buffer;

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ at: fc.nat(), text: fc.constantFrom(...SPECIALS) }).map(({ at, text }) => (b: Buffer) => {
    const i = at % (b.length + 1);
    return Buffer.concat([b.subarray(0, i), text, b.subarray(i)]);
  }),
  fc.record({ at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }).map(({ at, length }) => (b: Buffer) => {
    const i = at % (b.length + 1);
    return Buffer.concat([b.subarray(0, i), b.subarray(i + length)]);
  }),
  fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }).map(({ at, byte }) => (b: Buffer) => {
    const copy = Buffer.from(b);
    if (copy.length > 0) copy[at % copy.length] = byte;
    return copy;
  }),
  fc.nat().map((at) => (b: Buffer) => b.subarray(0, at % (b.length + 1))),
  fc.nat().map((at) => (b: Buffer) => {
    const lines = b.toString('latin1').split('\n');
    const i = at % lines.length;
    lines.splice(i, 0, lines[i] ?? '');
    return Buffer.from(lines.join('\n'), 'latin1');
  }),
);

/** Data rows as an independent reading sees them: non-blank records after the header. */
function dataRows(bytes: Buffer): number {
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const records = Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), { skipEmptyLines: false }).data;
  return Math.max(records.filter((cells) => cells.some((cell) => cell.trim() !== '')).length - 1, 0);
}

let fixture: Fixture;
beforeAll(() => {
  fixture = createFixture();
});
afterAll(() => fixture.cleanup());

describe('loading damaged CSV files', () => {
  it.each([
    [FINDINGS, SOURCE, 'findings'],
    [HIGHLIGHTS, Buffer.from(VALID_FILES[HIGHLIGHTS] ?? ''), 'highlights'],
  ] as const)('%s: every row counted, or a located error', async (file, source, kind) => {
    const outcomes = { built: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(damage, { minLength: 1, maxLength: 4 }), async (damages) => {
        const bytes = damages.reduce<Buffer>((b, d) => d(b), source);
        fixture.write(file, bytes);
        try {
          const { data } = await fixture.load();
          const campaign = data.campaigns[0];
          expect(campaign?.[kind].length).toBe(dataRows(bytes));
          outcomes.built++;
        } catch (error) {
          if (!(error instanceof DataError)) throw error;
          const errors = error.issues.filter((issue) => issue.severity === 'error');
          expect(errors.length).toBeGreaterThan(0);
          for (const issue of errors) {
            expect(issue.file).toMatch(/^data\//);
            expect(issue.message.length).toBeGreaterThan(0);
          }
          expect(errors.some((issue) => issue.file === file)).toBe(true);
          outcomes.rejected++;
        }
      }),
      { numRuns: 200, seed: 20250917 },
    );
    fixture.write(file, source);
    // Both outcomes must occur, or the property says nothing about one of them.
    expect(outcomes.built).toBeGreaterThanOrEqual(5);
    expect(outcomes.rejected).toBeGreaterThanOrEqual(5);
  });
});
