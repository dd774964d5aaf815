import { differenceInCalendarDays, format, isValid, parse, parseISO } from 'date-fns';

/** The date forms users type or Excel writes, all read as a calendar day (no time zone). */
const INPUT_FORMATS = ['yyyy-M-d', 'yyyy/M/d', 'yyyy年M月d日', 'yyyy.M.d'];
const REFERENCE_DATE = new Date(2000, 0, 1);

export const DATE_FORMS_TEXT = '2025-10-31、2025/10/31 或 2025年10月31日';

/** Due dates repeat across thousands of rows; date-fns parsing is worth remembering. */
const parsedDays = new Map<string, string | null>();
const MAX_REMEMBERED_DAYS = 10_000;

/** `2025/10/31` → `2025-10-31`; null when the text is not one of the accepted forms. */
export function parseDay(text: string): string | null {
  const value = text.trim();
  const known = parsedDays.get(value);
  if (known !== undefined) return known;
  const day = parseUncached(value);
  if (parsedDays.size < MAX_REMEMBERED_DAYS) parsedDays.set(value, day);
  return day;
}

function parseUncached(value: string): string | null {
  if (!/^\d{4}\D/.test(value)) return null;
  for (const form of INPUT_FORMATS) {
    const day = parse(value, form, REFERENCE_DATE);
    if (isValid(day)) return format(day, 'yyyy-MM-dd');
  }
  return null;
}

/** Formats an ISO day with a date-fns pattern, e.g. `M月d日` or `yyyy年M月d日`. */
export function formatDay(isoDay: string, pattern = 'yyyy年M月d日'): string {
  return format(parseISO(isoDay), pattern);
}

/** Whole days from one ISO day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Rectification figures compare the same few hundred days across tens of thousands of rows. */
const dayNumbers = new Map<string, number>();
const DAY_ZERO = new Date(2000, 0, 1);

function dayNumber(isoDay: string): number {
  let number = dayNumbers.get(isoDay);
  if (number === undefined) {
    number = differenceInCalendarDays(parseISO(isoDay), DAY_ZERO);
    if (dayNumbers.size < MAX_REMEMBERED_DAYS) dayNumbers.set(isoDay, number);
  }
  return number;
}

/** A moment as the office reads it, in its time zone: `2026年12月2日 13:50`. */
export function formatMoment(iso: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日 ${parts.hour}:${parts.minute}`;
}
