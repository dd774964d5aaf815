import { run, runQuick } from './processes.ts';

/**
 * Writes a workbook with Debian's python3-openpyxl, an independent writer (not ExcelJS, which
 * reads it), so that the site's reading of a workbook is tested on what another tool writes.
 * Tests skip when openpyxl is missing, except in CI, where .ci/run installs it.
 */

/** A cell: text or number as typed, a date cell (a serial number with a date format), or a formula without cached value. */
export type WrittenCell = string | number | null | { date: string } | { formula: string };

export interface WrittenSheet {
  title: string;
  rows: WrittenCell[][];
  /** Ranges such as 'B2:C2'. */
  merges?: string[];
  /** 1-based rows to hide. */
  hidden?: number[];
}

const PYTHON = '/usr/bin/python3';

const SCRIPT = `
import json, sys, datetime
from openpyxl import Workbook
spec = json.loads(sys.argv[2])
workbook = Workbook()
workbook.remove(workbook.active)
for sheet_spec in spec:
    sheet = workbook.create_sheet(sheet_spec['title'])
    for r, row in enumerate(sheet_spec['rows'], start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = sheet.cell(row=r, column=c)
            if isinstance(value, dict) and 'date' in value:
                cell.value = datetime.datetime.fromisoformat(value['date'])
                cell.number_format = 'yyyy-mm-dd'
            elif isinstance(value, dict) and 'formula' in value:
                cell.value = value['formula']
            else:
                cell.value = value
    for merge in sheet_spec.get('merges', []):
        sheet.merge_cells(merge)
    for r in sheet_spec.get('hidden', []):
        sheet.row_dimensions[r].hidden = True
workbook.save(sys.argv[1])
`;

/** Whether openpyxl is there; CI must have it (.ci/run installs python3-openpyxl). */
export const hasOpenpyxl = Boolean(process.env.CI) || probe();

function probe(): boolean {
  try {
    return runQuick(PYTHON, ['-c', 'import openpyxl']).status === 0;
  } catch {
    return false;
  }
}

export async function writeWorkbook(file: string, sheets: WrittenSheet[]): Promise<void> {
  const result = await run(PYTHON, ['-c', SCRIPT, file, JSON.stringify(sheets)]);
  if (result.status !== 0) throw new Error(`openpyxl could not write ${file}:\n${result.stderr}`);
}
