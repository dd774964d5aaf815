import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { IssueList } from '../errors.ts';
import type { CsvRecord, CsvTable } from '../csv/parse-csv.ts';
import { cellText } from './cell-text.ts';

/**
 * Reads one sheet of an untrusted workbook into the same table a CSV file gives (parse-csv.ts),
 * so that header matching, schemas and the collection of every error are the CSV's own
 * (read-records.ts, tally-survey.ts). A record's `line` is its row on the sheet; the IssueList
 * is told the sheet, so every later issue names its cell as Excel does: 工作表“问题清单” J7.
 *
 * A workbook is a zip archive: before exceljs sees it, the central directory is read (jszip,
 * exceljs's own dependency) and the archive refused when it declares too much; only the parts
 * that hold cells are passed on (no comments, drawings, images, external links; the sheet's
 * references to them removed), each inflated with a running count so that a size the directory lies about is caught too.
 */

/** Far above any campaign's workbook (50,000 problems are about 10 MB of sheet XML). */
export const MAX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;
export const MAX_ROWS = 100_000;
const MAX_ENTRIES = 1_000;

/** The parts that hold the cells; everything else in the archive is never inflated. */
const KEPT = [
  /^\[Content_Types\]\.xml$/,
  /^_rels\/\.rels$/,
  /^xl\/workbook\.xml$/,
  /^xl\/_rels\/workbook\.xml\.rels$/,
  /^xl\/worksheets\/sheet\d+\.xml$/,
  /^xl\/sharedStrings\.xml$/,
  /^xl\/styles\.xml$/,
];

export interface SheetOptions {
  /** The sheet to read (campaign.yml `sheets`); the first sheet when absent. */
  sheet?: string;
}

const HINT_SAVE = '请用 Excel 或 WPS 打开后“另存为” .xlsx 工作簿再提交。';

export async function readSheet(bytes: Buffer, file: string, issues: IssueList, options: SheetOptions = {}): Promise<CsvTable | null> {
  const kept = await keptParts(bytes, file, issues);
  if (!kept) return null;
  const { cells, sheetNames } = kept;
  const workbook = new ExcelJS.Workbook();
  try {
    // maxRows: exceljs stops parsing a sheet with more rows than that (worksheet-xform.js).
    // dataValidations are skipped: exceljs expands each range into one entry per cell, so a
    // 7 KB workbook validating A1:XFD1048576 blocked the check for good (the templates validate
    // whole columns); the cells' values are what is read, never the dropdowns.
    await workbook.xlsx.load(cells as unknown as ExcelJS.Buffer, { maxRows: MAX_ROWS + 1, ignoreNodes: ['dataValidations'] } as ExcelJS.XlsxReadOptions);
  } catch (error) {
    const tooMany = /Max row count/i.test(String(error));
    issues.error(file, {
      message: tooMany ? `工作表超过 ${MAX_ROWS} 行，不予读取` : `无法读取这个工作簿：${error instanceof Error ? error.message : String(error)}`,
      hint: tooMany ? '请删除多余的行，或拆分为多个检查活动。' : HINT_SAVE,
    });
    return null;
  }
  // exceljs knows the sheets as 1, 2, … (keptParts): their own names are looked up here.
  const position = options.sheet === undefined ? 0 : sheetNames.indexOf(options.sheet);
  const worksheet = position < 0 ? undefined : workbook.getWorksheet(String(position + 1));
  const sheetName = sheetNames[position] ?? '';
  if (!worksheet) {
    const names = sheetNames.map((name) => `“${name}”`).join('、');
    issues.error(file, {
      message: options.sheet === undefined ? '工作簿里没有工作表' : `工作簿里没有名为“${options.sheet}”的工作表`,
      expected: names ? `工作表：${names}` : '至少一个工作表',
      hint: options.sheet === undefined ? undefined : '请检查 campaign.yml 的 sheets 中写的工作表名称。',
    });
    return null;
  }
  issues.registerSheet(file, sheetName);
  return tableOf(worksheet, sheetName, file, issues);
}

/**
 * The workbook's cell parts, re-packed uncompressed, and its sheets' names in order; null (with the
 * reason recorded) when refused.
 */
async function keptParts(bytes: Buffer, file: string, issues: IssueList): Promise<{ cells: Buffer; sheetNames: string[] } | null> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    issues.error(file, {
      message: '这不是有效的 .xlsx 工作簿（不是 zip 格式）',
      expected: 'Excel 2007 及以后的 .xlsx 文件（不是 .xls 或改了扩展名的 CSV）',
      hint: HINT_SAVE,
    });
    return null;
  }
  const entries = Object.values(zip.files).filter((entry) => !entry.dir);
  // The central directory's declared sizes: refused before anything is inflated.
  const declared = entries.reduce((sum, entry) => sum + declaredSize(entry), 0);
  if (entries.length > MAX_ENTRIES || declared > MAX_UNCOMPRESSED_BYTES) {
    issues.error(file, tooBig(declared));
    return null;
  }
  const kept = new JSZip();
  let sheetNames: string[] = [];
  let inflated = 0;
  for (const entry of entries) {
    const name = entry.name.replace(/^\//, '');
    if (!KEPT.some((pattern) => pattern.test(name))) continue;
    // A running count over the inflated stream: the directory's sizes can lie.
    const chunks: Buffer[] = [];
    const ok = await new Promise<boolean>((resolve) => {
      const stream = entry.nodeStream('nodebuffer');
      stream.on('data', (chunk: Buffer) => {
        inflated += chunk.length;
        if (inflated > MAX_UNCOMPRESSED_BYTES) {
          (stream as unknown as { pause(): void }).pause();
          resolve(false);
          return;
        }
        chunks.push(chunk);
      });
      stream.on('end', () => resolve(true));
      stream.on('error', () => resolve(false));
    });
    if (!ok) {
      issues.error(file, inflated > MAX_UNCOMPRESSED_BYTES ? tooBig(inflated) : { message: `工作簿中的 ${name} 已损坏`, hint: HINT_SAVE });
      return null;
    }
    let part: Buffer = Buffer.concat(chunks);
    if (SHEET_PART.test(name)) part = withoutRelationships(part);
    if (name === 'xl/workbook.xml') ({ part, sheetNames } = withNumberedSheets(part));
    kept.file(name, part);
  }
  return { cells: await kept.generateAsync({ type: 'nodebuffer', compression: 'STORE' }), sheetNames };
}

/**
 * The workbook part with its sheets renamed 1, 2, … and its defined names left out, and the
 * sheets' own names. exceljs keys plain objects by sheet name: a sheet called __proto__
 * (with a defined name pointing into it) made it write rows onto Object.prototype, after which
 * every workbook the process read came out empty. The cells never need the names.
 */
function withNumberedSheets(part: Buffer): { part: Buffer; sheetNames: string[] } {
  const sheetNames: string[] = [];
  const xml = part
    .toString('utf8')
    .replace(/<definedNames\b[^>]*?(?:\/>|>[\s\S]*?<\/definedNames>)/g, '')
    .replace(/(<sheet\b[^>]*?\sname=)(["'])(.*?)\2/g, (_match, start: string, quote: string, name: string) => {
      sheetNames.push(xmlText(name));
      return `${start}${quote}${sheetNames.length}${quote}`;
    });
  return { part: Buffer.from(xml, 'utf8'), sheetNames };
}

/** An XML attribute's text: its five entities and character references decoded. */
function xmlText(value: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return value.replace(/&(#x[\da-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (entity, body: string) =>
    body.startsWith('#')
      ? String.fromCodePoint(Number.parseInt(body.slice(body[1] === 'x' || body[1] === 'X' ? 2 : 1), body[1] === 'x' || body[1] === 'X' ? 16 : 10))
      : (named[body] ?? entity),
  );
}

const SHEET_PART = /^xl\/worksheets\/sheet\d+\.xml$/;

/**
 * A sheet's references to the parts left out (its relationships: hyperlinks, drawings and
 * pictures, notes, controls, embedded objects, tables), which exceljs would otherwise look up
 * and fail on ("Cannot read properties of undefined"): a workbook with a pasted picture or a
 * hyperlink did not read. These elements follow <sheetData> and never hold a cell's value; a
 * hyperlink's text stays in its cell.
 */
const RELATED_ELEMENTS =
  /<(hyperlinks|oleObjects|controls|tableParts|extLst)\b[^>]*?(?:\/>|>[\s\S]*?<\/\1>)|<(?:drawing|legacyDrawing|legacyDrawingHF|picture|tablePart)\b[^>]*\/>/g;

function withoutRelationships(sheet: Buffer): Buffer {
  const xml = sheet.toString('utf8');
  const end = xml.lastIndexOf('</sheetData>');
  if (end < 0) return sheet;
  return Buffer.from(xml.slice(0, end) + xml.slice(end).replace(RELATED_ELEMENTS, ''), 'utf8');
}

function declaredSize(entry: JSZip.JSZipObject): number {
  // jszip keeps the central directory's uncompressed size on the entry's data (not typed).
  const size = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize;
  return typeof size === 'number' ? size : 0;
}

function tooBig(bytes: number) {
  return {
    message: `工作簿解压后超过 ${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} MB（${Math.ceil(bytes / 1024 / 1024)} MB 以上），不予读取`,
    expected: '只含数据表的工作簿',
    hint: '请删除图片和多余的工作表，或另存为 CSV。',
  };
}

/** The sheet's rows as CSV records: the first non-empty row is the header. */
function tableOf(worksheet: ExcelJS.Worksheet, sheetName: string, file: string, issues: IssueList): CsvTable | null {
  const merges = (worksheet.model as { merges?: string[] }).merges ?? [];
  for (const range of merges) {
    issues.error(file, {
      line: Number(/\d+/.exec(range)?.[0] ?? 1),
      message: `合并的单元格 ${range}：合并单元格无法对应到一行一条记录`,
      hint: '请取消合并，在每个单元格中填入各自的内容。',
    });
  }
  const rows: CsvRecord[] = [];
  let formulas = 0;
  worksheet.eachRow({ includeEmpty: false }, (row, number) => {
    const texts: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      const { text, formula, error } = cellText(cell);
      if (formula && formulas++ === 0) {
        issues.warn(file, {
          line: number,
          column,
          message: `单元格 ${cell.address} 是公式（=${formula}），按 Excel 上次保存时算出的值“${text}”读取`,
          hint: '公式的值不会重新计算：请确认保存前已重新计算，或把公式粘贴为数值。',
        });
      }
      if (error) issues.error(file, { line: number, column, message: `单元格 ${cell.address} 是错误值 ${error}`, hint: '请改正公式或填入数值。' });
      texts[column - 1] = text;
    });
    for (let i = 0; i < texts.length; i++) texts[i] ??= '';
    while (texts.length > 0 && texts[texts.length - 1] === '') texts.pop();
    if (texts.length === 0) return;
    if (row.hidden) {
      issues.error(file, {
        line: number,
        message: `第 ${number} 行是隐藏的，但有内容`,
        hint: '隐藏的行也会被读取：请取消隐藏并确认，或删除这一行。',
      });
    }
    rows.push({ line: number, row: number, cells: texts });
  });
  if (formulas > 1) issues.warn(file, { message: `共有 ${formulas} 个公式单元格，均按上次保存时的值读取` });
  const [header, ...records] = rows;
  if (!header) {
    issues.error(file, { message: `工作表“${sheetName}”是空的，没有表头`, expected: '第 1 行是表头，之后每行一条记录' });
    return null;
  }
  if (header.line !== 1) {
    issues.error(file, { line: header.line, message: `表头应在第 1 行，这里在第 ${header.line} 行`, hint: '请删除表头上方的空行或标题行。' });
  }
  header.cells = header.cells.map((cell) => cell.trim());
  const headerKey = header.cells.join('\u0000');
  for (const record of records) {
    if (record.cells.map((cell) => cell.trim()).join('\u0000') === headerKey) {
      issues.error(file, {
        line: record.line,
        message: `第 ${record.line} 行又是一个表头（与第 ${header.line} 行相同）`,
        hint: '一个工作表只能有一个表头：请把两张表分开，或删除这一行。',
      });
    }
  }
  // A sheet has no short rows: blank trailing cells are cells, as a CSV export writes them.
  const width = header.cells.length;
  for (const record of records) while (record.cells.length < width) record.cells.push('');
  return { header, records: records.filter((record) => record.cells.map((cell) => cell.trim()).join('\u0000') !== headerKey) };
}
