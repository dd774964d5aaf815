import fc from 'fast-check';
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

/**
 * The text the loader is documented to read from these bytes (decode-text.ts): a UTF-8 or
 * UTF-16 byte-order mark decides the encoding; without one, UTF-8 when the bytes are valid
 * UTF-8, else GB18030. Only TextDecoder is used here, none of the loader's code.
 */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** Whitespace as String.prototype.trim sees it (same set as \s): a cell of only this is blank. */
const WHITESPACE = /\s/;

/**
 * Data rows counted by hand, without papaparse (the loader's own parser), following RFC 4180:
 *
 *  - a field is quoted only when its very first character is `"` (a `"` later in an unquoted
 *    field is an ordinary character, as papaparse and Excel read it);
 *  - inside a quoted field, `""` is one escaped `"` and a lone `"` closes the field; commas,
 *    CR and LF there are cell text;
 *  - outside quotes, `,` ends a field and CR, LF or CRLF (one terminator) ends a record;
 *  - a record counts when some cell has a non-whitespace character, so `,,,`, `""` and
 *    whitespace-only lines are blank, as the loader treats them;
 *  - the first counted record is the header.
 *
 * Only files the loader accepts reach this count; malformed quoting (text after a closing
 * quote, a quote never closed) is rejected by the loader, so the counter need not agree there.
 */
function dataRows(bytes: Buffer): number {
  const text = decode(bytes);
  let records = 0; // non-blank records so far, header included
  let inQuotes = false; // between the opening and closing quote of a quoted field
  let atFieldStart = true; // nothing of the current field read yet
  let hasContent = false; // the current record has a non-whitespace character in some cell
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        hasContent = true; // "" → one literal quote, which is content
        i++;
      } else if (c === '"') {
        inQuotes = false; // closing quote
      } else if (!WHITESPACE.test(c)) {
        hasContent = true; // any other non-whitespace character, a comma too, is cell text
      }
    } else if (c === '"' && atFieldStart) {
      inQuotes = true; // opening quote: structure, not content
      atFieldStart = false;
    } else if (c === ',') {
      atFieldStart = true;
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++; // CRLF is one terminator
      if (hasContent) records++;
      hasContent = false;
      atFieldStart = true;
    } else {
      atFieldStart = false;
      if (!WHITESPACE.test(c)) hasContent = true;
    }
  }
  if (hasContent) records++; // a last record without a terminator
  return Math.max(records - 1, 0);
}

let fixture: Fixture;
beforeAll(() => {
  fixture = createFixture();
});
afterAll(() => fixture.cleanup());

describe('the hand-written row counter', () => {
  // Counted by eye, so that the oracle itself is checked before it judges the loader.
  it.each([
    ['the undamaged findings (a quoted comma, a cell over two lines, escaped quotes)', SOURCE, 4],
    ['blank records: empty, commas only, an empty quoted cell, whitespace', Buffer.from('id\r\n\r\n,,\r\n""\r\n \t\n\rx'), 1],
    ['a quoted cell holding blank lines and a comma', Buffer.from('h,i\n"a\n\n,b",1\n'), 1],
    ['a quote in the middle of an unquoted cell is a character', Buffer.from('h,i\nab"c,d\ne,f'), 2],
    ['an escaped quote is content', Buffer.from('h\n""""\n'), 1],
    ['only a header', Buffer.from('h,i\r\n'), 0],
  ])('%s', (_, bytes, rows) => {
    expect(dataRows(bytes)).toBe(rows);
  });
});

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
