/**
 * How the workbooks the site writes (the 整改台账 downloads, the templates) put days and text
 * into cells, in one place, so that a download and a template read the same in Excel: a day is
 * an Excel date shown as 2025-10-31, a text column is formatted as text so that Excel keeps
 * what is typed (F001, 001, 1-2) instead of turning it into a number or a date.
 */

/** The number format of a date cell: 2025-10-31, as the site writes days. */
export const DATE_FORMAT = 'yyyy-mm-dd';
/** The number format of a text cell (Excel's 文本): typed digits stay text. */
export const TEXT_FORMAT = '@';

/** An ISO day as the Date ExcelJS writes as that day's serial number (midnight UTC: no time zone shifts it). */
export function toExcelDate(day: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1));
}

/** Excel's serial number of an ISO day (1900 date system: 1 = 1900-01-01, with Lotus's phantom 1900-02-29). */
export function excelSerial(day: string): number {
  return Math.round(toExcelDate(day).getTime() / 86_400_000) + 25_569;
}

/** How wide a text is in Excel's character widths: a CJK or full-width character counts double. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text)
    width += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]|[\u{20000}-\u{3FFFD}]/u.test(char) ? 2 : 1;
  return width;
}
