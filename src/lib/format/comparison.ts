/**
 * Comparison wording for news articles, in natural Chinese: the figures a writer compares with
 * the previous campaign, large numbers, numerals and lists. Each is a filter of the news
 * templates (news-engine.ts), so these functions run in the pages and, for the data check, in
 * the sandbox's child process, which receives their source text (template-sandbox.ts).
 *
 * `createComparisonWording` is therefore SELF-CONTAINED: it uses nothing but JavaScript
 * built-ins and the rounding it is given, numbers.ts roundHalfUp (the sandbox sends that function's
 * source too). Numbers are rounded decimal half up on the digits shown, as the `percent` filter and
 * formatPercent round them, so a change is decided on the values the article shows: "持平" when
 * they are equal once rounded.
 *
 * A missing figure (null, undefined, not a number) throws: no wording of a comparison with
 * nothing is true, so the template fails at its line and the writer guards the sentence with
 * `{% if previous %}`. A relative change from zero throws for the same reason.
 */

import { roundHalfUp } from './numbers.ts';

export interface ComparisonWording {
  /** 35 vs 46 → `减少 11 个`; equal → `持平`. `unit` is the measure word. */
  countChange(current: unknown, previous: unknown, unit?: unknown): string;
  /** 35 vs 46 → `下降 23.9%` with 1 digit; equal once rounded → `持平`. */
  relativeChange(current: unknown, previous: unknown, digits?: unknown): string;
  /** Shares 0.629 vs 0.545 → `提高 8.4 个百分点`: the difference of the two rounded percentages. */
  pointsChange(current: unknown, previous: unknown, digits?: unknown): string;
  /** 32_000 → `3.2 万`, 250_000_000 → `2.5 亿`; below 10 000 the number as it is. */
  wan(value: unknown, digits?: unknown): string;
  /**
   * 3 → `三`, 2 → `两` (as before a measure word: 两个检查组), 15 → `十五`, 105 → `一百零五`,
   * 100 001 000 → `一亿零一千`; any safe integer (up to 2^53 − 1), negative ones too.
   */
  zhNumber(value: unknown): string;
  /** [甲, 乙, 丙] → `甲、乙和丙`. */
  zhList(items: unknown, last?: unknown): string;
}

/** Rounds decimal half up on `digits` digits: numbers.ts roundHalfUp. */
export type Rounding = (value: number, digits: number) => number;

export function createComparisonWording(round: Rounding): ComparisonWording {
  const figure = (name: string, value: unknown): number => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new Error(`${name} 需要数字，得到的是 ${value === undefined ? '空值' : JSON.stringify(value)}；没有可比的数字时，请用 {% if … %} 包住这句话`);
    }
    return value;
  };
  const precision = (name: string, digits: unknown): number => {
    const d = Number(digits);
    if (!Number.isInteger(d) || d < 0 || d > 6) throw new Error(`${name} 的小数位数应为 0 到 6 的整数，得到的是 ${String(digits)}`);
    return d;
  };
  /** A number rounded to `digits` as an integer count of its last digit: exact to compare and subtract. */
  const scaled = (value: number, digits: number) => Math.round(round(value, digits) * 10 ** digits);
  const unscaled = (units: number, digits: number) => (units / 10 ** digits).toFixed(digits);

  const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
  /** 0 < n < 10 000, as spoken inside a larger number (一十 is written 十 only at the very start). */
  const section = (n: number): string => {
    let text = '';
    let zero = false;
    for (const [power, name] of [
      [1000, '千'],
      [100, '百'],
      [10, '十'],
      [1, ''],
    ] as const) {
      const digit = Math.floor(n / power) % 10;
      if (digit === 0) {
        zero = text !== '';
        continue;
      }
      text += (zero ? '零' : '') + DIGITS[digit] + name;
      zero = false;
    }
    return text;
  };

  const countChange = (current: unknown, previous: unknown, unit: unknown = '个') => {
    const change = figure('count_change', current) - figure('count_change', previous);
    if (change === 0) return '持平';
    return `${change > 0 ? '增加' : '减少'} ${Math.abs(change)} ${String(unit)}`.trimEnd();
  };

  const relativeChange = (current: unknown, previous: unknown, digits: unknown = 1) => {
    const now = figure('relative_change', current);
    const base = figure('relative_change', previous);
    const d = precision('relative_change', digits);
    if (base <= 0) throw new Error(`relative_change 无法计算：上次的数字是 ${base}，相对变化只对大于 0 的数字有意义；可改用 count_change`);
    const units = scaled(Math.abs(((now - base) / base) * 100), d);
    if (units === 0) return '持平';
    return `${now > base ? '上升' : '下降'} ${unscaled(units, d)}%`;
  };

  const pointsChange = (current: unknown, previous: unknown, digits: unknown = 1) => {
    const d = precision('points_change', digits);
    const units = scaled(figure('points_change', current) * 100, d) - scaled(figure('points_change', previous) * 100, d);
    if (units === 0) return '持平';
    return `${units > 0 ? '提高' : '降低'} ${unscaled(Math.abs(units), d)} 个百分点`;
  };

  const wan = (value: unknown, digits: unknown = 1) => {
    const n = figure('wan', value);
    const d = precision('wan', digits);
    if (Math.abs(n) < 10_000) return Number.isInteger(n) ? String(n) : n.toFixed(d);
    const sign = n < 0 ? '-' : '';
    const units = scaled(Math.abs(n) / 10_000, d);
    // 99 999 999 at one digit would show as 10000.0 万: that is 1.0 亿.
    if (units < 10_000 * 10 ** d) return `${sign}${unscaled(units, d)} 万`;
    return `${sign}${unscaled(scaled(Math.abs(n) / 100_000_000, d), d)} 亿`;
  };

  /**
   * 0 < n ≤ Number.MAX_SAFE_INTEGER, read with the largest unit first: 亿 then 万 (so 万亿 is 万 of
   * 亿, 1 0000 0000 0000 → 一万亿), each unit followed by the digits below it. A 零 stands after a
   * unit when the first of those digits is zero, whether only that digit (一万零五, 十万零一百) or a
   * whole empty group of four (100 001 000 → 一亿零一千): the zeros between two digits that are
   * read are said once. Zeros at the end of a unit's digits are not read (10 001 000 → 一千万一千).
   */
  const spoken = (n: number): string => {
    if (n < 10_000) return section(n);
    const size = n >= 1e8 ? 1e8 : 1e4;
    const high = Math.floor(n / size);
    const low = n % size;
    const unit = `${spoken(high)}${size === 1e8 ? '亿' : '万'}`;
    return low === 0 ? unit : `${unit}${low < size / 10 ? '零' : ''}${spoken(low)}`;
  };

  const zhNumber = (value: unknown): string => {
    const n = figure('zh_number', value);
    // Beyond 2^53 − 1 a number is no longer exact: 9 007 199 254 740 993 is stored as …992.
    if (!Number.isSafeInteger(n)) throw new Error(`zh_number 只能写整数，绝对值不超过 ${Number.MAX_SAFE_INTEGER}（约九千万亿），得到的是 ${n}`);
    if (n === 0) return '零';
    // 两 is the count before a measure word (两个检查组); a negative number is read 负二.
    if (n === 2) return '两';
    if (n < 0) return `负${n === -2 ? '二' : zhNumber(-n)}`;
    // 10–19 are read 十, 十一…, not 一十 (inside a number it stays: 一百一十); a leading 二 before
    // 千, 万 or 亿 is read 两.
    return spoken(n)
      .replace(/^一十/, '十')
      .replace(/^二(?=[千万亿])/, '两');
  };

  const zhList = (items: unknown, last: unknown = '和') => {
    if (!Array.isArray(items)) throw new Error(`zh_list 需要一个列表，得到的是 ${JSON.stringify(items)}`);
    const words = items.map(String);
    if (words.length <= 1) return words.join('');
    return `${words.slice(0, -1).join('、')}${String(last)}${words[words.length - 1]}`;
  };

  return { countChange, relativeChange, pointsChange, wan, zhNumber, zhList };
}

/** The wording functions, for the pages and for tests (the sandbox's child process makes its own from the source). */
export const { countChange, relativeChange, pointsChange, wan, zhNumber, zhList } = createComparisonWording(roundHalfUp);
