import ExcelJS from 'exceljs';
import { columnLetter } from '../errors.ts';
import { FIXED_DATE } from '../export/ledger-xlsx.ts';
import { displayWidth, toExcelDate } from './excel-formats.ts';
import {
  INSTRUCTIONS_HEADER,
  INSTRUCTIONS_SHEET,
  instructionRows,
  lastTemplateRow,
  LISTS_SHEET,
  type PlannedColumn,
  type TemplateSpec,
} from './template-plan.ts';
import type { KeptRows } from './template-rows.ts';

/**
 * A template workbook from its plan (template-plan.ts): the data sheet first, its header in
 * row 1 and frozen, each column formatted (dates as dates, text as text) and validated (a
 * dropdown, or a date between two days) from row 2 down; the 填写说明 sheet after it; the
 * dropdowns' values on a hidden sheet last. Rows already typed (template-rows.ts) are written
 * back as values, never formulas. The same input gives the same bytes (FIXED_DATE).
 */

export interface TemplateInput {
  spec: TemplateSpec;
  /** The data sheet's name: campaign.yml `sheets`, or the spec's. */
  sheet: string;
  columns: readonly PlannedColumn[];
  kept?: KeptRows;
  /** Who the workbook says made it: the site's title. */
  creator: string;
}

const HEADER_FILL = 'FFE7E6E6';
/** Widths of the 填写说明 table's columns: header, required, format, values, other headers. */
const INSTRUCTIONS_WIDTHS = [14, 6, 50, 50, 20];
/** Points per line of text at the default 11-point font. */
const LINE_HEIGHT = 15;
const REQUIRED_FONT = { bold: true, color: { argb: 'FF9C0006' } };

/** The part of ExcelJS's worksheet its types leave out: validations of whole ranges (`B2:B5001`). */
interface RangeValidations {
  dataValidations: { add(range: string, validation: ExcelJS.DataValidation): void };
}

export async function templateWorkbook({ spec, sheet, columns: planned, kept, creator }: TemplateInput): Promise<Uint8Array> {
  const columns = [...planned, ...(kept?.extra ?? [])];
  const rows = kept?.rows ?? [];
  const last = lastTemplateRow(rows.length);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = creator;
  workbook.lastModifiedBy = creator;
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  const data = workbook.addWorksheet(sheet, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  const instructions = workbook.addWorksheet(INSTRUCTIONS_SHEET);
  const lists = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' });

  const header = data.getRow(1);
  columns.forEach((column, index) => {
    const cell = header.getCell(index + 1);
    cell.value = column.header;
    cell.font = column.required ? REQUIRED_FONT : { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.numFmt = '@';
    const sheetColumn = data.getColumn(index + 1);
    sheetColumn.width = column.width;
    // The column's style: what Excel gives a cell typed below the kept rows.
    sheetColumn.numFmt = column.numFmt;
  });

  rows.forEach((values, rowIndex) => {
    const row = data.getRow(rowIndex + 2);
    values.forEach((value, index) => {
      const column = columns[index];
      if (column === undefined || value === '') return;
      const cell = row.getCell(index + 1);
      // A string is always a string cell: ExcelJS writes a formula only from { formula }.
      cell.value = typeof value === 'string' ? value : toExcelDate(value.day);
      cell.numFmt = typeof value === 'string' ? '@' : column.numFmt;
    });
  });

  const validations = (data as unknown as RangeValidations).dataValidations;
  let listColumn = 0;
  columns.forEach((column, index) => {
    const { validation } = column;
    if (!validation) return;
    const letter = columnLetter(index + 1);
    const range = `${letter}2:${letter}${last}`;
    const message = { showInputMessage: column.prompt !== '', promptTitle: column.header.slice(0, 32), prompt: column.prompt };
    if (validation.type === 'date') {
      validations.add(range, {
        type: 'date',
        operator: 'between',
        allowBlank: true,
        formulae: [toExcelDate(validation.from), toExcelDate(validation.to)],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: `${column.header}应为日期`,
        error: `请填写 ${validation.from} 至 ${validation.to} 之间的日期，例如 2025-10-31。`,
        ...message,
      });
      return;
    }
    listColumn++;
    const listLetter = columnLetter(listColumn);
    lists.getCell(1, listColumn).value = column.header;
    validation.values.forEach((value, row) => {
      lists.getCell(row + 2, listColumn).value = value;
    });
    validations.add(range, {
      type: 'list',
      allowBlank: true,
      formulae: [`'${LISTS_SHEET}'!$${listLetter}$2:$${listLetter}$${validation.values.length + 1}`],
      showErrorMessage: true,
      errorStyle: validation.strict ? 'stop' : 'warning',
      errorTitle: `不在${column.header}的列表中`,
      error: validation.strict ? `请从下拉列表中选择${column.header}。` : `${column.header}不在列表中：请从下拉列表中选择，或确认填写的是编码。`,
      ...message,
    });
  });

  // The lines on the sheet as a whole run across the empty cells beside them; the table's cells wrap.
  const tableStart = instructionRows(spec, sheet, columns).findIndex((values) => values[0] === INSTRUCTIONS_HEADER[0]);
  instructionRows(spec, sheet, columns).forEach((values, index) => {
    const row = instructions.getRow(index + 1);
    values.forEach((value, column) => {
      const cell = row.getCell(column + 1);
      cell.value = value;
      if (index >= tableStart) cell.alignment = { wrapText: true, vertical: 'top' };
    });
    // Excel and LibreOffice keep a row one line high whatever it wraps to: the height is the longest cell's lines.
    const lines = Math.max(1, ...values.map((value, column) => Math.ceil(displayWidth(value) / ((INSTRUCTIONS_WIDTHS[column] ?? 10) - 1))));
    if (index > tableStart && lines > 1) row.height = LINE_HEIGHT * lines;
    if (index === 0 || index === tableStart) row.font = { bold: true };
  });
  INSTRUCTIONS_WIDTHS.forEach((width, index) => {
    instructions.getColumn(index + 1).width = width;
  });
  instructions.views = [{ state: 'frozen', xSplit: 0, ySplit: tableStart + 1 }];

  return new Uint8Array(await workbook.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } }));
}
