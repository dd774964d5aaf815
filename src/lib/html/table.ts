import { html } from 'ghtml';

/**
 * Data tables rendered to one HTML string. Tables are where a page grows with the data (a
 * campaign report lists every problem, a unit's page every open one), and Astro renders each
 * template expression through its asynchronous component machinery: a 400-row findings table
 * took 18 ms as Astro components and 0.4 ms as a string. Like the charts' SVG, the result is
 * inserted with `set:html`.
 *
 * Cells are written with ghtml's `html` tag, which escapes every interpolated value, so text
 * from a CSV cell cannot become markup. Markup that is already HTML is passed with `!${…}`; a
 * literal must therefore never end in `!` right before a text value.
 */

export interface Column<Row> {
  /** Header text (escaped). */
  header: string;
  /** The cell's HTML, written with `html`. */
  cell: (row: Row) => string;
  /** `num` right-aligns figures; `nowrap` keeps codes and dates on one line. */
  className?: string;
  /** This column names the row (`<th scope="row">`), for screen readers. */
  rowHeader?: boolean;
  /** What the cell is when the row becomes a card on a narrow screen: `data-role` on each cell. */
  role?: string;
  /** The field a script may sort the rows by from this header: `data-sort-key` on the header. */
  sortKey?: string;
}

export interface TableOptions<Row> {
  caption: string;
  /** Read by screen readers but not shown, where a heading already says it. */
  hiddenCaption?: boolean;
  className?: string;
  columns: Array<Column<Row>>;
  rows: readonly Row[];
  /** An id per row, for links to it (`#finding-F12`). */
  rowId?: (row: Row) => string;
  /** More attributes of the table and of each row, already escaped (` data-status="open"`). */
  attributes?: string;
  rowAttributes?: (row: Row) => string;
}

const classAttribute = (className: string | undefined) => (className ? html` class="${className}"` : '');
/** A detail becomes a labelled line of the card, so it carries its header as `data-label`. */
const roleAttributes = ({ role, header }: Column<unknown>) =>
  role === 'detail' ? html` data-role="${role}" data-label="${header}"` : role ? html` data-role="${role}"` : '';

export function renderTable<Row>({
  caption,
  hiddenCaption = false,
  className: givenClass,
  columns,
  rows,
  rowId,
  attributes = '',
  rowAttributes,
}: TableOptions<Row>): string {
  // A table whose columns declare their narrow-screen roles becomes cards on a phone (global.css).
  const className = columns.some((column) => column.role) ? [givenClass, 'cards'].filter(Boolean).join(' ') : givenClass;
  const head = columns
    .map(
      (column) =>
        html`<th scope="col"!${classAttribute(column.className)}!${column.sortKey ? html` data-sort-key="${column.sortKey}"` : ''}>${column.header}</th>`,
    )
    .join('');
  const cellOpenings = columns.map(
    (column) => `<${column.rowHeader ? 'th scope="row"' : 'td'}${classAttribute(column.className)}${roleAttributes(column as Column<unknown>)}>`,
  );
  const cellClosings = columns.map((column) => (column.rowHeader ? '</th>' : '</td>'));
  let body = '';
  for (const row of rows) {
    body += `${rowId ? html`<tr id="${rowId(row)}"` : '<tr'}${rowAttributes ? rowAttributes(row) : ''}>`;
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i];
      if (column === undefined) continue; // never: i is within columns
      body += `${cellOpenings[i]}${column.cell(row)}${cellClosings[i]}`;
    }
    body += '</tr>';
  }
  return (
    html`<table!${classAttribute(className)}!${attributes}><caption!${hiddenCaption ? ' class="visually-hidden"' : ''}>${caption}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`
  );
}

/** A plain-text cell: the value escaped, a dash when there is none. */
export function textCell(value: string | number | undefined | null): string {
  return value === undefined || value === null || value === '' ? '—' : html`${value}`;
}

/**
 * A table of figures, as under each chart: the first column names the row, the others are
 * numbers. On a phone a card per row (a question's text beside five answer counts was squeezed
 * to three characters a line): the row's name as its heading, each figure labelled.
 */
export function figuresTable(caption: string, headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return renderTable({
    caption,
    columns: headers.map((header, i) => ({
      header,
      className: i > 0 ? 'num' : undefined,
      rowHeader: i === 0,
      role: i === 0 ? 'badge' : 'detail',
      cell: (row: ReadonlyArray<string | number>) => html`${row[i]}`,
    })),
    rows,
  });
}
