import { decodeText } from '../csv/decode-text.ts';
import { parseCsv } from '../csv/parse-csv.ts';
import { mapColumns } from '../csv/read-records.ts';
import { IssueList } from '../errors.ts';
import { findingsTable, STATUS, type Status } from '../tables/findings.ts';

/**
 * What changed in a campaign's findings between two versions of findings.csv. Old versions
 * come from git history and may break today's rules (or have been broken and fixed later), so
 * they are read leniently: only the id and status columns matter, and any other problem in
 * the file is ignored — reporting it is the loader's job for the current version.
 */

export interface StatusChange {
  id: string;
  from: Status;
  to: Status;
}

export interface FindingsDiff {
  added: string[];
  removed: string[];
  statusChanges: StatusChange[];
}

/** Only these columns are needed, so that a version missing, say, 问题描述 is still read. */
const STATUS_COLUMNS = findingsTable.specs.filter((column) => column.key === 'id' || column.key === 'status');

/**
 * The status of each finding in one version, in file order; null when the version cannot be
 * decoded or parsed, or has no id column. Blank and unknown statuses count as open.
 */
export function readFindingStatuses(bytes: Uint8Array, file: string): Map<string, Status> | null {
  const issues = new IssueList(); // Thrown away: see the module comment.
  const decoded = decodeText(bytes, file, issues);
  const table = decoded && parseCsv(decoded.text, file, issues);
  const positions = table && mapColumns(table, file, STATUS_COLUMNS, issues);
  if (!table || !positions) return null;

  const idIndex = positions.get('id');
  if (idIndex === undefined) return null; // never: a required column, so mapColumns found it
  const statusIndex = positions.get('status');
  const statuses = new Map<string, Status>();
  for (const { cells } of table.records) {
    const id = cells[idIndex]?.trim();
    // A repeated id is an error the loader reports; like its report, keep the first use.
    if (!id || statuses.has(id)) continue;
    const word = statusIndex === undefined ? '' : (cells[statusIndex] ?? '');
    statuses.set(id, STATUS.codeOf(word) ?? 'open');
  }
  return statuses;
}

/** Added ids and status changes in the order of `after`, removed ids in the order of `before`. */
export function diffFindings(before: Map<string, Status>, after: Map<string, Status>): FindingsDiff {
  const added: string[] = [];
  const statusChanges: StatusChange[] = [];
  for (const [id, to] of after) {
    const from = before.get(id);
    if (from === undefined) added.push(id);
    else if (from !== to) statusChanges.push({ id, from, to });
  }
  const removed = [...before.keys()].filter((id) => !after.has(id));
  return { added, removed, statusChanges };
}
