import { z } from 'zod';
import { DATE_FORMS_TEXT, parseDay } from '../format/dates.ts';

/**
 * Cell-level schemas shared by the CSV files. A cell arrives as text (or undefined when its
 * column is absent); each schema trims it and either returns the typed value or reports, in
 * Chinese, what it expected. `params.expected` carries the expectation to the error report.
 */

export const requiredText = z
  .string({ required_error: '缺少内容' })
  .trim()
  .min(1, { message: '必填项为空' });

export const optionalText = z
  .string()
  .optional()
  .transform((value) => value?.trim() || undefined);

/** Identifiers that end up in URLs and file names: no spaces, slashes or dots that climb. */
export const SLUG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
export const SLUG_EXPECTED = '字母、数字、下划线或连字符组成的编码，如 sxjl、unit_01';

export const slug = requiredText.refine((value) => SLUG_PATTERN.test(value), (value) => ({
  message: `编码“${value}”含有不允许的字符`,
  params: { expected: SLUG_EXPECTED },
}));

export const optionalDay = optionalText.transform((value, ctx) => {
  if (value === undefined) return undefined;
  const day = parseDay(value);
  if (day === null) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `无法识别的日期“${value}”`,
      params: { expected: DATE_FORMS_TEXT },
    });
    return z.NEVER;
  }
  return day;
});

/** A closed vocabulary written in Chinese or English: maps every spelling to one code. */
export function vocabulary<Code extends string>(spellings: Record<Code, readonly string[]>, label: string) {
  const lookup = new Map<string, Code>();
  for (const [code, words] of Object.entries(spellings) as Array<[Code, readonly string[]]>) {
    lookup.set(code.toLowerCase(), code);
    for (const word of words) lookup.set(word.toLowerCase(), code);
  }
  const expected = (Object.entries(spellings) as Array<[Code, readonly string[]]>)
    .map(([code, words]) => [...words, code].join(' / '))
    .join('；');
  return optionalText.transform((value, ctx) => {
    if (value === undefined) return undefined;
    const code = lookup.get(value.toLowerCase());
    if (code === undefined) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `未知的${label}“${value}”`, params: { expected } });
      return z.NEVER;
    }
    return code;
  });
}
