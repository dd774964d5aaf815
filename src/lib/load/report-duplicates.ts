import type { IssueList } from '../errors.ts';

/** Reports every repeat of an id after its first use, naming the line of the first use. */
export function reportDuplicates(
  entries: Array<{ id: string; line?: number; column?: number }>,
  file: string,
  label: string,
  issues: IssueList,
): void {
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
      message: `重复的${label}“${entry.id}”${first === undefined ? '' : `，第 ${first} 行已使用`}`,
      expected: `每个${label}只出现一次`,
    });
  }
}
