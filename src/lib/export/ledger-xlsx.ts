import { createRequire } from 'node:module';
import ExcelJS from 'exceljs';
import type { Campaign, Finding, Unit } from '../model.ts';
import type { Rectification } from '../summary/rectification.ts';
import { exportRows, type Column } from '../tables/define-table.ts';
import { findingsTable, type Status } from '../tables/findings.ts';
import { DATE_FORMAT, displayWidth, toExcelDate } from '../xlsx/excel-formats.ts';

/**
 * The rectification ledger (整改台账) as workbooks, beside the CSV downloads: findings.xlsx has
 * the CSV's columns in the CSV's order (both come from the columns declared for the `download`
 * view, findings.ts), its header in row 1 so that the workbook committed back as a campaign's
 * findings reads as the CSV does; overdue.xlsx is the report's overdue list under a title row.
 *
 * Every cell is a value: text is written as text whatever it starts with (= + - @ included),
 * never as a formula. Dates are Excel dates with a date format, statuses their word with a fill,
 * overdue rows marked. The same data gives the same bytes: the workbook's dates are fixed and so
 * are the zip entries' (see FIXED_DATE).
 */

/**
 * The date written into every workbook's properties and zip entries. ExcelJS stamps both with
 * the current time, which would make every build's downloads differ; a fixed date keeps the
 * bytes a function of the data (the site's byte-identity checks and publishing's hashes rely on it).
 */
export const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

// ExcelJS zips with its own JSZip, which dates an entry with `new Date()` unless JSZip's
// defaults name a date; the workbooks here are the only zips this process writes with it.
const jszipDefaults = createRequire(createRequire(import.meta.url).resolve('exceljs'))('jszip/lib/defaults') as { date: Date | null };
jszipDefaults.date = FIXED_DATE;

const STATUS_FILL: Record<Status, string> = { open: 'FFF8D7DA', in_progress: 'FFFFF3CD', closed: 'FFD4EDDA' };
const OVERDUE_FILL = 'FFF5B7B1';
const HEADER_FILL = 'FFE7E6E6';
const MAX_WIDTH = 60;

export interface LedgerSource {
  campaign: Campaign;
  units: readonly Unit[];
  siteTitle: string;
  /** One unit's ledger; the whole campaign's by default. */
  unitId?: string;
  /** The day overdue is judged on, and the campaign's overdue problems on it (rectification.ts). */
  asOf: string;
  overdue: Rectification['overdue'];
}

type Kind = 'day' | 'status' | 'text';

/** The download columns, in the CSV's order, with how each is written. */
function ledgerColumns(): Array<{ key: string; kind: Kind }> {
  return findingsTable.keys.flatMap((key) => {
    const column: Column = findingsTable.columns[key];
    if (!column.views.includes('download')) return [];
    const cell = column.page?.cell;
    return [{ key, kind: cell === 'day' ? 'day' : cell === 'status' ? 'status' : 'text' }];
  });
}

export { displayWidth };

interface Sheet {
  name: string;
  title?: string;
  findings: readonly Finding[];
  /** Days overdue of the rows that are, by finding id. */
  overdue: ReadonlyMap<string, number>;
  /** A last column with the days overdue. */
  daysColumn: boolean;
}

async function ledgerWorkbook({ campaign, units, siteTitle }: LedgerSource, sheet: Sheet): Promise<Uint8Array> {
  const unitName = new Map(units.map((unit) => [unit.id, unit.name]));
  const teamName = new Map(campaign.teams.map((team) => [team.id, team.name]));
  const { fields, data } = exportRows(findingsTable, sheet.findings, {
    unit: (id) => unitName.get(id) ?? id,
    team: (id) => teamName.get(id) ?? id,
  });
  const columns = ledgerColumns();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = siteTitle;
  workbook.lastModifiedBy = siteTitle;
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  const headerRow = sheet.title === undefined ? 1 : 2;
  const worksheet = workbook.addWorksheet(sheet.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: headerRow }] });
  const header = sheet.daysColumn ? [...fields, '逾期天数'] : fields;
  const widths = header.map((field) => displayWidth(field));
  if (sheet.title !== undefined) {
    const title = worksheet.getRow(1);
    title.getCell(1).value = sheet.title;
    title.getCell(1).font = { bold: true, size: 14 };
  }
  const headings = worksheet.getRow(headerRow);
  header.forEach((field, index) => {
    const cell = headings.getCell(index + 1);
    cell.value = field;
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  });
  data.forEach((values, rowIndex) => {
    const finding = sheet.findings[rowIndex];
    if (finding === undefined) return; // never: one exported row per finding
    const days = sheet.overdue.get(finding.id);
    const row = worksheet.getRow(headerRow + 1 + rowIndex);
    columns.forEach(({ key, kind }, index) => {
      const text = values[index] ?? '';
      const cell = row.getCell(index + 1);
      widths[index] = Math.max(widths[index] ?? 0, displayWidth(text));
      if (text === '') return;
      if (kind === 'day') {
        cell.value = toExcelDate(text);
        cell.numFmt = DATE_FORMAT;
        if (key === 'due' && days !== undefined) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: OVERDUE_FILL } };
      } else {
        // A string is always a string cell: ExcelJS writes a formula only from { formula }.
        cell.value = text;
        if (kind === 'status') cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: STATUS_FILL[finding.status] } };
      }
    });
    if (days !== undefined && sheet.daysColumn) {
      const cell = row.getCell(columns.length + 1);
      cell.value = days;
      cell.font = { bold: true, color: { argb: 'FF9C0006' } };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: OVERDUE_FILL } };
      widths[columns.length] = Math.max(widths[columns.length] ?? 0, displayWidth(String(days)));
    }
  });
  // Dates read as yyyy-mm-dd: ten characters wide.
  columns.forEach(({ kind }, index) => {
    if (kind === 'day') widths[index] = Math.max(widths[index] ?? 0, 10);
  });
  widths.forEach((width, index) => {
    worksheet.getColumn(index + 1).width = Math.min(MAX_WIDTH, width + 2);
  });
  worksheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow + data.length, column: header.length } };
  // Deflate's fastest level: a third less time than its default for a few per cent more bytes.
  return new Uint8Array(await workbook.xlsx.writeBuffer({ zip: { compression: 'DEFLATE', compressionOptions: { level: 1 } } }));
}

/** findings.xlsx: the campaign's (or one unit's) ledger, the CSV's rows and columns; overdue rows have their 整改期限 marked. */
export function findingsXlsx(source: LedgerSource): Promise<Uint8Array> {
  const { campaign, unitId } = source;
  const findings = unitId === undefined ? campaign.findings : campaign.findings.filter((finding) => finding.unit === unitId);
  return ledgerWorkbook(source, { name: '整改台账', findings, overdue: overdueById(source.overdue), daysColumn: false });
}

/** overdue.xlsx: the report's overdue list (most overdue first) under a title row naming the campaign and the day it is as of. */
export function overdueXlsx(source: LedgerSource): Promise<Uint8Array> {
  const title = `${source.campaign.title} · 逾期未整改问题（截至 ${source.asOf}）`;
  const findings = source.overdue.map(({ finding }) => finding);
  return ledgerWorkbook(source, { name: '逾期问题', title, findings, overdue: overdueById(source.overdue), daysColumn: true });
}

function overdueById(overdue: Rectification['overdue']): Map<string, number> {
  return new Map(overdue.map(({ finding, daysOverdue }) => [finding.id, daysOverdue]));
}
