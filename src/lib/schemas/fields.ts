import { z } from 'zod/v4';
import { DATE_FORMS_TEXT, parseDay } from '../format/dates.ts';

/**
 * Cell-level schemas shared by the CSV files. The reader hands each schema a trimmed cell, or
 * undefined when the cell is blank or its column absent; each schema returns the typed value
 * or reports, in Chinese, what it expected. `params.expected` carries the expectation to the
 * error report. (zod/v4, bundled with zod 3.25, validates rows about ten times faster than v3.)
 */

export const requiredText = z.string({ error: (issue) => (issue.input === undefined ? '必填项为空' : '应为文字') });

export const optionalText = z.string().optional();

/**
 * Identifiers that end up in URLs and file names: no spaces, slashes or dots that climb, and
 * short enough that every file name made of them (`unit-<id>.pdf`, a campaign's folder) stays
 * far below the 255 bytes file systems allow.
 */
export const SLUG_MAX_LENGTH = 64;
export const SLUG_PATTERN = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${SLUG_MAX_LENGTH - 1}}$`);
export const SLUG_EXPECTED = `字母、数字、下划线或连字符组成、不超过 ${SLUG_MAX_LENGTH} 个字符的编码，如 sxjl、unit_01`;

/** Why a text is not an identifier, for messages. */
export function slugProblem(value: string): string {
  return value.length > SLUG_MAX_LENGTH ? `太长（${value.length} 个字符）` : '含有不允许的字符';
}

export const slug = requiredText.refine((value) => SLUG_PATTERN.test(value), {
  error: (issue) => `编码“${String(issue.input)}”${slugProblem(String(issue.input))}`,
  params: { expected: SLUG_EXPECTED },
});

/*
 * Cells that need normalising (dates, coded words) use `overwrite` followed by `check` rather
 * than `transform`: a transform turns the row schema into a pipe that zod cannot compile, and
 * validating 100,000 rows then takes half a second instead of a few tens of milliseconds.
 * `overwrite` rewrites the cell in place when it can; `check` rejects what it could not.
 */

/** An optional date in any accepted form, read as the ISO day `2025-10-31`. */
export const optionalDay = z
  .string()
  .overwrite((value) => parseDay(value) ?? value)
  .check((ctx) => {
    if (parseDay(ctx.value) !== ctx.value) {
      ctx.issues.push({ code: 'custom', input: ctx.value, message: `无法识别的日期“${ctx.value}”`, params: { expected: DATE_FORMS_TEXT } });
    }
  })
  .optional();

/** A closed set of coded words (statuses, severities): the codes, their Chinese labels, every spelling. */
export interface Vocabulary<Code extends string> {
  codes: readonly Code[];
  /** The word shown for each code: the first Chinese spelling. */
  labels: Readonly<Record<Code, string>>;
  /** The code of any accepted spelling (code or Chinese word, any letter case). */
  codeOf(word: string): Code | undefined;
  /** The cell schema: optional, each spelling read as its code. */
  schema: z.ZodOptional<z.ZodType<Code, string>>;
}

/** Each vocabulary by its cell schema, so that what a column allows is read from its declaration. */
const VOCABULARIES = new WeakMap<z.ZodType, Vocabulary<string>>();

/** A closed vocabulary written in Chinese or English: maps every spelling to one code. */
export function vocabulary<Code extends string>(label: string, spellings: Record<Code, readonly [string, ...string[]]>): Vocabulary<Code> {
  const entries = Object.entries(spellings) as Array<[Code, readonly [string, ...string[]]]>; // Object.entries widens keys to string.
  const lookup = new Map<string, Code>();
  for (const [code, words] of entries) {
    lookup.set(code.toLowerCase(), code);
    for (const word of words) lookup.set(word.toLowerCase(), code);
  }
  const codes = entries.map(([code]) => code);
  const known = new Set<string>(codes);
  const expected = entries.map(([code, words]) => [...words, code].join(' / ')).join('；');
  const schema = z
    .string()
    .overwrite((value) => lookup.get(value.toLowerCase()) ?? value)
    .check((ctx) => {
      if (!known.has(ctx.value)) {
        ctx.issues.push({ code: 'custom', input: ctx.value, message: `未知的${label}“${ctx.value}”`, params: { expected } });
      }
    })
    .optional();
  const result: Vocabulary<Code> = {
    codes,
    labels: Object.fromEntries(entries.map(([code, words]) => [code, words[0]])) as Record<Code, string>, // fromEntries widens too.
    codeOf: (word) => lookup.get(word.trim().toLowerCase()),
    // `overwrite` keeps the string type; the check above guarantees the narrower one.
    schema: schema as unknown as z.ZodOptional<z.ZodType<Code, string>>,
  };
  VOCABULARIES.set(result.schema, result);
  return result;
}

/**
 * The vocabulary a cell schema reads, through the defaults and optionals wrapped around it
 * (`STATUS.schema.default('open')`); undefined for a schema of free text, dates and the like.
 */
export function vocabularyOf(schema: z.ZodType): Vocabulary<string> | undefined {
  for (let current: z.ZodType | undefined = schema; current;) {
    const found = VOCABULARIES.get(current);
    if (found) return found;
    current =
      current instanceof z.ZodDefault || current instanceof z.ZodPrefault || current instanceof z.ZodOptional ? (current.unwrap() as z.ZodType) : undefined;
  }
  return undefined;
}

/** The `params.expected` a schema attached to a custom issue, if any. */
export function expectationOf(issue: z.core.$ZodIssue): string | undefined {
  const expected: unknown = 'params' in issue ? issue.params?.expected : undefined;
  return typeof expected === 'string' ? expected : undefined;
}
