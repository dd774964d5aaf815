import { describe, expect, it } from 'vitest';
import { countChange, pointsChange, relativeChange, wan, zhList, zhNumber } from '../../src/lib/format/comparison.ts';

/** Each filter against cases written by hand: zero, negative, equal, missing and rounding edges. */

const MISSING = [null, undefined, '35', Number.NaN];

describe('countChange', () => {
  it.each([
    [35, 46, undefined, '减少 11 个'],
    [49, 46, undefined, '增加 3 个'],
    [46, 46, undefined, '持平'],
    [0, 0, undefined, '持平'],
    [3, 0, undefined, '增加 3 个'],
    [0, 5, '家', '减少 5 家'],
    [-2, 1, undefined, '减少 3 个'],
    [5, 2, '', '增加 3'],
  ])('%s vs %s (%s) → %s', (current, previous, unit, expected) => {
    expect(countChange(current, previous, unit)).toBe(expected);
  });

  it.each(MISSING)('refuses a missing figure (%s)', (missing) => {
    expect(() => countChange(35, missing)).toThrow(/count_change 需要数字.*\{% if/);
    expect(() => countChange(missing, 35)).toThrow(/count_change 需要数字/);
  });
});

describe('relativeChange', () => {
  it.each([
    [35, 46, 1, '下降 23.9%'],
    [45, 40, 1, '上升 12.5%'],
    [45, 40, 0, '上升 13%'],
    [46, 46, 1, '持平'],
    // 10 001 vs 10 000 is +0.01%: at one digit that shows as 0.0%, so it is 持平.
    [10_001, 10_000, 1, '持平'],
    [10_001, 10_000, 2, '上升 0.01%'],
    [0, 8, 1, '下降 100.0%'],
    [-4, 8, 0, '下降 150%'],
  ])('%s vs %s at %s digits → %s', (current, previous, digits, expected) => {
    expect(relativeChange(current, previous, digits)).toBe(expected);
  });

  it('has no relative change from zero or below', () => {
    expect(() => relativeChange(3, 0)).toThrow(/上次的数字是 0.*count_change/);
    expect(() => relativeChange(3, -1)).toThrow(/上次的数字是 -1/);
  });

  it.each(MISSING)('refuses a missing figure (%s)', (missing) => {
    expect(() => relativeChange(35, missing)).toThrow(/relative_change 需要数字/);
  });

  it.each([[-1], [7], [1.5], ['a']])('refuses %s digits', (digits) => {
    expect(() => relativeChange(35, 46, digits)).toThrow(/小数位数/);
  });
});

describe('pointsChange', () => {
  it.each([
    // 54.55% is shown 54.6% (decimal half up, as everywhere): 62.9 − 54.6.
    [22 / 35, 0.5455, 1, '提高 8.3 个百分点'],
    [0.6, 35 / 46, 1, '降低 16.1 个百分点'],
    [0.5, 0.5, 1, '持平'],
    [0, 0, 0, '持平'],
    // 62.94% and 62.86% both show as 62.9%: 持平 at one digit, 0.08 points at two.
    [0.6294, 0.6286, 1, '持平'],
    [0.6294, 0.6286, 2, '提高 0.08 个百分点'],
    // The difference of the rounded values shown (63.0 − 54.5), not of the raw shares (8.48 → 8.5).
    [0.62954, 0.54474, 1, '提高 8.5 个百分点'],
    [0.62949, 0.54451, 1, '提高 8.4 个百分点'],
    [1, 0, 0, '提高 100 个百分点'],
  ])('%s vs %s at %s digits → %s', (current, previous, digits, expected) => {
    expect(pointsChange(current, previous, digits)).toBe(expected);
  });

  it.each(MISSING)('refuses a missing share (%s)', (missing) => {
    expect(() => pointsChange(missing, 0.5)).toThrow(/points_change 需要数字/);
  });
});

describe('wan', () => {
  it.each([
    [32_000, 1, '3.2 万'],
    [32_000, 0, '3 万'],
    [10_000, 1, '1.0 万'],
    [9_999, 1, '9999'],
    [0, 1, '0'],
    [-45_600, 1, '-4.6 万'],
    [12.345, 1, '12.3'],
    [123_456_789, 2, '1.23 亿'],
    // 99 999 999 is 9999.9999 万: at one digit that would read 10000.0 万.
    [99_999_999, 1, '1.0 亿'],
    [99_940_000, 1, '9994.0 万'],
  ])('%s at %s digits → %s', (value, digits, expected) => {
    expect(wan(value, digits)).toBe(expected);
  });

  it.each(MISSING)('refuses a missing figure (%s)', (missing) => {
    expect(() => wan(missing)).toThrow(/wan 需要数字/);
  });
});

describe('zhNumber', () => {
  it.each([
    [0, '零'],
    [1, '一'],
    [2, '两'],
    [3, '三'],
    [10, '十'],
    [12, '十二'],
    [20, '二十'],
    [22, '二十二'],
    [101, '一百零一'],
    [110, '一百一十'],
    [1_010, '一千零一十'],
    [2_000, '两千'],
    [10_005, '一万零五'],
    [20_000, '两万'],
    [100_000, '十万'],
    [100_100, '十万零一百'],
    [123_456_789, '一亿二千三百四十五万六千七百八十九'],
    [100_000_001, '一亿零一'],
    // A whole empty group of four between two digits is one 零 (tests/unit/zh-number.test.ts has more).
    [100_001_000, '一亿零一千'],
    [23_400_001_792, '二百三十四亿零一千七百九十二'],
    [1e12, '一万亿'],
    [-2, '负二'],
    [-15, '负十五'],
  ])('%s → %s', (value, expected) => {
    expect(zhNumber(value)).toBe(expected);
  });

  it.each([[1.5], [2 ** 53], ...MISSING.map((missing) => [missing])])('refuses %s', (value) => {
    expect(() => zhNumber(value)).toThrow(/zh_number/);
  });
});

describe('zhList', () => {
  it.each([
    [[], undefined, ''],
    [['竹溪瑞城'], undefined, '竹溪瑞城'],
    [['竹溪瑞城', '陕西金龙'], undefined, '竹溪瑞城和陕西金龙'],
    [['甲', '乙', '丙'], undefined, '甲、乙和丙'],
    [['甲', '乙', '丙'], '及', '甲、乙及丙'],
    [[1, 2], undefined, '1和2'],
  ])('%j (%s) → %s', (items, last, expected) => {
    expect(zhList(items, last)).toBe(expected);
  });

  it.each([[null], ['甲乙']])('refuses %j', (items) => {
    expect(() => zhList(items)).toThrow(/zh_list 需要一个列表/);
  });
});
