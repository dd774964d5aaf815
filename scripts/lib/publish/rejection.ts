import type { DataIssue } from '../../../src/lib/errors.ts';
import { columnLetter } from '../../../src/lib/errors.ts';
import { findingsTable } from '../../../src/lib/tables/findings.ts';
import { highlightsTable } from '../../../src/lib/tables/highlights.ts';
import { unitsTable } from '../../../src/lib/tables/units.ts';

/**
 * What the public status page may say of a rejected push: what happened, to whom and where
 * (file, row, column, kind), never a cell's value. The messages of the data check quote cells
 * (a survey's free-text answer may hold a person's name and telephone), and everything in a push
 * is the pusher's text; those full messages go to the pusher's terminal and to the hook's log,
 * which is not served. Here only what the app itself wrote, or what it declared, is kept.
 */

/** Headers the app declares: a field named by one of them is the app's word, not the pusher's. */
const DECLARED_FIELDS = new Set([findingsTable, highlightsTable, unitsTable].flatMap((table) => table.specs.flatMap((spec) => spec.headers)));

/** A path of the documented layout (ids are ASCII): anything else is the pusher's free text. */
const PLAIN_PATH = /^[A-Za-z0-9_./-]{1,160}$/;
/** A campaign.yml key path such as teams[2].leader: short ASCII, the schema's words. */
const YAML_KEY = /^[A-Za-z][A-Za-z0-9_]{0,23}(\[\d{1,4}\](\.[A-Za-z][A-Za-z0-9_]{0,23})?|\.[A-Za-z][A-Za-z0-9_]{0,23}){0,4}$/;

const MAX_LINES = 50;

export function publicFile(file: string): string {
  return PLAIN_PATH.test(file) && !file.split('/').includes('..') ? file : '（文件名含特殊字符，见推送人终端）';
}

/** One line per issue: `<file> 第 R 行，第 C 列（J 列，整改期限）：错误`. */
export function publicIssueLines(issues: readonly DataIssue[]): string[] {
  const lines = issues.slice(0, MAX_LINES).map((issue) => {
    const place: string[] = [];
    if (issue.row !== undefined) place.push(`第 ${issue.row} 行`);
    else if (issue.line !== undefined) place.push(`第 ${issue.line} 行`);
    const field = issue.field !== undefined && (DECLARED_FIELDS.has(issue.field) || YAML_KEY.test(issue.field)) ? issue.field : undefined;
    if (issue.column !== undefined && issue.file.endsWith('.csv'))
      place.push(`第 ${issue.column} 列（${columnLetter(issue.column)} 列${field ? `，${field}` : ''}）`);
    else if (field) place.push(`字段 ${field}`);
    return `${publicFile(issue.file)}${place.length ? ` ${place.join('，')}` : ''}：${issue.severity === 'error' ? '错误' : '警告'}`;
  });
  if (issues.length > MAX_LINES) lines.push(`……另有 ${issues.length - MAX_LINES} 处`);
  return lines;
}
