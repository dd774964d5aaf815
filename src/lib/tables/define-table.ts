import { z } from 'zod/v4';

/**
 * One definition per data file: each column's accepted headers, its cell schema, how its value
 * reads in a download, and where and how the site shows it, together. The row schema, the row
 * type, the header lookup, the list of required columns, the export columns and every table on
 * the pages follow from it, so adding a column is one entry, and a misspelt column key does not
 * compile. Like a column definition of TanStack Table (`header`, `cell`, `enableSorting`,
 * `filterFn`, `meta`), with the cell schema added.
 */

/** Names for the ids a row refers to, for downloads and pages that people read. */
export interface NameLookup {
  unit(id: string): string;
  team(id: string): string;
}

/**
 * The places a column can appear: the campaign report's findings table, the unit notice's, the
 * unit page's open and repeated problems, the report's overdue list, and the downloads.
 */
export const VIEWS = ['report', 'notice', 'unitOpen', 'unitRepeats', 'overdue', 'download'] as const;
export type View = (typeof VIEWS)[number];
/** The views that are tables on a page. */
export type PageView = Exclude<View, 'download'>;
export const PAGE_VIEWS = VIEWS.filter((view): view is PageView => view !== 'download');

/**
 * How a cell is shown (the renderers are in src/lib/html/cells.ts):
 * - `code`: an identifier on one line, linked to its row where a view links rows;
 * - `text`, `person`: the text escaped;
 * - `markdown`: text, shown as Markdown when campaign.yml lists the column in `markdownColumns`;
 * - `day`: a date on one line;
 * - `status`: a coloured badge with its word; `severity`: its word, except for the lowest;
 * - `unit`, `team`: the name of the unit or team the id refers to (`display`);
 * - `overdue`: a number of days past due, in words (已逾期 N 天); `flag`: a small marked word.
 */
export const CELL_KINDS = ['code', 'text', 'markdown', 'day', 'status', 'severity', 'person', 'unit', 'team', 'overdue', 'flag'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

/**
 * What a cell is when a row becomes a card on a narrow screen: the card's heading, a badge
 * beside it, or a labelled line under it. Emitted as `data-role` on every cell.
 */
export type NarrowRole = 'title' | 'badge' | 'detail';
/**
 * How a reader may filter by the column: pick among its values, keep the rows that have a value
 * (`flag`: 逾期, named by `flagged`), search its text, or not at all.
 */
export type FilterKind = 'choice' | 'flag' | 'text' | 'none';
/** How the column sorts: as text, as days, as numbers, in its vocabulary's (or campaign.yml's) order, or not at all. */
export type SortKind = 'text' | 'day' | 'number' | 'order' | 'none';

/** A column shown inside another column's cell, as a note under (or a mark before) its value. */
export interface Within {
  /** Key of the column whose cell holds this one (which may itself be a note). */
  column: string;
  /** Printed before the value, punctuation included: `检查资料：`, `已验证 `. */
  label?: string;
  /** An extra class of the note, for its style (`verified`). */
  className?: string;
  /** Before the host's value rather than after it. */
  before?: boolean;
  /** The views where it is a note; in its other views it is a column of its own. Default: all. */
  views?: readonly PageView[];
}

/** How a column is shown on the pages. */
export interface Presentation<Cell extends CellKind = CellKind> {
  /** The header printed on the pages. */
  header: string;
  cell: Cell;
  role: NarrowRole;
  filter: FilterKind;
  sort: SortKind;
  /** For `sort: 'order'`: the codes in their order (a vocabulary's); a campaign may give its own order (categories). */
  order?: readonly string[];
  /** For `filter: 'flag'`: what a row with a value is called (已逾期). */
  flagged?: string;
  within?: Within;
}

export interface Column<Schema extends z.ZodType = z.ZodType, Cell extends CellKind = CellKind> {
  /**
   * Accepted headers, in any letter case: the English one first, then the Chinese one (used
   * in downloads and messages), then any other spellings.
   */
  headers: readonly [english: string, chinese: string, ...others: string[]];
  /** Validates a trimmed cell (undefined when blank or absent) and returns the typed value. */
  schema: Schema;
  /** How a value reads in a download and on the pages; the value itself by default. (A method, so that a column of any schema is a Column.) */
  display?(value: NonNullable<z.output<Schema>>, names: NameLookup): string;
  /** Where the column appears. */
  views: readonly View[];
  /** How it is shown on the pages; absent for a column that is only in the downloads. */
  page?: Presentation<Cell>;
}

type Headers = Column['headers'];

/** The part of a column's declaration after its schema and headers. */
export interface ColumnOptions<Schema extends z.ZodType, Header extends string, Cell extends CellKind> {
  display?: (value: NonNullable<z.output<Schema>>, names: NameLookup) => string;
  /** Where the column appears; only in the downloads by default. */
  views?: readonly View[];
  /** The header the pages print: one of the accepted headers (the Chinese one by default), so a page's table read back as a CSV file keeps the column. */
  header?: Header;
  cell?: Cell;
  role?: NarrowRole;
  filter?: FilterKind;
  sort?: SortKind;
  order?: readonly string[];
  within?: Within;
}

/**
 * A column: the schema first, so that `display` is typed by it, then the accepted headers, then
 * how and where it is shown. A column shown on a page must say how its cell is rendered, its
 * role on a narrow screen, and how it filters and sorts.
 */
export function column<Schema extends z.ZodType, const H extends Headers, Cell extends CellKind = never>(
  schema: Schema,
  headers: H,
  { display, views = ['download'], header, cell, role, filter, sort, order, within }: ColumnOptions<Schema, H[number], Cell> = {},
): Column<Schema, Cell> {
  const name = headers[0];
  if (header !== undefined && !headers.includes(header)) throw new Error(`column ${name}: the header ${header} is not one of its headers`);
  const onPages = views.some((view) => view !== 'download');
  if (!onPages) return { headers, schema, display, views };
  if (cell === undefined || role === undefined || filter === undefined || sort === undefined) {
    throw new Error(`column ${name} is shown on pages: it needs cell, role, filter and sort`);
  }
  return { headers, schema, display, views, page: { header: header ?? headers[1], cell, role, filter, sort, order, within } };
}

/**
 * A column the pages show that is not in the file: a figure computed for the view (逾期情况,
 * 以前出现), read from what the view knows about the row (`Facts`).
 */
export interface ViewOnlyColumn<Facts> extends Presentation {
  views: readonly PageView[];
  /** Before the file's columns rather than after them. */
  at: 'start' | 'end';
  value(facts: Facts): string | number | undefined;
}

export function viewOnly<Facts>({
  at = 'end',
  ...rest
}: Omit<ViewOnlyColumn<Facts>, 'at' | 'value'> & { at?: 'start' | 'end'; value: (facts: Facts) => string | number | undefined }): ViewOnlyColumn<Facts> {
  return { at, ...rest };
}

type Shape<Columns extends Record<string, Column>> = { [Key in keyof Columns]: Columns[Key]['schema'] };

/** A column as the CSV reader needs it: its key, its headers and whether the file must have it. */
export interface ColumnSpec {
  key: string;
  headers: Column['headers'];
  required: boolean;
}

export interface TableDefinition<Columns extends Record<string, Column>, Facts = never> {
  columns: Columns;
  /** Column keys in the file's documented order. */
  keys: ReadonlyArray<keyof Columns & string>;
  /** What the CSV reader matches headers against. */
  specs: readonly ColumnSpec[];
  /** Every cell's schema, then the checks across cells of one row. */
  schema: z.ZodType<z.output<z.ZodObject<Shape<Columns>>>>;
  /** Columns the pages show that are not in the file. */
  viewOnly: Readonly<Record<string, ViewOnlyColumn<Facts>>>;
}

export type RowOf<Table> = Table extends TableDefinition<infer Columns, infer _Facts> ? z.output<z.ZodObject<Shape<Columns>>> : never;

/** The keys of the columns whose cells campaign.yml may declare Markdown (`cell: 'markdown'`). */
export type MarkdownKeys<Table> =
  Table extends TableDefinition<infer Columns, infer _Facts>
    ? {
        [Key in keyof Columns]: Columns[Key] extends Column<z.ZodType, infer Cell>
          ? [Cell] extends [never]
            ? never
            : Cell extends 'markdown'
              ? Key
              : never
          : never;
      }[keyof Columns] &
        string
    : never;

/** The keys of the columns shown as `markdown`, in the definition's order. */
export function markdownKeys<Columns extends Record<string, Column>, Facts>(
  table: TableDefinition<Columns, Facts>,
): Array<MarkdownKeys<TableDefinition<Columns, Facts>>> {
  // The filter is what MarkdownKeys says at the type level.
  return table.keys.filter((key) => table.columns[key]?.page?.cell === 'markdown') as Array<MarkdownKeys<TableDefinition<Columns, Facts>>>;
}

/** Reports a problem with one cell of a row, found by a check across its cells. */
export type ReportCell<Key extends string> = (key: Key, message: string, expected: string) => void;

export interface TableOptions<Columns extends Record<string, Column>, Facts> {
  /** The checks across cells of one row. */
  check?: (row: z.output<z.ZodObject<Shape<Columns>>>, report: ReportCell<keyof Columns & string>) => void;
  /** Columns the pages show that are not in the file, by key. */
  viewOnly?: Record<string, ViewOnlyColumn<Facts>>;
}

export function defineTable<Columns extends Record<string, Column>, Facts = never>(
  columns: Columns,
  { check, viewOnly = {} }: TableOptions<Columns, Facts> = {},
): TableDefinition<Columns, Facts> {
  // Object.keys and Object.fromEntries lose the record's key types; the values are the columns' own.
  const keys = Object.keys(columns) as Array<keyof Columns & string>;
  const shape = Object.fromEntries(Object.entries(columns).map(([key, column]) => [key, column.schema])) as Shape<Columns>;
  const object = z.object(shape);
  const schema = check
    ? object.superRefine((row, ctx) =>
        check(row, (key, message, expected) => ctx.addIssue({ code: 'custom', path: [key], message, params: { expected, acrossCells: true } })),
      )
    : object;
  const specs = Object.entries(columns).map(([key, column]) => ({
    key,
    headers: column.headers,
    // A column whose cell schema refuses a blank cell must be present in the file.
    required: !column.schema.safeParse(undefined).success,
  }));
  for (const key of Object.keys(viewOnly)) if (key in columns) throw new Error(`view-only column ${key} has the key of a column of the file`);
  const table = { columns, keys, specs, schema, viewOnly };
  // A note whose host is not shown beside it would vanish: found when the module loads.
  for (const view of PAGE_VIEWS) layoutOf(table, view);
  return table;
}

/** The Chinese header of a column: what downloads and messages call it. */
export function headerOf(column: Column): string {
  return column.headers[1];
}

/** A column as one view shows it: its presentation, its value, and the notes shown in its cell. */
export interface Shown<Row, Facts> extends Omit<Presentation, 'within'> {
  key: string;
  /** The raw value: the row's cell, or the view-only column's figure. */
  value(row: Row, facts: Facts): unknown;
  /** The value as people read it (names for ids, words for codes). */
  text(value: NonNullable<unknown>, names: NameLookup): string;
  /** For a note: its label and class. */
  label?: string;
  className?: string;
  /** Notes shown in this column's cell, before and after its value, in declaration order. */
  before: Array<Shown<Row, Facts>>;
  after: Array<Shown<Row, Facts>>;
}

/**
 * The columns of one view, in order: view-only columns placed at the start, the file's columns
 * in the definition's order, then view-only columns at the end; each column carrying the notes
 * shown in its cell.
 */
export function layoutOf<Columns extends Record<string, Column>, Facts>(
  table: Pick<TableDefinition<Columns, Facts>, 'columns' | 'viewOnly'>,
  view: PageView,
): Array<Shown<RowOf<TableDefinition<Columns, Facts>>, Facts>> {
  type Row = RowOf<TableDefinition<Columns, Facts>>;
  type Node = Shown<Row, Facts>;
  const fromFile = Object.entries(table.columns).flatMap(([key, column]): Array<[Node, Presentation]> => {
    const { page } = column;
    if (!page || !column.views.includes(view)) return [];
    const display = column.display;
    const node: Node = {
      ...withoutWithin(page),
      key,
      value: (row) => (row as Record<string, unknown>)[key],
      text: (value, names) => (display ? display(value, names) : String(value)),
      before: [],
      after: [],
    };
    return [[node, page]];
  });
  const computed = (at: 'start' | 'end') =>
    Object.entries(table.viewOnly).flatMap(([key, column]): Array<[Node, Presentation]> => {
      if (column.at !== at || !column.views.includes(view)) return [];
      const node: Node = { ...withoutWithin(column), key, value: (_row, facts) => column.value(facts), text: (value) => String(value), before: [], after: [] };
      return [[node, column]];
    });
  const all = [...computed('start'), ...fromFile, ...computed('end')];
  const byKey = new Map(all.map(([node]) => [node.key, node]));
  const columns: Node[] = [];
  for (const [node, { within }] of all) {
    if (!within || (within.views && !within.views.includes(view))) {
      columns.push(node);
      continue;
    }
    const host = byKey.get(within.column);
    if (!host) throw new Error(`column ${node.key} is shown within ${within.column}, which the ${view} view does not show`);
    node.label = within.label;
    node.className = within.className;
    (within.before ? host.before : host.after).push(node);
  }
  return columns;
}

function withoutWithin<P extends Presentation>({ within: _within, ...presentation }: P): Omit<P, 'within'> {
  return presentation;
}

/** The download of some rows: the Chinese headers and each cell as people read it, for the columns in downloads. */
export function exportRows<Columns extends Record<string, Column>>(
  table: Pick<TableDefinition<Columns>, 'columns' | 'keys'>,
  rows: ReadonlyArray<Partial<Record<keyof Columns, unknown>>>,
  names: NameLookup,
): { fields: string[]; data: string[][] } {
  const columns = table.keys.flatMap((key) => {
    const column = table.columns[key];
    if (column === undefined) throw new Error(`no column ${key}`); // never: keys are the columns' own
    return column.views.includes('download') ? [[key, column] as const] : [];
  });
  return {
    fields: columns.map(([, column]) => headerOf(column)),
    data: rows.map((row) =>
      columns.map(([key, column]) => {
        const value = row[key];
        if (value === undefined || value === null || value === '') return '';
        return column.display ? column.display(value, names) : String(value);
      }),
    ),
  };
}
