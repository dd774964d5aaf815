/**
 * One rounding for every figure the site shows: decimal, half up (away from zero), on the digits
 * shown. A share is a binary float: 3/40 is 0.07499999999999999…, which d3-format and toFixed
 * round down to 7%, while the same figure written as a decimal (7.5%) rounds to 8%. The value is
 * first read back as the 12-digit decimal it stands for, then rounded on its decimal digits.
 *
 * SELF-CONTAINED (built-ins only): the news templates' sandbox receives its source text.
 */
export function roundHalfUp(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const decimal = Math.abs(Number(value.toPrecision(12)));
  // Shifting through the exponent of a decimal string is exact: Number('12.345e2') is 1234.5.
  const [mantissa = '0', exponent = '0'] = decimal.toExponential().split('e');
  const shifted = Math.floor(Number(`${mantissa}e${Number(exponent) + digits}`) + 0.5);
  const rounded = Number(`${shifted}e${-digits}`);
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** 0.70967 → `71%` with 0 digits, `70.97%` with 2: the writer chooses the precision. */
export function formatPercent(share: number, digits = 0): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 6) {
    throw new RangeError(`percent digits must be an integer from 0 to 6, got ${digits}`);
  }
  const percent = roundHalfUp(share * 100, digits);
  // The minus sign d3-format wrote, so that no figure changes its look.
  return `${percent < 0 ? '−' : ''}${Math.abs(percent).toFixed(digits)}%`;
}
