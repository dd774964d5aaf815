import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/lib/csv/decode-text.ts';
import { IssueList } from '../../src/lib/errors.ts';
import { gb18030, withBom } from '../helpers/data-fixture.ts';

const TEXT = '编号,问题描述\nF1,月度纪要缺签字\n';

function decode(bytes: Uint8Array) {
  const issues = new IssueList();
  return { decoded: decodeText(bytes, 'f.csv', issues), issues: issues.issues };
}

describe('decodeText', () => {
  it.each([
    ['UTF-8', Buffer.from(TEXT, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', withBom(TEXT), 'utf-8'],
    ['GB18030 / GBK', gb18030(TEXT), 'gb18030'],
    ['UTF-16LE with BOM (Excel "Unicode text")', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]), 'utf-16le'],
  ])('reads %s without being told', (_name, bytes, encoding) => {
    expect(decode(bytes).decoded).toEqual({ text: TEXT, encoding });
  });

  it('reports undecodable bytes with their line and character, and returns nothing', () => {
    const bytes = Buffer.concat([Buffer.from('a,b\nc,', 'utf8'), Buffer.from([0xff]), Buffer.from('\n', 'utf8')]);
    const { decoded, issues } = decode(bytes);
    expect(decoded).toBeNull();
    expect(issues.map((i) => [i.line, i.character])).toEqual([[2, 3]]);
  });
});

describe('decodeText: rows as Excel numbers them', () => {
  it('names the Excel row of a bad byte after a cell with a line break, and keeps the text line', () => {
    // Line 1 header (row 1); lines 2–3 one record (row 2, a quoted line break); line 4 row 3.
    // 'H2,u3,坏' is 7 characters: the bad byte is character 8.
    const bytes = Buffer.concat([gb18030('id,unit,description\nH1,u3,"两行\n内容"\nH2,u3,坏'), Buffer.from([0x81, 0x20]), gb18030('字\n')]);
    const { decoded, issues } = decode(bytes);
    expect(decoded).toBeNull();
    expect(issues.map((i) => [i.line, i.row, i.character])).toEqual([[4, 3, 8]]);
  });

  it('gives no row to a file that is not CSV', () => {
    const issues = new IssueList();
    decodeText(Buffer.concat([Buffer.from('a: "x\ny"\nb: ', 'utf8'), Buffer.from([0xff])]), 'campaign.yml', issues);
    expect(issues.issues.map((i) => [i.line, i.row])).toEqual([[3, undefined]]);
  });
});

describe('decodeText: a bad byte inside a multi-line cell', () => {
  it('is on the row of the record the cell belongs to', () => {
    // Row 2 is lines 2–3; the bad byte is on line 3, character 3 ('内容' then the byte).
    const bytes = Buffer.concat([gb18030('id,unit,description\nH1,u3,"两行\n内容'), Buffer.from([0x81, 0x20]), gb18030('"\nH2,u3,x\n')]);
    const issues = new IssueList();
    decodeText(bytes, 'f.csv', issues);
    expect(issues.issues.map((i) => [i.line, i.row, i.character])).toEqual([[3, 2, 3]]);
  });
});
