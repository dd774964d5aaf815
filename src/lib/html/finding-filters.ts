import { html } from 'ghtml';
import type { Finding } from '../model.ts';
import { layoutOf, PAGE_VIEWS, type FilterKind, type NameLookup, type PageView, type Shown, type SortKind } from '../tables/define-table.ts';
import { findingsTable as definition, type FindingFacts } from '../tables/findings.ts';

/**
 * What the tables of problems give their filter and sort script (public/filters/filters.js),
 * derived from the declaration of findings.csv (tables/findings.ts): the columns that declare a
 * `filter` (choice, flag) are the page's filters, named in the address by their keys
 * (?status=open&owner=…); the columns a view shows with a `sort` are the headers a reader sorts by
 * (&sort=due&order=desc). The page carries one JSON block (`pageFilter(…).config`): each
 * field's Chinese label, how it filters and sorts, its options in order (ids and codes as in the
 * data, with how they read), which fields each view's rows give, and how many problems the page
 * lists. Each row gives its values in one short attribute (`data-v`, an option's index where the
 * field has options): at 50,000 problems a report lists 400 of them, and named attributes with
 * the values written out cost 150 bytes a row. Without the script none of it shows: every row
 * reads as before.
 */

type Field = Shown<Finding, FindingFacts>;
/** A problem as a table shows it: its row, and what the view knows about it. */
export type FilterEntry = FindingFacts & { finding: Finding };

const LAYOUTS = new Map(PAGE_VIEWS.map((view) => [view, layoutOf(definition, view)]));

/** Every column of any view, the notes in other columns' cells included, once by key, in the declaration's order. */
const COLUMNS: ReadonlyMap<string, Field> = (() => {
  const columns = new Map<string, Field>();
  const visit = (column: Field) => {
    if (!columns.has(column.key)) columns.set(column.key, column);
    column.before.forEach(visit);
    column.after.forEach(visit);
  };
  for (const layout of LAYOUTS.values()) layout.forEach(visit);
  const viewOnly = Object.entries(definition.viewOnly);
  const declared = [
    ...viewOnly.filter(([, column]) => column.at === 'start'),
    ...Object.entries(definition.columns),
    ...viewOnly.filter(([, column]) => column.at === 'end'),
  ];
  return new Map(
    declared.flatMap(([key]): Array<[string, Field]> => {
      const column = columns.get(key);
      return column ? [[key, column]] : [];
    }),
  );
})();

const filters = (kind: FilterKind) => kind === 'choice' || kind === 'flag';

/**
 * What tells one problem from another on a page: its campaign, where the page lists several (a
 * unit's page), and its id. A problem listed in two tables (the overdue list, a repeated problem
 * still open) is counted once.
 */
export const IDENTITY = ['campaign', 'id'] as const;

/** The columns a view's header sorts by: shown as columns of their own, with a sort. */
export function sortKeysOf(view: PageView): string[] {
  return (LAYOUTS.get(view) ?? []).filter((column) => column.sort !== 'none').map((column) => column.key);
}

/** The fields each row of a view carries: every filter, the view's sort keys, and the identity. */
const ROW_FIELDS = new Map(
  PAGE_VIEWS.map((view) => {
    const keys = new Set([...[...COLUMNS.values()].filter((column) => filters(column.filter)).map((column) => column.key), ...sortKeysOf(view), ...IDENTITY]);
    return [view, [...COLUMNS.values()].filter((column) => keys.has(column.key))];
  }),
);

const blank = (value: unknown): value is undefined | null | '' => value === undefined || value === null || value === '';

/** A row's raw values of the fields its view carries, blanks left out. */
function rowValues(view: PageView, entry: FilterEntry): Map<string, string> {
  const values = new Map<string, string>();
  for (const field of ROW_FIELDS.get(view) ?? []) {
    const value = field.value(entry.finding, entry);
    if (!blank(value)) values.set(field.key, String(value));
  }
  return values;
}

/** A field as the script knows it. */
export interface FilterField {
  key: string;
  /** The column's printed header: the filter's label and the sort's name. */
  label: string;
  filter: FilterKind;
  sort: SortKind;
  /** For a `flag` filter, what a row with a value is called. */
  flagged?: string;
  /**
   * For a `choice` filter or an `order` sort: the values on the page, in order, each with how it
   * reads where that is not the value itself (`["open", "未整改"]`, `["张三"]`); rows give the index.
   */
  options?: Array<[value: string, label?: string]>;
}

export interface FilterConfig {
  /** How many problems the page lists, each counted once (IDENTITY). */
  total: number;
  identity: readonly string[];
  /** For each view on the page, the fields its rows give, in the order of their `data-v`. */
  views: Partial<Record<PageView, string[]>>;
  fields: FilterField[];
}

export interface FilterSources {
  /** Each table of the page, its view and its entries. */
  tables: ReadonlyArray<{ view: PageView; entries: readonly FilterEntry[] }>;
  unitName: (id: string) => string;
  /** A campaign's own order of a column's values (campaign.yml's categories). */
  order?: Readonly<Record<string, readonly string[]>>;
}

/** One page's filter: its JSON block, and what each of its tables and rows carries. */
export interface PageFilter {
  config: FilterConfig;
  /**
   * The attributes of a table of the page and of each of its rows: the table names its view
   * (`data-problems="report"`); a row gives its values in that view's order, separated by
   * spaces (`data-v="F12 3 0 7 0 2025-10-31 12"`): an option's index for a field with options,
   * else the raw value with `%` and spaces escaped as in a URL; trailing blanks left out.
   */
  table(view: PageView): { table: string; row: (entry: FilterEntry) => string };
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

/** The filter of a page listing these tables of problems. */
export function pageFilter({ tables, unitName, order = {} }: FilterSources): PageFilter {
  const names: NameLookup = { unit: unitName, team: (id) => id };
  const sortKeys = new Set(tables.flatMap(({ view }) => sortKeysOf(view)));
  const seen = new Map<string, Map<string, string>>();
  const problems = new Set<string>();
  for (const { view, entries } of tables) {
    for (const entry of entries) {
      const values = rowValues(view, entry);
      problems.add(IDENTITY.map((key) => values.get(key) ?? '').join('\u0000'));
      for (const [key, value] of values) {
        const column = COLUMNS.get(key);
        if (!column) continue; // never: the values are the columns'
        let options = seen.get(key);
        if (!options) seen.set(key, (options = new Map()));
        if (!options.has(value)) options.set(value, column.text(column.value(entry.finding, entry) ?? value, names));
      }
    }
  }
  const fields: FilterField[] = [];
  for (const column of COLUMNS.values()) {
    const values = seen.get(column.key);
    const filtered = filters(column.filter);
    if (!values || !(filtered || sortKeys.has(column.key) || (IDENTITY as readonly string[]).includes(column.key))) continue;
    const field: FilterField = { key: column.key, label: column.header, filter: filtered ? column.filter : 'none', sort: column.sort };
    if (column.flagged) field.flagged = column.flagged;
    if (column.filter === 'choice' || column.sort === 'order') field.options = ordered(values, order[column.key] ?? column.order ?? []);
    fields.push(field);
  }
  const given = new Set(fields.map((field) => field.key));
  const views: FilterConfig['views'] = {};
  for (const { view } of tables) views[view] = (ROW_FIELDS.get(view) ?? []).map((field) => field.key).filter((key) => given.has(key));
  const indices = new Map(fields.map((field) => [field.key, field.options && new Map(field.options.map(([value], i) => [value, String(i)]))]));
  const encode = (key: string, value: string | undefined) => {
    if (value === undefined) return '';
    return indices.get(key)?.get(value) ?? value.replace(/[% ]/g, (char) => (char === '%' ? '%25' : '%20'));
  };
  return {
    config: { total: problems.size, identity: IDENTITY, views, fields },
    table(view) {
      const keys = views[view] ?? [];
      return {
        table: html` data-problems="${view}"`,
        row: (entry) => {
          const values = rowValues(view, entry);
          const encoded = keys.map((key) => encode(key, values.get(key)));
          while (encoded.at(-1) === '') encoded.pop();
          return html` data-v="${encoded.join(' ')}"`;
        },
      };
    },
  };
}

/** Values in the given order first, then the others by how they read (pinyin, numbers as numbers). */
function ordered(values: ReadonlyMap<string, string>, order: readonly string[]): Array<[string, string?]> {
  const rank = new Map(order.map((value, i) => [value, i]));
  const rankOf = (value: string) => rank.get(value) ?? order.length;
  return [...values]
    .sort(([a, aLabel], [b, bLabel]) => rankOf(a) - rankOf(b) || collator.compare(aLabel, bLabel) || collator.compare(a, b))
    .map(([value, label]) => (label === value ? [value] : [value, label]));
}

/**
 * The config as the content of `<script type="application/json">`: data, never run, with `<`,
 * `>` and `&` escaped so that no text from the data can close the element.
 */
export function filterConfigJson(config: FilterConfig): string {
  return JSON.stringify(config).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
