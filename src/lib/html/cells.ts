import { html } from 'ghtml';
import { cellHtml } from '../format/cell-markdown.ts';
import type { CellKind, NameLookup, Shown } from '../tables/define-table.ts';
import { SEVERITY } from '../tables/findings.ts';

/**
 * The renderers a column's declaration names (`cell: 'markdown'`, tables/define-table.ts): how a
 * value is shown as a cell of its own, and as a note in another column's cell. Every value is
 * escaped by ghtml's `html`; only Markdown columns that campaign.yml declares become markup
 * (cell-markdown.ts, which allows no HTML either).
 */

export interface CellContext {
  names: NameLookup;
  /** Whether campaign.yml lists the column in `markdownColumns`. */
  markdown(key: string): boolean;
  /** Where a `code` cell links, in a view that links to the rows of another table. */
  href?: (code: string) => string;
}

interface Renderer {
  /** The class of the column's cells: `nowrap` keeps codes, dates and badges on one line. */
  className?: string;
  /** The value (never blank) as a cell of its own; `text` is the value as people read it. */
  cell(value: NonNullable<unknown>, text: string, context: CellContext, key: string): string;
  /** The value as a note in another column's cell, when it is not a labelled line (`<div class="note">`). */
  note?(value: NonNullable<unknown>, text: string): string;
  /** What a labelled note line holds, when not the cell itself. */
  noteLine?(text: string): string;
}

const escaped: Renderer['cell'] = (_value, text) => html`${text}`;

const LOWEST_SEVERITY = SEVERITY.codes[0];

export const RENDERERS: Readonly<Record<CellKind, Renderer>> = {
  code: {
    className: 'nowrap',
    cell: (_value, text, { href }) => (href ? html`<a href="${href(text)}">${text}</a>` : html`${text}`),
  },
  text: { cell: escaped },
  // A name with its title in brackets, 冯雪（绩效专员）, is kept whole on paper (print.css).
  person: { className: 'nowrap-print', cell: escaped },
  markdown: { cell: (_value, text, context, key) => cellHtml(text, context.markdown(key)) },
  // A day in a note stays on one line even where the note wraps (.nowrap .verified).
  day: { className: 'nowrap', cell: escaped, noteLine: (text) => html`<span class="nowrap">${text}</span>` },
  status: { className: 'nowrap', cell: (value, text) => html`<span class="status status-${String(value)}">${text}</span>` },
  // The lowest severity goes without saying; the others are said after the description.
  severity: { className: 'nowrap', cell: escaped, note: (value, text) => (value === LOWEST_SEVERITY ? '' : html`<span class="note">（${text}）</span>`) },
  // Unit names run to thirty characters: on one line they pushed the overdue list past an A4 page.
  unit: { cell: escaped },
  team: { cell: escaped },
  // Overdue said in words, not only in colour, so it survives a grey printout and a screen reader.
  overdue: { className: 'nowrap', cell: (value) => overdueMark(Number(value)), note: (value) => overdueMark(Number(value)) },
  flag: { cell: (_value, text) => html`<span class="flag">${text}</span>`, note: (_value, text) => html`<span class="flag">${text}</span>` },
};

export function overdueMark(daysOverdue: number): string {
  return html`<strong class="overdue">已逾期 ${daysOverdue} 天</strong>`;
}

const blank = (value: unknown): value is undefined | null | '' => value === undefined || value === null || value === '';

/** A column's cell in one row: the notes before its value, the value (a dash when blank), the notes after it. */
export function cellOf<Row, Facts>(column: Shown<Row, Facts>, row: Row, facts: Facts, context: CellContext): string {
  const value = column.value(row, facts);
  const own = blank(value) ? '—' : RENDERERS[column.cell].cell(value, column.text(value, context.names), context, column.key);
  return notesBefore(column, row, facts, context) + own + notesAfter(column, row, facts, context);
}

function notesBefore<Row, Facts>(column: Shown<Row, Facts>, row: Row, facts: Facts, context: CellContext): string {
  return column.before
    .map((note) => noteOf(note, row, facts, context))
    .filter((text) => text !== '')
    .map((text) => `${text} `)
    .join('');
}

function notesAfter<Row, Facts>(column: Shown<Row, Facts>, row: Row, facts: Facts, context: CellContext): string {
  return column.after.map((note) => noteOf(note, row, facts, context)).join('');
}

/** A note: nothing when blank, else a labelled line (or the renderer's own mark), then its own notes. */
function noteOf<Row, Facts>(note: Shown<Row, Facts>, row: Row, facts: Facts, context: CellContext): string {
  const value = note.value(row, facts);
  let own = '';
  if (!blank(value)) {
    const renderer = RENDERERS[note.cell];
    const text = note.text(value, context.names);
    if (renderer.note) own = renderer.note(value, text);
    else {
      const line = renderer.noteLine ? renderer.noteLine(text) : renderer.cell(value, text, context, note.key);
      own = html`<div class="note${note.className ? ` ${note.className}` : ''}">${note.label ?? ''}!${line}</div>`;
    }
  }
  return notesBefore(note, row, facts, context) + own + notesAfter(note, row, facts, context);
}
