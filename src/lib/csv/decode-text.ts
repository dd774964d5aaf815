import type { IssueList } from '../errors.ts';

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
  for (const encoding of ['utf-8', 'gb18030'] as const) {
    try {
      return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
    } catch {
      // Not this encoding: try the next one.
    }
  }
  // Neither reads cleanly: report against the one that fails in fewer places.
  const candidates = (['utf-8', 'gb18030'] as const).map((encoding) => ({
    encoding,
    text: new TextDecoder(encoding).decode(bytes),
  }));
  const best = candidates.reduce((a, b) => (countReplacements(b.text) < countReplacements(a.text) ? b : a));
  reportUndecodable(best.text, best.encoding, file, issues);
  return null;
}

function decodeStrict(
  bytes: Uint8Array,
  encoding: TextEncodingName,
  file: string,
  issues: IssueList,
): DecodedText | null {
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
  let reported = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length && reported < MAX_REPORTED_POSITIONS; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    } else if (text[i] === REPLACEMENT) {
      issues.error(file, {
        line,
        column: i - lineStart + 1,
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
