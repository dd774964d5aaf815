import { run } from './processes.ts';

/**
 * Templates as another tool sees them: Debian's python3-openpyxl lists a workbook's sheets
 * (order, visibility, freeze pane), data validations (type, operator, formulae, ranges, error
 * style, message) and column number formats, and fills a template in as a user would: typing
 * into the data sheet of the workbook itself, which keeps its validations and other sheets.
 */

export interface SeenValidation {
  type: string;
  operator: string | null;
  formula1: string | null;
  formula2: string | null;
  sqref: string;
  errorStyle: string | null;
  allowBlank: boolean;
  prompt: string | null;
}

export interface SeenSheet {
  title: string;
  state: string;
  freeze: string | null;
  validations: SeenValidation[];
  /** Row 1's values. */
  header: Array<string | null>;
  /** The number format of each column with a style, by letter. */
  columnFormats: Record<string, string>;
  /** Every row's values as openpyxl reads them (dates as ISO days), and each cell's number format. */
  rows: Array<Array<string | number | null>>;
  formats: string[][];
}

const PYTHON = '/usr/bin/python3';

const DESCRIBE = `
import json, sys, datetime
from openpyxl import load_workbook
workbook = load_workbook(sys.argv[1])
sheets = []
for sheet in workbook.worksheets:
    validations = [{'type': v.type, 'operator': v.operator, 'formula1': v.formula1, 'formula2': v.formula2, 'sqref': str(v.sqref),
                    'errorStyle': v.errorStyle, 'allowBlank': bool(v.allow_blank), 'prompt': v.prompt} for v in sheet.data_validations.dataValidation]
    formats = {letter: d.number_format for letter, d in sheet.column_dimensions.items() if d.number_format != 'General'}
    rows, cell_formats = [], []
    for row in sheet.iter_rows():
        values = []
        for cell in row:
            value = cell.value
            if isinstance(value, datetime.datetime):
                value = value.date().isoformat()
            values.append(value)
        rows.append(values)
        cell_formats.append([cell.number_format for cell in row])
    sheets.append({'title': sheet.title, 'state': sheet.sheet_state, 'freeze': sheet.freeze_panes, 'validations': validations,
                   'header': rows[0] if rows else [], 'columnFormats': formats, 'rows': rows, 'formats': cell_formats})
print(json.dumps(sheets, ensure_ascii=False))
`;

/** What openpyxl sees in a workbook. */
export async function describeTemplate(file: string): Promise<SeenSheet[]> {
  const result = await run(PYTHON, ['-c', DESCRIBE, file]);
  if (result.status !== 0) throw new Error(`openpyxl could not read ${file}:\n${result.stderr}`);
  return JSON.parse(result.stdout) as SeenSheet[];
}

/** A typed cell: text, a number, or a date (typed into a date-formatted column, it is a date cell). */
export type TypedCell = string | number | null | { date: string };

const FILL = `
import json, sys, datetime
from openpyxl import load_workbook
workbook = load_workbook(sys.argv[1])
spec = json.loads(sys.argv[3])
sheet = workbook.worksheets[0]
header = [cell.value for cell in sheet[1]]
for extra in spec.get('addColumns', []):
    header.append(extra)
    sheet.cell(row=1, column=len(header), value=extra)
for r, row in enumerate(spec['rows'], start=2):
    for name, value in row.items():
        c = header.index(name) + 1
        cell = sheet.cell(row=r, column=c)
        if isinstance(value, dict) and 'date' in value:
            cell.value = datetime.datetime.fromisoformat(value['date'])
            cell.number_format = 'yyyy-mm-dd'
        else:
            cell.value = value
workbook.save(sys.argv[2])
`;

/**
 * Types rows into a template's data sheet, by header, and saves it as `output`. `addColumns`
 * adds headers after the last one first (a column of the user's own, such as 备注).
 */
export async function fillTemplate(template: string, output: string, rows: Array<Record<string, TypedCell>>, addColumns: string[] = []): Promise<void> {
  const result = await run(PYTHON, ['-c', FILL, template, output, JSON.stringify({ rows, addColumns })]);
  if (result.status !== 0) throw new Error(`openpyxl could not fill ${template}:\n${result.stderr}`);
}
