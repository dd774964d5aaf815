import type ExcelJS from 'exceljs';

/**
 * One cell as the text a CSV export of it would hold, so that a workbook's records are the CSV's:
 * text and numbers as typed (the stored value, not the number format's rounding), a date cell
 * (a serial number with a date format, which exceljs reads as a Date in UTC) as its ISO day,
 * with the time when it has one, a formula by the value Excel cached when it saved the file.
 */

export interface CellText {
  text: string;
  /** The formula, when the cell has one: its cached value was read. */
  formula?: string;
  /** An error value (#N/A, #DIV/0!…), cached by a formula or typed. */
  error?: string;
}

export function cellText(cell: ExcelJS.Cell): CellText {
  const value = cell.value as unknown;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const object = value as Record<string, unknown>;
    if ('formula' in object || 'sharedFormula' in object) {
      const formula = String(object.formula ?? object.sharedFormula ?? '');
      const result = valueText(object.result);
      return { ...result, formula };
    }
  }
  return valueText(value);
}

function valueText(value: unknown): CellText {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'number') return { text: Number.isFinite(value) ? String(value) : '' };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { text: dateText(value) };
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) return { text: object.richText.map((run: { text?: unknown }) => String(run.text ?? '')).join('') };
    if ('error' in object) return { text: '', error: String(object.error) };
    if ('text' in object) return valueText(object.text);
    if ('result' in object) return valueText(object.result);
  }
  return { text: '' };
}

/** exceljs gives a date cell's wall-clock reading in UTC fields. */
function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const seconds = date.getUTCHours() * 3600 + date.getUTCMinutes() * 60 + date.getUTCSeconds();
  if (seconds === 0) return day;
  return `${day} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}
