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
  return {
    codes,
    labels: Object.fromEntries(entries.map(([code, words]) => [code, words[0]])) as Record<Code, string>, // fromEntries widens too.
    codeOf: (word) => lookup.get(word.trim().toLowerCase()),
    // `overwrite` keeps the string type; the check above guarantees the narrower one.
    schema: schema as unknown as z.ZodOptional<z.ZodType<Code, string>>,
  };
}

/** The `params.expected` a schema attached to a custom issue, if any. */
export function expectationOf(issue: z.core.$ZodIssue): string | undefined {
  const expected: unknown = 'params' in issue ? issue.params?.expected : undefined;
  return typeof expected === 'string' ? expected : undefined;
}

/**
 * How many characters must be inserted, deleted or replaced, or neighbours swapped, to turn
 * one text into the other (Levenshtein distance counting a transposition as one edit, since
 * "titel" is one slip of the fingers, not two).
 */
export function editDistance(a: string, b: string): number {
  const source = [...a];
  const target = [...b];
  let before: number[] = [];
  let previous = Array.from({ length: target.length + 1 }, (_, j) => j);
  source.forEach((char, i) => {
    const current = [i + 1];
    target.forEach((other, j) => {
      let distance = Math.min((previous[j + 1] ?? 0) + 1, (current[j] ?? 0) + 1, (previous[j] ?? 0) + (char === other ? 0 : 1));
      if (i > 0 && j > 0 && char === target[j - 1] && source[i - 1] === other) distance = Math.min(distance, (before[j - 1] ?? 0) + 1);
      current.push(distance);
    });
    [before, previous] = [previous, current];
  });
  return previous[target.length] ?? 0;
}

/** Letter case, full-width letters and surrounding spaces do not make two spellings different. */
function spelling(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase();
}

/**
 * The candidates a misspelt value most likely meant: those fewest edits away, when that is at
 * most a third of the longer text (one edit at least). Failing that, the candidates that
 * contain the value or are contained in it (金龙 → 陕西金龙), when they are few. Several
 * candidates come back only when they are equally close.
 */
export function closestMatches(value: string, candidates: Iterable<string>): string[] {
  const typed = spelling(value);
  const others = [...new Set(candidates)].filter((candidate) => candidate !== value && candidate.trim() !== '');
  let best = Infinity;
  let closest: string[] = [];
  for (const candidate of others) {
    const written = spelling(candidate);
    const distance = editDistance(typed, written);
    if (distance > Math.max(1, Math.floor(Math.max([...typed].length, [...written].length) / 3))) continue;
    if (distance < best) [best, closest] = [distance, [candidate]];
    else if (distance === best) closest.push(candidate);
  }
  if (closest.length > 0 || [...typed].length < 2) return closest;
  return others.filter((candidate) => {
    const written = spelling(candidate);
    return [...written].length >= 2 && (written.includes(typed) || typed.includes(written));
  });
}

/** "您是不是想写“竹溪瑞城”？" for a misspelt value, or undefined when nothing is close (or too much is). */
export function didYouMean(value: string, candidates: Iterable<string>): string | undefined {
  const matches = closestMatches(value, candidates).map((match) => `“${match}”`);
  const last = matches.pop();
  if (last === undefined || matches.length > 2) return undefined;
  return `您是不是想写${matches.length > 0 ? `${matches.join('、')}或${last}` : last}？`;
}
