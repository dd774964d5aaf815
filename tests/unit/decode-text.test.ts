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
