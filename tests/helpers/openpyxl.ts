import { run } from './processes.ts';

/**
 * Reads a workbook with Debian's python3-openpyxl, an independent implementation of the format
 * (not ExcelJS, which writes the site's workbooks), and returns what a user of Excel would see:
 * each sheet's cells with their types, freeze pane, autofilter, column widths and fills.
 */

export interface ReadCell {
  value: string | number | boolean | null;
  /** openpyxl's data type: 's' text, 'n' number, 'd' date, 'f' formula, 'b' boolean. */
  type: string;
  /** The number format, and the fill's colour (ARGB) when the cell is filled. */
  format: string;
  fill: string | null;
  bold: boolean;
}

export interface ReadSheet {
  title: string;
  rows: ReadCell[][];
  freeze: string | null;
  autoFilter: string | null;
  /** Width of each column by letter, where one is set. */
  widths: Record<string, number>;
}

const SCRIPT = `
import json, sys, datetime
from openpyxl import load_workbook
workbook = load_workbook(sys.argv[1])
sheets = []
for sheet in workbook.worksheets:
    rows = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            value = cell.value
            if isinstance(value, datetime.datetime):
                value = value.date().isoformat()
            fill = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type == 'solid' else None
            cells.append({'value': value, 'type': cell.data_type, 'format': cell.number_format, 'fill': fill, 'bold': bool(cell.font and cell.font.b)})
        rows.append(cells)
    widths = {letter: dimension.width for letter, dimension in sheet.column_dimensions.items() if dimension.width}
    sheets.append({'title': sheet.title, 'rows': rows, 'freeze': sheet.freeze_panes, 'autoFilter': sheet.auto_filter.ref, 'widths': widths})
print(json.dumps(sheets, ensure_ascii=False))
`;

export async function readWorkbook(file: string): Promise<ReadSheet[]> {
  const result = await run('/usr/bin/python3', ['-c', SCRIPT, file]);
  if (result.status !== 0) throw new Error(`openpyxl could not read ${file}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as ReadSheet[];
}

/** A sheet's rows as plain values, from its `from`-th row (1-based). */
export function values(sheet: ReadSheet, from = 1): Array<Array<ReadCell['value']>> {
  return sheet.rows.slice(from - 1).map((row) => row.map((cell) => cell.value));
}
