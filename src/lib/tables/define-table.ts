import { z } from 'zod/v4';

/**
 * One definition per data file: each column's accepted headers, its cell schema and how its
 * value reads in a download, together. The row schema, the row type, the header lookup, the
 * list of required columns and the export columns all follow from it, so adding a column is
 * one entry, and a misspelt column key does not compile.
 */

/** Names for the ids a row refers to, for downloads that people read. */
export interface NameLookup {
  unit(id: string): string;
  team(id: string): string;
}

export interface Column<Schema extends z.ZodType = z.ZodType> {
  /**
   * Accepted headers, in any letter case: the English one first, then the Chinese one (used
   * in downloads and messages), then any other spellings.
   */
  headers: readonly [english: string, chinese: string, ...others: string[]];
  /** Validates a trimmed cell (undefined when blank or absent) and returns the typed value. */
  schema: Schema;
  /** How a value reads in a download; the value itself by default. (A method, so that a column of any schema is a Column.) */
  display?(value: NonNullable<z.output<Schema>>, names: NameLookup): string;
}

/** A column: the schema first, so that `display` is typed by it. */
export function column<Schema extends z.ZodType>(
  schema: Schema,
  headers: Column['headers'],
  display?: (value: NonNullable<z.output<Schema>>, names: NameLookup) => string,
): Column<Schema> {
  return { headers, schema, display };
}

type Shape<Columns extends Record<string, Column>> = { [Key in keyof Columns]: Columns[Key]['schema'] };

/** A column as the CSV reader needs it: its key, its headers and whether the file must have it. */
export interface ColumnSpec {
  key: string;
  headers: Column['headers'];
  required: boolean;
}

export interface TableDefinition<Columns extends Record<string, Column>> {
  columns: Columns;
  /** Column keys in the file's documented order. */
  keys: ReadonlyArray<keyof Columns & string>;
  /** What the CSV reader matches headers against. */
  specs: readonly ColumnSpec[];
  /** Every cell's schema, then the checks across cells of one row. */
  schema: z.ZodType<z.output<z.ZodObject<Shape<Columns>>>>;
}

export type RowOf<Table> = Table extends TableDefinition<infer Columns> ? z.output<z.ZodObject<Shape<Columns>>> : never;

/** Reports a problem with one cell of a row, found by a check across its cells. */
export type ReportCell<Key extends string> = (key: Key, message: string, expected: string) => void;

export function defineTable<Columns extends Record<string, Column>>(
  columns: Columns,
  check?: (row: z.output<z.ZodObject<Shape<Columns>>>, report: ReportCell<keyof Columns & string>) => void,
): TableDefinition<Columns> {
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
  return { columns, keys, specs, schema };
}

/** The Chinese header of a column: what downloads and messages call it. */
export function headerOf(column: Column): string {
  return column.headers[1];
}

/** The download of some rows: the Chinese headers and each cell as people read it. */
export function exportRows<Columns extends Record<string, Column>>(
  table: TableDefinition<Columns>,
  rows: ReadonlyArray<Partial<Record<keyof Columns, unknown>>>,
  names: NameLookup,
): { fields: string[]; data: string[][] } {
  const columns = table.keys.map((key) => {
    const column = table.columns[key];
    if (column === undefined) throw new Error(`no column ${key}`); // never: keys are the columns' own
    return [key, column] as const;
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
