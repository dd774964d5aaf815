import type { IssueList } from '../errors.ts';
import { rowStartLines } from './parse-csv.ts';

/**
 * Reads the bytes of an export without asking which encoding it is in. Excel's "CSV UTF-8"
 * writes a BOM, plain Excel and 问卷星 on Chinese Windows write GBK (a subset of GB18030),
 * and Excel's "Unicode text" is UTF-16 with a BOM. Node's WHATWG decoders (full ICU) do the
 * decoding; this module only chooses between them.
 */

export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

const BOMS: Array<[TextEncodingName, number[]]> = [
  ['utf-8', [0xef, 0xbb, 0xbf]],
  ['utf-16le', [0xff, 0xfe]],
  ['utf-16be', [0xfe, 0xff]],
];

const REPLACEMENT = '\uFFFD';
const MAX_REPORTED_POSITIONS = 10;

/** Returns the text, or records where the bytes cannot be read and returns null. */
export function decodeText(bytes: Uint8Array, file: string, issues: IssueList): DecodedText | null {
  for (const [encoding, bom] of BOMS) {
    if (bom.every((byte, i) => bytes[i] === byte)) {
      return decodeStrict(bytes.subarray(bom.length), encoding, file, issues);
    }
  }
  const utf8 = new TextDecoder('utf-8').decode(bytes);
  const badUtf8 = countReplacements(utf8);
  if (badUtf8 === 0) return { text: utf8, encoding: 'utf-8' };
  // GB18030 reads almost any bytes, so it cannot tell a GBK file from a UTF-8 file with one
  // pasted GBK line. Bytes that form valid UTF-8 Chinese almost never occur by chance in GBK:
  // when most of the file reads as UTF-8, it is UTF-8 and the rest is damage, to be located.
  if (countNonAscii(utf8) - badUtf8 > badUtf8) {
    reportUndecodable(utf8, 'utf-8', file, issues);
    return null;
  }
  try {
    return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), encoding: 'gb18030' };
  } catch {
    // Neither reads cleanly: report against the one that fails in fewer places.
  }
  const gb18030 = new TextDecoder('gb18030').decode(bytes);
  if (countReplacements(gb18030) < badUtf8) reportUndecodable(gb18030, 'gb18030', file, issues);
  else reportUndecodable(utf8, 'utf-8', file, issues);
  return null;
}

function countNonAscii(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) count++;
  return count;
}

function decodeStrict(bytes: Uint8Array, encoding: TextEncodingName, file: string, issues: IssueList): DecodedText | null {
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes), encoding };
  } catch {
    reportUndecodable(new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes), encoding, file, issues);
    return null;
  }
}

function countReplacements(text: string): number {
  let count = 0;
  for (let i = text.indexOf(REPLACEMENT); i !== -1; i = text.indexOf(REPLACEMENT, i + 1)) count++;
  return count;
}

function reportUndecodable(text: string, encoding: TextEncodingName, file: string, issues: IssueList): void {
  const label = encoding === 'gb18030' ? 'GBK/GB18030' : encoding.toUpperCase();
  const total = countReplacements(text);
  // A CSV file's problems name the Excel row too: the records as far as the damaged text shows
  // them (a bad byte never stands for a quote or a line break in either decoding).
  if (file.endsWith('.csv')) issues.registerRows(file, rowStartLines(text));
  let reported = 0;
  let line = 1;
  let lineStart = 0;
  let lastReportedLine = 0;
  for (let i = 0; i < text.length && reported < MAX_REPORTED_POSITIONS; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    } else if (text[i] === REPLACEMENT && line !== lastReportedLine) {
      // One report per line, at its first bad byte: that is where the clerk has to look.
      lastReportedLine = line;
      issues.error(file, {
        line,
        character: i - lineStart + 1,
        message: `文件中有无法识别的字节（按 ${label} 读取）`,
        expected: 'UTF-8、带 BOM 的 UTF-8 或 GBK/GB18030 编码的文本',
        hint:
          reported === 0 && total > MAX_REPORTED_POSITIONS
            ? `共 ${total} 处，仅列出前 ${MAX_REPORTED_POSITIONS} 处。请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后重新提交。`
            : '请在 Excel 中“另存为 → CSV UTF-8（逗号分隔）”后重新提交，或检查该处是否有损坏的字符。',
      });
      reported++;
    }
  }
}
