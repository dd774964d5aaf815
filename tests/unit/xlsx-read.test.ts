import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../src/lib/csv/read-records.ts';
import { formatIssue, IssueList } from '../../src/lib/errors.ts';
import { highlightsTable } from '../../src/lib/tables/highlights.ts';
import { MAX_UNCOMPRESSED_BYTES, readSheet } from '../../src/lib/xlsx/read-sheet.ts';

/** Workbooks built in memory: what a hostile or unusual file does to the reader. */

/** Object.prototype's own names before any workbook is read. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

async function workbookOf(fill: (workbook: ExcelJS.Workbook) => void): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  fill(workbook);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A workbook written by hand, as an attacker would: a sheet, a defined name and cells called __proto__. */
async function hostileWorkbook(): Promise<Buffer> {
  const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const row = (n: number, texts: string[]) => `<row r="${n}">${texts.map((text, i) => cell(`${String.fromCharCode(65 + i)}${n}`, text)).join('')}</row>`;
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  );
  zip.file(
    '_rels/.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  zip.file(
    'xl/workbook.xml',
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="__proto__" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="__proto__">\'__proto__\'!$A$1</definedName><definedName name="constructor">\'__proto__\'!$B$1</definedName></definedNames></workbook>',
  );
  zip.file(
    'xl/_rels/workbook.xml.rels',
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
  );
  zip.file(
    'xl/worksheets/sheet1.xml',
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row(1, ['编号', '被检单位', '亮点描述', '__proto__', 'constructor'])}${row(2, ['H1', '__proto__', 'constructor', '{"polluted":true}', 'toString'])}</sheetData></worksheet>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe('reading a workbook', () => {
  it('reads a formula by its cached value, with a warning naming the cell', async () => {
    const bytes = await workbookOf((workbook) => {
      const sheet = workbook.addWorksheet('亮点');
      sheet.addRow(['编号', '被检单位', '亮点描述']);
      sheet.addRow(['H1', 'u1', { formula: 'CONCAT("班组","指标")', result: '班组指标' }]);
    });
    const issues = new IssueList();
    const table = await readSheet(bytes, 'highlights.xlsx', issues);
    const records = table && readRecords(table, 'highlights.xlsx', highlightsTable, issues);
    expect(records?.records.map((record) => record.value.description)).toEqual(['班组指标']);
    expect(issues.warnings.map(formatIssue)[0]).toMatch(/^highlights\.xlsx 工作表“亮点” C2 警告：单元格 C2 是公式/);
  });

  it('refuses a zip bomb before inflating it', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('xl/worksheets/sheet1.xml', Buffer.alloc(MAX_UNCOMPRESSED_BYTES + 1024, 0x20));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 1 } });
    expect(bomb.length).toBeLessThan(MAX_UNCOMPRESSED_BYTES / 100);
    const issues = new IssueList();
    expect(await readSheet(bomb, 'findings.xlsx', issues)).toBeNull();
    expect(issues.errors.map((issue) => issue.message)[0]).toMatch(/解压后超过 64 MB/);
  });

  it('keeps a workbook that names things __proto__ and constructor as plain text', async () => {
    const bytes = await hostileWorkbook();
    const issues = new IssueList();
    const table = await readSheet(bytes, 'highlights.xlsx', issues);
    const records = table && readRecords(table, 'highlights.xlsx', highlightsTable, issues);
    expect(records?.records.map((record) => [record.value.unit, record.value.description])).toEqual([['__proto__', 'constructor']]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // exceljs keyed rows by sheet name: Object.prototype got a row 1, and every later workbook read empty.
    expect(Object.getOwnPropertyNames(Object.prototype).filter((name) => !PROTOTYPE_NAMES.includes(name))).toEqual([]);
    const after = await readSheet(
      await workbookOf((workbook) =>
        workbook.addWorksheet('亮点').addRows([
          ['编号', '被检单位', '亮点描述'],
          ['H2', 'u1', '好'],
        ]),
      ),
      'highlights.xlsx',
      issues,
    );
    expect(after?.records.map((record) => record.cells)).toEqual([['H2', 'u1', '好']]);
    // Unknown columns are warned about at their cells, on the sheet by its name.
    expect(issues.warnings.map(formatIssue).some((text) => text.startsWith('highlights.xlsx 工作表“__proto__” D1（__proto__）'))).toBe(true);
  });

  it('reads the values only: notes, images, hyperlinks and external links are never read', async () => {
    const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
    const exported = await workbookOf((workbook) => {
      const sheet = workbook.addWorksheet('亮点');
      sheet.addRow(['编号', '被检单位', '亮点描述']);
      sheet.addRow(['H1', 'u1', { text: '班组指标', hyperlink: 'file:///etc/passwd' }]);
      sheet.addImage(workbook.addImage({ base64: PNG_BASE64, extension: 'png' }), { tl: { col: 0, row: 3 }, ext: { width: 10, height: 10 } });
    });
    // A note on C2 and an external link part, as Excel writes them (for a formula that reads another workbook).
    const zip = await JSZip.loadAsync(exported);
    zip.file(
      'xl/comments1.xml',
      '<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>审核人</author></authors><commentList><comment ref="C2" authorId="0"><text><t>批注：内部意见，不公开</t></text></comment></commentList></comments>',
    );
    zip.file(
      'xl/externalLinks/externalLink1.xml',
      '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook/></externalLink>',
    );
    zip.file(
      'xl/externalLinks/_rels/externalLink1.xml.rels',
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/机密/工资.xlsx" TargetMode="External"/></Relationships>',
    );
    const bytes = await zip.generateAsync({ type: 'nodebuffer' });
    const parts = Object.keys(zip.files);
    expect(parts.some((part) => part.startsWith('xl/media/'))).toBe(true);
    expect(parts.some((part) => /comments/.test(part))).toBe(true);

    const issues = new IssueList();
    const table = await readSheet(bytes, 'highlights.xlsx', issues);
    expect(issues.errors.map(formatIssue)).toEqual([]);
    const records = table && readRecords(table, 'highlights.xlsx', highlightsTable, issues);
    expect(records?.records.map((record) => [record.value.id, record.value.unit, record.value.description])).toEqual([['H1', 'u1', '班组指标']]);
    expect(issues.errors).toEqual([]);
    const everything = JSON.stringify({ table, issues: [...issues.errors, ...issues.warnings] });
    for (const secret of ['批注', '/etc/passwd', '工资.xlsx']) expect(everything).not.toContain(secret);
  });

  it('refuses what is not a workbook', async () => {
    const issues = new IssueList();
    expect(await readSheet(Buffer.from('编号,被检单位\n'), 'findings.xlsx', issues)).toBeNull();
    expect(issues.errors[0]?.message).toMatch(/不是有效的 \.xlsx 工作簿/);
  });
});
