import nzh from 'nzh/cn';
import { describe, expect, it } from 'vitest';
import { zhNumber } from '../../src/lib/format/comparison.ts';

/**
 * zh_number on the numbers where readings go wrong: zeros inside a group of four, at the start
 * of one, a whole empty group (100 001 000 → 一亿零一千, issue 22), zeros at the end of a group
 * (not read: 10 001 000 → 一千万一千), 万亿, and the ends of the range. Then the same filter
 * against nzh, a published converter written by someone else, on 100 000 seeded numbers.
 */

describe('zh_number on tricky numbers', () => {
  it.each([
    [0, '零'],
    [10, '十'],
    [15, '十五'],
    [100, '一百'],
    [101, '一百零一'],
    [110, '一百一十'],
    [1_000, '一千'],
    [1_001, '一千零一'],
    [1_010, '一千零一十'],
    [10_000, '一万'],
    [10_001, '一万零一'],
    [10_010, '一万零一十'],
    [100_000, '十万'],
    [100_001, '十万零一'],
    [110_000, '十一万'],
    [1_000_000, '一百万'],
    [1_000_100, '一百万零一百'],
    [10_000_000, '一千万'],
    // Zeros at the end of the 万 group are not read: the unit 万 says where the next digit is.
    [10_001_000, '一千万一千'],
    [100_000_000, '一亿'],
    [100_000_001, '一亿零一'],
    // A whole empty 万 group between two digits is read as one 零 (it was dropped: 一亿一千).
    [100_001_000, '一亿零一千'],
    [100_010_000, '一亿零一万'],
    [101_000_000, '一亿零一百万'],
    [1_001_001_001, '十亿零一百万一千零一'],
    [1_010_101_010, '十亿一千零一十万一千零一十'],
    [23_400_001_792, '二百三十四亿零一千七百九十二'],
    [100_000_010_000, '一千亿零一万'],
    [1_000_000_000_000, '一万亿'],
    [1_000_000_000_001, '一万亿零一'],
    [1_000_100_000_000, '一万零一亿'],
    // 万亿 is 万 of 亿: what follows 亿 starts with 千万 here, so no 零 (nzh reads it so too).
    [1_000_010_000_000, '一万亿一千万'],
    [1_234_567_890_123, '一万二千三百四十五亿六千七百八十九万零一百二十三'],
    [Number.MAX_SAFE_INTEGER, '九千零七万一千九百九十二亿五千四百七十四万零九百九十一'],
    // 两 before a measure word, and for a leading 二 before 千, 万, 亿.
    [2, '两'],
    [2_000, '两千'],
    [22_000, '两万二千'],
    [200_000_000, '两亿'],
    [2_000_000_000_000, '两万亿'],
    [200, '二百'],
    [12, '十二'],
    [-1, '负一'],
    [-2, '负二'],
    [-10, '负十'],
    [-100_001_000, '负一亿零一千'],
    [-Number.MAX_SAFE_INTEGER, '负九千零七万一千九百九十二亿五千四百七十四万零九百九十一'],
  ])('%s → %s', (value, expected) => {
    expect(zhNumber(value)).toBe(expected);
  });

  // Beyond 2^53 − 1 a number is not exact (2^53 + 1 is stored as 2^53): no reading of it is true.
  it.each([[2 ** 53], [-(2 ** 53)], [1e21], [0.5], [-1.5]])('refuses %s with the range in Chinese', (value) => {
    expect(() => zhNumber(value)).toThrow(/^zh_number 只能写整数，绝对值不超过 9007199254740991（约九千万亿）/);
  });

  it('refuses what is not a number at all, as every comparison filter does', () => {
    expect(() => zhNumber(Number.POSITIVE_INFINITY)).toThrow(/^zh_number 需要数字/);
  });
});

/**
 * nzh's reading mapped to this project's two conventions: 一十 is 十 only at the very start
 * (nzh without `tenMin` writes 一十 everywhere; with it, also inside: 一亿零十万), and 两 for 2
 * and for a leading 二 before 千, 万 or 亿 (nzh has no 两). A negative number is 负 and its
 * reading (负两千), but −2 is 负二.
 */
function oracle(n: number): string {
  const magnitude = Math.abs(n);
  const reading = nzh
    .encodeS(String(magnitude), { tenMin: false })
    .replace(/^一十/, '十')
    .replace(/^二(?=[千万亿])/, '两');
  if (magnitude === 2) return n < 0 ? '负二' : '两';
  return n < 0 ? `负${reading}` : reading;
}

/** mulberry32: a small seeded PRNG, so that a failure names a number that fails again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Integers of 1 to 16 digits, drawn digit by digit with a share of zeros that varies from
 * number to number (none to nearly all): uniform integers would almost never hold the runs of
 * zeros, the empty groups of four, that readings get wrong. A tenth are negative.
 */
function* numbers(count: number, seed: number): Generator<number> {
  const next = random(seed);
  const digit = (zeros: number) => (next() < zeros ? 0 : 1 + Math.floor(next() * 9));
  for (let i = 0; i < count; i++) {
    const length = 1 + Math.floor(next() * 16);
    const zeros = [0, 0.3, 0.6, 0.8, 0.95][Math.floor(next() * 5)] as number;
    // A 16-digit number starts with 1–8: it stays below 2^53 ≈ 9.007 × 10^15.
    let text = String(1 + Math.floor(next() * (length === 16 ? 8 : 9)));
    for (let d = 1; d < length; d++) text += digit(zeros);
    yield next() < 0.1 ? -Number(text) : Number(text);
  }
}

describe('zh_number against nzh', () => {
  it('the oracle agrees with the hand-written table', () => {
    expect([0, 15, 110, 100_001_000, 23_400_001_792, -2, 22_000].map(oracle)).toEqual([
      '零',
      '十五',
      '一百一十',
      '一亿零一千',
      '二百三十四亿零一千七百九十二',
      '负二',
      '两万二千',
    ]);
  });

  it('reads every number from 0 to 100 000 as nzh does', () => {
    const wrong: string[] = [];
    for (let n = 0; n <= 100_000 && wrong.length < 10; n++) {
      const [ours, theirs] = [zhNumber(n), oracle(n)];
      if (ours !== theirs) wrong.push(`${n}: ${ours} ≠ ${theirs}`);
    }
    expect(wrong).toEqual([]);
  });

  it('reads 100 000 seeded random integers up to 16 digits as nzh does', () => {
    const wrong: string[] = [];
    for (const n of numbers(100_000, 20_260_022)) {
      const [ours, theirs] = [zhNumber(n), oracle(n)];
      if (ours !== theirs && wrong.length < 10) wrong.push(`${n}: ${ours} ≠ ${theirs}`);
    }
    expect(wrong).toEqual([]);
  });
});
