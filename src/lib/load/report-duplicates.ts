import type { IssueList } from '../errors.ts';

/** Invisible characters: zero-width spaces and joiners, direction overrides, soft hyphens. */
const INVISIBLE = /[\p{Cf}]/u;

/** What a name looks like to a reader: compatibility forms folded, invisible characters and spaces gone. */
function appearance(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\p{Cf}\s]/gu, '')
    .toLowerCase();
}

/**
 * Warns about names that a reader cannot tell apart (全角/半角 forms, a zero-width space, a
 * direction override): each would count as a unit or category of its own.
 */
export function reportLookAlikes(entries: Array<{ name: string; line?: number; column?: number }>, file: string, label: string, issues: IssueList): void {
  const first = new Map<string, { name: string; line?: number }>();
  for (const entry of entries) {
    if (INVISIBLE.test(entry.name)) {
      issues.warn(file, {
        line: entry.line,
        column: entry.column,
        message: `${label}“${entry.name}”含有看不见的字符（如零宽空格、文字方向控制符）`,
        hint: '请删除后重新输入这个名称。',
      });
    }
    const key = appearance(entry.name);
    const seen = first.get(key);
    if (!seen) first.set(key, entry);
    else if (seen.name !== entry.name) {
      issues.warn(file, {
        line: entry.line,
        column: entry.column,
        message: `${label}“${entry.name}”与${seen.line === undefined ? '' : `第 ${issues.rowOf(file, seen.line) ?? seen.line} 行的`}“${seen.name}”看起来相同，却是不同的写法`,
        hint: '请统一写法，否则两者会被当作两个不同的名称统计。',
      });
    }
  }
}

/** Reports every repeat of an id after its first use, naming the line of the first use. */
export function reportDuplicates(entries: Array<{ id: string; line?: number; column?: number }>, file: string, label: string, issues: IssueList): void {
  const firstLine = new Map<string, number | undefined>();
  for (const entry of entries) {
    if (!firstLine.has(entry.id)) {
      firstLine.set(entry.id, entry.line);
      continue;
    }
    const first = firstLine.get(entry.id);
    issues.error(file, {
      line: entry.line,
      column: entry.column,
      message: `重复的${label}“${entry.id}”${first === undefined ? '' : `，第 ${issues.rowOf(file, first) ?? first} 行已使用`}`,
      expected: `每个${label}只出现一次`,
    });
  }
}
