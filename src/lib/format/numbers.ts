import { format } from 'd3-format';

/** 0.70967 → `71%` with 0 digits, `70.97%` with 2: the writer chooses the precision. */
export function formatPercent(share: number, digits = 0): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 6) {
    throw new RangeError(`percent digits must be an integer from 0 to 6, got ${digits}`);
  }
  return format(`.${digits}%`)(share);
}

